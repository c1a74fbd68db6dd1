"""The allocation record: one typed, versioned account of a locked allocation — inputs,
settings, rule, seed and outcome — and its SHA-256.

A lock's SHA-256 (:func:`sealed_sha256`) covers the record and the head of the audit log's hash
chain at the moment of locking, so the hash printed on the paper also vouches for every audit
line before the lock. Locks made before the chain existed have no head and hash the record only.

The record is stored as JSON and hashed as canonical JSON (sorted keys, no spaces, UTF-8).
Lock, report, verify and the pabulib export all read it through :class:`AllocationRecord`.

Versions: ``1`` is the layout below. Records stored before the field existed have no
``version`` and read as version 1; :meth:`AllocationRecord.stored` gives back exactly the keys
that were read (a missing ``version`` stays missing), so such a record still hashes to the
SHA-256 stored with it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from festival.domain.allocation.inputs import Override
from festival.domain.allocation.model import Outcome, Reason, Rule, TieBreak
from festival.domain.allocation.pot import PotComputation
from festival.domain.allocation.proposal import Draft
from festival.store.database import Database, Row, Transaction

RECORD_VERSION = 1

#: A number as JSON gave it: an int stays an int and a float a float, so the hash holds.
Number = int | float


class _Part(BaseModel):
    """A part of the record; keys a newer record adds are kept, so they stay in the hash."""

    model_config = ConfigDict(extra="allow")


class RecordConfig(_Part):
    """The coordinator's settings as they stood (see
    :class:`~festival.domain.allocation.config.AllocationConfig`)."""

    rule: Rule
    max_award_cents: int
    max_awards: int | None = None
    threshold: Number | None = None
    kern_max_awards: int | None = None
    kern_max_amount: int | None = None
    partial_last: bool = False
    tie_break: list[TieBreak] = []
    seed: int = 0
    frozen: bool = False


class RecordSettings(_Part):
    """The settings the rule ran with (the pot in cents)."""

    pot: int
    max_awards: int | None = None
    threshold: Number | None = None
    kern_max_awards: int | None = None
    kern_max_amount: int | None = None
    partial_last: bool = False
    tie_break: list[TieBreak] = []
    seed: int = 0


class RecordCandidate(_Part):
    id: str
    title: str
    cost: int
    requested: int
    score: Number | None
    jury_score: Number | None = None
    kern: str | None = None
    approvals: int = 0
    withdrawn: bool = False


class RecordDecision(_Part):
    """One initiative's decision as locked: outcome, reason and amount after any override."""

    candidate_id: str
    rank: int
    outcome: Outcome
    amount: int
    reason: Reason
    remaining_before: int
    funded_before: int
    details: dict[str, Any] = {}
    override: Override | None = None


class AllocationRecord(_Part):
    """What was locked, as it is hashed."""

    version: int = RECORD_VERSION
    festival_id: int
    pot: PotComputation
    config: RecordConfig
    rule: Rule
    settings: RecordSettings
    candidates: list[RecordCandidate]
    decisions: list[RecordDecision]
    ballots: list[list[str]] = []
    total: int

    def stored(self) -> dict[str, Any]:
        """The record as JSON values, with exactly the keys it was made or read with."""
        return self.model_dump(mode="json", exclude_unset=True)

    def sha256(self) -> str:
        return digest(self.stored())

    def amounts(self) -> dict[int, int]:
        """Initiative id → the awarded cents."""
        return {int(d.candidate_id): d.amount for d in self.decisions}


def digest(values: dict[str, Any]) -> str:
    """The SHA-256 of canonical JSON: sorted keys, no spaces, UTF-8."""
    canonical = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def sealed_sha256(record: AllocationRecord, chain_head: str | None) -> str:
    """A lock's SHA-256: of the record and the audit chain's head when it was locked (the
    record's own SHA-256 for a lock without a head)."""
    if chain_head is None:
        return record.sha256()
    return digest({"audit_chain_head": chain_head, "record_sha256": record.sha256()})


def build_record(current: Draft) -> AllocationRecord:
    """The record of locking ``current`` now."""
    decisions = []
    for d in current.result.decisions:
        amount = current.amounts[int(d.candidate_id)]
        override = current.overrides.get(int(d.candidate_id))
        decisions.append(
            {
                **asdict(d),
                "outcome": d.outcome.value
                if override is None
                else (Outcome.NOT_FUNDED.value if amount == 0 else Outcome.FUNDED.value),
                "reason": d.reason.value if override is None else Reason.OVERRIDE.value,
                "amount": amount,
                "override": override.model_dump() if override else None,
            }
        )
    return AllocationRecord.model_validate(
        {
            "version": RECORD_VERSION,
            "festival_id": current.festival_id,
            "pot": current.pot.model_dump(),
            "config": current.config.model_dump(mode="json"),
            "rule": current.result.rule.value,
            "settings": {
                **asdict(current.result.settings),
                "tie_break": [t.value for t in current.result.settings.tie_break],
            },
            "candidates": [asdict(c) for c in current.candidates],
            "decisions": decisions,
            "ballots": current.ballots,
            "total": current.total,
        }
    )


def read_record(text: str) -> AllocationRecord:
    """A stored record (any version so far) from its JSON."""
    return AllocationRecord.model_validate(json.loads(text))


def record_json(record: AllocationRecord) -> str:
    """How a record is stored."""
    return json.dumps(record.stored(), sort_keys=True, ensure_ascii=False)


class LockedAllocation(BaseModel):
    id: int
    festival_id: int
    locked_at: datetime
    locked_by: str
    sha256: str
    record: AllocationRecord
    published_at: datetime | None
    superseded_by: int | None
    supersede_reason: str | None
    #: The audit chain's head when it was locked (None for a lock made before the chain).
    chain_head: str | None = None

    def verify(self) -> bool:
        """Whether the stored record and chain head still hash to the stored hash."""
        return recomputed_sha256(self) == self.sha256


def recomputed_sha256(locked: LockedAllocation) -> str:
    """The lock's SHA-256 over the stored record and chain head as they are now (what
    ``verify`` compares)."""
    return sealed_sha256(locked.record, locked.chain_head)


def locked_from_row(r: Row) -> LockedAllocation:
    published = r["published_at"]
    return LockedAllocation(
        id=r["id"],
        festival_id=r["festival_id"],
        locked_at=datetime.fromisoformat(r["locked_at"]),
        locked_by=r["locked_by"],
        sha256=r["sha256"],
        record=read_record(r["record"]),
        published_at=datetime.fromisoformat(published) if published else None,
        superseded_by=r["superseded_by"],
        supersede_reason=r["supersede_reason"],
        chain_head=r["chain_head"],
    )


def awarded_amounts(db: Database | Transaction) -> dict[int, int]:
    """Initiative id → awarded cents in each festival's active (not superseded) locked
    allocation; what other features read instead of the stored JSON."""
    awarded: dict[int, int] = {}
    for row in db.fetchall(
        "SELECT record FROM allocations WHERE superseded_by IS NULL ORDER BY id"
    ):
        awarded.update(read_record(row["record"]).amounts())
    return awarded
