"""``festival badges``: the current festival's badges as a PDF (name, role, QR code).

The PDF library takes about 0.2 s to load: only the handler loads it.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from festival.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
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
    p.add_argument("--out", type=Path, help="het PDF-bestand dat wordt geschreven")
    p.add_argument(
        "--printer",
        nargs="?",
        const="",
        metavar="PRINTER",
        help="de badges printen op deze CUPS-printer (zonder naam: FESTIVAL_PRINTER)",
    )
    p.add_argument(
        "--latijns",
        action="store_true",
        help="namen die niet te printen zijn (tekens zonder lettertype) in Latijnse letters",
    )
    p.add_argument(
        "--layout",
        choices=("a6", "a4x4"),
        default="a6",
        help="a6: één badge per A6-pagina (standaard); a4x4: vier per A4 met snijtekens",
    )
    p.add_argument("--role", help="alleen badges voor deze rol, bijvoorbeeld jury")
    handles(p, cmd_badges, needs="registrations.list")


def _printer(args: argparse.Namespace) -> str | None:
    """The printer asked for: ``--printer NAAM``, or ``FESTIVAL_PRINTER`` for a bare
    ``--printer``; None without the option."""
    if args.printer is None:
        return None
    return str(args.printer or os.environ.get("FESTIVAL_PRINTER", "")).strip()


def cmd_badges(args: argparse.Namespace, db: Database) -> int:
    from festival.core.printer import PrinterError, send_to_printer
    from festival.domain.badges import badge_sheets
    from festival.domain.festivals import current_festival
    from festival.domain.registration import FestivalRole

    printer = _printer(args)
    if args.out is None and printer is None:
        err("Geef --out BESTAND.pdf, --printer PRINTER of beide.")
        return EXIT_USAGE
    if printer == "":
        err("Geen printer ingesteld: geef --printer PRINTER of zet FESTIVAL_PRINTER.")
        return EXIT_USAGE
    festival = current_festival(db)
    if festival is None:
        err("Er is nog geen festival vastgelegd.")
        return EXIT_FAILED
    role = FestivalRole.parse(args.role) if args.role else None
    sheets = badge_sheets(db, cli_caller(), festival, args.layout, role=role, latin=args.latijns)
    for problem in sheets.unprintable:
        if sheets.latin:
            out(f"{problem.name} staat in Latijnse letters op de badge: {problem.latin}.")
        else:
            err(f"{problem.message} Met --latijns komt er {problem.latin} op.")
    layout = "A6" if args.layout == "a6" else "vier per A4"
    if args.out is not None:
        if not write_file(args.out, sheets.data):
            return EXIT_FAILED
        out(f"{sheets.people} badges ({layout}) geschreven naar {args.out}.")
    if printer:
        try:
            media = "A6" if args.layout == "a6" else "A4"
            job = send_to_printer(
                printer, sheets.data, title=f"Badges {festival.name}", media=media
            )
        except PrinterError as exc:
            err(exc.message)
            return EXIT_FAILED
        out(f"{sheets.people} badges ({layout}) naar printer {printer} (opdracht {job}).")
    return EXIT_OK
