"""``festival stemzuil``: the voting kiosk in this terminal; the desk or the coordinator logs
it in."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from festival.cli.common import SubParsers, handles

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    booth = sub.add_parser(
        "stemzuil",
        help="de stemzuil: bezoekers scannen hun badge en stemmen (de balie of de coördinator "
        "logt de zuil in)",
    )
    # The app's own login decides: only the desk or the coordinator opens a kiosk.
    handles(booth, cmd_kiosk, public=True)


def cmd_kiosk(args: argparse.Namespace, db: Database) -> int:
    """The voting kiosk in this terminal, after a desk or coordinator login."""
    from festival.cli.main import run_screen_app
    from festival.settings import Settings
    from festival.ui.kiosk_app import make_kiosk_app

    settings = Settings.from_env(db=db.path)
    # Run like the full app: an unexpected error is one Dutch line naming the log.
    return run_screen_app(make_kiosk_app(settings, db), settings)
