"""The command line of ``python -m bench``."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from pysqlite3 import dbapi2 as sqlite3  # the SQLite module festival.store uses

from bench.common import progress
from bench.figures import Row, table
from bench.suite import SUITE


def environment() -> str:
    """One line about the machine, because every figure depends on it."""
    return (
        f"python {platform.python_version()}, sqlite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} cpu, {platform.system()} {platform.release()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "only", nargs="*", help=f"run only these benchmarks ({', '.join(b.key for b in SUITE)})"
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="directory for the scratch databases (default: a temporary one); its file system "
        "decides the cost of fsync",
    )
    args = parser.parse_args(argv)
    unknown = set(args.only) - {b.key for b in SUITE}
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    chosen = [b for b in SUITE if not args.only or b.key in args.only]

    rows: list[Row] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kerngericht-bench-", dir=args.dir) as scratch:
        for bench in chosen:
            workdir = Path(scratch) / bench.key
            workdir.mkdir()
            rows.extend(bench.measure(workdir))
    progress(f"done in {time.monotonic() - started:.0f} s")
    print(environment())
    print(table(rows))
    sys.stdout.flush()
    return 0
