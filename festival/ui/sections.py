"""Which sections each role sees on its home screen, and the key that opens each.

The festival's own sections are listed here; installed features add theirs through the
registry (:mod:`festival.features`), each with a place in the order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen

from festival.domain.roles import Role
from festival.features import installed
from festival.session import Session


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    description: str
    roles: frozenset[Role]
    open: Callable[[Session], Screen[None]]
    #: Where the section stands on the home screen (features place theirs between these).
    order: int = 0


def _budget(session: Session) -> Screen[None]:
    from festival.ui.screens.budget import BudgetScreen

    return BudgetScreen(session)


def _users(session: Session) -> Screen[None]:
    from festival.ui.screens.users import UsersScreen

    return UsersScreen(session)


def _kernen(session: Session) -> Screen[None]:
    from festival.ui.screens.kernen import KernenScreen

    return KernenScreen(session)


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


_FESTIVAL_SECTIONS = (
    Section(
        "d",
        "Balie",
        "inchecken, walk-ins, badges",
        frozenset({Role.COORDINATOR, Role.DESK}),
        open_desk,
        order=10,
    ),
    Section(
        "a",
        "Aanmeldingen",
        "importeren, dubbele aanmeldingen samenvoegen",
        frozenset({Role.COORDINATOR}),
        _registrations,
        order=20,
    ),
    Section(
        "b",
        "Leefbaarheidsbudget",
        "aanvragen, jaarbudget en de pot",
        frozenset({Role.COORDINATOR, Role.KERNREGISSEUR}),
        _budget,
        order=30,
    ),
    Section(
        "j",
        "Jury",
        "scoren; voortgang, vergrendelen, publiceren",
        frozenset({Role.COORDINATOR, Role.JURY}),
        _jury,
        order=40,
    ),
    Section(
        "v",
        "Verdeling",
        "de pot verdelen, vaststellen, publiceren",
        frozenset({Role.COORDINATOR}),
        _allocation,
        order=50,
    ),
    Section(
        "g",
        "Gebruikers",
        "toevoegen, PIN, deactiveren",
        frozenset({Role.COORDINATOR}),
        _users,
        order=60,
    ),
    Section(
        "e",
        "Kernen",
        "kernen en kernagenda-pilots",
        frozenset({Role.COORDINATOR, Role.KERNREGISSEUR}),
        _kernen,
        order=80,
    ),
)


def all_sections() -> list[Section]:
    """The festival's sections and every installed feature's, in home-screen order."""
    sections = list(_FESTIVAL_SECTIONS)
    for feature in installed():
        if feature.sections is not None:
            sections.extend(feature.sections())
    return sorted(sections, key=lambda s: s.order)


def sections_for(role: Role) -> list[Section]:
    return [s for s in all_sections() if role in s.roles]


def section_by_key(key: str) -> Section:
    return next(s for s in all_sections() if s.key == key)


def section_for(role: Role) -> Section:
    """The one section that a desk or jury user works in."""
    return section_by_key({Role.DESK: "d", Role.JURY: "j"}[role])
