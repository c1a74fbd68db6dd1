"""A terminal killed in the middle of a write: what it acknowledged stays, nothing half remains.

A writer adds batches of three applications per transaction (each with its audit line) and
acknowledges a batch only after COMMIT returned. It is killed with SIGKILL at random moments,
twenty times; most kills land inside an open transaction or in the commit itself.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from festival.store.database import Database

from ._worker import BATCH
from .harness import SpawnWorker

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

KILLS = 20
#: The writer runs this long (at random) before each kill, once it has its connection.
RUN_SECONDS = (0.02, 0.4)


def test_writer_killed_mid_transaction_twenty_times(
    db_path: Path, spawn_worker: SpawnWorker
) -> None:
    with Database(db_path) as db:
        kern_id = db.scalar("SELECT id FROM kernen ORDER BY id LIMIT 1")
    rng = random.Random(20)
    acknowledged: set[str] = set()
    begun_not_committed = 0
    deadline = time.monotonic() + 60

    for run in range(KILLS):
        assert time.monotonic() < deadline, "the kill loop took too long"
        worker = spawn_worker("killable-writer", db_path, run, kern_id)
        worker.wait_ready()  # opened the database (and recovered it after the last kill)
        time.sleep(rng.uniform(*RUN_SECONDS))  # let it write for a random while
        os.kill(worker.proc.pid, signal.SIGKILL)
        code, out, err = worker.finish()
        assert code == -signal.SIGKILL, f"writer {run} ended on its own:\n{err}"
        last = ""
        for line in out.splitlines()[1:]:
            kind, key = line.split()
            if kind == "C":
                acknowledged.add(key)
            last = kind
        begun_not_committed += last == "B"

    # Most kills hit an open transaction (or its commit), not the gap between two.
    assert begun_not_committed >= KILLS // 4, begun_not_committed
    assert len(acknowledged) >= KILLS, "the writer hardly wrote anything"

    with Database(db_path) as db:
        assert db.integrity_check() == "ok"
        rows = db.fetchall("SELECT id, title FROM applications")
        audits = db.fetchall(
            "SELECT entity_id, after FROM audit_log WHERE action = 'aanvraag toegevoegd'"
        )
    batch_of = {r["id"]: r["title"].split()[1] for r in rows}
    per_batch = Counter(batch_of.values())
    audited = Counter(a["entity_id"] for a in audits)
    audit_batch = {a["entity_id"]: json.loads(a["after"])["bron"] for a in audits}

    # Every acknowledged batch is there, whole.
    missing = acknowledged - per_batch.keys()
    assert not missing, f"acknowledged but lost: {sorted(missing)[:5]}"
    # No transaction is visible in part: each batch has all its rows or none.
    partial = {key: n for key, n in per_batch.items() if n != BATCH}
    assert not partial, f"half-written batches: {partial}"
    # Change and audit line committed together: one line per row, no line without its row.
    assert audited == Counter(str(i) for i in batch_of), "rows and audit lines differ"
    assert audit_batch == {str(i): key for i, key in batch_of.items()}
    # At most one unacknowledged batch per kill can have made it (committed, not yet printed).
    assert len(per_batch.keys() - acknowledged) <= KILLS
