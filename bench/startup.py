"""Startup: time from process start to the first frame, ours against a bare Textual app."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from bench.common import CHILD_TIMEOUT, child_command, child_env, demo_database, progress
from bench.figures import Figure, Ratio, Row, Target

RUNS = 12
KINDS = ("kerngericht", "bare")


def first_frame_ms(kind: str, db: Path) -> float:
    """Start a fresh interpreter that runs the app headless; milliseconds to its first frame."""
    command = child_command("_first_frame.py", kind, db)
    env = child_env()
    started = time.time()
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=CHILD_TIMEOUT, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{kind} app failed ({result.returncode}):\n{result.stderr}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    if report["widgets"] < 1:
        raise RuntimeError(f"{kind} app showed an empty screen first: {report}")
    return (float(report["frame"]) - started) * 1000


def first_frame(workdir: Path) -> list[Row]:
    db = demo_database(workdir / "startup.db")
    for kind in KINDS:  # warm up: byte-code caches and the page cache, not counted
        first_frame_ms(kind, db)
    samples: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for run in range(RUNS):
        progress(f"startup {run + 1}/{RUNS}")
        # Interleaved, alternating which goes first, so drift in machine load hits both.
        for kind in KINDS if run % 2 == 0 else reversed(KINDS):
            samples[kind].append(first_frame_ms(kind, db))
    ours = Figure("startup: first frame, festival command (demo db)", samples["kerngericht"])
    bare = Figure("startup: first frame, bare Textual", samples["bare"])
    ratio = Ratio(
        "startup: first frame, Kerngericht / bare Textual (ratio)",
        ours,
        bare,
        target=Target(1.5, "median"),
    )
    return [ratio, ours, bare]
