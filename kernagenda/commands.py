"""The kernagenda subcommands (``kernagenda export|progress|import`` and ``festival agenda``).

Like :mod:`festival.commands` these never import Textual. The command line acts with the
coordinator's rights, attributed to the operating-system user.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from festival.cli import EXIT_FAILED, EXIT_OK, err
from festival.commands import cli_actor, out
from festival.domain.csv_io import ImportFailed
from festival.domain.dates import parse_date
from festival.domain.kernen import KernIndex, list_kernen
from festival.store.database import Database
from festival.store.users import Role, User


def cli_user() -> User:
    return User(id=0, name=cli_actor().name, role=Role.COORDINATOR, active=True)


def _kern_id(db: Database, name: str) -> int:
    return KernIndex(list_kernen(db, include_inactive=True)).find(name).id


def cmd_agenda_export(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.agenda_io import export_document

    data = export_document(db, _kern_id(db, args.kern), args.format)
    if args.out is None:
        if args.format == "pdf" and sys.stdout.isatty():
            err("Een PDF schrijf ik niet naar het scherm; geef --out BESTAND.pdf.")
            return EXIT_FAILED
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    path = Path(args.out)
    try:
        path.write_bytes(data)
    except OSError as exc:
        err(f"Kan {path} niet schrijven: {exc}")
        return EXIT_FAILED
    out(f"Kernagenda geschreven naar {path}.")
    return EXIT_OK


def cmd_agenda_progress(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.agenda_io import format_progress, progress_summary

    since = parse_date(args.since, "since") if args.since else None
    sys.stdout.write(format_progress(progress_summary(db, since), since))
    return EXIT_OK


def cmd_agenda_import(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.agenda_io import import_items

    path = Path(args.bestand)
    try:
        data = path.read_bytes()
    except OSError as exc:
        err(f"Kan {path} niet lezen: {exc}")
        return EXIT_FAILED
    try:
        report = import_items(db, cli_user(), _kern_id(db, args.kern), data)
    except ImportFailed as exc:
        err(f"{path}: niets geïmporteerd; verbeter deze regels en probeer opnieuw:")
        for problem in exc.problems:
            err(f"  {problem}")
        return EXIT_FAILED
    out(f"{report.imported} agendapunten geïmporteerd.")
    return EXIT_OK
