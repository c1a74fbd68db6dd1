"""Child of the busy-desk benchmark: imports one registration file, as a second terminal would.

``python _importer.py DB CSV RESULT`` reads the file, imports it into the current festival in one
transaction and writes a JSON object to RESULT: when the import started and ended, and when its
write transaction took and released the lock (``time.time()`` seconds).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from festival.domain import registration_io
from festival.domain.festivals import current_festival
from festival.domain.permissions import SystemCaller
from festival.features import installed
from festival.store.database import Actor, Database, Transaction

CALLER = SystemCaller("import (bench)")


#: When each write transaction took and released the lock.
HELD: list[tuple[float, float]] = []


class TimedDatabase(Database):
    """A database that notes in :data:`HELD` when each write transaction held the lock."""

    @contextmanager
    def write(self, actor: Actor) -> Iterator[Transaction]:
        with super().write(actor) as tx:
            taken = time.time()
            yield tx
        HELD.append((taken, time.time()))


def main() -> None:
    db_path, csv_path, result_path = map(Path, sys.argv[1:4])
    installed()
    data = csv_path.read_bytes()
    with TimedDatabase(db_path, migrate=False) as db:
        festival = current_festival(db)
        assert festival is not None
        started = time.time()
        report = registration_io.import_registrations(db, CALLER, festival.id, data)
        ended = time.time()
        longest = max(HELD, key=lambda span: span[1] - span[0])
    result = {
        "imported": report.imported,
        "started": started,
        "ended": ended,
        "lock_taken": longest[0],
        "lock_released": longest[1],
    }
    result_path.write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    main()
