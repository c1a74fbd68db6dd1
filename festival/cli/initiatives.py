"""``festival initiatives import``: the festival's initiatives from CSV."""

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
    imported,
    out,
)

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser("initiatives", help="initiatieven van het festival: import")
    ins = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = ins.add_parser(
        "import",
        help="initiatieven uit CSV importeren: titel;kern;initiatiefnemer;... (alles of niets)",
    )
    a.add_argument("bestand")
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_initiatives_import, needs="initiatives.import")


def cmd_initiatives_import(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury

    report = imported(
        Path(args.bestand),
        lambda data: jury.import_initiatives(db, cli_caller(), chosen_festival_id(args, db), data),
    )
    if report is None:
        return EXIT_FAILED
    out(
        f"{report.imported} initiatieven geïmporteerd ({report.linked} gekoppeld aan de "
        "aanmelding van hun initiatiefnemer)."
    )
    if report.unlinked:
        out("Zonder koppeling aan een aanmelding opgeslagen:")
        for title, initiator, why in report.unlinked:
            out(f"  {title}: {initiator} ({why})")
    return EXIT_OK
