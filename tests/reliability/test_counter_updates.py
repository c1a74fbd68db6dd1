"""Read-then-write on one counter from several processes and connections loses no update."""

from __future__ import annotations

from pathlib import Path

import pytest

from festival.store.database import Database

from .harness import SEEDER, SpawnWorker

pytestmark = pytest.mark.reliability

PROCESSES = 3
#: Connections per process, each in its own thread (a connection belongs to one thread).
CONNECTIONS = 2
INCREMENTS = 100


def test_concurrent_read_then_write_never_loses_an_update(
    db_path: Path, tmp_path: Path, spawn_worker: SpawnWorker
) -> None:
    with Database(db_path) as db, db.write(SEEDER) as tx:
        tx.execute("INSERT INTO app_meta (key, value) VALUES ('counter', '0')")
    start = tmp_path / "start"
    workers = [
        spawn_worker("counter", db_path, start, n, CONNECTIONS, INCREMENTS)
        for n in range(PROCESSES)
    ]
    for worker in workers:
        worker.wait_ready()
    start.touch()

    for n, worker in enumerate(workers):
        code, out, err = worker.finish(timeout=60)
        assert code == 0, f"worker {n} failed:\n{err}"
        assert err == ""
        assert out.split() == ["ready", "done"]

    total = PROCESSES * CONNECTIONS * INCREMENTS
    with Database(db_path) as db:
        assert db.integrity_check() == "ok"
        assert db.scalar("SELECT value FROM app_meta WHERE key = 'counter'") == str(total)
        # Each increment read a different value: no two transactions saw the same counter.
        seen = [
            r["before"]
            for r in db.fetchall("SELECT before FROM audit_log WHERE action = 'teller opgehoogd'")
        ]
        assert len(seen) == total
        assert len(set(seen)) == total
