"""The Method of Equal Shares with Add1 completion, for approval ballots (an audience vote).

As DOMAIN.md ("Allocation rules") and equalshares.net define it:

* Every voter gets an equal share of the pot, ``B/n`` (``n`` counts every ballot, empty ones
  too: a voter who approved nothing still has a share, it is simply never spent).
* Repeatedly fund the project whose supporters can pay its cost at the lowest equal share:
  the project needs a payment ``ρ`` such that every supporter pays ``min(own money, ρ)`` and the
  payments add up to its cost. Projects are compared by ``ρ`` *per euro of cost* (``ρ / c``),
  which is how equalshares.net compares them (its "effective vote count" is ``c / ρ``) and what
  makes DOMAIN.md's vector 2 come out as published (B, D); comparing the bare ``ρ`` would fund
  only D there. A project whose supporters together no longer have its cost cannot be funded.
* Ties (equal ``ρ / c``, compared exactly): the lower cost first, then more approvals, then a
  lot drawn once before computing (:func:`.tiebreak.lot_numbers` with ``tie_seed``, over the
  candidates in the order given).
* **Add1 completion**: rerun with a per-voter budget of ``B/n + 1``, ``+ 2``, … (a step of
  ``step`` cents: one whole euro for the festival) as long as the outcome costs at most ``B``.
  Stop when the outcome is exhaustive (no unfunded project that somebody approved fits in what
  is left of ``B``), when the next step's outcome would cost more than ``B``, or when the
  per-voter increment would exceed ``B`` itself. The last outcome within ``B`` is the result.
  A project nobody approved never counts against exhaustiveness: Equal Shares can never fund
  it, so raising the budget for it could only run on until the last guard. (The steps start
  from ``B/n`` exactly, as DOMAIN.md has it; equalshares.net starts from ``B/n`` rounded down.)

Each run evaluates lazily: a project's ``ρ`` only grows as voters spend, so its last computed
key is a lower bound and only the project at the top of a heap is recomputed (from its
supporters' money, sorted). The supporters per project are counted once for all Add1 runs.

All money is exact: per-voter money is kept as integers in units of ``1/D`` cent with one common
denominator ``D`` (``n`` at the start, multiplied when a payment does not divide evenly), so no
float ever decides who gets funded.

Reasons (``Decision.details``, keys as the greedy rules name them; amounts are cents):

* every decision: ``gevraagd`` (requested), ``kosten`` (cost), ``over`` (pot left before it),
  ``hoger`` (projects funded before it);
* ``SUPPORTERS_CAN_PAY``: ``rho`` (the most one supporter paid, float), ``rho_exact`` (the same
  as an exact fraction, text), ``steun`` (how many voters approved it), ``alles_betaald`` (how
  many of them paid less than ``rho`` because that was all they had left), ``per_stemmer`` (the
  share each voter started with, rounded down), ``ronde`` (1-based funding round), ``stappen``
  (how many Add1 steps the outcome needed);
* ``SUPPORTERS_CANNOT_PAY``: ``steun``, ``steun_geld`` (what its supporters had left together
  at the end, rounded down), ``per_stemmer``, ``stappen``;
* ``WITHDRAWN``: passed over (``gevraagd``, ``kosten`` only).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from fractions import Fraction

from festival.domain.allocation.model import (
    Candidate,
    Decision,
    Outcome,
    Reason,
    Result,
    Rule,
    Settings,
    TieBreak,
)
from festival.domain.allocation.tiebreak import lot_numbers

#: The tie-break chain Equal Shares always uses (recorded in the result's settings).
TIE_BREAK = (TieBreak.LOWER_COST, TieBreak.MORE_APPROVALS, TieBreak.LOT)
#: One Add1 step per voter: one whole euro (amounts are cents).
EURO = 100

_Key = tuple[Fraction, int, int, int]
"""(ρ per cent of cost, cost, minus approvals, lot): the lower, the sooner funded."""


@dataclass(frozen=True)
class Funding:
    """One project funded in a fixed-budget run."""

    index: int
    """position of the candidate in the input"""
    rho: Fraction
    """cents: what each supporter paid, or all they had left if that was less"""
    capped: int
    """supporters who paid less than ``rho`` (all they had left)"""


@dataclass(frozen=True)
class Run:
    """One run of Equal Shares with a fixed per-voter budget."""

    per_voter: Fraction
    """cents each voter started with"""
    increments: int
    """Add1 steps on top of ``B/n``"""
    funded: tuple[Funding, ...]
    """in funding order"""
    money: tuple[int, ...]
    """what each voter had left at the end, in units of ``1/denominator`` cent"""
    denominator: int
    cost: int
    """cents: the outcome's total cost"""

    @property
    def left(self) -> list[Fraction]:
        """Cents each voter had left at the end."""
        return [Fraction(m, self.denominator) for m in self.money]

    @property
    def paid(self) -> list[Fraction]:
        """Cents each voter paid in total."""
        return [self.per_voter - left for left in self.left]

    def money_of(self, voters: Sequence[int]) -> Fraction:
        """Cents these voters had left together at the end."""
        return Fraction(sum(self.money[v] for v in voters), self.denominator)


