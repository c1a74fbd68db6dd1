"""The ``festival`` command: the full-screen app by default, subcommands for staff and scripts.

Only argument parsing and the database are imported up front: the screen path loads Textual,
and a subcommand loads :mod:`festival.commands`, each only when wanted. Subcommands never import
Textual, so scripts run without a terminal.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.features import installed
from festival.settings import Settings, SettingsError
from festival.store.database import Database, DatabaseError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def err(text: str) -> None:
    print(text, file=sys.stderr)


def open_db(settings: Settings) -> Database:
    db = Database(settings.db)
    if not db.scalar("SELECT count(*) FROM kernen"):
        from festival.domain.kernen import seed_kernen
        from festival.domain.permissions import SYSTEM

        seed_kernen(db, SYSTEM)
    return db


# -- parser --------------------------------------------------------------------------------


def build_parser(prog: str = "festival") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Kerngericht: initiatievenfestival en kernagenda's van gemeente Buren. "
        "Zonder subcommando opent de applicatie.",
    )
    parser.add_argument("--db", type=Path, help="databasebestand (anders FESTIVAL_DB of standaard)")
    parser.add_argument("--desk", help="naam van deze balie, bijv. 'Balie 1' (of FESTIVAL_DESK)")
    sub = parser.add_subparsers(dest="command", metavar="SUBCOMMANDO")

    p = sub.add_parser("demo", help="vul een lege database met een verzonnen festivaljaar")
    p.add_argument(
        "--if-empty", "--als-leeg", action="store_true", help="doe niets als er al gebruikers zijn"
    )
    p.set_defaults(handler="demo")

    p = sub.add_parser(
        "users", help="gebruikers beheren: list, add, reset-pin, deactivate, activate"
    )
    us = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    us.add_parser("list", help="alle gebruikers").set_defaults(handler="users_list")
    a = us.add_parser("add", help="gebruiker toevoegen")
    a.add_argument("naam")
    a.add_argument("--rol", required=True, help="coördinator, balie, jury of kernregisseur")
    a.add_argument("--pin", help="4 tot 12 cijfers (anders gevraagd)")
    a.add_argument("--kern", action="append", help="kern van een kernregisseur (herhaalbaar)")
    a.set_defaults(handler="users_add")
    a = us.add_parser("reset-pin", help="nieuwe PIN instellen en blokkade opheffen")
    a.add_argument("naam")
    a.add_argument("--pin")
    a.set_defaults(handler="users_reset_pin")
    a = us.add_parser("deactivate", help="gebruiker deactiveren")
    a.add_argument("naam")
    a.set_defaults(handler="users_deactivate")
    a = us.add_parser("activate", help="gebruiker weer activeren")
    a.add_argument("naam")
    a.set_defaults(handler="users_activate")

    p = sub.add_parser("kernen", help="kernen tonen, toevoegen en als pilot markeren")
    ks = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    ks.add_parser("list", help="alle kernen").set_defaults(handler="kernen_list")
    a = ks.add_parser("add", help="kern toevoegen")
    a.add_argument("naam")
    a.set_defaults(handler="kernen_add")
    a = ks.add_parser("pilot", help="kern als kernagenda-pilot markeren")
    a.add_argument("naam")
    a.add_argument("--uit", action="store_true", help="pilotmarkering weghalen")
    a.set_defaults(handler="kernen_pilot")

    p = sub.add_parser("budget", help="leefbaarheidsbudget: overzicht, set, import, export")
    bs = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = bs.add_parser("summary", help="het jaar zoals de raadsbrief het telt, met de festivalpot")
    a.add_argument("--jaar")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler="budget_summary")
    a = bs.add_parser("set", help="jaarbudget, reserve en maximum per aanvraag vaststellen")
    a.add_argument("--jaar", required=True)
    a.add_argument("--budget", required=True, help="bijvoorbeeld 50.000")
    a.add_argument("--reserve")
    a.add_argument("--max", help="maximum per aanvraag (standaard 750)")
    a.set_defaults(handler="budget_set")
    a = bs.add_parser("import", help="aanvragen uit CSV importeren (alles of niets)")
    a.add_argument("bestand")
    a.set_defaults(handler="budget_import")
    a = bs.add_parser("export", help="aanvragen naar CSV voor Excel")
    a.add_argument("bestand")
    a.add_argument("--jaar")
    a.set_defaults(handler="budget_export")

    p = sub.add_parser(
        "checkin", help="iemand inchecken met de badgecode (exit 0 welkom, 3 al, 4 onbekend)"
    )
    p.add_argument("code")
    p.add_argument(
        "--desk", dest="checkin_desk", help="naam van de balie (anders --desk/FESTIVAL_DESK)"
    )
    p.set_defaults(handler="checkin")

    p = sub.add_parser("festivals", help="festivals tonen en vastleggen")
    fs = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    fs.add_parser("list", help="alle festivals").set_defaults(handler="festivals_list")
    a = fs.add_parser("add", help="festival vastleggen (naam, datum, plaats, bewaartermijn)")
    a.add_argument("--naam", required=True)
    a.add_argument("--datum", required=True, help="festivaldag, bijvoorbeeld 12-09-2026")
    a.add_argument("--plaats", default="")
    a.add_argument(
        "--bewaren-tot", required=True, help="persoonsgegevens bewaren tot (na de festivaldag)"
    )
    a.set_defaults(handler="festivals_add")

    p = sub.add_parser("registrations", help="aanmeldingen: import, duplicates, merge, keep-both")
    rs = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = rs.add_parser("import", help="aanmeldingen uit CSV importeren (alles of niets)")
    a.add_argument("bestand")
    a.add_argument("--festival", type=int, help="festivalnummer (anders het huidige festival)")
    a.set_defaults(handler="registrations_import")
    a = rs.add_parser("duplicates", help="mogelijk dubbele aanmeldingen, met nummers")
    a.add_argument("--festival", type=int, help="festivalnummer (anders het huidige festival)")
    a.set_defaults(handler="registrations_duplicates")
    a = rs.add_parser("merge", help="twee aanmeldingen van één persoon samenvoegen")
    a.add_argument("houden", type=int, metavar="KEEP_ID", help="registratie die blijft")
    a.add_argument("weg", type=int, metavar="REMOVE_ID", help="registratie die verdwijnt")
    a.set_defaults(handler="registrations_merge")
    a = rs.add_parser("keep-both", help="twee aanmeldingen zijn twee personen: beide houden")
    a.add_argument("a", type=int, metavar="A_ID")
    a.add_argument("b", type=int, metavar="B_ID")
    a.set_defaults(handler="registrations_keep_both")

    p = sub.add_parser("privacy", help="persoonsgegevens: export van één persoon, purge")
    ps = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = ps.add_parser("export", help="alles wat over één persoon is vastgelegd, als JSON")
    a.add_argument("persoon", metavar="PERSON_ID", help="persoonsnummer of badgecode")
    a.add_argument("--out", help="schrijf naar dit JSON-bestand (anders naar het scherm)")
    a.set_defaults(handler="privacy_export")
    a = ps.add_parser("purge", help="persoonsgegevens wissen van festivals na de bewaartermijn")
    a.add_argument("--dry-run", action="store_true", help="alleen tonen wat gewist zou worden")
    a.set_defaults(handler="privacy_purge")

    p = sub.add_parser("badges", help="badges van het huidige festival als PDF (naam, rol, QR)")
    p.add_argument("--out", required=True, type=Path, help="het PDF-bestand dat wordt geschreven")
    p.add_argument(
        "--layout",
        choices=("a6", "a4x4"),
        default="a6",
        help="a6: één badge per A6-pagina (standaard); a4x4: vier per A4 met snijtekens",
    )
    p.add_argument("--role", help="alleen badges voor deze rol, bijvoorbeeld jury")
    p.set_defaults(handler="badges")

    p = sub.add_parser("attendance", help="aanwezigheid: export naar CSV, noodlijst als PDF")
    ats = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = ats.add_parser("export", help="wie er was, als CSV voor Excel (zonder e-mail of telefoon)")
    a.add_argument("bestand")
    a.set_defaults(handler="attendance_export")
    a = ats.add_parser(
        "fallback", help="noodlijst (PDF) van iedereen die verwacht wordt, met codes"
    )
    a.add_argument("--out", required=True, type=Path, help="het PDF-bestand dat wordt geschreven")
    a.set_defaults(handler="attendance_fallback")

    festival_help = "festivalnummer (anders het huidige festival)"
    p = sub.add_parser("initiatives", help="initiatieven van het festival: import")
    ins = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = ins.add_parser(
        "import",
        help="initiatieven uit CSV importeren: titel;kern;initiatiefnemer;... (alles of niets)",
    )
    a.add_argument("bestand")
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="initiatives_import")

    p = sub.add_parser(
        "jury", help="jury: rangschikking, scoreformulieren, papieren scores, export, vergrendelen"
    )
    js = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = js.add_parser("ranking", help="de initiatieven op volgorde van eindscore")
    a.add_argument("--json", action="store_true", help="als JSON-lijst")
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="jury_ranking")
    a = js.add_parser("sheets", help="scoreformulier per jurylid als PDF, voor scoren op papier")
    a.add_argument("--out", required=True, type=Path, help="het PDF-bestand dat wordt geschreven")
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="jury_sheets")
    a = js.add_parser(
        "import",
        help="papieren scores uit CSV: jurylid;initiatief;criterium;score (alles of niets)",
    )
    a.add_argument("bestand")
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="jury_import")
    a = js.add_parser(
        "export",
        help="alle scores, belangenverstrengeling, opmerkingen en rangschikking (CSV of XLSX)",
    )
    a.add_argument("bestand", help="eindigt op .xlsx voor Excel, anders CSV")
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="jury_export")
    a = js.add_parser("lock", help="het scoren vergrendelen")
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="jury_lock")
    a = js.add_parser("unlock", help="het scoren weer openen (met reden, gelogd)")
    a.add_argument("--reden", required=True, help="waarom het scoren weer opengaat")
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="jury_unlock")
    a = js.add_parser("publish", help="de uitslag zichtbaar maken voor de juryleden")
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="jury_publish")
    a = js.add_parser(
        "ballots", help="goedkeuringsstemmen van het publiek inlezen (stemmer;initiatief)"
    )
    a.add_argument("bestand")
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="jury_ballots")
    a = js.add_parser(
        "settings", help="publieksstem (gewicht en stemmen) en normalisatie instellen"
    )
    a.add_argument("--publiek", type=int, help="gewicht van de publieksstem in procent (0-100)")
    a.add_argument("--normaliseren", choices=("aan", "uit"), help="genormaliseerde score tonen")
    a.add_argument(
        "--stemmen",
        action="append",
        metavar="INITIATIEF=AANTAL",
        help="publieksstemmen per initiatief (id of titel), herhaalbaar",
    )
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="jury_settings")

    rules = ("greedy", "greedy-no-skip", "greedy-threshold", "knapsack", "equalshares-add1")
    p = sub.add_parser(
        "allocation",
        help="verdeling van de pot: show, settings, override, lock, publish, verify, export",
    )
    als = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = als.add_parser(
        "show", help="de verdeling met bedrag, uitkomst en reden per initiatief, en de pot"
    )
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="allocation_show")
    a = als.add_parser(
        "settings", help="de verdeelregels vooraf vastleggen (wat je weglaat, blijft zoals het is)"
    )
    a.add_argument("--regel", choices=rules, help="de verdeelregel")
    a.add_argument("--max-toekenning", help="maximum per initiatief, bijvoorbeeld 2.500")
    a.add_argument("--max-aantal", help="maximum aantal toekenningen ('' = geen)")
    a.add_argument("--drempel", help="minimale eindscore 0-100 ('' = geen)")
    a.add_argument("--kern-max-aantal", help="maximum aantal toekenningen per kern ('' = geen)")
    a.add_argument("--kern-max-bedrag", help="maximum bedrag per kern, bijv. 5.000 ('' = geen)")
    a.add_argument(
        "--deels",
        action="store_true",
        default=None,
        help="het eerste initiatief dat niet past krijgt het restant",
    )
    a.add_argument("--niet-deels", dest="deels", action="store_false", help="niets deels toekennen")
    a.add_argument(
        "--gelijk",
        help="bij gelijke score, bijv. 'hogere juryscore, lager bedrag, loting'",
    )
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="allocation_settings")
    a = als.add_parser(
        "override", help="een bedrag met de hand aanpassen (0 = niet toekennen), met reden"
    )
    a.add_argument("initiatief", type=int, metavar="INITIATIVE_ID")
    a.add_argument("bedrag", metavar="BEDRAG", help="bijvoorbeeld 1.500 of 0")
    a.add_argument("--reden", default="", help="waarom (verplicht)")
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="allocation_override")
    a = als.add_parser("lock", help="de verdeling vaststellen, met SHA-256")
    a.add_argument(
        "--vervangt-reden", help="reden om een eerder vastgestelde verdeling te vervangen"
    )
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="allocation_lock")
    a = als.add_parser("publish", help="de vastgestelde verdeling zichtbaar maken")
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="allocation_publish")
    a = als.add_parser(
        "verify",
        help="de SHA-256 van de vastgestelde verdeling narekenen (exit 1 als die niet klopt)",
    )
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="allocation_verify")
    a = als.add_parser(
        "export", help="het besluit voor het college: CSV, XLSX of PDF (naar de bestandsnaam)"
    )
    a.add_argument("bestand", metavar="FILE", help="eindigt op .csv, .xlsx of .pdf")
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="allocation_export")

    p = sub.add_parser("pabulib", help="een verdeelregel narekenen op een pabulib-bestand (.pb)")
    pbs = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = pbs.add_parser(
        "run",
        help="een regel toepassen op een .pb-bestand: gekozen projecten en totale kosten "
        "(exit 2 bij een onjuist bestand)",
    )
    a.add_argument("bestand", metavar="FILE.pb")
    a.add_argument(
        "--rule",
        required=True,
        choices=rules,
        help="de verdeelregel",
    )
    a.add_argument("--json", action="store_true", help='{"selected": [...], "cost": ...}')
    a.set_defaults(handler="pabulib_run")
    a = pbs.add_parser("export", help="de vastgestelde verdeling als pabulib-bestand (.pb)")
    a.add_argument("bestand", metavar="FILE.pb")
    a.add_argument("--festival", type=int, help=festival_help)
    a.set_defaults(handler="pabulib_export")

    p = sub.add_parser("backup", help="consistente kopie van de database terwijl anderen werken")
    p.add_argument("pad")
    p.set_defaults(handler="backup")

    p = sub.add_parser("audit", help="de laatste regels van het auditlog")
    p.add_argument("--aantal", type=int, default=30)
    p.set_defaults(handler="audit")

    for feature in installed():
        if feature.add_cli is not None:
            feature.add_cli(sub, prog)
    return parser


def run(
    argv: Sequence[str] | None = None, *, prog: str = "festival", start: str = "festival"
) -> int:
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env(start=start, db=args.db, desk=args.desk)
    except SettingsError as exc:
        err(str(exc))
        return EXIT_USAGE
    try:
        db = open_db(settings)
    except DatabaseError as exc:
        err(str(exc))
        return EXIT_FAILED
    if args.command is None:
        from festival.app import make_app  # Textual only when the screen is wanted

        make_app(settings, db).run()  # the app closes the database when it ends
        return EXIT_OK
    try:
        commands = importlib.import_module(getattr(args, "module", "festival.commands"))
        result: int = getattr(commands, f"cmd_{args.handler}")(args, db)
        return result
    except ValidationErrors as exc:
        for message in exc.errors.values():
            err(message)
        return EXIT_FAILED
    except (InvalidInput, NotAllowed, NotFound, DatabaseError) as exc:
        err(getattr(exc, "message", str(exc)))
        return EXIT_FAILED
    except BrokenPipeError:
        # Output piped into `head` that stopped reading: not an error of ours. Python would
        # complain again when it flushes stdout at exit, so stdout goes nowhere from here.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    finally:
        db.close()
