"""Cross-process change: how long until a screen sees another terminal's commit.

A second process commits at a random moment and notes the time right after COMMIT; this process
polls :class:`ChangeWatch` on a fixed-rate timer, as the app's ``set_interval`` does, and notes
when it sees the change.
"""

from __future__ import annotations

import random
import subprocess
import time
from pathlib import Path

from bench.common import CHILD_TIMEOUT, child_command, child_env, demo_database, progress
from bench.figures import Figure, Row, Target
from festival.settings import Settings
from festival.store.database import ChangeWatch, Database

TRIALS = 30
TIGHT_POLL = 0.005


def _readline(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        raise RuntimeError(f"the committer stopped (exit code {proc.poll()})")
    return line.strip()


def seen_delays_ms(db_path: Path, interval: float, trials: int, seed: int) -> list[float]:
    """Milliseconds from the other process's COMMIT to this process noticing it."""
    rng = random.Random(seed)
    proc = subprocess.Popen(
        child_command("_committer.py", db_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    assert proc.stdin is not None
    delays: list[float] = []
    try:
        if _readline(proc) != "ready":
            raise RuntimeError("the committer did not start")
        with Database(db_path, migrate=False) as db:
            watch = ChangeWatch(db)
            for _ in range(trials):
                watch.changed()  # start each trial from a clean slate
                # A random moment within one poll period, so every phase of the timer is hit.
                proc.stdin.write(f"go {rng.uniform(0.01, 0.01 + interval):.4f}\n")
                proc.stdin.flush()
                tick = time.monotonic()
                deadline = tick + 10
                while not watch.changed():
                    tick += interval
                    if tick > deadline:
                        raise RuntimeError("no change seen within 10 s")
                    time.sleep(max(0.0, tick - time.monotonic()))
                seen = time.time()
                committed = float(_readline(proc))
                delays.append((seen - committed) * 1000)
        proc.stdin.write("quit\n")
        proc.stdin.flush()
        proc.wait(timeout=CHILD_TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return delays


def cross_process_change(workdir: Path) -> list[Row]:
    db = demo_database(workdir / "changes.db")
    poll = Settings(db=db).poll_interval
    progress(f"cross-process change x{TRIALS}, poll {poll} s")
    app_poll = seen_delays_ms(db, poll, TRIALS, seed=1)
    progress(f"cross-process change x{TRIALS}, poll {TIGHT_POLL} s")
    tight = seen_delays_ms(db, TIGHT_POLL, TRIALS, seed=2)
    return [
        Figure(
            f"cross-process change seen (ChangeWatch, app poll {poll * 1000:.0f} ms)",
            app_poll,
            target=Target(300, "p95"),
        ),
        Figure(
            f"cross-process change seen (ChangeWatch, tight poll {TIGHT_POLL * 1000:.0f} ms)",
            tight,
        ),
    ]