class Election:
    """The approval ballots, prepared once (supporters per project) for any number of runs."""

    def __init__(
        self,
        candidates: Sequence[Candidate],
        ballots: Sequence[Collection[str]],
        budget: int,
        *,
        tie_seed: int = 0,
    ) -> None:
        if budget < 0:
            raise ValueError("budget must not be negative")
        self.candidates = list(candidates)
        self.budget = budget
        self.voters = len(ballots)
        index = {c.id: i for i, c in enumerate(self.candidates)}
        if len(index) != len(self.candidates):
            raise ValueError("candidate ids must be unique")
        supporters: list[list[int]] = [[] for _ in self.candidates]
        for voter, ballot in enumerate(ballots):
            for project in set(ballot):
                i = index.get(project)
                if i is not None:  # an id that is not a candidate is not on the ballot paper
                    supporters[i].append(voter)
        self.supporters = supporters
        lot = lot_numbers(len(self.candidates), tie_seed)
        self.costs = [c.cost for c in self.candidates]
        if any(cost < 0 for cost in self.costs):
            raise ValueError("costs must not be negative")
        self.tie = [(c.cost, -len(supporters[i]), lot[i]) for i, c in enumerate(self.candidates)]
        #: the projects Equal Shares can ever fund: not withdrawn, approved by somebody
        self.eligible = [
            i for i, c in enumerate(self.candidates) if not c.withdrawn and supporters[i]
        ]

    # -- one run -------------------------------------------------------------------------

    def run(self, increments: int = 0, step: int = EURO) -> Run:
        """Equal Shares with per-voter budget ``B/n + increments * step`` cents."""
        n = self.voters
        if n == 0:
            return Run(Fraction(0), increments, (), (), 1, 0)
        denominator = n  # money is kept in units of 1/denominator cent
        start = self.budget + increments * step * n
        money = [start] * n
        costs, supporters, tie = self.costs, self.supporters, self.tie

        # With everybody's money still equal, a project needs c/s from each of its s supporters.
        heap: list[tuple[_Key, int]] = []
        for i in self.eligible:
            s = len(supporters[i])
            if costs[i] * n <= start * s:  # c/s <= B/n + extra: the supporters can pay
                heap.append(((_per_cent(costs[i] * n, s, costs[i], n), *tie[i]), i))
        heapq.heapify(heap)
        funded: list[Funding] = []
        spent = 0
        while heap:
            # Lazy evaluation: a project's ρ only grows as voters spend, so its last known key
            # is a lower bound. Recompute the smallest; it wins when its fresh key is still
            # below every other bound, else it goes back with the fresh key.
            best: tuple[int, int, int] | None = None  # project, payment, payers
            while heap:
                _, i = heapq.heappop(heap)
                found = _payment(sorted([money[v] for v in supporters[i]]), costs[i] * denominator)
                if found is None:
                    continue  # its supporters no longer have its cost: never again this run
                payment, payers = found
                key = (_per_cent(payment, payers, costs[i], denominator), *tie[i])
                if not heap or key < heap[0][0]:
                    best = (i, payment, payers)
                    break
                heapq.heappush(heap, (key, i))
            if best is None:
                break
            i, payment, payers = best
            if payment % payers:
                factor = payers // math.gcd(payment, payers)
                denominator *= factor
                money = [m * factor for m in money]
                payment *= factor
            rho = payment // payers
            capped = 0
            for v in supporters[i]:
                if money[v] < rho:
                    capped += 1
                    money[v] = 0
                else:
                    money[v] -= rho
            funded.append(Funding(i, Fraction(rho, denominator), capped))
            spent += costs[i]
        return Run(
            per_voter=Fraction(start, n),
            increments=increments,
            funded=tuple(funded),
            money=tuple(money),
            denominator=denominator,
            cost=spent,
        )

    def exhaustive(self, run: Run) -> bool:
        """No unfunded project that somebody approved fits in what is left of the budget."""
        funded = {f.index for f in run.funded}
        left = self.budget - run.cost
        return all(i in funded or self.costs[i] > left for i in self.eligible)

    def add1(self, step: int = EURO) -> Run:
        """Add1 completion: see the module text."""
        run = self.run(0, step)
        increments = 0
        while not self.exhaustive(run):
            increments += 1
            if step <= 0 or increments * step > self.budget:
                break
            bigger = self.run(increments, step)
            if bigger.cost > self.budget:
                break
            run = bigger
        return run

    # -- the result ----------------------------------------------------------------------

    def _common(self, i: int, remaining: int, funded: int) -> dict[str, int | float | str]:
        candidate = self.candidates[i]
        return {
            "gevraagd": candidate.requested,
            "kosten": candidate.cost,
            "over": remaining,
            "hoger": funded,
        }

    def result(self, run: Run, *, tie_seed: int = 0) -> Result:
        candidates = self.candidates
        per_voter = int(run.per_voter)
        decisions: list[Decision] = []
        remaining = self.budget
        for round_, funding in enumerate(run.funded, start=1):
            i = funding.index
            decisions.append(
                Decision(
                    candidate_id=candidates[i].id,
                    rank=round_,
                    outcome=Outcome.FUNDED,
                    amount=self.costs[i],
                    reason=Reason.SUPPORTERS_CAN_PAY,
                    remaining_before=remaining,
                    funded_before=round_ - 1,
                    details={
                        **self._common(i, remaining, round_ - 1),
                        "rho": float(funding.rho),
                        "rho_exact": str(funding.rho),
                        "steun": len(self.supporters[i]),
                        "alles_betaald": funding.capped,
                        "per_stemmer": per_voter,
                        "ronde": round_,
                        "stappen": run.increments,
                    },
                )
            )
            remaining -= self.costs[i]
        done = {f.index for f in run.funded}
        rest = sorted(
            (i for i in range(len(candidates)) if i not in done),
            key=lambda i: (candidates[i].withdrawn, self.tie[i][1], *self.tie[i][::2]),
        )
        for i in rest:
            details = self._common(i, remaining, len(run.funded))
            if candidates[i].withdrawn:
                reason = Reason.WITHDRAWN
            else:
                reason = Reason.SUPPORTERS_CANNOT_PAY
                money = run.money_of(self.supporters[i])
                details |= {
                    "steun": len(self.supporters[i]),
                    "steun_geld": int(money),
                    "per_stemmer": per_voter,
                    "stappen": run.increments,
                }
            decisions.append(
                Decision(
                    candidate_id=candidates[i].id,
                    rank=len(decisions) + 1,
                    outcome=Outcome.NOT_FUNDED,
                    amount=0,
                    reason=reason,
                    remaining_before=remaining,
                    funded_before=len(run.funded),
                    details=details,
                )
            )
        settings = Settings(pot=self.budget, tie_break=TIE_BREAK, seed=tie_seed)
        return Result(rule=Rule.EQUAL_SHARES, settings=settings, decisions=decisions)


