"""Run a rule on a pabulib file (:mod:`festival.domain.allocation.pabulib`).

One unit of the file's currency plays the part of one euro:
candidates cost ``cost × 100`` "cents" and the pot is ``budget × 100``, so the whole-euro
knapsack and the one-euro Add1 step work in whole units of the file. The greedy rules rank by
the ``score`` column for cumulative and scoring ballots and by ``votes`` for approval ballots
(for ordinal ballots: ``score`` if the file has it, else ``votes``); a value the column lacks is
counted from VOTES (points added up, or ballots counted). Equal scores keep the file's project
order, as pabulib's own checker does. The threshold rule uses ``min_project_score_threshold``
(without it every project is eligible); the knapsack maximises the sum of the same score;
``equalshares-add1`` uses the ballots as approvals (for cumulative, scoring and ordinal ballots:
every project a voter lists, except those given zero or fewer points).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from festival.domain.allocation.model import Candidate, Result, Rule, Settings, TieBreak
from festival.domain.allocation.pabulib import UNIT, Number, PabulibInstance


def approvals(instance: PabulibInstance) -> list[set[str]]:
    """Each voter's supported projects: listed, and not given zero or fewer points."""
    ballots: list[set[str]] = []
    for vote in instance.votes:
        if vote.points is None:
            ballots.append(set(vote.projects))
        else:
            ballots.append(
                {p for p, points in zip(vote.projects, vote.points, strict=True) if points > 0}
            )
    return ballots


def scores(instance: PabulibInstance) -> dict[str, Number]:
    """What the greedy rules and the knapsack rank by (see the module text)."""
    use_score = instance.vote_type in ("cumulative", "scoring") or (
        instance.vote_type == "ordinal" and any(p.score is not None for p in instance.projects)
    )
    counted: dict[str, Number] = {p.id: 0 for p in instance.projects}
    for vote in instance.votes:
        if use_score and vote.points is not None:
            for project, points in zip(vote.projects, vote.points, strict=True):
                counted[project] += points
        else:
            for project in vote.projects:
                counted[project] += 1
    found: dict[str, Number] = {}
    for p in instance.projects:
        given = p.score if use_score else p.votes
        found[p.id] = counted[p.id] if given is None else given
    return found


def candidates(instance: PabulibInstance, *, scale: int = 1) -> list[Candidate]:
    """The projects as candidates in file order; costs in hundredths of a unit (divided by
    ``scale`` first, which must divide every cost but a withdrawn one's)."""
    score = scores(instance)
    votes = approvals(instance)
    counts = {p.id: 0 for p in instance.projects}
    for ballot in votes:
        for project in ballot:
            counts[project] += 1
    return [
        Candidate(
            id=p.id,
            title=p.name or p.id,
            cost=p.cost // scale * UNIT,
            requested=p.cost // scale * UNIT,
            score=float(score[p.id]),
            approvals=counts[p.id],
            withdrawn=p.withdrawn,
        )
        for p in instance.projects
    ]


@dataclass(frozen=True)
class Selection:
    rule: Rule
    selected: list[str]
    """project ids in the rule's order"""
    cost: int
    """whole units of the file's currency"""
    result: Result


def run(instance: PabulibInstance, rule: Rule) -> Selection:
    """Run ``rule`` on the file (see the module text)."""
    from festival.domain.allocation.equal_shares import equal_shares
    from festival.domain.allocation.greedy import greedy, greedy_threshold
    from festival.domain.allocation.knapsack import knapsack

    budget = instance.budget
    if rule is Rule.EQUAL_SHARES:
        result = equal_shares(candidates(instance), approvals(instance), budget * UNIT, step=UNIT)
    else:
        scale = 1
        if rule is Rule.KNAPSACK:
            # Dividing every cost by their common divisor keeps the same subsets within the
            # budget (rounded down) and makes the whole-unit knapsack smaller.
            scale = math.gcd(*(p.cost for p in instance.projects if not p.withdrawn)) or 1
        settings = Settings(
            pot=budget // scale * UNIT,
            threshold=None if instance.threshold is None else float(instance.threshold),
            tie_break=(TieBreak.FILE_ORDER,),
        )
        items = candidates(instance, scale=scale)  # a withdrawn one is passed over anyway
        if rule is Rule.GREEDY:
            result = greedy(items, settings, skip=True)
        elif rule is Rule.GREEDY_NO_SKIP:
            result = greedy(items, settings, skip=False)
        elif rule is Rule.GREEDY_THRESHOLD:
            result = greedy_threshold(items, settings)
        else:
            result = knapsack(items, settings)
    cost_of = {p.id: p.cost for p in instance.projects}
    selected = result.funded
    return Selection(rule, selected, sum(cost_of[p] for p in selected), result)
