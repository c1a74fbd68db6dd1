"""``festival stemmen open|sluiten``: voting at the kiosks, opened and closed by the
coordinator; closing hands the ballots to the audience votes and Equal Shares."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from festival.cli.common import EXIT_OK, SubParsers, chosen_festival_id, cli_caller, handles, out

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    voting = sub.add_parser("stemmen", help="het stemmen bij de stemzuilen openen of sluiten")
    voting.set_defaults(festival=None)  # the current festival
    voting_sub = voting.add_subparsers(dest="stemmen", metavar="open|sluiten", required=True)
    opening = voting_sub.add_parser("open", help="het stemmen openen")
    opening.add_argument("--max", type=int, metavar="N", help="hooguit N keuzes per stem")
    handles(opening, cmd_voting_open, needs="kiosk.voting")
    closing = voting_sub.add_parser(
        "sluiten", help="het stemmen sluiten; de stemmen gaan naar publiek en Equal Shares"
    )
    handles(closing, cmd_voting_close, needs="kiosk.voting")


def cmd_voting_open(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import kiosk

    state = kiosk.open_voting(db, cli_caller(), chosen_festival_id(args, db), max_choices=args.max)
    limit = f", hooguit {state.max_choices} keuzes per stem" if state.max_choices else ""
    out(f"Het stemmen is open{limit}.")
    return EXIT_OK


def cmd_voting_close(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import kiosk

    count = kiosk.close_voting(db, cli_caller(), chosen_festival_id(args, db))
    out(f"Het stemmen is gesloten: {count} stemmen van de stemzuil doorgegeven.")
    return EXIT_OK
