"""``festival badges``: the current festival's badges as a PDF (name, role, QR code).

The PDF library takes about 0.2 s to load: only the handler loads it.
"""

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
    p = sub.add_parser("badges", help="badges van het huidige festival als PDF (naam, rol, QR)")
    p.add_argument("--out", required=True, type=Path, help="het PDF-bestand dat wordt geschreven")
    p.add_argument(
        "--layout",
        choices=("a6", "a4x4"),
        default="a6",
        help="a6: één badge per A6-pagina (standaard); a4x4: vier per A4 met snijtekens",
    )
    p.add_argument("--role", help="alleen badges voor deze rol, bijvoorbeeld jury")
    handles(p, cmd_badges, needs="registrations.list")


def cmd_badges(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.badges import badge_sheets
    from festival.domain.festivals import current_festival
    from festival.domain.registration import FestivalRole

    festival = current_festival(db)
    if festival is None:
        err("Er is nog geen festival vastgelegd.")
        return EXIT_FAILED
    role = FestivalRole.parse(args.role) if args.role else None
    sheets = badge_sheets(db, cli_caller(), festival, args.layout, role=role)
    if not write_file(args.out, sheets.data):
        return EXIT_FAILED
    layout = "A6" if args.layout == "a6" else "vier per A4"
    out(f"{sheets.people} badges ({layout}) geschreven naar {args.out}.")
    return EXIT_OK
