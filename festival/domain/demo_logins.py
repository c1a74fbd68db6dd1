"""The demo logins and whether demo data is present: light enough for the login screen.

Kept apart from :mod:`festival.domain.demo` so the first frame does not wait for the budget
models to load.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    DemoLogin(name="Carla Coördinator", role=Role.COORDINATOR, pin="111111"),
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


def logins_with_demo_pin(db: Database, logins: Sequence[DemoLogin]) -> list[DemoLogin]:
    """The demo logins whose user still has the demo PIN: one that was changed is secret.

    Read from a flag the demo sets and a PIN change clears, not by checking each hash: that
    costs a scrypt per demo user before the first frame (0.24 s for the seven; ``make bench``,
    login rows).
    """
    from festival.domain.accounts import demo_pin_user_ids

    ids = demo_pin_user_ids(db)
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    rows = db.fetchall(f"SELECT name FROM users WHERE active = 1 AND id IN ({marks})", sorted(ids))
    names = {r["name"] for r in rows}
    return [login for login in logins if login.name in names]


def has_demo(db: Database) -> bool:
    return bool(db.scalar("SELECT value FROM app_meta WHERE key = 'demo'") == "1")


def is_empty(db: Database) -> bool:
    return not db.scalar("SELECT count(*) FROM users")
