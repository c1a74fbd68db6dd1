"""How matchmaking (the table talks) plugs into the festival shell (named in
``festival.features.INSTALLED``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from festival.features import Feature, SubParsers
from matchmaking.store.schema import TRACK

if TYPE_CHECKING:
    from textual.screen import Screen

    from festival.domain.permissions import Caller
    from festival.session import Session
    from festival.store.database import Database
    from festival.ui.sections import Section


def _add_cli(sub: SubParsers, prog: str) -> None:
    from matchmaking.cli import add_parsers

    parser = sub.add_parser(
        "match",
        help="tafelgesprekken: profielen, wensen, instellingen, plannen, herplannen, rooster",
    )
    add_parsers(parser.add_subparsers(dest="action", metavar="ACTIE", required=True))


def _sections() -> Sequence[Section]:
    from matchmaking.ui.section import SECTION

    return [SECTION]


def _seed_demo(db: Database, caller: Caller) -> None:
    from matchmaking.domain.demo import fill_demo_matchmaking

    fill_demo_matchmaking(db, caller)


def _person_lines(db: Database, caller: Caller, registration_id: int) -> list[str]:
    from matchmaking.domain.slips import desk_lines

    return desk_lines(db, caller, registration_id)


def _hall_lines(db: Database, festival_id: int, now: datetime) -> list[str]:
    from matchmaking.domain.slips import hall_lines

    return hall_lines(db, festival_id, now)


def _after_walk_in(session: Session, registration_id: int) -> Screen[Any] | None:
    from matchmaking.ui.walk_in import offer_after_walk_in

    return offer_after_walk_in(session, registration_id)


def _person_data(db: Database, registration_id: int) -> dict[str, Any]:
    from matchmaking.domain.person_data import person_data

    return person_data(db, registration_id)


FEATURE = Feature(
    name="matchmaking",
    schema=TRACK,
    add_cli=_add_cli,
    sections=_sections,
    stylesheets=[Path(__file__).parent / "ui" / "matchmaking.tcss"],
    seed_demo=_seed_demo,
    actions="matchmaking.domain.permissions",
    person_lines=_person_lines,
    person_data=_person_data,
    hall_lines=_hall_lines,
    after_walk_in=_after_walk_in,
)
