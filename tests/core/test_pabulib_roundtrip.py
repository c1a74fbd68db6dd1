"""``festival pabulib export`` writes files that pabutools reads and that reproduce the rule's
outcome: the capped costs, the pot with its cents, the final scores as one aggregated ballot,
the rule's order for equal scores, the audience's ballots in a second file, and the overrides
and partial awards recorded apart from what the rule chose."""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from core_support import ADMIN as ADMIN_ACTOR
from jury_support import JAN, JOKE, JULIA, OPERATOR, demo_festival, pitches, save
from pabutools.election import AdditiveSatisfaction, Cost_Sat, parse_pabulib
from pabutools.rules import (
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)
from pabutools.tiebreaking import TieBreakingRule
from people_support import cli

from festival.domain import jury
from festival.domain.allocation import config as allocation_config
from festival.domain.allocation import locking, overrides
from festival.domain.allocation.model import Outcome
from festival.domain.allocation.pabulib_export import rule_result
from festival.domain.allocation.record import LockedAllocation
from festival.domain.festivals import Festival, list_festivals
from festival.domain.permissions import SystemCaller
from festival.store.database import Database

Capture = pytest.CaptureFixture[str]
ADMIN = SystemCaller(ADMIN_ACTOR.name)


def demo(db: Database) -> Festival:
    fid = demo_festival(db)
    return next(f for f in list_festivals(db) if f.id == fid)


def configure(db: Database, f: Festival, **given: Any) -> None:
    now = allocation_config.get_config(db, f.id)
    values: dict[str, Any] = {
        "rule": now.rule.value,
        "max_award": "5.000",
        "tie_break": ", ".join(t.value for t in now.tie_break),
    }
    values.update(given)
    allocation_config.set_config(db, ADMIN, f, allocation_config.ConfigInput(**values))


def score(db: Database, f: Festival, value_of: Any) -> None:
    criteria = jury.list_criteria(db, f.id)
    for rank, initiative in enumerate(pitches(db, f.id)):
        for juror in (JULIA, JAN, JOKE):
            save(db, f.id, juror, initiative, {c.id: value_of(rank, juror) for c in criteria})
    jury.lock(db, OPERATOR, f.id)


def exported(db_path: Path, tmp_path: Path, capsys: Capture) -> Path:
    path = tmp_path / "besluit.pb"
    assert cli(db_path, "pabulib", "export", str(path)) == 0
    capsys.readouterr()
    return path


class FinalScoreSat(AdditiveSatisfaction):
    """Satisfaction = points × cost, so pabutools' greedy (satisfaction per euro) ranks by the
    points: our "highest final score first"."""

    def __init__(self, instance: Any, profile: Any, ballot: Any) -> None:
        super().__init__(
            instance, profile, ballot, lambda _i, _p, b, project, _pre: b[project] * project.cost
        )


def pabutools_greedy(path: Path) -> list[str]:
    instance, profile = parse_pabulib(str(path))
    order = TieBreakingRule(lambda inst, _prof, p: int(inst.project_meta[p]["rule_rank"]))
    chosen = greedy_utilitarian_welfare(
        instance, profile, sat_class=FinalScoreSat, tie_breaking=order
    )
    return sorted(p.name for p in chosen)


def selected_column(path: Path) -> list[str]:
    instance, _ = parse_pabulib(str(path))
    return sorted(p.name for p in instance if instance.project_meta[p]["selected"] == "1")


def test_demo_festival_pabutools_reproduces_the_greedy_selection(
    demo_db: Database, db_path: Path, tmp_path: Path, capsys: Capture
) -> None:
    f = demo(demo_db)
    configure(demo_db, f)
    score(demo_db, f, lambda rank, juror: max(1, 10 - rank - (juror == JAN) * (rank % 3)))
    locked = locking.lock_allocation(demo_db, ADMIN, f)
    path = exported(db_path, tmp_path, capsys)
    instance, profile = parse_pabulib(str(path))
    # The budget keeps its cents; each cost is what the rule works with.
    assert instance.budget_limit == Fraction(locked.record.pot.pot_cents, 100)
    assert locked.record.pot.pot_cents % 100  # the demo's pot has cents: the check bites
    costs = {c.id: Fraction(c.cost, 100) for c in locked.record.candidates}
    assert {p.name: p.cost for p in instance} == costs
    assert any(c.requested > c.cost for c in locked.record.candidates)  # some were capped
    # One ballot whose points are the final scores: the sum ranks exactly as the rule did.
    (ballot,) = list(profile)
    finals = {c.id: c.score for c in locked.record.candidates}
    assert {p.name: float(points) for p, points in ballot.items()} == finals
    ours = sorted(d.candidate_id for d in locked.record.decisions if d.amount > 0)
    assert pabutools_greedy(path) == ours == selected_column(path)


