"""Vaststellen, publiceren, vervangen: the allocation locked with its record and SHA-256 (over
the record and the audit chain's head at that moment).

A lock reads every input — the jury's state, the pot, the scores, the ballots, the overrides
and the settings — inside the same ``BEGIN IMMEDIATE`` transaction that stores the record, so
the record is what the inputs were at the moment it was committed.
"""

from __future__ import annotations

from festival.core.errors import NotAllowed
from festival.core.money import format_money_whole
from festival.core.text import clean_text
from festival.domain import jury, permissions
from festival.domain.allocation.inputs import read_inputs
from festival.domain.allocation.proposal import draft_from
from festival.domain.allocation.record import (
    AllocationRecord,
    LockedAllocation,
    build_record,
    locked_from_row,
    record_json,
    sealed_sha256,
)
from festival.domain.festivals import Festival
from festival.domain.permissions import Caller
from festival.store import audit
from festival.store.database import Database, Transaction, utc_now


def active_allocation(db: Database | Transaction, festival_id: int) -> LockedAllocation | None:
    """The festival's locked allocation that is not superseded, if any."""
    row = db.fetchone(
        "SELECT * FROM allocations WHERE festival_id = ? AND superseded_by IS NULL"
        " ORDER BY id DESC LIMIT 1",
        (festival_id,),
    )
    return locked_from_row(row) if row else None


def allocation_for_export(
    db: Database, caller: Caller, festival_id: int
) -> LockedAllocation | None:
    """The active locked allocation, to write as the college's decision or a pabulib file."""
    permissions.require(caller, permissions.ALLOCATION_EXPORT)
    return active_allocation(db, festival_id)


def history(db: Database | Transaction, festival_id: int) -> list[LockedAllocation]:
    """Every locked allocation of the festival, superseded ones included, oldest first."""
    return [
        locked_from_row(r)
        for r in db.fetchall(
            "SELECT * FROM allocations WHERE festival_id = ? ORDER BY id", (festival_id,)
        )
    ]


def lock_allocation(
    db: Database,
    caller: Caller,
    festival: Festival,
    *,
    supersede_reason: str | None = None,
    confirmed_sha256: str | None = None,
) -> LockedAllocation:
    """Vaststellen: store inputs, settings, rule, seed and outcome with their SHA-256; with a
    reason it supersedes the allocation locked before.

    ``confirmed_sha256`` is the record's SHA-256 the user was shown and confirmed (see
    :func:`lock_preview`): when the inputs changed in between, the lock is refused rather
    than storing amounts nobody saw."""
    permissions.require(caller, permissions.ALLOCATION_LOCK)
    actor = caller.actor
    with db.write(actor) as tx:
        if jury.get_state(tx, festival.id).status is not jury.JuryStatus.LOCKED:
            raise NotAllowed("Vergrendel eerst het scoren van de jury.")
        current = draft_from(read_inputs(tx, festival))
        if current.total > current.pot.pot_cents:
            raise NotAllowed(
                f"De verdeling ({format_money_whole(current.total)}) is groter dan de "
                f"pot ({format_money_whole(current.pot.pot_cents)})."
            )
        record = build_record(current)
        if confirmed_sha256 is not None and record.sha256() != confirmed_sha256:
            raise NotAllowed(
                "De invoer is veranderd sinds de vraag (een score, de pot of een aanpassing); "
                "bekijk de verdeling opnieuw en stel haar dan vast."
            )
        # The head before this lock's own audit line, read inside this transaction.
        head = audit.chain_head(tx)
        digest = sealed_sha256(record, head)
        previous = active_allocation(tx, festival.id)
        if previous is not None and not supersede_reason:
            raise NotAllowed("Er is al een vastgestelde verdeling; vervang haar met een reden.")
        why = (
            clean_text(supersede_reason, "reason", "Reden", max_length=300)
            if supersede_reason
            else None
        )
        allocation_id = tx.insert(
            "allocations",
            {
                "festival_id": festival.id,
                "locked_at": utc_now(),
                "locked_by": actor.name,
                "record": record_json(record),
                "sha256": digest,
                "chain_head": head,
            },
        )
        if previous is not None:
            tx.execute(
                "UPDATE allocations SET superseded_by = ?, supersede_reason = ? WHERE id = ?",
                (allocation_id, why, previous.id),
            )
        tx.execute(
            "INSERT OR IGNORE INTO allocation_settings (festival_id, year) VALUES (?, ?)",
            (festival.id, festival.date.year),
        )
        tx.execute(
            "UPDATE allocation_settings SET frozen = 1 WHERE festival_id = ?", (festival.id,)
        )
        tx.audit(
            "verdeling vastgesteld",
            "allocation",
            allocation_id,
            None,
            {
                "sha256": digest,
                "totaal": current.total,
                "vervangt": previous.id if previous else None,
                "reden": why,
            },
        )
    found = active_allocation(db, festival.id)
    assert found is not None
    return found


def lock_preview(
    db: Database | Transaction, festival: Festival
) -> tuple[AllocationRecord, LockedAllocation | None]:
    """What locking now would record, and the allocation it would replace: for the question
    before vaststellen. Raises :class:`NotAllowed` when the jury has not locked, and
    :class:`~festival.domain.allocation.proposal.RuleUnavailable` when the rule cannot run."""
    if jury.get_state(db, festival.id).status is not jury.JuryStatus.LOCKED:
        raise NotAllowed("Vergrendel eerst het scoren van de jury.")
    record = build_record(draft_from(read_inputs(db, festival)))
    return record, active_allocation(db, festival.id)


def publish_allocation(db: Database, caller: Caller, festival: Festival) -> LockedAllocation:
    """Make the active locked allocation public."""
    permissions.require(caller, permissions.ALLOCATION_PUBLISH)
    with db.write(caller.actor) as tx:
        active = active_allocation(tx, festival.id)
        if active is None:
            raise NotAllowed("Stel de verdeling eerst vast.")
        tx.execute("UPDATE allocations SET published_at = ? WHERE id = ?", (utc_now(), active.id))
        tx.audit("verdeling gepubliceerd", "allocation", active.id, None, {"sha256": active.sha256})
    found = active_allocation(db, festival.id)
    assert found is not None
    return found
