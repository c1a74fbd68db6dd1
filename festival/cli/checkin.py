"""``festival checkin CODE``: check someone in by badge code, the answer as the exit code."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from festival.cli.common import EXIT_FAILED, EXIT_OK, SubParsers, cli_caller, err, handles, out

if TYPE_CHECKING:
    from festival.store.database import Database

#: Scripts at the door tell "already in" and "unknown code" apart from a welcome.
EXIT_ALREADY, EXIT_UNKNOWN = 3, 4


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser(
        "checkin", help="iemand inchecken met de badgecode (exit 0 welkom, 3 al, 4 onbekend)"
    )
    p.add_argument("code")
    p.add_argument(
        "--desk", dest="checkin_desk", help="naam van de balie (anders --desk/FESTIVAL_DESK)"
    )
    handles(p, cmd_checkin, needs="desk.checkin")


def cmd_checkin(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import checkin
    from festival.domain.festivals import current_festival

    desk = (args.checkin_desk or args.desk or os.environ.get("FESTIVAL_DESK", "")).strip()
    if not desk:
        err("Geef de naam van de balie met --desk.")
        return EXIT_FAILED
    if current_festival(db) is None:
        err("Er is nog geen festival vastgelegd.")
        return EXIT_FAILED
    result = checkin.check_in_code(db, cli_caller(), args.code, desk)
    out(result.message)
    return {
        checkin.CheckInOutcome.WELCOME: EXIT_OK,
        checkin.CheckInOutcome.ALREADY: EXIT_ALREADY,
        checkin.CheckInOutcome.UNKNOWN: EXIT_UNKNOWN,
    }[result.outcome]
