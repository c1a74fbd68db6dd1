"""A decision is computed inside the transaction that stores it: what another terminal
commits meanwhile either waits and lands after, or is part of the decision — never a record
or an override built from inputs that were already stale when it was committed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from core_support import ADMIN as ADMIN_ACTOR
from jury_support import JAN, JOKE, JULIA, demo_festival, pitches, save

from festival.core.errors import NotAllowed
from festival.domain import jury
from festival.domain.allocation import inputs, locking, overrides, proposal
from festival.domain.allocation.record import AllocationRecord, build_record
from festival.domain.festivals import Festival, list_festivals
from festival.domain.permissions import SystemCaller
from festival.store.database import Database

ADMIN = SystemCaller(ADMIN_ACTOR.name)
#: How long the hook gives the other terminal to commit before the decision goes on.
GRACE_SECONDS = 0.5


def scored_and_locked(db: Database) -> Festival:
    fid = demo_festival(db)
    criteria = jury.list_criteria(db, fid)
    for rank, initiative in enumerate(pitches(db, fid)):
        for juror in (JULIA, JAN, JOKE):
            save(db, fid, juror, initiative, {c.id: max(1, 10 - rank) for c in criteria})
    jury.lock(db, ADMIN, fid)
    return next(f for f in list_festivals(db) if f.id == fid)


class OtherTerminal:
    """Runs ``change`` on its own connection in its own thread, as another terminal would."""

    def __init__(self, path: Path, change: Callable[[Database], None]) -> None:
        self.path = path
        self.change = change
        self.committed = threading.Event()
        self.failed: list[BaseException] = []
        self.thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        try:
            with Database(self.path, migrate=False) as other:
                other.conn.execute("PRAGMA busy_timeout = 5000")
                self.change(other)
            self.committed.set()
        except BaseException as exc:  # reported by the test, not lost in the thread
            self.failed.append(exc)

    def commit_now(self) -> bool:
        """Start, and say whether the change committed within the grace period."""
        self.thread.start()
        return self.committed.wait(GRACE_SECONDS)

    def finish(self) -> None:
        self.thread.join(timeout=10)
        assert not self.thread.is_alive()
        assert not self.failed, self.failed


def test_a_score_committed_during_a_lock_is_never_locked_stale(
    demo_db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = scored_and_locked(demo_db)
    last = int(proposal.draft(demo_db, f).result.decisions[-1].candidate_id)
    before = build_record(proposal.draft(demo_db, f))

    def top_marks(other: Database) -> None:
        with other.write(ADMIN_ACTOR) as tx:
            tx.execute(
                "UPDATE jury_scores SET value = (SELECT scale_max FROM criteria"
                " WHERE criteria.id = jury_scores.criterion_id) WHERE initiative_id = ?",
                (last,),
            )

    terminal = OtherTerminal(db_path, top_marks)
    landed: list[bool] = []
    original = locking.build_record

    def build_then_let_the_other_commit(current: proposal.Draft) -> AllocationRecord:
        # The lock has read its inputs: the other terminal commits now, or must wait.
        landed.append(terminal.commit_now())
        return original(current)

    monkeypatch.setattr(locking, "build_record", build_then_let_the_other_commit)
    locked = locking.lock_allocation(demo_db, ADMIN, f)
    terminal.finish()

    after = build_record(proposal.draft(demo_db, f))
    assert after.stored() != before.stored(), "the score change must change the outcome"
    at_commit = after if landed[0] else before
    assert locked.record.stored() == at_commit.stored(), "locked from stale inputs"
    assert locked.verify()
    assert landed == [False], "the other terminal waited for the lock's transaction"


def test_a_lock_committed_during_an_override_waits_and_includes_it(
    demo_db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = scored_and_locked(demo_db)
    first = int(proposal.draft(demo_db, f).result.decisions[0].candidate_id)

    def lock_elsewhere(other: Database) -> None:
        locking.lock_allocation(other, ADMIN, f)

    terminal = OtherTerminal(db_path, lock_elsewhere)
    landed: list[bool] = []
    original = overrides.draft_from

    def draft_then_let_the_other_commit(current: inputs.Inputs) -> proposal.Draft:
        landed.append(terminal.commit_now())
        return original(current)

    monkeypatch.setattr(overrides, "draft_from", draft_then_let_the_other_commit)
    try:
        overrides.set_override(demo_db, ADMIN, f, first, "0", "plan gaat niet door")
        refused = False
    except NotAllowed:
        refused = True
    terminal.finish()
    locked = locking.active_allocation(demo_db, f.id)
    assert locked is not None
    stored = inputs.overrides(demo_db, f.id)
    entry = next(d for d in locked.record.decisions if d.candidate_id == str(first))
    if refused:  # the lock came first: the override is refused, and not stored
        assert first not in stored and entry.override is None
    else:  # the override came first: the lock includes it
        assert stored[first].amount_cents == 0
        assert entry.override is not None and entry.amount == 0, "an override beside the lock"
    assert landed == [False], "the lock waited for the override's transaction"
