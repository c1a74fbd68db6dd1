"""The Method of Equal Shares with Add1 completion: DOMAIN.md's vector 2 by hand, the tie rules,
and properties on random instances against a plain reference written from the definition."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from festival.domain.allocation.equal_shares import Election, equal_shares
from festival.domain.allocation.model import Candidate, Outcome, Reason, Rule, TieBreak
from festival.domain.allocation.tiebreak import lot_numbers

EURO = 100


def cand(id: str, euros: int, *, withdrawn: bool = False) -> Candidate:
    return Candidate(
        id=id, title=id, cost=euros * EURO, requested=euros * EURO, score=None,
        withdrawn=withdrawn,
    )  # fmt: skip


# DOMAIN.md vector 2: budget 50,000; A 30,000, B 25,000, C 20,000, D 5,000.
VECTOR2 = [cand("A", 30_000), cand("B", 25_000), cand("C", 20_000), cand("D", 5_000)]
BALLOTS2 = [{"A", "B"}, {"A", "C"}, {"A"}, {"B", "D"}, {"C", "D"}, {"B"}]
POT2 = 50_000 * EURO


def test_vector2_without_completion_funds_b_and_d() -> None:
    # Each of the six voters has 8,333.33. A (30,000 over 3) and C (20,000 over 2) are beyond
    # their supporters; B costs exactly its three supporters' money (ρ = 8,333.33, 1/3 per euro),
    # D 2,500 each (1/2 per euro): B first. Then D's supporter 4 has nothing left, supporter 5
    # pays all 5,000.
    result = equal_shares(VECTOR2, BALLOTS2, POT2, add1=False)
    assert result.rule is Rule.EQUAL_SHARES
    assert result.funded == ["B", "D"]
    assert result.total == 30_000 * EURO
    b, d, *rest = result.decisions
    assert (b.reason, b.amount, b.remaining_before, b.funded_before) == (
        Reason.SUPPORTERS_CAN_PAY, 2_500_000, 5_000_000, 0,
    )  # fmt: skip
    assert b.details["rho_exact"] == "2500000/3"
    assert b.details["steun"] == 3 and b.details["alles_betaald"] == 0
    assert b.details["per_stemmer"] == 833_333 and b.details["stappen"] == 0
    assert d.details["rho"] == 500_000.0 and d.details["alles_betaald"] == 1
    assert (d.remaining_before, d.funded_before, d.details["ronde"]) == (2_500_000, 1, 2)
    assert [x.candidate_id for x in rest] == ["A", "C"]  # more approvals first
    a, c = rest
    assert {a.reason, c.reason} == {Reason.SUPPORTERS_CANNOT_PAY}
    assert {a.outcome, c.outcome} == {Outcome.NOT_FUNDED}
    # A's supporters 1, 2, 3 kept 0 + 8,333.33 + 8,333.33.
    assert a.details["steun_geld"] == 1_666_666 and a.details["kosten"] == 3_000_000
    assert a.remaining_before == 2_000_000 and a.funded_before == 2


def test_vector2_with_add1_ties_cheaper_first_funds_b_c_and_d() -> None:
    result = equal_shares(VECTOR2, BALLOTS2, POT2)
    assert sorted(result.funded) == ["B", "C", "D"]
    assert result.funded == ["B", "D", "C"]  # the funding order
    assert result.total == POT2
    # From 8,333.33 the per-voter budget rises in whole euros; at 11,250.33 C is affordable
    # after B and D and the outcome is exhaustive.
    first = result.decisions[0]
    assert first.details["per_stemmer"] == 1_125_033
    assert first.details["stappen"] == 11_250 - 8_333
    assert result.settings.tie_break == (
        TieBreak.LOWER_COST, TieBreak.MORE_APPROVALS, TieBreak.LOT,
    )  # fmt: skip


def test_add1_stops_before_the_step_that_overspends() -> None:
    # Two voters with 50 each; P and Q cost 60, one supporter each. Nothing is affordable up to
    # 59 each (and 60 still fits in the pot, so it is not exhaustive); at 60 both would be
    # funded, 120 > 100: the outcome at 59, nothing, stands.
    items = [cand("P", 60), cand("Q", 60)]
    result = equal_shares(items, [{"P"}, {"Q"}], 100 * EURO)
    assert result.funded == []
    assert {d.details["stappen"] for d in result.decisions} == {9}
    assert {d.details["steun_geld"] for d in result.decisions} == {59 * EURO}


def test_add1_on_vector2_passes_b_d_and_b_c_on_its_way() -> None:
    election = Election(VECTOR2, BALLOTS2, POT2)
    final = election.add1()
    assert election.exhaustive(final)
    # Below 10,000 per voter the outcome is B and D; at 10,000 A ties B on 1/3 per euro and
    # the cheaper B goes first, so B and C: never A with B (55,000).
    assert [VECTOR2[f.index].id for f in election.run(1_666).funded] == ["B", "D"]
    at_10000 = election.run(1_667)
    assert at_10000.per_voter == Fraction(POT2, 6) + 1_667 * EURO  # 10,000.33 euro
    assert [VECTOR2[f.index].id for f in at_10000.funded] == ["B", "C"]


def test_equal_ratio_lower_cost_first_then_more_approvals_then_the_lot() -> None:
    # Q and P: 1/2 per euro each, disjoint supporters; the cheaper Q goes first whatever the lot.
    items = [cand("P", 200), cand("Q", 100)]
    ballots = [{"P"}, {"P"}, {"Q"}, {"Q"}]
    for seed in range(12):
        assert equal_shares(items, ballots, 400 * EURO, add1=False, tie_seed=seed).funded == [
            "Q", "P",
        ]  # fmt: skip

    # W (500 over voters 1-5) takes all their money; then X (voter 6 alone) and Y (voter 6 and
    # penniless voter 1) both cost 100 at ρ = 100: 1 per euro. Y has more approvals.
    items = [cand("W", 500), cand("X", 100), cand("Y", 100)]
    ballots = [{"W", "Y"}, {"W"}, {"W"}, {"W"}, {"W"}, {"X", "Y"}]
    for seed in range(12):
        result = equal_shares(items, ballots, 600 * EURO, add1=False, tie_seed=seed)
        assert result.funded == ["W", "Y"]

    # Two projects alike in every respect: the lot decides, the same way for the same seed.
    items = [cand("K", 100), cand("L", 100)]
    ballots = [{"K"}, {"L"}]
    orders = set()
    for seed in range(12):
        result = equal_shares(items, ballots, 200 * EURO, add1=False, tie_seed=seed)
        again = equal_shares(items, ballots, 200 * EURO, add1=False, tie_seed=seed)
        assert result.funded == again.funded
        lot = lot_numbers(2, seed)
        assert result.funded == (["K", "L"] if lot[0] < lot[1] else ["L", "K"])
        orders.add(tuple(result.funded))
    assert orders == {("K", "L"), ("L", "K")}


def test_withdrawn_unknown_and_unsupported_projects() -> None:
    items = [cand("A", 100, withdrawn=True), cand("B", 100), cand("C", 50)]
    ballots = [{"A", "B", "elders"}, {"A", "B"}, set()]
    result = equal_shares(items, ballots, 300 * EURO)
    assert result.funded == ["B"]  # C fits but nobody approved it: exhaustive as it stands
    reasons = {d.candidate_id: d.reason for d in result.decisions}
    assert reasons == {
        "B": Reason.SUPPORTERS_CAN_PAY,
        "C": Reason.SUPPORTERS_CANNOT_PAY,
        "A": Reason.WITHDRAWN,
    }
    assert [d.rank for d in result.decisions] == [1, 2, 3]
    assert equal_shares(items, [], 300 * EURO).funded == []
    assert equal_shares([], [{"x"}], 300 * EURO).decisions == []


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        equal_shares([cand("A", 1), cand("A", 2)], [], 100)
    with pytest.raises(ValueError, match="negative"):
        equal_shares([cand("A", 1)], [], -1)


# -- a reference from the definition -------------------------------------------------------


def reference_run(
    items: Sequence[Candidate], ballots: Sequence[Collection[str]], per_voter: Fraction, seed: int
) -> list[str]:
    """Equal Shares as DOMAIN.md words it, recomputing everything every round, in fractions."""
    lot = lot_numbers(len(items), seed)
    money = [per_voter] * len(ballots)
    supporters = {c.id: [v for v, b in enumerate(ballots) if c.id in b] for c in items}
    left = [i for i, c in enumerate(items) if not c.withdrawn and supporters[c.id]]
    funded: list[str] = []
    while True:
        best: tuple[tuple[Fraction, int, int, int], int, Fraction] | None = None
        for i in left:
            c = items[i]
            own = sorted(money[v] for v in supporters[c.id])
            if sum(own) < c.cost:
                continue
            need, payers, rho = Fraction(c.cost), len(own), Fraction(0)
            for m in own:
                if m * payers >= need:
                    rho = need / payers
                    break
                need -= m
                payers -= 1
            per_euro = rho / c.cost if c.cost else Fraction(0)
            key = (per_euro, c.cost, -len(supporters[c.id]), lot[i])
            if best is None or key < best[0]:
                best = (key, i, rho)
        if best is None:
            return funded
        _, i, rho = best
        left.remove(i)
        funded.append(items[i].id)
        for v in supporters[items[i].id]:
            money[v] -= min(money[v], rho)


def reference_add1(
    items: Sequence[Candidate], ballots: Sequence[Collection[str]], pot: int, seed: int
) -> list[str]:
    n = len(ballots)
    if not n:
        return []
    cost = {c.id: c.cost for c in items}
    eligible = [c.id for c in items if not c.withdrawn and any(c.id in b for b in ballots)]
    k = 0
    outcome = reference_run(items, ballots, Fraction(pot, n), seed)
    while True:
        spent = sum(cost[i] for i in outcome)
        if all(i in outcome or cost[i] > pot - spent for i in eligible):
            return outcome
        k += 1
        if k * EURO > pot:
            return outcome
        bigger = reference_run(items, ballots, Fraction(pot, n) + k * EURO, seed)
        if sum(cost[i] for i in bigger) > pot:
            return outcome
        outcome = bigger


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[Candidate], list[set[str]], int, int]:
    count = draw(st.integers(0, 6))
    items = [
        Candidate(
            id=f"p{i}",
            title=f"p{i}",
            cost=(cost := draw(st.integers(0, 4_000))),
            requested=cost,
            score=None,
            withdrawn=draw(st.booleans()) and draw(st.booleans()),
        )
        for i in range(count)
    ]
    ids = [c.id for c in items]
    ballots = draw(st.lists(st.sets(st.sampled_from(ids)) if ids else st.just(set[str]()),
                            max_size=9))  # fmt: skip
    pot = draw(st.integers(0, 8_000))
    return items, ballots, pot, draw(st.integers(0, 3))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_properties_on_random_instances(
    instance: tuple[list[Candidate], list[set[str]], int, int],
) -> None:
    items, ballots, pot, seed = instance
    election = Election(items, ballots, pot, tie_seed=seed)
    plain = election.run()
    if ballots:
        share = Fraction(pot, len(ballots))
        assert plain.per_voter == share
        # Before completion nobody pays more than their share, and the payments are the costs.
        assert all(Fraction(0) <= paid <= share for paid in plain.paid)
        assert sum(plain.paid) == plain.cost
    assert plain.cost <= pot
    assert [items[f.index].id for f in plain.funded] == (
        reference_run(items, ballots, Fraction(pot, len(ballots)), seed) if ballots else []
    )

    result = equal_shares(items, ballots, pot, tie_seed=seed)
    assert result.total <= pot
    assert result.funded == reference_add1(items, ballots, pot, seed)
    assert result == equal_shares(items, ballots, pot, tie_seed=seed)  # deterministic
    final = election.add1()
    assert sum(final.paid) == final.cost == result.total
    assert all(paid <= final.per_voter for paid in final.paid)
    for d in result.decisions:
        cost = next(c.cost for c in items if c.id == d.candidate_id)
        if d.outcome is Outcome.FUNDED:
            assert d.reason is Reason.SUPPORTERS_CAN_PAY and d.amount == cost
            assert 0 <= Fraction(str(d.details["rho_exact"])) <= final.per_voter
        else:
            assert d.amount == 0
            assert d.reason in (Reason.SUPPORTERS_CANNOT_PAY, Reason.WITHDRAWN)
    assert sorted(d.rank for d in result.decisions) == list(range(1, len(items) + 1))
