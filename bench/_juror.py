"""Child of the jury benchmark: a juror's terminal saving scores through the real service.

``python _juror.py board DB FESTIVAL`` prints ``ready``; then for every ``go SECONDS JUROR
INITIATIVE`` line on stdin it sleeps that long, saves that juror's scores for that initiative
with :func:`festival.domain.jury.save_scores` and prints ``time.time()`` taken right after the
save returned (after its COMMIT). ``quit`` (or the end of stdin) ends it.

``python _juror.py burst DB FESTIVAL JUROR START INITIATIVE...`` prints ``ready``, waits for the
file START to appear, then saves every initiative once, as fast as it can, and prints one JSON
line: the saves that succeeded and failed, the first error, each save's milliseconds, and
``time.time()`` after the last save. A failed save is counted, not fatal: the bench reports it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from festival.domain import jury
from festival.domain.accounts import get_user
from festival.domain.roles import User
from festival.store.database import Database

#: How long a burst child waits for the start file before giving up.
START_TIMEOUT = 60.0


def values_for(juror: User, initiative: int, criteria: list[jury.Criterion]) -> dict[int, int]:
    """A valid value per criterion, different per juror and initiative."""
    return {
        c.id: c.scale_min + (juror.id * 7 + initiative * 3 + c.id) % (c.scale_max - c.scale_min + 1)
        for c in criteria
    }


def board_saver(db: Database, festival_id: int) -> None:
    criteria = jury.list_criteria(db, festival_id)
    jurors: dict[int, User] = {}
    print("ready", flush=True)
    for line in sys.stdin:
        command, *args = line.split()
        if command == "quit":
            break
        delay, juror_id, initiative = float(args[0]), int(args[1]), int(args[2])
        juror = jurors.get(juror_id) or jurors.setdefault(juror_id, get_user(db, juror_id))
        time.sleep(delay)
        values = values_for(juror, initiative, criteria)
        jury.save_scores(db, juror, festival_id, juror, initiative, values)
        committed = time.time()
        print(repr(committed), flush=True)


def burst_saver(
    db: Database, festival_id: int, juror_id: int, start_file: Path, initiatives: list[int]
) -> None:
    juror = get_user(db, juror_id)
    criteria = jury.list_criteria(db, festival_id)
    print("ready", flush=True)
    deadline = time.monotonic() + START_TIMEOUT
    while not start_file.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"start file {start_file} never appeared")
        time.sleep(0.001)
    saved, failed, first_error = 0, 0, ""
    latencies: list[float] = []
    for initiative in initiatives:
        values = values_for(juror, initiative, criteria)
        started = time.perf_counter()
        try:
            jury.save_scores(db, juror, festival_id, juror, initiative, values)
        except Exception as exc:  # counted and reported: the figure is the error count
            failed += 1
            first_error = first_error or f"{type(exc).__name__}: {exc}"
            continue
        latencies.append((time.perf_counter() - started) * 1000)
        saved += 1
    done = time.time()
    report = {
        "saved": saved,
        "failed": failed,
        "first_error": first_error,
        "latencies_ms": latencies,
        "done": done,
    }
    print(json.dumps(report), flush=True)


def main() -> None:
    mode, db_path, festival_id = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    db = Database(db_path, migrate=False)
    try:
        if mode == "board":
            board_saver(db, festival_id)
        elif mode == "burst":
            initiatives = [int(a) for a in sys.argv[6:]]
            burst_saver(db, festival_id, int(sys.argv[4]), Path(sys.argv[5]), initiatives)
        else:
            raise SystemExit(f"unknown mode {mode!r}")
    finally:
        db.close()


if __name__ == "__main__":
    main()
