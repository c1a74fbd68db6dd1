"""The kernagenda's place on every home screen."""

from __future__ import annotations

from textual.screen import Screen

from festival.domain.roles import Role
from festival.session import Session
from festival.ui.sections import Section
from kernagenda.domain.permissions import AGENDA_READ


def open_kernagenda(session: Session) -> Screen[None]:
    from kernagenda.ui.agenda_screen import KernagendaScreen

    return KernagendaScreen(session)


def open_attention(session: Session) -> Screen[None]:
    from kernagenda.ui.attention_screen import AttentionScreen

    return AttentionScreen(session)


#: Every role that may read the kernagenda (the table says: everyone); who may edit is decided
#: per kern by the domain.
SECTION = Section(
    "k",
    "Kernagenda",
    "pilotkernen: punten, voortgang, versies",
    AGENDA_READ.roles,
    open_kernagenda,
    order=70,
)

#: The kernregisseur's (and the coordinator's) view across their kernen.
ATTENTION = Section(
    "o",
    "Opvolgen",
    "aandacht: verlopen, stil, herziening, gemeente",
    frozenset({Role.KERNREGISSEUR, Role.COORDINATOR}),
    open_attention,
    order=71,
)
