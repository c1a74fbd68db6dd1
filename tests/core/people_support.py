"""Helpers for the tests of registrations, duplicates and privacy (invented people only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cli_support import run
from core_support import CALLER

from festival.domain.festivals import Festival, add_festival
from festival.domain.registration import PersonInput, Registration, register
from festival.domain.roles import Role, User
from festival.store.database import Database

HEADER = "naam;rol;kern;organisatie;email;telefoon;initiatief;gevraagd"
COORDINATOR = User(id=1, name="Carla Coördinator", role=Role.COORDINATOR, active=True)
DESK = User(id=2, name="Bert Balie", role=Role.DESK, active=True)


def csv_bytes(*lines: str, newline: str = "\n", encoding: str = "utf-8") -> bytes:
    return (newline.join(lines) + newline).encode(encoding)


def festival(
    db: Database, *, day: str = "12-09-2026", keep: str = "31-03-2027", name: str = "Festival"
) -> Festival:
    return add_festival(db, CALLER, name=name, day=day, place="Lienden", retention=keep)


def person(
    db: Database, festival_id: int, name: str, roles: str = "bezoeker", **kw: Any
) -> Registration:
    kw.setdefault("kern", "Zoelen")
    return register(
        db, CALLER, festival_id, PersonInput(name=name, roles=roles, **kw), allow_duplicate=True
    )


def cli(db_path: Path, *args: str) -> int:
    return run(["--db", str(db_path), *args])
