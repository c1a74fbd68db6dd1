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
from kernagenda.cli.common import add_kern_arg, agenda_of, command, find_kern

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parsers(sub: SubParsers) -> None:
    a = command(
        sub,
        "export",
        "de kernagenda als document voor inwoners (eerst wat is weggelaten, dan het bestand)",
        cmd_agenda_export,
        needs="agenda.publish",
    )
    add_kern_arg(a)
    a.add_argument("--format", choices=("md", "html", "pdf", "docx"), default="md")
    a.add_argument("--out", metavar="FILE", help="bestand (anders naar het scherm)")
    which = a.add_mutually_exclusive_group()
    which.add_argument(
        "--versie",
        type=int,
        metavar="ID",
        help="deze vastgestelde versie (standaard: de laatst vastgestelde)",
    )
    which.add_argument(
        "--concept",
        action="store_true",
        help="de huidige agenda als concept (CONCEPT op elke pagina en in de bestandsnaam)",
    )
    a.add_argument(
        "--voor", metavar="WIE", default="inwoners", help="voor wie (vastgelegd), bijv. dorpsraad"
    )
    a.add_argument(
        "--voorbeeld",
        action="store_true",
        help="alleen laten zien wat wordt weggelaten en waarom; niets schrijven of vastleggen",
    )
    a = command(
        sub,
        "progress",
        "voortgang van de pilotkernen voor de raad",
        cmd_agenda_progress,
        needs="agenda.read",
    )
    a.add_argument("--since", metavar="DATE", help="wijzigingen sinds, bijv. 01-01-2025")
    a.add_argument(
        "--sinds-versie",
        action="store_true",
        help="wijzigingen sinds de laatst vastgestelde versie van elke kern",
    )
    a.add_argument(
        "--format",
        choices=("txt", "md", "docx", "pdf"),
        default="txt",
        help="txt/md naar het scherm; docx (Word) en pdf met --out",
    )
    a.add_argument("--out", metavar="FILE", help="bestand (anders naar het scherm)")
    a = command(
        sub,
        "import",
        "kernagenda uit CSV importeren (alles of niets)",
        cmd_agenda_import,
        needs="agenda.edit",
    )
    add_kern_arg(a)
    a.add_argument("bestand", metavar="FILE")
    a.add_argument(
        "--bewaar-kolommen",
        action="store_true",
        help="onbekende kolommen bewaren als interne notitie bij elk punt",
    )


def _say_which_version(db: Database, version_id: int | None) -> None:
    """On stderr, after the document is out: which version residents get."""
    from festival.core.dates import format_date_long
    from kernagenda.domain.versions import get_version

    if version_id is None:
        err("Let op: dit is de conceptversie, gemarkeerd met CONCEPT op elke pagina.")
    else:
        version = get_version(db, version_id)
        day = datetime.fromisoformat(version.frozen_at).astimezone().date()
        err(
            f"Vastgestelde versie {version.version_label!r} ({format_date_long(day)}) geëxporteerd."
        )


def cmd_agenda_export(args: argparse.Namespace, db: Database) -> int:
    from festival.core.errors import InvalidInput
    from kernagenda.domain.documents import (
        build_document,
        concept_path,
        default_version,
        describe_omission,
        render,
    )
    from kernagenda.domain.permissions import require_publish
    from kernagenda.domain.publication import record_publication

    kern = find_kern(db, args.kern)
    agenda = agenda_of(db, kern.name)
    version_id: int | None = None
    if not args.concept:
        version_id = args.versie if args.versie is not None else default_version(db, kern.id)
        if version_id is None:
            raise InvalidInput(
                f"De kernagenda van {kern.name} is nog nooit vastgesteld. Stel hem vast, of "
                "exporteer hem als concept met --concept (dan staat CONCEPT op elke pagina).",
                "version",
            )
    made = build_document(db, kern.id, version_id)
    if made.omissions:
        err(f"Weggelaten uit het document ({len(made.omissions)}):")
        for omission in made.omissions:
            err(f"  {describe_omission(omission)}")
    else:
        err("Niets weggelaten: er staan geen contactgegevens of interne notities in.")
    if args.voorbeeld:
        return EXIT_OK
    caller = cli_caller()
    require_publish(caller, agenda)
    if args.out is None and args.format in ("pdf", "docx") and sys.stdout.isatty():
        err(f"Een {args.format.upper()} schrijf ik niet naar het scherm; geef --out BESTAND.")
        return EXIT_FAILED
    data = render(made.doc, args.format)
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        path = Path(args.out)
        if version_id is None:
            path = concept_path(path)
        if not write_file(path, data):
            return EXIT_FAILED
        out(f"Kernagenda geschreven naar {path}.")
    record_publication(
        db,
        caller,
        agenda.id,
        version_id=version_id,
        version_label=made.version_label,
        fmt=args.format,
        recipient=args.voor,
    )
    _say_which_version(db, version_id)
    return EXIT_OK


def cmd_agenda_progress(args: argparse.Namespace, db: Database) -> int:
    from festival.core.dates import parse_date
    from festival.core.errors import InvalidInput
    from kernagenda.domain.council import format_progress, progress_summary
    from kernagenda.domain.council_report import council_report, report_document
    from kernagenda.domain.documents import render

    since = parse_date(args.since, "since") if args.since else None
    if since is not None and args.sinds_versie:
        raise InvalidInput("Kies --since of --sinds-versie, niet allebei.", "since")
    if args.format == "txt":
        if args.sinds_versie:
            raise InvalidInput("--sinds-versie gaat met --format md, docx of pdf.", "since")
        data = format_progress(progress_summary(db, since), since).encode("utf-8")
    else:
        report = council_report(db, since, since_version=args.sinds_versie)
        data = render(report_document(db, report), args.format)
    if args.out is None:
        if args.format in ("pdf", "docx") and sys.stdout.isatty():
            err(f"Een {args.format.upper()} schrijf ik niet naar het scherm; geef --out BESTAND.")
            return EXIT_FAILED
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    path = Path(args.out)
    if not write_file(path, data):
        return EXIT_FAILED
    out(f"Voortgang voor de raad geschreven naar {path}.")
    return EXIT_OK


def cmd_agenda_import(args: argparse.Namespace, db: Database) -> int:
    from festival.core.csv_io import ImportFailed
    from festival.core.files import os_error_text
    from kernagenda.domain.importing import describe_report, import_items

    path = Path(args.bestand)
    try:
        data = path.read_bytes()
    except OSError as exc:
        err(f"Kan {path} niet lezen: {os_error_text(exc)}.")
        return EXIT_FAILED
    try:
        report = import_items(
            db, cli_caller(), find_kern(db, args.kern).id, data, keep_unknown=args.bewaar_kolommen
        )
    except ImportFailed as exc:
        err(f"{path}: niets geïmporteerd; verbeter deze regels en probeer opnieuw:")
        for problem in exc.problems:
            err(f"  {problem}")
        return EXIT_FAILED
    out(describe_report(report))
    return EXIT_OK
