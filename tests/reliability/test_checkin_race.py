"""Two desks checking in the same people at the same moment: exactly one says "Welkom"."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from festival.domain import registration
from festival.domain.festivals import add_festival
from festival.domain.kernen import seed_kernen
from festival.domain.permissions import SystemCaller
from festival.domain.registration import PersonInput
from festival.store.database import Database

pytestmark = pytest.mark.reliability

PEOPLE = 60
TEST = SystemCaller("test")

CHILD = r"""
import json, sys, time
from pathlib import Path
from festival.domain import checkin
from festival.domain.permissions import SystemCaller
from festival.store.database import Database

db_path, desk, start_file, codes = sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4:]
db = Database(Path(db_path))
deadline = time.monotonic() + 20
while not start_file.exists():
    if time.monotonic() > deadline:
        sys.exit("start file never appeared")
    time.sleep(0.001)
outcomes = {}
for code in codes:
    result = checkin.check_in_code(db, SystemCaller(desk), code, desk)
    outcomes[code] = result.outcome.value
print(json.dumps(outcomes))
"""


def test_exactly_one_desk_welcomes_each_person(tmp_path: Path) -> None:
    path = tmp_path / "race.db"
    with Database(path) as db:
        seed_kernen(db, TEST)
        festival = add_festival(
            db, TEST, name="Race", day="01-09-2026", place="", retention="01-12-2026"
        )
        codes = [
            registration.register(
                db,
                TEST,
                festival.id,
                PersonInput(name=f"Persoon {i}", roles="bezoeker", kern="Ingen"),
            ).code
            for i in range(PEOPLE)
        ]
    start = tmp_path / "start"
    desks = ("Balie A", "Balie B")
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), desk, str(start), *codes],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for desk in desks
    ]
    time.sleep(0.5)  # let both interpreters start and wait on the start file
    start.touch()
    results = []
    for child in children:
        out, errors = child.communicate(timeout=60)
        assert child.returncode == 0, errors
        results.append(json.loads(out))
    for code in codes:
        outcomes = sorted(r[code] for r in results)
        assert outcomes == ["Al ingecheckt", "Welkom"], (code, outcomes)
    with Database(path) as db:
        assert db.scalar("SELECT count(*) FROM checkin_events WHERE action = 'in'") == PEOPLE
        assert db.scalar("SELECT count(*) FROM registrations WHERE checked_in_at IS NULL") == 0
        assert db.integrity_check() == "ok"