def test_tie_heavy_festival_pabutools_reproduces_it_with_the_rule_order(
    demo_db: Database, db_path: Path, tmp_path: Path, capsys: Capture
) -> None:
    f = demo(demo_db)
    configure(demo_db, f, tie_break="hogere juryscore, lager bedrag, loting")
    # Two score levels only: four pitches tie at the top, four below.
    score(demo_db, f, lambda rank, _juror: 8 if rank % 2 == 0 else 5)
    locked = locking.lock_allocation(demo_db, ADMIN, f)
    path = exported(db_path, tmp_path, capsys)
    finals = [c.score for c in locked.record.candidates]
    assert len(set(finals)) == 2
    ours = sorted(d.candidate_id for d in locked.record.decisions if d.amount > 0)
    assert 0 < len(ours) < len(finals)
    assert pabutools_greedy(path) == ours == selected_column(path)
    instance, _ = parse_pabulib(str(path))
    assert "lager bedrag" in instance.meta["tie_break"]


def test_equal_shares_pabutools_reproduces_it_from_the_audience_file(
    demo_db: Database, db_path: Path, tmp_path: Path, capsys: Capture
) -> None:
    f = demo(demo_db)
    configure(demo_db, f, rule="equalshares-add1")
    score(demo_db, f, lambda rank, _juror: max(1, 10 - rank))
    locked = locking.lock_allocation(demo_db, ADMIN, f)
    assert len(locked.record.ballots) > 50  # the demo's audience voted
    path = exported(db_path, tmp_path, capsys)
    audience = tmp_path / "besluit.publiek.pb"
    instance, profile = parse_pabulib(str(audience))
    assert instance.meta["vote_type"] == "approval"
    assert profile.num_ballots() == len(locked.record.ballots)
    # Add1: one euro more for every voter per step.
    theirs = exhaustion_by_budget_increase(
        instance,
        profile,
        method_of_equal_shares,
        {"sat_class": Cost_Sat},
        budget_step=profile.num_ballots(),
    )
    ours = sorted(d.candidate_id for d in locked.record.decisions if d.amount > 0)
    assert 0 < len(ours) < len(locked.record.decisions)
    assert sorted(p.name for p in theirs) == ours
    assert selected_column(path) == ours


def test_overrides_and_partial_awards_are_recorded_apart_from_the_rule(
    demo_db: Database, db_path: Path, tmp_path: Path, capsys: Capture
) -> None:
    f = demo(demo_db)
    configure(demo_db, f, partial_last=True)
    score(demo_db, f, lambda rank, _juror: max(1, 10 - rank))
    result_before = locking.lock_preview(demo_db, f)[0]
    first = result_before.decisions[0].candidate_id
    overrides.set_override(demo_db, ADMIN, f, int(first), "0", "plan ingetrokken")
    locked: LockedAllocation = locking.lock_allocation(demo_db, ADMIN, f)
    rule = rule_result(locked.record)
    partial = next(d for d in rule.decisions if d.outcome is Outcome.PARTIAL)
    path = exported(db_path, tmp_path, capsys)
    instance, _ = parse_pabulib(str(path))
    by_id = {p.name: instance.project_meta[p] for p in instance}
    # What the rule chose stays in view beside what people changed.
    assert by_id[first]["rule_outcome"] == "toegekend"
    assert by_id[first]["selected"] == "1"
    assert by_id[first]["amount"] == "0"
    assert by_id[first]["override_reason"] == "plan ingetrokken"
    assert by_id[partial.candidate_id]["rule_outcome"] == "deels toegekend"
    assert by_id[partial.candidate_id]["selected"] == "0"
    assert f"{partial.candidate_id}:" in instance.meta["partial_awards"]
    assert "plan ingetrokken" in instance.meta["overrides"]
    assert instance.meta["partial_last"] == "ja"
    # Awarded after the changes never exceeds the budget.
    awarded = sum(Fraction(m["amount"]) for m in by_id.values())
    assert awarded <= instance.budget_limit


def test_the_companion_file_has_every_jurors_scores_and_conflicts(
    demo_db: Database, db_path: Path, tmp_path: Path, capsys: Capture
) -> None:
    f = demo(demo_db)
    configure(demo_db, f)
    score(demo_db, f, lambda rank, _juror: max(1, 10 - rank))
    locking.lock_allocation(demo_db, ADMIN, f)
    exported(db_path, tmp_path, capsys)
    data = (tmp_path / "besluit.jury.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert rows[0] == ["jurylid", "project_id", "initiatief", "score", "belangenverstrengeling"]
    assert len(rows) == 1 + 3 * 8
    assert {r[0] for r in rows[1:]} == {JULIA, JAN, JOKE}
    assert (tmp_path / "besluit.jury.csv").stat().st_mode & 0o077 == 0  # private
