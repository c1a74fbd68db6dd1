"""The locked outcome in the open pabulib format, to re-check with any pabulib tool
(written with :func:`festival.domain.allocation.pabulib.write`)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from festival.domain.allocation.pabulib import WITHDRAWN_COST, PabulibInstance, Project
from festival.domain.allocation.record import LockedAllocation
from festival.domain.allocation.report_text import decision_rows, when

if TYPE_CHECKING:
    from festival.domain.festivals import Festival


def _whole_up(cents: int) -> int:
    return -(-cents // 100)


def pabulib_instance(locked: LockedAllocation, festival: Festival) -> PabulibInstance:
    """The locked outcome as a pabulib file: the projects in the rule's order (so equal scores
    keep that order), cost = the capped cost in whole euros rounded up, score = the final
    score, ``selected`` 1 for what got money; the budget is the pot in whole euros."""
    record = locked.record
    rows = decision_rows(locked)
    withdrawn = {c.id for c in record.candidates if c.withdrawn}
    meta = {
        "description": (
            f"Verdeling van de festivalpot, {festival.name}; vastgesteld op "
            f"{when(locked.locked_at)}, SHA-256 {locked.sha256}"
        ),
        "country": "Nederland",
        "unit": "Buren",
        "instance": festival.name,
        "num_projects": str(len(rows)),
        "num_votes": "0",
        "budget": str(record.pot.pot_cents // 100),
        "currency": "EUR",
        "vote_type": "scoring",
        "rule": record.rule.value,
        "date_begin": festival.date.strftime("%d.%m.%Y"),
        "date_end": festival.date.strftime("%d.%m.%Y"),
    }
    projects = [
        Project(
            id=r.initiative_id,
            cost=Decimal(WITHDRAWN_COST if r.initiative_id in withdrawn else _whole_up(r.cost)),
            score=None if r.score is None else round(r.score, 4),
            name=r.title,
            extra={"selected": "1" if r.amount > 0 else "0"},
        )
        for r in rows
    ]
    return PabulibInstance(meta=meta, projects=projects, votes=[])
