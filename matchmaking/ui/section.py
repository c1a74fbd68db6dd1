"""The table talks' place on the coordinator's home screen."""

from __future__ import annotations

from textual.screen import Screen

from festival.domain.roles import Role
from festival.session import Session
from festival.ui.sections import Section


def open_matchmaking(session: Session) -> Screen[None]:
    from festival.domain.festivals import current_festival
    from festival.ui.screens.message import MessageScreen
    from matchmaking.ui.schedule_screen import ScheduleScreen

    festival = current_festival(session.db)
    if festival is None:
        return MessageScreen("Tafelgesprekken", "Er is nog geen festival vastgelegd.")
    return ScheduleScreen(session, festival)


SECTION = Section(
    "t",
    "Tafelgesprekken",
    "rooster plannen en herplannen, profielen",
    frozenset({Role.COORDINATOR}),
    open_matchmaking,
    order=55,
)
