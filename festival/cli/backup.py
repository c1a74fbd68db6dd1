"""``festival backup PAD``: a consistent copy of the database while others keep working."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from festival.cli.common import EXIT_OK, SubParsers, cli_caller, handles, out

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser("backup", help="consistente kopie van de database terwijl anderen werken")
    p.add_argument("pad")
    p.add_argument(
        "--met-sleutel",
        action="store_true",
        help="ook het PIN-sleutelbestand kopiëren (als PAD.key); bewaar die kopie apart",
    )
    handles(p, cmd_backup, needs="privacy.export")


def cmd_backup(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import permissions
    from festival.domain.pin_key import PinKeyError, copy_key, key_path

    # A copy holds every person's data.
    permissions.require(cli_caller(), permissions.PRIVACY_EXPORT)
    destination = Path(args.pad)
    if args.met_sleutel and key_path(destination).exists():
        # Refused before the copy is made: half a backup set helps nobody.
        raise PinKeyError(f"{key_path(destination)} bestaat al; kies een nieuwe bestandsnaam.")
    db.backup(destination)
    out(f"Kopie gemaakt: {args.pad}")
    if args.met_sleutel:
        out(f"PIN-sleutel gekopieerd: {copy_key(db.path, destination)}")
        out("Bewaar de sleutel apart van de database: wie beide heeft, kan PIN's raden.")
    else:
        out(
            f"Het PIN-sleutelbestand ({key_path(db.path)}) is niet meegekopieerd: zonder die "
            "sleutel werken de PIN's van deze kopie niet (zie README, 'Kopie terugzetten'). "
            "Gebruik --met-sleutel om het mee te kopiëren."
        )
    return EXIT_OK
