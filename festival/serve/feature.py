"""The festival day plugs into the shell like any feature (named in
``festival.features.INSTALLED``): its own schema track, and the coordinator's connected
terminals on the home screen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from festival.features import Feature
from festival.store.festival_day import TRACK

if TYPE_CHECKING:
    from textual.screen import Screen

    from festival.session import Session
    from festival.ui.sections import Section


def _terminals(session: Session) -> Screen[None]:
    from festival.ui.screens.terminals import TerminalsScreen

    return TerminalsScreen(session)


def _sections() -> Sequence[Section]:
    from festival.domain.roles import Role
    from festival.ui.sections import Section

    return [
        Section(
            "n",
            "Terminals",
            "browsers in de zaal: link, QR-code, wie er is",
            frozenset({Role.COORDINATOR}),
            _terminals,
            order=85,
        )
    ]


FEATURE = Feature(name="festivaldag", schema=TRACK, sections=_sections)
