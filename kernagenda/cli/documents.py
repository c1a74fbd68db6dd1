"""``kernagenda export|progress|import``: the agenda as a document for residents, the pilot
kernen's progress for the council, and items from CSV."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from festival.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    SubParsers,
    cli_caller,
    err,
    out,
    write_file,
)
from kernagenda.cli.common import add_kern_arg, command, find_kern

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parsers(sub: SubParsers) -> None:
    a = command(
        sub, "export", "de kernagenda als document voor inwoners", cmd_agenda_export, public=True
    )
    add_kern_arg(a)
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
    a = command(
        sub,
        "progress",
        "voortgang van de pilotkernen voor de raad",
        cmd_agenda_progress,
        needs="agenda.read",
    )
    a.add_argument("--since", metavar="DATE", help="wijzigingen sinds, bijv. 01-01-2025")
    a = command(
        sub,
        "import",
        "kernagenda uit CSV importeren (alles of niets)",
        cmd_agenda_import,
        needs="agenda.edit",
    )
    add_kern_arg(a)
    a.add_argument("bestand", metavar="FILE")


def _say_which_version(db: Database, version_id: int | None) -> None:
    """On stderr, after the document is out: which version residents get."""
    from festival.core.dates import format_date_long
    from kernagenda.domain.versions import get_version

    if version_id is None:
        err(
            "Let op: dit is de conceptversie (de huidige agenda, nog niet vastgesteld als "
            "versie); zonder --concept exporteer ik de laatst vastgestelde versie."
        )
    else:
        version = get_version(db, version_id)
        day = datetime.fromisoformat(version.frozen_at).astimezone().date()
        err(
            f"Vastgestelde versie {version.version_label!r} ({format_date_long(day)}) geëxporteerd."
        )


def cmd_agenda_export(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.documents import default_version, export_document

    kern = find_kern(db, args.kern)
    version_id: int | None = None
    if not args.concept:
        version_id = args.versie if args.versie is not None else default_version(db, kern.id)
    data = export_document(db, kern.id, args.format, version_id)
    if args.out is None:
        if args.format == "pdf" and sys.stdout.isatty():
            err("Een PDF schrijf ik niet naar het scherm; geef --out BESTAND.pdf.")
            return EXIT_FAILED
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        _say_which_version(db, version_id)
        return EXIT_OK
    path = Path(args.out)
    if not write_file(path, data):
        return EXIT_FAILED
    out(f"Kernagenda geschreven naar {path}.")
    _say_which_version(db, version_id)
    return EXIT_OK


def cmd_agenda_progress(args: argparse.Namespace, db: Database) -> int:
    from festival.core.dates import parse_date
    from kernagenda.domain.council import format_progress, progress_summary

    since = parse_date(args.since, "since") if args.since else None
    sys.stdout.write(format_progress(progress_summary(db, since), since))
    return EXIT_OK


def cmd_agenda_import(args: argparse.Namespace, db: Database) -> int:
    from festival.core.csv_io import ImportFailed
    from festival.core.files import os_error_text
    from kernagenda.domain.importing import import_items

    path = Path(args.bestand)
    try:
        data = path.read_bytes()
    except OSError as exc:
        err(f"Kan {path} niet lezen: {os_error_text(exc)}.")
        return EXIT_FAILED
    try:
        report = import_items(db, cli_caller(), find_kern(db, args.kern).id, data)
    except ImportFailed as exc:
        err(f"{path}: niets geïmporteerd; verbeter deze regels en probeer opnieuw:")
        for problem in exc.problems:
            err(f"  {problem}")
        return EXIT_FAILED
    out(f"{report.imported} agendapunten geïmporteerd.")
    return EXIT_OK
