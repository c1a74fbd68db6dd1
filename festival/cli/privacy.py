"""``festival privacy``: everything about one person as JSON, and the purge after retention."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from festival.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    SubParsers,
    cli_caller,
    handles,
    out,
    write_file,
)

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser("privacy", help="persoonsgegevens: export van één persoon, purge")
    ps = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = ps.add_parser("export", help="alles wat over één persoon is vastgelegd, als JSON")
    a.add_argument("persoon", metavar="PERSON_ID", help="persoonsnummer of badgecode")
    a.add_argument("--out", help="schrijf naar dit JSON-bestand (anders naar het scherm)")
    handles(a, cmd_privacy_export, needs="privacy.export")
    a = ps.add_parser("purge", help="persoonsgegevens wissen van festivals na de bewaartermijn")
    a.add_argument("--dry-run", action="store_true", help="alleen tonen wat gewist zou worden")
    handles(a, cmd_privacy_purge, needs="privacy.purge")


def cmd_privacy_export(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import privacy

    data = privacy.export_person(db, cli_caller(), privacy.find_person(db, args.persoon))
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if not args.out:
        out(text.rstrip("\n"))
        return EXIT_OK
    path = Path(args.out)
    if not write_file(path, text.encode("utf-8")):
        return EXIT_FAILED
    out(f"Gegevens van persoon {data['persoon']['id']} geschreven naar {path}.")
    return EXIT_OK


def cmd_privacy_purge(args: argparse.Namespace, db: Database) -> int:
    from festival.core.dates import format_date
    from festival.domain import privacy

    done = privacy.purge(db, cli_caller(), dry_run=args.dry_run)
    if not done:
        out("Geen festival voorbij zijn bewaartermijn: niets gewist.")
        return EXIT_OK
    verb = "Zou wissen" if args.dry_run else "Gewist"
    for f in done:
        out(
            f"{verb}: {f.name} (bewaren tot {format_date(f.retention_date)}): "
            f"{f.people} personen met hun registratie, rollen en check-ins; "
            f"{f.initiatives_kept} initiatieven blijven zonder naam."
        )
        figures = ", ".join(f"{t.role} {t.present}/{t.expected}" for t in f.counts if t.expected)
        out(f"  bewaard (aanwezig/verwacht): {figures or 'geen aanmeldingen'}")
    if args.dry_run:
        out("Proefdraai: er is niets gewist.")
    return EXIT_OK
