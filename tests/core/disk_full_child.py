"""Runs one action under a file-size limit, which fails writes as a full disk does.

``python disk_full_child.py LIMIT cli ARGS...`` sets the limit, then runs the command line.
``python disk_full_child.py LIMIT checkin DB CODE`` opens the database first, then sets the
limit and checks the code in (the write itself meets the full disk).
Prints what the user would read; exits 1 on a store error.
"""

from __future__ import annotations

import resource
import signal
import sys
from pathlib import Path


def limit_file_size(limit: int) -> None:
    # Without this, the first write past the limit kills the process instead of failing.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def main() -> int:
    limit, mode, *args = sys.argv[1:]
    if mode == "cli":
        from festival.cli.main import run

        limit_file_size(int(limit))
        return run(args)
    from festival.domain import checkin
    from festival.domain.permissions import SystemCaller
    from festival.features import installed
    from festival.store.database import Database
    from festival.store.errors import DatabaseError

    installed()
    db = Database(Path(args[0]))
    limit_file_size(int(limit))
    try:
        result = checkin.check_in_code(db, SystemCaller("balie"), args[1], "Balie 1")
    except DatabaseError as exc:
        print(type(exc).__name__, exc)
        return 1
    finally:
        db.close()
    print(result.outcome.value)
    return 0


if __name__ == "__main__":
    sys.exit(main())
