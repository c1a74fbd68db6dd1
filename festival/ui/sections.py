"""Which sections each role sees on its home screen, and the key that opens each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen

from festival.session import Session
from festival.store.users import Role


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    description: str
    roles: frozenset[Role]
    open: Callable[[Session], Screen[None]]


def _budget(session: Session) -> Screen[None]:
    from festival.ui.screens.budget import BudgetScreen

    return BudgetScreen(session)


def _users(session: Session) -> Screen[None]:
    from festival.ui.screens.users import UsersScreen

    return UsersScreen(session)


def _kernen(session: Session) -> Screen[None]:
    from festival.ui.screens.kernen import KernenScreen

    return KernenScreen(session)


def open_kernagenda(session: Session) -> Screen[None]:
    from kernagenda.ui.agenda_screen import KernagendaScreen

    return KernagendaScreen(session)


def open_desk(session: Session) -> Screen[None]:
    from festival.domain.festivals import current_festival
    from festival.ui.screens.desk import DeskScreen

    return DeskScreen(session, current_festival(session.db))


def _registrations(session: Session) -> Screen[None]:
    from festival.domain.festivals import current_festival
    from festival.ui.screens.registrations import RegistrationsScreen

    return RegistrationsScreen(session, current_festival(session.db))


def _jury(session: Session) -> Screen[None]:
    from festival.domain.festivals import current_festival
    from festival.ui.screens.jury import JuryScreen
    from festival.ui.screens.jury_board import JuryBoardScreen
    from festival.ui.screens.message import MessageScreen

    festival = current_festival(session.db)
    if festival is None:
        return MessageScreen("Jury", "Er is nog geen festival vastgelegd.")
    if session.user.role is Role.COORDINATOR:
        return JuryBoardScreen(session, festival)
    return JuryScreen(session, festival)


def _allocation(session: Session) -> Screen[None]:
    from festival.domain.festivals import current_festival
    from festival.ui.screens.allocation import AllocationScreen
    from festival.ui.screens.message import MessageScreen

    festival = current_festival(session.db)
    if festival is None:
        return MessageScreen("Verdeling", "Er is nog geen festival vastgelegd.")
    return AllocationScreen(session, festival)


SECTIONS = (
    Section(
        "d",
        "Balie",
        "inchecken, walk-ins, badges",
        frozenset({Role.COORDINATOR, Role.DESK}),
        open_desk,
    ),
    Section(
        "a",
        "Aanmeldingen",
        "importeren, dubbele aanmeldingen samenvoegen",
        frozenset({Role.COORDINATOR}),
        _registrations,
    ),
    Section(
        "b",
        "Leefbaarheidsbudget",
        "aanvragen, jaarbudget en de pot",
        frozenset({Role.COORDINATOR, Role.KERNREGISSEUR}),
        _budget,
    ),
    Section(
        "j",
        "Jury",
        "scoren; voortgang, vergrendelen, publiceren",
        frozenset({Role.COORDINATOR, Role.JURY}),
        _jury,
    ),
    Section(
        "v",
        "Verdeling",
        "de pot verdelen, vaststellen, publiceren",
        frozenset({Role.COORDINATOR}),
        _allocation,
    ),
    Section(
        "g",
        "Gebruikers",
        "toevoegen, PIN, deactiveren",
        frozenset({Role.COORDINATOR}),
        _users,
    ),
    Section(
        "k",
        "Kernagenda",
        "agenda's van de pilotkernen: punten, voortgang, versies",
        frozenset(Role),
        open_kernagenda,
    ),
    Section(
        "e",
        "Kernen",
        "kernen en kernagenda-pilots",
        frozenset({Role.COORDINATOR, Role.KERNREGISSEUR}),
        _kernen,
    ),
)


def sections_for(role: Role) -> list[Section]:
    return [s for s in SECTIONS if role in s.roles]


def section_for(role: Role) -> Section:
    """The one section that a desk or jury user works in."""
    key = {Role.DESK: "d", Role.JURY: "j"}[role]
    return next(s for s in SECTIONS if s.key == key)
