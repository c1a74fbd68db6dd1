"""Six terminals adding applications at the same moment lose nothing and see no error."""

from __future__ import annotations

from pathlib import Path

import pytest

from festival.domain.budget import BudgetYearInput, set_budget_year
from festival.store.database import Database

from .harness import SEEDER_CALLER, SpawnWorker

pytestmark = pytest.mark.reliability

WORKERS = 6
WRITES = 100


def test_six_processes_writing_at_once_lose_nothing(
    db_path: Path, tmp_path: Path, spawn_worker: SpawnWorker
) -> None:
    with Database(db_path) as db:
        set_budget_year(db, SEEDER_CALLER, BudgetYearInput(year="2026", budget="50000"))
    start = tmp_path / "start"
    workers = [spawn_worker("audited-writes", db_path, start, n, WRITES) for n in range(WORKERS)]
    for worker in workers:
        worker.wait_ready()
    start.touch()  # all six are connected and waiting: let them go at once

    started, done = [], []
    for n, worker in enumerate(workers):
        code, out, err = worker.finish(timeout=60)
        assert code == 0, f"worker {n} failed:\n{err}"
        assert err == "", f"worker {n} wrote to stderr:\n{err}"
        ready, start_line, done_line = out.splitlines()
        assert ready == "ready"
        started.append(float(start_line.removeprefix("started ")))
        done.append(float(done_line.removeprefix("done ")))
    # They really ran at the same time: every worker had begun before the first one finished.
    assert max(started) < min(done)

    with Database(db_path) as db:
        assert db.integrity_check() == "ok"
        assert db.scalar("SELECT count(*) FROM applications") == WORKERS * WRITES
        assert (
            db.scalar("SELECT count(*) FROM audit_log WHERE action = 'aanvraag toegevoegd'")
            == WORKERS * WRITES
        )
        titles = {r["title"] for r in db.fetchall("SELECT title FROM applications")}
        assert titles == {f"w{n}-{i}" for n in range(WORKERS) for i in range(WRITES)}
        # Every audit line belongs to its application and names the worker that wrote it.
        orphans = db.scalar(
            "SELECT count(*) FROM audit_log l LEFT JOIN applications a"
            " ON CAST(l.entity_id AS INTEGER) = a.id"
            " WHERE l.action = 'aanvraag toegevoegd'"
            " AND (a.id IS NULL OR a.applicant != 'Werker ' || substr(l.actor, 8))"
        )
        assert orphans == 0