def _payment(money: list[int], need: int) -> tuple[int, int] | None:
    """The equal payment ``ρ = payment / payers`` with which supporters holding ``money``
    (sorted ascending) raise ``need``, each paying ``min(own money, ρ)``; None if they cannot."""
    if sum(money) < need:
        return None
    payers = len(money)
    for own in money:
        if own * payers >= need:  # this supporter, and all richer ones, can pay need/payers
            break
        need -= own  # pays everything it has
        payers -= 1
    return need, payers


def _per_cent(payment: int, payers: int, cost: int, denominator: int) -> Fraction:
    """ρ per cent of cost (ρ = payment / payers / denominator); a free project costs nothing."""
    if cost == 0:
        return Fraction(0)
    return Fraction(payment, payers * denominator * cost)


def equal_shares(
    candidates: Sequence[Candidate],
    ballots: Sequence[Collection[str]],
    budget: int,
    *,
    add1: bool = True,
    tie_seed: int = 0,
    step: int = EURO,
) -> Result:
    """Equal Shares (with Add1 completion unless ``add1=False``) on approval ``ballots``: one set
    of candidate ids per voter; ``budget`` and costs in cents, ``step`` the Add1 step per voter
    in cents (one euro). Ids on a ballot that are no candidate are ignored."""
    election = Election(candidates, ballots, budget, tie_seed=tie_seed)
    run = election.add1(step) if add1 else election.run()
    return election.result(run, tie_seed=tie_seed)
