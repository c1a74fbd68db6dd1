"""Fixtures for the core tier: a fresh SQLite file per test, with the committed kernen."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from core_support import ADMIN, CALLER

from festival.domain.kernen import KernIndex, list_kernen, seed_kernen
from festival.domain.permissions import SYSTEM, SystemCaller
from festival.domain.pin_key import key_path
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
    seed_kernen(raw_db, SYSTEM)
    return raw_db


@pytest.fixture
def actor() -> Actor:
    return ADMIN


@pytest.fixture
def caller() -> SystemCaller:
    """The test's administrator as a caller (the same name as ``actor`` in the audit log)."""
    return CALLER


@pytest.fixture
def kern_id(db: Database):
    """``kern_id("Zoelen")`` -> the id of that kern in this database."""
    index = KernIndex(list_kernen(db, include_inactive=True))

    def find(name: str) -> int:
        return index.find(name).id

    return find


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo festival (5 criteria, 3 jurors, 8 pitches), made once: hashing PINs is slow."""
    from festival.features import fill_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = Database(path)
    fill_demo(database, finished=False)  # the jury's day still to come
    database.close()  # the last connection folds the WAL back into the file
    return path


@pytest.fixture
def demo_db(demo_template: Path, db_path: Path) -> Iterator[Database]:
    """A fresh copy of the demo database for one test (at ``db_path``)."""
    shutil.copyfile(demo_template, db_path)
    shutil.copyfile(key_path(demo_template), key_path(db_path))  # the PINs need their key
    database = Database(db_path)
    yield database
    database.close()
