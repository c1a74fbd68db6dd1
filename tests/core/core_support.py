"""Helpers shared by the core tests (imported by name: tests/core is on sys.path)."""

from __future__ import annotations

from festival.domain.permissions import SystemCaller
from festival.store.database import Actor, Database

ADMIN = Actor(name="Test Beheerder")
#: The same person as a caller of the services that check permissions (may do everything).
CALLER = SystemCaller(ADMIN.name)


def count(db: Database, table: str) -> int:
    return int(db.scalar(f"SELECT count(*) FROM {table}"))
