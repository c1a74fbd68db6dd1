"""``festival demo``: an invented festival year in an empty database."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from festival.cli.common import EXIT_FAILED, EXIT_OK, SubParsers, err, handles, out

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser("demo", help="vul een lege database met een verzonnen festivaljaar")
    p.add_argument(
        "--if-empty", "--als-leeg", action="store_true", help="doe niets als er al gebruikers zijn"
    )
    p.add_argument(
        "--zonder-scores",
        action="store_true",
        help="het festival zoals 's ochtends: nog niemand heeft gescoord (om het jureren te "
        "oefenen); zonder deze optie is de jury klaar en de uitslag gepubliceerd",
    )
    handles(p, cmd_demo, public=True)


def cmd_demo(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import demo
    from festival.features import fill_demo

    if not demo.is_empty(db):
        if args.if_empty:
            return EXIT_OK
        err("De database bevat al gebruikers; demodata gaat alleen in een lege database.")
        return EXIT_FAILED
    added = fill_demo(db, finished=not args.zonder_scores)
    out(f"Demodata geladen: {added} aanvragen, {len(demo.DEMO_LOGINS)} gebruikers.")
    for login in demo.DEMO_LOGINS:
        out(f"  {login.name:<20} {login.role.label:<14} PIN {login.pin}")
    return EXIT_OK
