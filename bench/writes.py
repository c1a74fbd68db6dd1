"""Audited write latency: one change plus its audit line, committed with synchronous=FULL."""

from __future__ import annotations

import os
import time
from pathlib import Path

from bench.common import demo_database, progress
from bench.figures import Figure, Row, Target
from festival.domain.permissions import DEMO
from festival.store.database import Database, utc_now

WRITES = 200
WARM_UP = 10


def fsync_ms(path: Path, count: int) -> list[float]:
    """One page appended and fsync'ed, ``count`` times: the floor under a durable commit."""
    samples: list[float] = []
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for _ in range(count):
            os.write(fd, b"\0" * 4096)
            started = time.perf_counter()
            os.fsync(fd)
            samples.append((time.perf_counter() - started) * 1000)
    finally:
        os.close(fd)
    return samples


def audited_write_latency(workdir: Path) -> list[Row]:
    progress(f"audited writes x{WRITES}")
    with Database(demo_database(workdir / "writes.db")) as db:
        # The figure means what it says only with the pragmas the app uses.
        assert db.scalar("PRAGMA synchronous") == 2, "synchronous is not FULL"
        assert db.scalar("PRAGMA journal_mode") == "wal"
        ids = [r["id"] for r in db.fetchall("SELECT id FROM applications ORDER BY id")]
        samples: list[float] = []
        for i in range(WARM_UP + WRITES):
            application_id = ids[i % len(ids)]
            title = f"Bench-titel {i}"
            started = time.perf_counter()
            with db.write(DEMO.actor) as tx:
                row = tx.fetchone("SELECT title FROM applications WHERE id = ?", (application_id,))
                assert row is not None
                tx.execute(
                    "UPDATE applications SET title = ?, updated_at = ? WHERE id = ?",
                    (title, utc_now(), application_id),
                )
                tx.audit(
                    "aanvraag gewijzigd",
                    "application",
                    application_id,
                    {"title": row["title"]},
                    {"title": title},
                )
            if i >= WARM_UP:
                samples.append((time.perf_counter() - started) * 1000)
    return [
        Figure(
            "audited write latency (BEGIN IMMEDIATE, synchronous=FULL)",
            samples,
            target=Target(10, "p95"),
        ),
        # Context for the row above: a fast figure on a disk whose fsync costs nothing is no
        # promise for a laptop whose fsync costs milliseconds.
        Figure("  context: one fsync on the same file system", fsync_ms(workdir / "fsync", 100)),
    ]
