"""``festival match import-profiles|offer|need|wish|avoid|fit``: profiles and preferences."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from festival.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    FESTIVAL_HELP,
    SubParsers,
    chosen_festival_id,
    cli_caller,
    handles,
    imported,
    out,
)

if TYPE_CHECKING:
    from festival.store.database import Database

KINDS_HELP = "soorten steun: geld, advies, materiaal, netwerk, ruimte (met , ertussen)"


def _festival_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--festival", type=int, help=FESTIVAL_HELP)


def add_parsers(sub: SubParsers) -> None:
    p = sub.add_parser(
        "import-profiles",
        help="aanbod, behoeften en wensen uit CSV: naam;steun;… (ook het aanmeldbestand)",
    )
    p.add_argument("bestand")
    _festival_arg(p)
    handles(p, cmd_import_profiles, needs="match.profiles")
    p = sub.add_parser("offer", help="wat een subsidieverlener biedt")
    p.add_argument("subsidieverlener", metavar="NAAM", help="naam van de persoon of organisatie")
    p.add_argument("--steun", required=True, help=KINDS_HELP)
    p.add_argument("--thema", default="", help="thema's (leeg: alle)")
    p.add_argument("--kern", default="", help="kernen (leeg: hele gemeente)")
    p.add_argument("--min", default="", help="laagste bedrag")
    p.add_argument("--max", default="", help="hoogste bedrag")
    p.add_argument("--gesprekken", default="6", help="hoeveel gesprekken hij aankan")
    _festival_arg(p)
    handles(p, cmd_offer, needs="match.profiles")
    p = sub.add_parser("need", help="wat een initiatief nodig heeft")
    p.add_argument("initiatief", metavar="INITIATIEF", help="titel of nummer")
    p.add_argument("--steun", required=True, help=KINDS_HELP)
    p.add_argument("--thema", default="")
    p.add_argument("--kern", default="")
    p.add_argument("--bedrag", default="")
    _festival_arg(p)
    handles(p, cmd_need, needs="match.profiles")
    for name, help_text in (
        ("wish", "een wens: dit initiatief en deze subsidieverlener willen elkaar spreken"),
        ("avoid", "'liever niet': de subsidieverlener spreekt dit initiatief liever niet"),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("initiatief", metavar="INITIATIEF", help="titel of nummer")
        p.add_argument("subsidieverlener", metavar="NAAM", help="persoon of organisatie")
        p.add_argument(
            "--door",
            choices=("initiatief", "subsidieverlener"),
            default="initiatief" if name == "wish" else "subsidieverlener",
            help="wie het vroeg",
        )
        _festival_arg(p)
        handles(p, cmd_wish if name == "wish" else cmd_avoid, needs="match.profiles")
    p = sub.add_parser("fit", help="hoe goed een initiatief bij elke subsidieverlener past")
    p.add_argument("initiatief", metavar="INITIATIEF", help="titel of nummer")
    _festival_arg(p)
    handles(p, cmd_fit, needs="match.read")


def cmd_import_profiles(args: argparse.Namespace, db: Database) -> int:
    from festival.core.text import printable
    from matchmaking.domain.profiles_io import import_profiles

    report = imported(
        Path(args.bestand),
        lambda data: import_profiles(db, cli_caller(), chosen_festival_id(args, db), data),
    )
    if report is None:
        return EXIT_FAILED
    out(
        f"{report.offers} aanbod en {report.needs} behoeften geïmporteerd, {report.wishes} "
        f"wensen, {report.avoided} keer 'liever niet'."
    )
    if report.skipped:
        out("Doen niet mee aan de tafelgesprekken:")
        for line, name, why in report.skipped:
            out(f"  regel {line}: {printable(name)} ({why})")
    return EXIT_OK


def cmd_offer(args: argparse.Namespace, db: Database) -> int:
    from matchmaking.domain.fit import amount_range
    from matchmaking.domain.models import kinds_text
    from matchmaking.domain.profiles import OfferInput, find_funder, set_offer

    festival_id = chosen_festival_id(args, db)
    funder = find_funder(db, festival_id, args.subsidieverlener)
    offer = set_offer(
        db,
        cli_caller(),
        festival_id,
        funder.registration_id,
        OfferInput(
            kinds=args.steun,
            themes=args.thema,
            kernen=args.kern,
            min_amount=args.min,
            max_amount=args.max,
            capacity=args.gesprekken,
        ),
    )
    out(
        f"Aanbod van {offer.label}: {kinds_text(offer.kinds)}; "
        f"{', '.join(offer.themes) or 'alle thema’s'}; "
        f"{', '.join(offer.kernen) or 'hele gemeente'}; "
        f"{amount_range(offer)}; {offer.capacity} gesprekken."
    )
    return EXIT_OK


def cmd_need(args: argparse.Namespace, db: Database) -> int:
    from festival.core.money import format_money
    from matchmaking.domain.models import kinds_text
    from matchmaking.domain.profiles import NeedInput, find_initiative, set_need

    festival_id = chosen_festival_id(args, db)
    initiative = find_initiative(db, festival_id, args.initiatief)
    need = set_need(
        db,
        cli_caller(),
        festival_id,
        initiative.id,
        NeedInput(kinds=args.steun, theme=args.thema, kern=args.kern, amount=args.bedrag),
    )
    out(
        f"Behoefte van {need.title}: {kinds_text(need.kinds)}; thema {need.theme or '-'}; "
        f"{need.kern or 'geen kern'}; {format_money(need.amount_cents)}."
    )
    return EXIT_OK


def _preference(args: argparse.Namespace, db: Database, kind: str) -> int:
    from matchmaking.domain.profiles import set_preference

    initiative, funder = set_preference(
        db,
        cli_caller(),
        chosen_festival_id(args, db),
        args.initiatief,
        args.subsidieverlener,
        kind,
        args.door,
    )
    label = f"{funder.organisation} ({funder.name})" if funder.organisation else funder.name
    out(f"{kind.capitalize()}: {initiative.title} en {label}.")
    return EXIT_OK


def cmd_wish(args: argparse.Namespace, db: Database) -> int:
    return _preference(args, db, "wens")


def cmd_avoid(args: argparse.Namespace, db: Database) -> int:
    return _preference(args, db, "liever niet")


def cmd_fit(args: argparse.Namespace, db: Database) -> int:
    from matchmaking.domain.fit import fit
    from matchmaking.domain.profiles import find_initiative, needs, offers

    caller = cli_caller()
    festival_id = chosen_festival_id(args, db)
    initiative = find_initiative(db, festival_id, args.initiatief)
    need = next(
        (n for n in needs(db, caller, festival_id) if n.initiative_id == initiative.id), None
    )
    if need is None:
        out(f"{initiative.title} heeft nog geen behoefte vastgelegd (festival match need).")
        return EXIT_FAILED
    scored = sorted(
        ((*fit(o, need), o.label) for o in offers(db, caller, festival_id)), reverse=True
    )
    out(f"{need.title}:")
    for score, reason, label in scored:
        out(f"  {score:>3}  {label}: {reason}")
    return EXIT_OK
