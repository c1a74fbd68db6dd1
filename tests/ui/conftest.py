"""Fixtures for Pilot tests: a demo database copied per test (scrypt makes seeding slow)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from festival.app import KerngerichtApp, make_app
from festival.domain.pin_key import key_path
from festival.features import fill_demo
from festival.settings import Settings
from festival.store.database import Database


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "demo.db"
    with Database(path) as db:
        fill_demo(db, finished=False)  # the jury's day still to come
        # Fold the WAL into the main file so a plain file copy carries everything.
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def db_path(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "festival.db"
    shutil.copy(demo_template, path)
    shutil.copy(key_path(demo_template), key_path(path))  # the PINs need their key
    return path


@pytest.fixture
def log_path(tmp_path: Path) -> Path:
    """The app's error log, inside the test's own folder."""
    return tmp_path / "log" / "kerngericht.log"


@pytest.fixture
def app(db_path: Path, log_path: Path) -> KerngerichtApp:
    # A short poll keeps the live-refresh tests quick; the mechanism is the same.
    return make_app(Settings(db=db_path, poll_interval=0.05, log=log_path))


@pytest.fixture(autouse=True)
def app_errors(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Exception]]:
    """The unexpected errors an app met during the test; any left over fail the test.

    The app shows an error screen and goes on where Textual would end (and `run_test` would
    raise), so without this a bug behind a test would pass unseen. A test that provokes an
    error checks it and clears the list.
    """
    seen: list[Exception] = []
    handle = KerngerichtApp._handle_exception

    def recording(self: KerngerichtApp, error: Exception) -> None:
        seen.append(error)
        handle(self, error)

    monkeypatch.setattr(KerngerichtApp, "_handle_exception", recording)
    yield seen
    assert not seen, f"the app met unexpected errors: {seen!r}"


@pytest.fixture
def other_db(db_path: Path) -> Iterator[Database]:
    """A second connection, as another terminal would have."""
    db = Database(db_path)
    yield db
    db.close()
