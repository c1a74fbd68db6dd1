"""What several benchmarks share: a demo database, child processes, progress lines."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from festival.features import fill_demo
from festival.store.database import Database

HERE = Path(__file__).resolve().parent
#: Timeout for any one child process, so a hang fails the bench instead of blocking it.
CHILD_TIMEOUT = 60.0


def progress(message: str) -> None:
    """A line on stderr while the bench runs; stdout is kept for the table."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


def demo_database(path: Path, *, finished: bool = True) -> Path:
    """A database file holding the demo festival, as ``festival demo`` makes it
    (``finished=False``: before the jury starts, as ``festival demo --zonder-scores``)."""
    with Database(path) as db:
        fill_demo(db, finished=finished)
    return path


def child_env() -> dict[str, str]:
    """The environment for child processes: without Textual's developer switches."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def child_command(script: str, *args: object) -> list[str]:
    """Run a helper script of this package by path, so the child does not import ``bench``."""
    return [sys.executable, str(HERE / script), *map(str, args)]


def run_child(script: str, *args: object) -> str:
    """Run a helper script to its end and return its stdout; raise on failure."""
    result = subprocess.run(
        child_command(script, *args),
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{script} {args} failed ({result.returncode}):\n{result.stderr}")
    return result.stdout
