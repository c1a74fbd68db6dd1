"""Fixtures for the core tier: a fresh SQLite file per test, with the committed kernen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from core_support import ADMIN

from festival.domain.kernen import KernIndex, list_kernen, seed_kernen
from festival.store.database import Actor, Database


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "t.db"


@pytest.fixture
def raw_db(db_path: Path) -> Iterator[Database]:
    """A migrated database without any rows."""
    database = Database(db_path)
    yield database
    database.close()


@pytest.fixture
def db(raw_db: Database) -> Database:
    """A migrated database with the committed kernen of gemeente Buren."""
    seed_kernen(raw_db, Actor(name="systeem"))
    return raw_db


@pytest.fixture
def actor() -> Actor:
    return ADMIN


@pytest.fixture
def kern_id(db: Database):
    """``kern_id("Zoelen")`` -> the id of that kern in this database."""
    index = KernIndex(list_kernen(db, include_inactive=True))

    def find(name: str) -> int:
        return index.find(name).id

    return find
