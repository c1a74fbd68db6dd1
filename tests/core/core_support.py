"""Helpers shared by the core tests (imported by name: tests/core is on sys.path)."""

from __future__ import annotations

from festival.store.database import Actor, Database

ADMIN = Actor(name="Test Beheerder")


def count(db: Database, table: str) -> int:
    return int(db.scalar(f"SELECT count(*) FROM {table}"))
