"""Jurors saving at the same moment from their own terminals lose nothing (issue 4).

Seven juror processes save every selected initiative at once; one juror on two terminals saves
the same initiative over and over. Each process writes through the real
:func:`festival.domain.jury.save_scores` on its own connection, as a juror's terminal does.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from festival.domain import jury, permissions
from festival.domain.accounts import add_user
from festival.domain.festivals import current_festival
from festival.domain.permissions import SystemCaller
from festival.domain.roles import Role, User
from festival.features import fill_demo
from festival.store.database import Database

from .harness import SEEDER, SEEDER_CALLER, Worker

#: The seeder as a caller of the jury's services (same name in the audit log).
SEED_CALLER = SystemCaller(SEEDER.name)

pytestmark = pytest.mark.reliability

JURORS = 7
PITCHES = 20
CRITERIA = 5
#: Saves of the same initiative by each of one juror's two terminals.
REPEATS = 60
EXTRA_JURORS = ("Jurylid Vier", "Jurylid Vijf", "Jurylid Zes", "Jurylid Zeven")

#: A juror's terminal: ``python -c CHILD DB START FESTIVAL JUROR TAG ROUNDS INITIATIVE...``.
#: Prints ``ready``, waits for the start file, then saves every initiative ``ROUNDS`` times with
#: the values :func:`values_for` gives, and prints the values of each save as one JSON line.
CHILD = r"""
import json, sys, time
from pathlib import Path
from festival.domain import jury
from festival.store.database import Database
from festival.domain.accounts import get_user

db_path, start_file = Path(sys.argv[1]), Path(sys.argv[2])
festival_id, juror_id, tag, rounds = (int(a) for a in sys.argv[3:7])
initiatives = [int(a) for a in sys.argv[7:]]
db = Database(db_path, migrate=False)
juror = get_user(db, juror_id)
criteria = [c.id for c in jury.list_criteria(db, festival_id)]
VALUES = "@VALUES@"
exec(VALUES)
print("ready", flush=True)
deadline = time.monotonic() + 30
while not start_file.exists():
    if time.monotonic() > deadline:
        sys.exit("start file never appeared")
    time.sleep(0.001)
for round_ in range(rounds):
    for initiative in initiatives:
        values = values_for(juror.id, initiative, criteria, tag, round_)
        jury.save_scores(db, juror, festival_id, juror, initiative, values)
        print(json.dumps({str(k): v for k, v in values.items()}), flush=True)
        if rounds > 1:
            time.sleep(0.002)  # a person between saves, not a loop: lets the other terminal in
