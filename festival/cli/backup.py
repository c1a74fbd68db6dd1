"""``festival backup PAD``: a consistent copy of the database while others keep working."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from festival.cli.common import EXIT_OK, SubParsers, handles, out

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser("backup", help="consistente kopie van de database terwijl anderen werken")
    p.add_argument("pad")
    handles(p, cmd_backup)


def cmd_backup(args: argparse.Namespace, db: Database) -> int:
    db.backup(Path(args.pad))
    out(f"Kopie gemaakt: {args.pad}")
    return EXIT_OK
