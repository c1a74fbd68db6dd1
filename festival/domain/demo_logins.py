"""The demo logins and whether demo data is present: light enough for the login screen.

Kept apart from :mod:`festival.domain.demo` so the first frame does not wait for the budget
models to load.
"""

from __future__ import annotations

from dataclasses import dataclass

from festival.domain.roles import Role
from festival.store.database import Database


@dataclass(frozen=True)
class DemoLogin:
    name: str
    role: Role
    pin: str
    kernen: tuple[str, ...] = ()


DEMO_LOGINS = (
    DemoLogin(name="Carla Coördinator", role=Role.COORDINATOR, pin="1111"),
    DemoLogin(name="Bas Balie", role=Role.DESK, pin="2222"),
    DemoLogin(name="Julia Jury", role=Role.JURY, pin="3333"),
    DemoLogin(name="Jan Jurylid", role=Role.JURY, pin="6666"),
    DemoLogin(name="Joke Jurylid", role=Role.JURY, pin="7777"),
    DemoLogin(
        name="Karin Regisseur",
        role=Role.KERNREGISSEUR,
        pin="4444",
        kernen=("Ingen", "Zoelen", "Ravenswaaij", "Lienden", "Ommeren", "Aalst", "Erichem"),
    ),
    DemoLogin(
        name="Koen Regisseur",
        role=Role.KERNREGISSEUR,
        pin="5555",
        kernen=(
            "Buren",
            "Beusichem",
            "Zoelmond",
            "Maurik",
            "Eck en Wiel",
            "Rijswijk",
            "Asch",
            "Kerk-Avezaath",
            "Kapel-Avezaath",
        ),
    ),
)


def has_demo(db: Database) -> bool:
    return bool(db.scalar("SELECT value FROM app_meta WHERE key = 'demo'") == "1")


def is_empty(db: Database) -> bool:
    return not db.scalar("SELECT count(*) FROM users")
