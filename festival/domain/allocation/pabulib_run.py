"""Run a rule on a pabulib file (:mod:`festival.domain.allocation.pabulib`).

One unit of the file's currency plays the part of one euro: candidates cost ``cost × 100``
"cents" and the pot is ``budget × 100`` (a file with more than two decimals is scaled further,
so every amount is a whole number), so the whole-euro knapsack and the one-euro Add1 step work
in whole units of the file. Budgets and costs with cents (``921012.06``) are exact.

The greedy rules rank by the ``score`` column for cumulative and scoring ballots and by
``votes`` for approval ballots (for ordinal ballots: ``score`` if the file has it, else
``votes``); a value the column lacks is counted from VOTES (points added up, or ballots
counted). Equal scores keep the file's project order, as pabulib's own checker does. The
threshold rule uses ``min_project_score_threshold`` (without it every project is eligible);
the knapsack maximises the sum of the same score; ``equalshares-add1`` uses the ballots as
approvals (for cumulative, scoring and ordinal ballots: every project a voter lists, except
those given zero or fewer points). A file's own ``rule`` is run when none is asked for
(:data:`FILE_RULES`); any other value is refused, naming the rules that are run here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from festival.domain.allocation.model import Candidate, Result, Rule, Settings, TieBreak
from festival.domain.allocation.pabulib import UNIT, Number, PabulibInstance

#: The ``rule`` values of pabulib files that this program runs, and the rule each means.
FILE_RULES: dict[str, Rule] = {
    **{rule.value: rule for rule in Rule},
    "equalshares/add1": Rule.EQUAL_SHARES,
    "greedy-skip": Rule.GREEDY,
}


class UnknownRule(ValueError):
    """A ``rule`` this program does not run; the Dutch message lists those it does."""

    def __init__(self, value: str) -> None:
        self.message = f"de regel {value!r} kan dit programma niet narekenen; wel: " + ", ".join(
            sorted(FILE_RULES)
        )
        super().__init__(self.message)


def rule_named(value: str) -> Rule:
    """The rule a pabulib ``rule`` value means (:class:`UnknownRule` for one not run here)."""
    found = FILE_RULES.get(value.strip().lower())
    if found is None:
        raise UnknownRule(value)
    return found


def minor_units(instance: PabulibInstance) -> int:
    """How many "cents" one unit of the file's currency is: 100, or more when an amount has
    more than two decimals, so every amount becomes a whole number."""
    amounts = [instance.budget, *(p.cost for p in instance.projects)]
    decimals: int = max(_decimals(a) for a in amounts)
    scale: int = 10 ** max(2, decimals)
    return scale


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _units(value: Decimal, scale: int) -> int:
    return int(value * scale)


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


def candidates(
    instance: PabulibInstance, *, scale: int = 1, unit: int = UNIT, factor: int = 1
) -> list[Candidate]:
    """The projects as candidates in file order; costs in ``unit``-ths of a unit, divided by
    ``scale`` (which must divide every cost but a withdrawn one's), times ``factor``."""
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
            cost=_units(p.cost, unit) // scale * factor,
            requested=_units(p.cost, unit) // scale * factor,
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
    cost: Decimal
    """in the file's currency"""
    result: Result


def run(instance: PabulibInstance, rule: Rule) -> Selection:
    """Run ``rule`` on the file (see the module text)."""
    from festival.domain.allocation.equal_shares import equal_shares
    from festival.domain.allocation.greedy import greedy, greedy_threshold
    from festival.domain.allocation.knapsack import knapsack

    unit = minor_units(instance)
    budget = _units(instance.budget, unit)
    if rule is Rule.EQUAL_SHARES:
        result = equal_shares(
            candidates(instance, unit=unit), approvals(instance), budget, step=unit
        )
    else:
        scale, factor = 1, 1
        if rule is Rule.KNAPSACK:
            # Dividing every cost by their common divisor keeps the same subsets within the
            # budget (rounded down) and makes the whole-euro knapsack small and exact: each
            # divided cost counts as that many whole "euros" (factor: cents per euro).
            scale = (
                math.gcd(*(_units(p.cost, unit) for p in instance.projects if not p.withdrawn)) or 1
            )
            factor = UNIT
        settings = Settings(
            pot=budget // scale * factor,
            threshold=None if instance.threshold is None else float(instance.threshold),
            tie_break=(TieBreak.FILE_ORDER,),
        )
        # A withdrawn one is passed over by every rule.
        items = candidates(instance, scale=scale, unit=unit, factor=factor)
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
    return Selection(rule, selected, sum((cost_of[p] for p in selected), Decimal(0)), result)
