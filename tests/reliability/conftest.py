"""Fixtures for the reliability tests: a seeded database, and workers never left behind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from festival.domain.kernen import seed_kernen
from festival.store.database import Database

from .harness import SEEDER_CALLER, SpawnWorker, Worker, start_worker


@pytest.fixture
def spawn_worker() -> Iterator[SpawnWorker]:
    """Start ``_worker.py COMMAND ARGS...``; any worker still alive at teardown is killed."""
    started: list[Worker] = []

    def spawn(*args: object) -> Worker:
        worker = start_worker(*args)
        started.append(worker)
        return worker

    yield spawn
    for worker in started:
        if worker.proc.poll() is None:
            worker.proc.kill()
        worker.proc.wait()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A migrated database file with the kernen seeded and no open connection left."""
    path = tmp_path / "kerngericht.db"
    with Database(path) as db:
        seed_kernen(db, SEEDER_CALLER)
    return path
