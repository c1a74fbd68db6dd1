"""``festival attendance``: who was there as CSV, and the fallback list as a PDF."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from festival.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    SubParsers,
    cli_caller,
    err,
    handles,
    out,
    write_file,
)

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser("attendance", help="aanwezigheid: export naar CSV, noodlijst als PDF")
    ats = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = ats.add_parser("export", help="wie er was, als CSV voor Excel (zonder e-mail of telefoon)")
    a.add_argument("bestand")
    handles(a, cmd_attendance_export, needs="attendance.export")
    a = ats.add_parser(
        "fallback", help="noodlijst (PDF) van iedereen die verwacht wordt, met codes"
    )
    a.add_argument("--out", required=True, type=Path, help="het PDF-bestand dat wordt geschreven")
    handles(a, cmd_attendance_fallback, needs="registrations.list")


def cmd_attendance_export(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.attendance import attendance_csv
    from festival.domain.festivals import current_festival
    from festival.domain.registration import totals

    festival = current_festival(db)
    if festival is None:
        err("Er is nog geen festival vastgelegd.")
        return EXIT_FAILED
    present, expected = totals(db, festival.id)
    if not expected:
        err(f"Niemand aangemeld voor {festival.name}: geen aanwezigheidslijst geschreven.")
        return EXIT_FAILED
    path = Path(args.bestand)
    if not write_file(path, attendance_csv(db, cli_caller(), festival.id)):
        return EXIT_FAILED
    out(f"Aanwezigheid geschreven naar {path}: {present} van {expected} ingecheckt.")
    return EXIT_OK


def cmd_attendance_fallback(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.attendance import fallback_list
    from festival.domain.festivals import current_festival

    festival = current_festival(db)
    if festival is None:
        err("Er is nog geen festival vastgelegd.")
        return EXIT_FAILED
    printed = fallback_list(db, cli_caller(), festival)
    if not write_file(args.out, printed.data):
        return EXIT_FAILED
    out(f"Noodlijst met {printed.people} namen geschreven naar {args.out}.")
    return EXIT_OK
