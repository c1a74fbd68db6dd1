"""The decision as text, built only from a locked allocation's record: one row per
initiative with its outcome and reason sentence, the status, the pot and the settings in
plain Dutch.

Everything here reads the :class:`~festival.domain.allocation.record.AllocationRecord` that was
hashed when the allocation was locked, and nothing from the live database, so what it says is
exactly what was locked. The reason sentences come from
:func:`festival.domain.allocation.reasons.explain` on decisions and candidates rebuilt from the
record, so they are the sentences the coordinator saw.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from festival.core.money import format_money_whole
from festival.domain.allocation.model import (
    Candidate,
    Decision,
    Reason,
    Result,
    Rule,
    Settings,
    TieBreak,
)
from festival.domain.allocation.pot import PotComputation
from festival.domain.allocation.proposal import Draft
from festival.domain.allocation.reasons import explain
from festival.domain.allocation.record import (
    AllocationRecord,
    LockedAllocation,
    RecordCandidate,
    RecordDecision,
    build_record,
)

VERIFY_COMMAND = "festival allocation verify"
#: Checks a decision against the hash read off the paper.
VERIFY_HASH_COMMAND = "festival verify --hash"


# -- the record, read back -------------------------------------------------------------------


def _only_fields(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    """The keys a dataclass takes (a newer record may hold more)."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in values.items() if k in names}


def rule_settings_of(record: AllocationRecord) -> Settings:
    """The settings the rule ran with, as the rule modules know them."""
    stored = record.settings
    values = _only_fields(Settings, stored.model_dump())
    values["tie_break"] = tuple(TieBreak(t) for t in stored.tie_break)
    return Settings(**values)


def _candidate(values: RecordCandidate) -> Candidate:
    return Candidate(**_only_fields(Candidate, values.model_dump()))


def candidates_of(record: AllocationRecord) -> list[Candidate]:
    """The record's candidates as the rule modules know them (the order they were given)."""
    return [_candidate(c) for c in record.candidates]


def _decision(values: RecordDecision) -> Decision:
    """The decision as locked: outcome, reason and amount after any override, and for an
    override its reason as the ``toelichting`` the sentence quotes."""
    data = _only_fields(Decision, values.model_dump())
    data["outcome"] = values.outcome
    data["reason"] = values.reason
    details = dict(values.details)
    if values.override is not None and values.reason is Reason.OVERRIDE:
        details["toelichting"] = values.override.reason
    data["details"] = details
    return Decision(**data)


def _stamp(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def local(value: datetime | None) -> datetime | None:
    """A stored moment as local time without a zone (what a spreadsheet shows)."""
    return value.astimezone().replace(tzinfo=None) if value else None


def when(value: datetime | None) -> str:
    return value.astimezone().strftime("%d-%m-%Y %H:%M") if value else ""


@dataclass(frozen=True)
class DecisionRow:
    """One initiative's line in the decision document. Amounts in cents."""

    rank: int
    initiative_id: str
    title: str
    kern: str
    score: float | None
    """the final score the rule ranked by"""
    jury_score: float | None
    requested: int
    cost: int
    """the requested amount capped at the maximum award"""
    amount: int
    outcome: str
    reason_code: str
    reason: str
    """the Dutch sentence"""
    override_amount: int | None = None
    override_reason: str = ""
    override_by: str = ""
    override_at: datetime | None = None

    @property
    def overridden(self) -> bool:
        return self.override_amount is not None


def rows_from_record(record: AllocationRecord) -> list[DecisionRow]:
    """The initiatives in the rule's order, each with its outcome and reason sentence."""
    decisions = [_decision(d) for d in record.decisions]
    result = Result(rule=record.rule, settings=rule_settings_of(record), decisions=decisions)
    candidates = {c.id: _candidate(c) for c in record.candidates}
    overrides = {d.candidate_id: d.override for d in record.decisions}
    rows = []
    for decision in sorted(decisions, key=lambda d: d.rank):
        candidate = candidates[decision.candidate_id]
        override = overrides.get(decision.candidate_id)
        rows.append(
            DecisionRow(
                rank=decision.rank,
                initiative_id=decision.candidate_id,
                title=candidate.title,
                kern=candidate.kern or "",
                score=candidate.score,
                jury_score=candidate.jury_score,
                requested=candidate.requested,
                cost=candidate.cost,
                amount=decision.amount,
                outcome=decision.outcome.value,
                reason_code=decision.reason.value,
                reason=explain(decision, candidate, result),
                override_amount=override.amount_cents if override else None,
                override_reason=override.reason if override else "",
                override_by=override.made_by if override else "",
                override_at=_stamp(override.made_at) if override else None,
            )
        )
    return rows


def decision_rows(locked: LockedAllocation) -> list[DecisionRow]:
    """Per initiative in rank order, exactly as locked."""
    return rows_from_record(locked.record)


def draft_rows(current: Draft) -> list[DecisionRow]:
    """The same rows for a draft: what locking it now would record."""
    return rows_from_record(build_record(current))


def pot_of(record: AllocationRecord) -> PotComputation:
    return record.pot


def pot_sentence(record: AllocationRecord) -> str:
    return record.pot.sentence


def rule_of(record: AllocationRecord) -> Rule:
    return record.rule


def chain(settings: Settings) -> str:
    return ", dan ".join(t.value for t in settings.tie_break)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")


def status_sentence(locked: LockedAllocation) -> str:
    said = f"Vastgesteld op {when(locked.locked_at)} door {locked.locked_by}"
    if locked.published_at is not None:
        said += f"; gepubliceerd op {when(locked.published_at)}"
    else:
        said += "; nog niet gepubliceerd"
    if locked.superseded_by is not None:
        said += f"; vervangen door verdeling {locked.superseded_by}"
        if locked.supersede_reason:
            said += f" ({locked.supersede_reason})"
    return said + "."


def settings_sentences(record: AllocationRecord) -> list[str]:
    """The rule and the settings in plain Dutch, one sentence each."""
    settings = rule_settings_of(record)
    rule = record.rule
    maximum = record.config.max_award_cents
    said = [f"Verdeelregel: {rule.label} ({rule.value})."]
    said.append(
        f"Een initiatief krijgt ten hoogste {format_money_whole(maximum)}; wie meer vraagt, "
        "dingt mee met dat maximum."
    )
    if settings.max_awards is not None:
        said.append(f"Ten hoogste {settings.max_awards} initiatieven krijgen geld.")
    else:
        said.append("Er is geen maximum aantal toekenningen.")
    if settings.threshold is not None:
        said.append(f"Alleen een eindscore van {_number(settings.threshold)} of meer telt mee.")
    per_kern = []
    if settings.kern_max_awards is not None:
        per_kern.append(f"ten hoogste {settings.kern_max_awards} toekenning(en)")
    if settings.kern_max_amount is not None:
        per_kern.append(f"ten hoogste {format_money_whole(settings.kern_max_amount)}")
    if per_kern:
        said.append(f"Per kern: {' en '.join(per_kern)}.")
    said.append(
        "Het eerste initiatief dat niet meer past, krijgt wat er over is."
        if settings.partial_last
        else "Een initiatief dat niet meer past, wordt niet gedeeltelijk gefinancierd."
    )
    said.append(
        f"Bij gelijke score beslist: {chain(settings)}"
        + (
            f" (startgetal van de loting: {settings.seed})."
            if TieBreak.LOT in settings.tie_break
            else "."
        )
    )
    return said
