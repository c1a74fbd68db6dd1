"""What every allocation rule takes and gives: candidates, settings, decisions with reasons.

Amounts are integer cents. A candidate's ``cost`` is what it would get: its requested amount
capped at the maximum award. Rules never read the database;
:mod:`festival.domain.allocation.inputs` builds candidates from the jury's locked ranking.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Rule(StrEnum):
    GREEDY = "greedy"  # greedy with skip (the default)
    GREEDY_NO_SKIP = "greedy-no-skip"
    GREEDY_THRESHOLD = "greedy-threshold"
    KNAPSACK = "knapsack"
    EQUAL_SHARES = "equalshares-add1"

    @property
    def label(self) -> str:
        return {
            Rule.GREEDY: "hoogste score eerst, overslaan wat niet past",
            Rule.GREEDY_NO_SKIP: "hoogste score eerst, stoppen bij het eerste dat niet past",
            Rule.GREEDY_THRESHOLD: "alleen boven de drempel, dan hoogste score eerst",
            Rule.KNAPSACK: "hoogste totale score binnen de pot",
            Rule.EQUAL_SHARES: "gelijke delen voor elke stemmer, aangevuld (publieksstem)",
        }[self]


class TieBreak(StrEnum):
    """One link of the tie-break chain; the chain is a recorded setting, never sort order."""

    HIGHER_JURY_SCORE = "hogere juryscore"
    LOWER_COST = "lager bedrag"
    MORE_APPROVALS = "meer stemmen"
    FILE_ORDER = "volgorde in het bestand"
    LOT = "loting"


class Outcome(StrEnum):
    FUNDED = "toegekend"
    PARTIAL = "deels toegekend"
    NOT_FUNDED = "niet toegekend"


class Reason(StrEnum):
    """Why a candidate got its outcome: a code for files, a sentence via ``reasons.explain``."""

    FITS = "past"
    DOES_NOT_FIT = "past_niet"
    STOPPED = "gestopt"  # greedy without skip: an earlier one did not fit
    BELOW_THRESHOLD = "onder_drempel"
    MAX_AWARDS = "max_aantal"
    KERN_COUNT_CAP = "kern_max_aantal"
    KERN_AMOUNT_CAP = "kern_max_bedrag"
    PARTIAL_REST = "rest_deels"
    IN_OPTIMUM = "in_optimum"
    NOT_IN_OPTIMUM = "niet_in_optimum"
    SUPPORTERS_CAN_PAY = "steun_betaalt"
    SUPPORTERS_CANNOT_PAY = "steun_betaalt_niet"
    WITHDRAWN = "ingetrokken"
    NO_SCORE = "geen_score"
    OVERRIDE = "handmatig"


@dataclass(frozen=True)
class Candidate:
    id: str
    title: str
    cost: int
    """cents: the requested amount capped at the maximum award"""
    requested: int
    score: float | None
    """the final score the rule ranks by (None: not scored)"""
    jury_score: float | None = None
    kern: str | None = None
    approvals: int = 0
    withdrawn: bool = False


@dataclass(frozen=True)
class Settings:
    pot: int
    """cents"""
    max_awards: int | None = None
    threshold: float | None = None
    kern_max_awards: int | None = None
    kern_max_amount: int | None = None
    """cents"""
    partial_last: bool = False
    """the first candidate that no longer fits gets what is left (an explicit variant)"""
    tie_break: tuple[TieBreak, ...] = (
        TieBreak.HIGHER_JURY_SCORE,
        TieBreak.LOWER_COST,
        TieBreak.LOT,
    )
    seed: int = 0
    """for the lot, drawn once and recorded"""


@dataclass(frozen=True)
class Decision:
    candidate_id: str
    rank: int
    """1-based position in the rule's order"""
    outcome: Outcome
    amount: int
    """cents"""
    reason: Reason
    remaining_before: int
    """cents left in the pot when this candidate's turn came"""
    funded_before: int
    """how many candidates ranked higher were funded"""
    details: dict[str, int | float | str] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    rule: Rule
    settings: Settings
    decisions: list[Decision]
    """in the rule's order"""

    @property
    def total(self) -> int:
        return sum(d.amount for d in self.decisions)

    @property
    def funded(self) -> list[str]:
        return [d.candidate_id for d in self.decisions if d.outcome is not Outcome.NOT_FUNDED]
