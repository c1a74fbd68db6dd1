"""The kernagenda subcommands' arguments (only argparse: the parser is built on every start)."""

from __future__ import annotations

import argparse

_STATUSES = "idee, gepland, in uitvoering, afgerond, geparkeerd of niet haalbaar"


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The kernagenda subcommands on ``sub`` (top level or under ``agenda``)."""
    module = {"module": "kernagenda.commands"}

    def command(name: str, help_text: str, handler: str) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=help_text)
        parser.set_defaults(handler=handler, **module)
        return parser

    def kern(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("kern", metavar="KERN", help="naam van de kern, bijv. Zoelen")

    def item(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("item", type=int, metavar="ITEM", help="nummer van het agendapunt")

    def target(parser: argparse.ArgumentParser, required: bool) -> None:
        group = parser.add_mutually_exclusive_group(required=required)
        group.add_argument("--aanvraag", type=int, metavar="N", help="aanvraag leefbaarheidsbudget")
        group.add_argument(
            "--initiatief", type=int, metavar="N", help="initiatief van het festival"
        )

    a = command("export", "de kernagenda als document voor inwoners", "agenda_export")
    kern(a)
    a.add_argument("--format", choices=("md", "html", "pdf"), default="md")
    a.add_argument("--out", metavar="FILE", help="bestand (anders naar het scherm)")
    which = a.add_mutually_exclusive_group()
    which.add_argument(
        "--versie",
        type=int,
        metavar="ID",
        help="deze vastgestelde versie (standaard: de laatst vastgestelde)",
    )
    which.add_argument(
        "--concept", action="store_true", help="de huidige agenda, ook als die nog concept is"
    )
    a = command("progress", "voortgang van de pilotkernen voor de raad", "agenda_progress")
    a.add_argument("--since", metavar="DATE", help="wijzigingen sinds, bijv. 01-01-2025")
    a = command("import", "kernagenda uit CSV importeren (alles of niets)", "agenda_import")
    kern(a)
    a.add_argument("bestand", metavar="FILE")

    a = command("items", "de agendapunten van een kern, met hun nummers", "agenda_items")
    kern(a)
    a.add_argument("--status", metavar="S", help=f"alleen deze status: {_STATUSES}")
    a.add_argument("--zoek", metavar="TEKST", help="alleen punten waarin deze tekst voorkomt")
    item(command("show", "één agendapunt: velden, koppelingen, voortgang, historie", "agenda_show"))
    a = command("log", "voortgang vastleggen bij een agendapunt", "agenda_log")
    item(a)
    a.add_argument("tekst", nargs="+", metavar="TEKST", help="wat er is gebeurd")
    a.add_argument("--status", metavar="S", help=f"en de status wordt: {_STATUSES}")
    a = command("status", "de status van een agendapunt wijzigen", "agenda_status")
    item(a)
    a.add_argument("status", nargs="+", metavar="S", help=_STATUSES)
    a = command("move", "een speerpunt een plaats omhoog of omlaag zetten", "agenda_move")
    item(a)
    a.add_argument("richting", choices=("omhoog", "omlaag", "up", "down"))
    a = command("remove", "een agendapunt van de agenda halen (met reden)", "agenda_remove")
    item(a)
    a.add_argument("--reden", required=True, metavar="TEKST", help="waarom het eraf gaat")
    a = command(
        "link",
        "een aanvraag of initiatief koppelen (zonder doel: wat gekoppeld kan worden)",
        "agenda_link",
    )
    item(a)
    target(a, required=False)
    a = command("unlink", "een koppeling weghalen", "agenda_unlink")
    item(a)
    target(a, required=True)
    kern(command("fix", "de kernagenda vaststellen als versie", "agenda_fix"))
    kern(command("versions", "de vastgestelde versies van een kernagenda", "agenda_versions"))
    a = command(
        "compare",
        "twee versies vergelijken (standaard: laatste versie met de huidige agenda)",
        "agenda_compare",
    )
    kern(a)
    a.add_argument("--van", type=int, metavar="VERSIE_ID", help="oude versie (nummer)")
    a.add_argument("--tot", type=int, metavar="VERSIE_ID", help="nieuwe versie (anders: nu)")
    a = command(
        "set",
        "versienaam, periode en herzieningsdatum (maakt de agenda als die er nog niet is)",
        "agenda_set",
    )
    kern(a)
    a.add_argument("--versie", metavar="TEKST", help="naam van de versie, bijv. 'eerste versie'")
    a.add_argument("--periode", metavar="TEKST", help="bijv. 2025-2028")
    a.add_argument("--herziening", metavar="DATUM", help="volgende bespreking, bijv. 01-06-2026")
