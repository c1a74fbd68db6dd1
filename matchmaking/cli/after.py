"""``festival match followup|followups|met|report``: after the day."""

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
    out,
    write_file,
)

if TYPE_CHECKING:
    from festival.store.database import Database


def _festival_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--festival", type=int, help=FESTIVAL_HELP)


def add_parsers(sub: SubParsers) -> None:
    p = sub.add_parser("followup", help="notitie en 'vervolg afgesproken' bij een gesprek")
    p.add_argument("subsidieverlener", metavar="NAAM")
    p.add_argument("initiatief", metavar="INITIATIEF")
    p.add_argument("--notitie", help="korte notitie")
    p.add_argument("--vervolg", choices=("ja", "nee"), help="vervolg afgesproken")
    _festival_arg(p)
    handles(p, cmd_followup, needs="match.followup")
    p = sub.add_parser(
        "followups", help="wie een subsidieverlener sprak; --out F.csv|F.xlsx voor hem"
    )
    p.add_argument("subsidieverlener", metavar="NAAM")
    p.add_argument("--out", metavar="F.csv|F.xlsx")
    _festival_arg(p)
    handles(p, cmd_followups, needs="match.followup")
    p = sub.add_parser("met", help="welke subsidieverleners een initiatief sprak")
    p.add_argument("initiatief", metavar="INITIATIEF")
    _festival_arg(p)
    handles(p, cmd_met, needs="match.read")
    p = sub.add_parser("report", help="aantallen voor de raadsinformatiebrief")
    _festival_arg(p)
    handles(p, cmd_report, needs="match.read")


def cmd_followup(args: argparse.Namespace, db: Database) -> int:
    from festival.core.text import printable
    from matchmaking.domain.followup import set_followup

    agreed = None if args.vervolg is None else args.vervolg == "ja"
    f = set_followup(
        db,
        cli_caller(),
        chosen_festival_id(args, db),
        args.subsidieverlener,
        args.initiatief,
        note=args.notitie,
        agreed=agreed,
    )
    out(
        f"{printable(f.initiative)}: vervolg {'afgesproken' if f.agreed else 'niet afgesproken'}"
        + (f"; {printable(f.note)}" if f.note else "")
    )
    return EXIT_OK


def cmd_followups(args: argparse.Namespace, db: Database) -> int:
    from festival.core.text import printable
    from matchmaking.domain.followup import export_followups, followups
    from matchmaking.domain.profiles import find_funder

    caller = cli_caller()
    festival_id = chosen_festival_id(args, db)
    if args.out:
        fmt = "xlsx" if args.out.lower().endswith(".xlsx") else "csv"
        data, lines = export_followups(db, caller, festival_id, args.subsidieverlener, fmt)
        if not write_file(Path(args.out), data):
            return EXIT_FAILED
        out(f"{lines} gesprekken geschreven naar {args.out}.")
        return EXIT_OK
    funder = find_funder(db, festival_id, args.subsidieverlener)
    found = followups(db, caller, festival_id, funder.registration_id)
    if not found:
        out("Geen gehouden tafelgesprekken.")
    for f in found:
        agreed = "vervolg afgesproken" if f.agreed else "geen vervolg"
        contact = ", ".join(x for x in (f.contact_name, f.email, f.phone) if x)
        out(f"ronde {f.round}: {printable(f.initiative)} ({agreed})")
        if f.note:
            out(f"  {printable(f.note)}")
        out(f"  contact: {printable(contact) if contact else 'niet gedeeld'}")
    return EXIT_OK


def cmd_met(args: argparse.Namespace, db: Database) -> int:
    from festival.core.text import printable
    from matchmaking.domain.followup import funders_met
    from matchmaking.domain.profiles import find_initiative

    festival_id = chosen_festival_id(args, db)
    initiative = find_initiative(db, festival_id, args.initiatief)
    names = funders_met(db, cli_caller(), festival_id, initiative.id)
    out(f"{printable(initiative.title)} sprak {len(names)} subsidieverlener(s):")
    for name in names:
        out(f"  {printable(name)}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace, db: Database) -> int:
    from matchmaking.domain.followup import counts

    c = counts(db, cli_caller(), chosen_festival_id(args, db))
    out(f"Tafelgesprekken gepland: {c.planned}")
    out(f"Gehouden (beide kanten ingecheckt): {c.held}")
    out(f"Initiatieven die een subsidieverlener spraken: {c.initiatives_met}")
    out(f"Subsidieverleners die een initiatief spraken: {c.funders_met}")
    out(f"Vervolg afgesproken: {c.followups_agreed}")
    return EXIT_OK
