"""``festival zaal``: the hall screen for the projector in this terminal, without a login."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from festival.cli.common import SubParsers, handles

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    hall = sub.add_parser(
        "zaal",
        help="het zaalscherm voor de projector (programma, podium, timer; na publicatie de "
        "uitslag), zonder inlog",
    )
    handles(hall, cmd_hall, public=True)


def cmd_hall(args: argparse.Namespace, db: Database) -> int:
    """The hall screen in this terminal: public information only, so no login."""
    from festival.cli.main import run_screen_app
    from festival.settings import Settings
    from festival.ui.hall_app import make_hall_app

    settings = Settings.from_env(db=db.path)
    # Run like the full app: an unexpected error is one Dutch line naming the log.
    return run_screen_app(make_hall_app(settings, db), settings)
