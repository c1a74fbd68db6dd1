"""How the kernagenda plugs into the festival shell (named in ``festival.features.INSTALLED``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from festival.features import Feature, SubParsers
from kernagenda.store.schema import TRACK

if TYPE_CHECKING:
    from festival.domain.permissions import Caller
    from festival.store.database import Database
    from festival.ui.sections import Section


def _add_cli(sub: SubParsers, prog: str) -> None:
    from kernagenda.cli import add_parsers

    parser = sub.add_parser(
        "agenda", help="kernagenda: items, show, log, move, link, fix, compare, export, progress, …"
    )
    add_parsers(parser.add_subparsers(dest="action", metavar="ACTIE", required=True))
    if prog == "kernagenda":  # the `kernagenda` command has them at the top level too
        add_parsers(sub)


def _sections() -> Sequence[Section]:
    from kernagenda.ui.section import ATTENTION, SECTION

    return [SECTION, ATTENTION]


def _seed_demo(db: Database, caller: Caller) -> None:
    from kernagenda.domain.demo_agenda import fill_demo_agendas

    fill_demo_agendas(db, caller)


FEATURE = Feature(
    name="kernagenda",
    schema=TRACK,
    add_cli=_add_cli,
    sections=_sections,
    start_section="k",
    stylesheets=[Path(__file__).parent / "ui" / "kernagenda.tcss"],
    seed_demo=_seed_demo,
    actions="kernagenda.domain.permissions",
)
