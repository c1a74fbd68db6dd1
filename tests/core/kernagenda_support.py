"""Helpers for the kernagenda tests: users made directly (no slow PIN hashing) and an agenda."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from festival.domain.roles import Role, User
from festival.store.database import Database
from kernagenda.domain.agendas import create_agenda, get_agenda
from kernagenda.domain.item_edits import add_item
from kernagenda.domain.models import Agenda, ItemInput

KernId = Callable[[str], int]


def regisseur(kern_id: KernId, *kernen: str, name: str = "Karin Regisseur") -> User:
    return User(
        id=900,
        name=name,
        role=Role.KERNREGISSEUR,
        active=True,
        kern_ids=frozenset(kern_id(k) for k in kernen),
    )


COORDINATOR = User(id=901, name="Carla Coördinator", role=Role.COORDINATOR, active=True)
DESK = User(id=902, name="Bert Balie", role=Role.DESK, active=True)


def make_pilots(db: Database, *names: str) -> None:
    """Exactly these kernen are pilots (the council's choice), the rest not."""
    with db.write(COORDINATOR.actor) as tx:
        tx.execute("UPDATE kernen SET is_pilot = 0")
        for name in names:
            tx.execute("UPDATE kernen SET is_pilot = 1 WHERE name = ?", (name,))


def item(theme: str, title: str, **fields: str) -> ItemInput:
    return ItemInput(theme=theme, title=title, **fields)


def agenda_with_items(db: Database, by: User, kern: int) -> Agenda:
    """Zoelen-style agenda: two themes, two speerpunten (added out of order), two overig."""
    agenda = create_agenda(db, by, kern, "eerste versie 2024", period="2024-2027")
    add_item(db, by, agenda.id, item("Wonen", "Starterswoningen", priority="speerpunt 2"))
    add_item(db, by, agenda.id, item("Jeugd", "Trapveldje opknappen", priority="overig"))
    add_item(db, by, agenda.id, item("Wonen", "Seniorenhofje", priority="speerpunt 1"))
    add_item(db, by, agenda.id, item("Wonen", "Aanbod inventariseren", priority="overig"))
    return get_agenda(db, agenda.id)


def application(db: Database, kern: int, title: str, granted: int) -> int:
    """A leefbaarheidsbudget application of 2025 in ``kern``: granted when ``granted`` > 0."""
    with db.write(COORDINATOR.actor) as tx:
        return tx.insert(
            "applications",
            {
                "year": 2025,
                "kern_id": kern,
                "title": title,
                "applicant": "Dorpsraad",
                "requested_cents": 80_000,
                "granted_cents": granted,
                "status": "gehonoreerd" if granted else "in_behandeling",
                "created_at": "2025-01-01",
                "updated_at": "2025-01-01",
            },
        )


@pytest.fixture(autouse=True)
def pilot_kernen(request: pytest.FixtureRequest) -> None:
    """Every kern a pilot, so any kern may get an agenda (only pilot kernen get one); a test
    about a kern that is no pilot turns that kern back (:func:`make_pilots`)."""
    # The database the test itself uses: the demo copy, or the fresh one.
    name = "demo_db" if "demo_db" in request.fixturenames else "db"
    db: Database = request.getfixturevalue(name)
    with db.write(COORDINATOR.actor) as tx:
        tx.execute("UPDATE kernen SET is_pilot = 1")
