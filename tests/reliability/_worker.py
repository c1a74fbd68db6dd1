"""Child processes for the reliability tests, run as ``python _worker.py COMMAND DB ...``.

Each command opens its own connection with the real :class:`Database` and writes through the real
services, the way a second terminal would. A command that fails lets its exception escape, so
the parent sees a traceback on stderr and a non-zero exit code.
"""

from __future__ import annotations

import random
import sys
import threading
import time
from pathlib import Path

from festival.domain.budget import (
    ApplicationDraft,
    ApplicationInput,
    ApplicationStatus,
    add_application,
    insert_application,
)
from festival.domain.permissions import SystemCaller
from festival.store.database import Actor, Database

#: How long a worker waits for the parent's start signal before giving up.
START_TIMEOUT = 30.0
#: Applications per transaction in the killable writer: all of them or none must survive.
BATCH = 3


def wait_for_start(start_file: Path) -> None:
    """Tell the parent we are ready, then wait for its start file (a barrier across processes)."""
    print("ready", flush=True)
    deadline = time.monotonic() + START_TIMEOUT
    while not start_file.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"start file {start_file} never appeared")
        time.sleep(0.001)


def audited_writes(db_path: Path, start_file: Path, worker: int, count: int) -> None:
    """Add ``count`` applications through the budget service, each with its audit line."""
    db = Database(db_path)
    caller = SystemCaller(f"werker {worker}")
    wait_for_start(start_file)
    print(f"started {time.time()}", flush=True)
    for i in range(count):
        add_application(
            db,
            caller,
            ApplicationInput(
                year="2026",
                kern="Buren",
                title=f"w{worker}-{i}",
                applicant=f"Werker {worker}",
                requested="100",
            ),
        )
    db.close()
    print(f"done {time.time()}", flush=True)


def killable_writer(db_path: Path, run: int, kern_id: int) -> None:
    """Write batches of applications for ever; acknowledge a batch only after COMMIT returned.

    Prints ``B run-seq`` once the write lock is held and ``C run-seq`` after the commit. Sleeps
    inside the transaction and sometimes writes large rows (many WAL pages) so that a SIGKILL
    lands in the middle of a transaction or of the commit itself.
    """
    db = Database(db_path)
    actor = Actor(name=f"schrijver {run}")
    rng = random.Random(run)
    print("ready", flush=True)
    seq = 0
    while True:
        seq += 1
        key = f"{run}-{seq}"
        padding = "x" * rng.choice((0, 0, 5_000, 40_000))
        with db.write(actor) as tx:
            print(f"B {key}", flush=True)
            for part in range(BATCH):
                draft = ApplicationDraft(
                    year=2026,
                    kern_id=kern_id,
                    title=f"kill {key} {part}",
                    applicant=f"Schrijver {run}{padding}",
                    requested_cents=10_000,
                    granted_cents=0,
                    status=ApplicationStatus.PENDING,
                    decision_date=None,
                )
                insert_application(tx, draft, source=key)
                time.sleep(rng.uniform(0.0, 0.006))  # widen the window for a kill
        print(f"C {key}", flush=True)


def counter(db_path: Path, start_file: Path, worker: int, threads: int, count: int) -> None:
    """Increment one shared counter ``count`` times from each of ``threads`` connections."""
    opened = threading.Barrier(threads + 1, timeout=START_TIMEOUT)
    go = threading.Event()
    errors: list[BaseException] = []

    def increment(name: str) -> None:
        try:
            # A connection belongs to the thread that made it: each thread opens its own.
            connection = Database(db_path, migrate=False)
            opened.wait()
            if not go.wait(START_TIMEOUT):
                raise TimeoutError("never started")
            actor = Actor(name=name)
            for _ in range(count):
                with connection.write(actor) as tx:
                    row = tx.fetchone("SELECT value FROM app_meta WHERE key = 'counter'")
                    assert row is not None
                    value = int(row["value"])
                    time.sleep(0)  # let another thread run between read and write
                    tx.execute(
                        "UPDATE app_meta SET value = ? WHERE key = 'counter'", (str(value + 1),)
                    )
                    tx.audit("teller opgehoogd", "app_meta", "counter", {"value": value})
            connection.close()
        except BaseException as exc:
            errors.append(exc)
            raise

    workers = [
        threading.Thread(target=increment, args=(f"werker {worker}.{n}",)) for n in range(threads)
    ]
    for t in workers:
        t.start()
    opened.wait()
    wait_for_start(start_file)
    go.set()
    for t in workers:
        t.join()
    if errors:
        raise errors[0]
    print("done", flush=True)


def main(argv: list[str]) -> None:
    command, db_path = argv[0], Path(argv[1])
    if command == "audited-writes":
        audited_writes(db_path, Path(argv[2]), int(argv[3]), int(argv[4]))
    elif command == "killable-writer":
        killable_writer(db_path, int(argv[2]), int(argv[3]))
    elif command == "counter":
        counter(db_path, Path(argv[2]), int(argv[3]), int(argv[4]), int(argv[5]))
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
