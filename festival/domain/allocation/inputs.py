"""Everything an allocation decision is computed from, read in one go: the settings, the pot,
the candidates with their scores, the audience's ballots and the coordinator's overrides.

Every reader takes a :class:`Database` or an open :class:`Transaction`, so that a decision
(lock, override) reads its inputs inside the same ``BEGIN IMMEDIATE`` that stores it.
"""

from __future__ import annotations

from pydantic import BaseModel

from festival.domain import jury
from festival.domain.allocation.ballots import ballots
from festival.domain.allocation.config import AllocationConfig, get_config
from festival.domain.allocation.model import Candidate
from festival.domain.allocation.pot import PotComputation, pot
from festival.domain.festivals import Festival
from festival.store.database import Database, Transaction


class Override(BaseModel):
    initiative_id: int
    amount_cents: int
    reason: str
    made_by: str
    made_at: str


class Inputs(BaseModel):
    """One consistent reading of what the rules and the overrides work on."""

    model_config = {"arbitrary_types_allowed": True}

    festival_id: int
    config: AllocationConfig
    pot: PotComputation
    candidates: list[Candidate]
    ballots: list[frozenset[str]]
    overrides: dict[int, Override]


def candidates(
    db: Database | Transaction, festival_id: int, config: AllocationConfig
) -> list[Candidate]:
    """Every pitched initiative, in programme order, with its final score and capped cost."""
    ranked, _ = jury.ranking(db, festival_id)
    by_id = {r.initiative_id: r for r in ranked}
    votes = {
        r["initiative_id"]: r["votes"]
        for r in db.fetchall("SELECT initiative_id, votes FROM audience_votes")
    }
    return [
        Candidate(
            id=str(p.initiative_id),
            title=p.title,
            cost=min(p.requested_cents, config.max_award_cents),
            requested=p.requested_cents,
            score=by_id[p.initiative_id].final_score,
            jury_score=by_id[p.initiative_id].jury_score,
            kern=p.kern_name,
            approvals=votes.get(p.initiative_id, 0),
        )
        for p in jury.list_pitches(db, festival_id)
    ]


def overrides(db: Database | Transaction, festival_id: int) -> dict[int, Override]:
    """The coordinator's hand-made amounts, by initiative."""
    return {
        r["initiative_id"]: Override(
            initiative_id=r["initiative_id"],
            amount_cents=r["amount_cents"],
            reason=r["reason"],
            made_by=r["made_by"],
            made_at=r["made_at"],
        )
        for r in db.fetchall(
            "SELECT * FROM allocation_overrides WHERE festival_id = ?", (festival_id,)
        )
    }


def read_inputs(db: Database | Transaction, festival: Festival) -> Inputs:
    """Read every input; inside a transaction they are one moment's state."""
    config = get_config(db, festival.id)
    return Inputs(
        festival_id=festival.id,
        config=config,
        pot=pot(db, festival),
        candidates=candidates(db, festival.id, config),
        ballots=ballots(db, festival.id),
        overrides=overrides(db, festival.id),
    )
