"""The live draft: what the chosen rule gives on the current inputs, with the coordinator's
overrides applied, and what every other rule would give (a comparison, never saved).

The computing functions (:func:`apply_rule`, :func:`draft_from`, :func:`what_if_from`) are
pure: they take :class:`~festival.domain.allocation.inputs.Inputs` and never read the
database, so a lock can compute inside its transaction and a screen in a worker thread.
"""

from __future__ import annotations

from pydantic import BaseModel

from festival.domain.allocation.config import AllocationConfig, rule_settings
from festival.domain.allocation.inputs import Inputs, Override, read_inputs
from festival.domain.allocation.model import (
    Candidate,
    Decision,
    Outcome,
    Reason,
    Result,
    Rule,
    Settings,
)
from festival.domain.allocation.pot import PotComputation
from festival.domain.festivals import Festival
from festival.store.database import Database, Transaction


class RuleUnavailable(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Draft(BaseModel):
    """What the rule gives now, with the coordinator's overrides applied."""

    model_config = {"arbitrary_types_allowed": True}

    festival_id: int
    pot: PotComputation
    config: AllocationConfig
    candidates: list[Candidate]
    result: Result
    overrides: dict[int, Override]
    amounts: dict[int, int]
    """initiative → cents after overrides"""
    ballots: list[list[str]] = []
    """the audience's approval ballots (anonymous), so Equal Shares can be re-checked"""

    @property
    def total(self) -> int:
        return sum(self.amounts.values())


def apply_rule(
    rule: Rule,
    items: list[Candidate],
    settings: Settings,
    votes: list[frozenset[str]] | None = None,
) -> Result:
    """Run one rule. A minimum final score (``settings.threshold``) applies to every rule:
    who scores below it is not eligible, whatever the rule (the threshold rule is exactly
    greedy over the eligible ones)."""
    minimum = settings.threshold
    if minimum is None or rule is Rule.GREEDY_THRESHOLD:
        return _apply_rule(rule, items, settings, votes)
    below = [c for c in items if c.score is not None and c.score < minimum]
    eligible = [c for c in items if c not in below]
    result = _apply_rule(rule, eligible, settings, votes)
    decisions = list(result.decisions)
    for c in sorted(below, key=lambda c: -(c.score or 0.0)):
        decisions.append(
            Decision(
                candidate_id=c.id,
                rank=len(decisions) + 1,
                outcome=Outcome.NOT_FUNDED,
                amount=0,
                reason=Reason.BELOW_THRESHOLD,
                remaining_before=settings.pot - result.total,
                funded_before=len(result.funded),
                details={
                    "score": c.score or 0.0,
                    "drempel": minimum,
                    "gevraagd": c.requested,
                    "kosten": c.cost,
                },
            )
        )
    return Result(rule=result.rule, settings=result.settings, decisions=decisions)


def _apply_rule(
    rule: Rule,
    items: list[Candidate],
    settings: Settings,
    votes: list[frozenset[str]] | None = None,
) -> Result:
    """Run one rule (the rule modules are imported here, where they are needed)."""
    if rule is Rule.GREEDY:
        from festival.domain.allocation.greedy import greedy

        return greedy(items, settings, skip=True)
    if rule is Rule.GREEDY_NO_SKIP:
        from festival.domain.allocation.greedy import greedy

        return greedy(items, settings, skip=False)
    if rule is Rule.GREEDY_THRESHOLD:
        from festival.domain.allocation.greedy import greedy_threshold

        if settings.threshold is None:
            raise RuleUnavailable("De drempelregel heeft een drempel nodig.")
        return greedy_threshold(items, settings)
    if rule is Rule.KNAPSACK:
        from festival.domain.allocation.knapsack import knapsack

        return knapsack(items, settings)
    if not votes:
        raise RuleUnavailable(
            "Equal Shares verdeelt naar goedkeuringsstemmen van het publiek; lees die eerst in "
            "met: festival jury ballots BESTAND (stemmer;initiatief)."
        )
    from festival.domain.allocation.equal_shares import equal_shares

    return equal_shares(items, votes, settings.pot, tie_seed=settings.seed)


def _with_overrides(inputs: Inputs, result: Result) -> Draft:
    """The rule's outcome with the coordinator's overrides on top."""
    amounts = {int(d.candidate_id): d.amount for d in result.decisions}
    for initiative_id, override in inputs.overrides.items():
        amounts[initiative_id] = override.amount_cents
    return Draft(
        festival_id=inputs.festival_id,
        pot=inputs.pot,
        config=inputs.config,
        candidates=inputs.candidates,
        result=result,
        overrides=inputs.overrides,
        amounts=amounts,
        ballots=[sorted(b) for b in inputs.ballots],
    )


def draft_from(inputs: Inputs, rule: Rule | None = None) -> Draft:
    """The draft on these inputs (pure): the rule's outcome, then the overrides on top."""
    config = inputs.config
    result = apply_rule(
        rule or config.rule,
        inputs.candidates,
        rule_settings(config, inputs.pot.pot_cents),
        inputs.ballots,
    )
    return _with_overrides(inputs, result)


def what_if_from(inputs: Inputs) -> dict[Rule, Result | str]:
    """Every rule on the same inputs (pure); a rule that cannot run gives its Dutch reason."""
    settings = rule_settings(inputs.config, inputs.pot.pot_cents)
    out: dict[Rule, Result | str] = {}
    for rule in Rule:
        try:
            out[rule] = apply_rule(rule, inputs.candidates, settings, inputs.ballots)
        except RuleUnavailable as exc:
            out[rule] = exc.message
    return out


def compare(inputs: Inputs) -> tuple[Draft | str, dict[Rule, Result | str]]:
    """The draft and every rule's outcome, each rule run once (pure); instead of the draft
    the Dutch reason when the chosen rule cannot run."""
    outcomes = what_if_from(inputs)
    chosen = outcomes[inputs.config.rule]
    return (chosen if isinstance(chosen, str) else _with_overrides(inputs, chosen)), outcomes


def draft(db: Database | Transaction, festival: Festival, rule: Rule | None = None) -> Draft:
    """The draft on the inputs as they are now."""
    return draft_from(read_inputs(db, festival), rule)


def what_if(db: Database | Transaction, festival: Festival) -> dict[Rule, Result | str]:
    """Every rule on the inputs as they are now: a comparison, never saved as the outcome."""
    return what_if_from(read_inputs(db, festival))
