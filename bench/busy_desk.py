"""Desk check-ins while another terminal imports 60,000 registrations.

A second process imports a 60,000-line registration file (all of it in one transaction, as the
CSV import does); meanwhile this process checks people in by badge code, one after another with
a short pause, as a desk with a queue does: the same domain call the desk's Enter makes, on its
own connection with the app's pragmas and busy timeout. Every check-in that overlaps the
import is a sample, from the call to its answer; a check-in that fails (busy after the timeout,
or any error) is counted, never retried.

The import reads and checks its file before it takes the write lock, so only the check-ins that
arrive while it inserts have to wait; the context rows give how long that took.
"""

from __future__ import annotations

import json
import random
import subprocess
import time
from pathlib import Path

from bench.common import CHILD_TIMEOUT, child_command, child_env, demo_database, progress
from bench.figures import Figure, Row, Target
from festival.domain import checkin, registration_io
from festival.domain.festivals import current_festival
from festival.domain.kernen import list_kernen
from festival.domain.permissions import SystemCaller
from festival.store.database import Database
from festival.store.errors import DatabaseError

IMPORT_LINES = 60_000
#: People registered beforehand, so every check-in during the import is a real write.
DESK_PEOPLE = 3_000
#: The pause between two check-ins at the desk (the next person steps up).
PAUSE = 0.05
SEED = 13
DESK = SystemCaller("Balie 1 (bench)")


def registration_file(kernen: list[str], count: int, prefix: str, seed: int) -> bytes:
    """A valid registration CSV of ``count`` invented people (each e-mail address unique)."""
    rng = random.Random(seed)
    lines = ["naam;rol;kern;organisatie;email;telefoon;initiatief;gevraagd"]
    roles = ("bezoeker",) * 8 + ("subsidieverlener",)
    for i in range(count):
        role = rng.choice(roles)
        organisation = "Fonds Rivierland" if role == "subsidieverlener" else ""
        lines.append(
            f"{prefix} {i} {rng.choice(kernen)};{role};{rng.choice(kernen)};{organisation};"
            f"{prefix.lower()}{i}@example.org;06-{rng.randrange(10**7, 10**8)};;"
        )
    return ("\n".join(lines) + "\n").encode()


def busy_desk(workdir: Path) -> list[Row]:
    progress(f"desk check-ins during a {IMPORT_LINES:,}-line import")
    db_path = demo_database(workdir / "busy.db")
    csv_path = workdir / "aanmeldingen.csv"
    result_path = workdir / "import.json"
    with Database(db_path) as db:
        festival = current_festival(db)
        assert festival is not None
        kernen = [k.name for k in list_kernen(db)]
        registration_io.import_registrations(
            db, DESK, festival.id, registration_file(kernen, DESK_PEOPLE, "Bezoeker", SEED)
        )
        csv_path.write_bytes(registration_file(kernen, IMPORT_LINES, "Deelnemer", SEED + 1))
        codes = [
            r["code"]
            for r in db.fetchall(
                "SELECT code FROM registrations WHERE checked_in_at IS NULL ORDER BY id"
            )
        ]
        spans: list[tuple[float, float]] = []
        failures = 0
        proc = subprocess.Popen(
            child_command("_importer.py", db_path, csv_path, result_path), env=child_env()
        )
        try:
            deadline = time.monotonic() + CHILD_TIMEOUT
            while proc.poll() is None:
                if time.monotonic() > deadline or not codes:
                    raise RuntimeError("the import did not end in time")
                started = time.time()
                try:
                    checkin.check_in_code(db, DESK, codes.pop(), "Balie 1")
                except DatabaseError:
                    failures += 1
                spans.append((started, time.time()))
                time.sleep(PAUSE)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        if proc.returncode != 0:
            raise RuntimeError(f"the import failed ({proc.returncode})")
    result = json.loads(result_path.read_text(encoding="utf-8"))
    assert result["imported"] == IMPORT_LINES
    # Only check-ins that overlap the import count: before and after it nobody waits.
    during = [
        (end - start) * 1000
        for start, end in spans
        if end >= result["started"] and start <= result["ended"]
    ]
    return [
        Figure(
            f"desk check-in during a {IMPORT_LINES:,}-line import (other process)",
            during,
            target=Target(1000, "p95"),
        ),
        Figure("  its slowest check-in (max)", [max(during)]),
        Figure("  failed check-ins", [float(failures)], unit="", target=Target(0, "median")),
        Figure(
            "  context: the import held the write lock",
            [(result["lock_released"] - result["lock_taken"]) * 1000],
        ),
        Figure(
            "  context: the whole import (read, check, store)",
            [(result["ended"] - result["started"]) * 1000],
        ),
    ]