db.close()
"""

#: The values a save writes, the same in the children and here. Every (juror, initiative,
#: criterion) gets its own value in 1..10; with several rounds, each (tag, round) writes a
#: different combination, so a save can be told from every other by its five values.
VALUES_SOURCE = """
def values_for(juror, initiative, criteria, tag, round_):
    if round_ == 0 and tag == 0:
        return {c: 1 + (juror * 31 + initiative * 7 + c * 3) % 10 for c in criteria}
    n = tag * 1000 + round_
    digits = (n % 10, n // 10 % 10, n // 100 % 10, tag % 10, n * 7 % 10)
    return {c: 1 + digits[i % 5] for i, c in enumerate(criteria)}
"""
_namespace: dict[str, Any] = {}
exec(VALUES_SOURCE, _namespace)


def values_for(
    juror: int, initiative: int, criteria: Sequence[int], tag: int, round_: int
) -> dict[int, int]:
    result: dict[int, int] = _namespace["values_for"](juror, initiative, criteria, tag, round_)
    return result


def start_juror(
    db_path: Path,
    start: Path,
    festival_id: int,
    juror: User,
    initiatives: Sequence[int],
    *,
    tag: int = 0,
    rounds: int = 1,
) -> Worker:
    source = CHILD.replace('"@VALUES@"', repr(VALUES_SOURCE))
    args = [db_path, start, festival_id, juror.id, tag, rounds, *initiatives]
    proc = subprocess.Popen(
        [sys.executable, "-c", source, *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return Worker(proc)


@pytest.fixture
def jurors_started() -> Iterator[list[Worker]]:
    """The juror processes of a test; any still running at teardown is killed."""
    workers: list[Worker] = []
    yield workers
    for worker in workers:
        if worker.proc.poll() is None:
            worker.proc.kill()
        worker.proc.wait()


def jury_database(path: Path) -> tuple[int, list[User], list[int], list[int]]:
    """The demo festival with seven jurors and twenty pitches; nobody has scored.

    Returns the festival, the jurors, the pitched initiatives and the criteria.
    """
    with Database(path) as db:
        fill_demo(db, finished=False)
        festival = current_festival(db)
        assert festival is not None
        for n, name in enumerate(EXTRA_JURORS):
            user = add_user(db, SEEDER_CALLER, name=name, role=Role.JURY, pin=f"90{n}{n}")
            jury.set_juror(db, SEEDER_CALLER, festival.id, user.id, True)
        unselected = [
            p.initiative_id for p in jury.list_initiatives(db, festival.id) if not p.position
        ]
        missing = PITCHES - len(jury.list_pitches(db, festival.id))
        assert len(unselected) >= missing, "the demo has too few initiatives"
        for initiative_id in unselected[:missing]:
            jury.set_selected(db, SEED_CALLER, festival.id, initiative_id, True)
        jurors = jury.list_jurors(db, festival.id)
        pitches = [p.initiative_id for p in jury.list_pitches(db, festival.id)]
        criteria = [c.id for c in jury.list_criteria(db, festival.id)]
        assert db.scalar("SELECT count(*) FROM jury_scores") == 0
    assert len(jurors) == JURORS and len(pitches) == PITCHES and len(criteria) == CRITERIA
    return festival.id, jurors, pitches, criteria


def finish_all(workers: Sequence[Worker]) -> list[list[dict[str, int]]]:
    """Wait for every worker: exit code 0, nothing on stderr; the saves each one printed."""
    written = []
    for n, worker in enumerate(workers):
        code, out, err = worker.finish(timeout=120)
        assert code == 0, f"juror process {n} failed ({code}):\n{err}"
        assert err == "", f"juror process {n} wrote to stderr:\n{err}"
        lines = out.splitlines()
        assert lines[0] == "ready", lines[:3]
        written.append([json.loads(line) for line in lines[1:]])
    return written


def score_saves(db: Database, juror: User, initiative: int) -> list[dict[str, Any]]:
    """The audit lines of one juror's saves for one initiative, oldest first."""
    rows = db.fetchall(
        "SELECT actor, user_id, before, after FROM audit_log"
        " WHERE action = 'scores opgeslagen' AND entity = 'jury_score' AND entity_id = ?"
        " ORDER BY id",
        (f"{juror.id}:{initiative}",),
    )
    return [
        {
            "actor": r["actor"],
            "user_id": r["user_id"],
            "before": json.loads(r["before"]) if r["before"] else None,
            "after": json.loads(r["after"]),
        }
        for r in rows
    ]


def test_seven_jurors_saving_at_once_lose_nothing(
    tmp_path: Path, jurors_started: list[Worker]
) -> None:
    path = tmp_path / "jury.db"
    festival_id, jurors, pitches, criteria = jury_database(path)
    start = tmp_path / "start"
    for juror in jurors:
        jurors_started.append(start_juror(path, start, festival_id, juror, pitches))
    for worker in jurors_started:
        worker.wait_ready()
    start.touch()  # all seven are connected and waiting: let them go at once
    written = finish_all(jurors_started)

    for juror, saves in zip(jurors, written, strict=True):
        assert len(saves) == PITCHES, juror.name
    expected = {
        (j.id, i, c): values_for(j.id, i, criteria, 0, 0)[c]
        for j in jurors
        for i in pitches
        for c in criteria
    }
    with Database(path) as db:
        assert db.integrity_check() == "ok"
        rows = db.fetchall(
            "SELECT juror_id, initiative_id, criterion_id, value, source FROM jury_scores"
        )
        assert len(rows) == JURORS * PITCHES * CRITERIA
        stored = {(r["juror_id"], r["initiative_id"], r["criterion_id"]): r["value"] for r in rows}
        assert stored == expected, "a score is missing or differs from what was written"
        assert {r["source"] for r in rows} == {"scherm"}
        assert db.scalar("SELECT count(*) FROM jury_saves") == JURORS * PITCHES
        assert db.scalar("SELECT count(*) FROM jury_saves WHERE undone = 1") == 0
        # Every save has its audit line, written by the juror, with the values saved.
        assert (
            db.scalar("SELECT count(*) FROM audit_log WHERE action = 'scores opgeslagen'")
            == JURORS * PITCHES
        )
        for juror in jurors:
            for initiative in pitches:
                (line,) = score_saves(db, juror, initiative)
                assert (line["actor"], line["user_id"]) == (juror.name, juror.id)
                assert line["before"] is None
                wanted = values_for(juror.id, initiative, criteria, 0, 0)
                assert line["after"]["scores"] == {str(c): v for c, v in wanted.items()}
        board = jury.board(db, permissions.SYSTEM, festival_id)
        assert set(board.cells.values()) == {jury.BoardCell.SCORED}
        assert all(board.behind(j.id) == 0 for j in jurors)


def test_one_juror_on_two_terminals_updates_and_never_duplicates(
    tmp_path: Path, jurors_started: list[Worker]
) -> None:
    path = tmp_path / "jury.db"
    festival_id, jurors, pitches, _ = jury_database(path)
    juror, initiative = jurors[0], pitches[0]
    start = tmp_path / "start"
    for tag in (1, 2):  # the juror's two terminals, each writing its own values
        jurors_started.append(
            start_juror(path, start, festival_id, juror, [initiative], tag=tag, rounds=REPEATS)
        )
    for worker in jurors_started:
        worker.wait_ready()
    start.touch()
    written = finish_all(jurors_started)

    vectors = [save for saves in written for save in saves]
    assert len(vectors) == 2 * REPEATS
    # Every save wrote its own combination of values: the final one names exactly one save.
    assert len({json.dumps(v, sort_keys=True) for v in vectors}) == 2 * REPEATS
    with Database(path) as db:
        assert db.integrity_check() == "ok"
        rows = db.fetchall(
            "SELECT criterion_id, value FROM jury_scores WHERE juror_id = ? AND initiative_id = ?",
            (juror.id, initiative),
        )
        assert len(rows) == CRITERIA, "a second terminal duplicated a score"
        assert db.scalar("SELECT count(*) FROM jury_scores") == CRITERIA
        final = {str(r["criterion_id"]): r["value"] for r in rows}
        assert final in vectors, f"the final scores {final} were never written"

        # Every save is in the audit log, in commit order: each one's "before" is exactly what
        # the save before it wrote, so no save overwrote another unseen.
        lines = score_saves(db, juror, initiative)
        assert len(lines) == 2 * REPEATS
        assert sorted(json.dumps(line["after"]["scores"], sort_keys=True) for line in lines) == (
            sorted(json.dumps(v, sort_keys=True) for v in vectors)
        )
        assert lines[0]["before"] is None
        for earlier, later in pairwise(lines):
            assert later["before"] == {"scores": earlier["after"]["scores"]}
        assert lines[-1]["after"]["scores"] == final
        assert {(line["actor"], line["user_id"]) for line in lines} == {(juror.name, juror.id)}

        # The saves kept for undo tell the same story.
        saves = db.fetchall(
            "SELECT previous FROM jury_saves WHERE juror_id = ? AND initiative_id = ? ORDER BY id",
            (juror.id, initiative),
        )
        assert len(saves) == 2 * REPEATS
        previous = [json.loads(s["previous"])["scores"] for s in saves]
        assert previous == [{}] + [line["after"]["scores"] for line in lines[:-1]]
        # Both terminals really took turns, not one after the other.
        writer_of = {
            json.dumps(v, sort_keys=True): n for n, mine in enumerate(written) for v in mine
        }
        order = [writer_of[json.dumps(line["after"]["scores"], sort_keys=True)] for line in lines]
        switches = sum(1 for a, b in pairwise(order) if a != b)
        print(f"two terminals, {2 * REPEATS} saves: the writer changed {switches} times")
        assert switches >= 10, f"the two terminals took turns only {switches} times"
