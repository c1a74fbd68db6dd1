"""The jury's state: open or locked, published, the audience's share and normalisation."""

from __future__ import annotations

from collections.abc import Mapping

from festival.core.errors import NotAllowed, ValidationErrors
from festival.core.text import clean_reason
from festival.domain import permissions
from festival.domain.jury.models import JuryState, JuryStatus
from festival.domain.permissions import Caller
from festival.store.database import Database, Transaction


def ensure_state(tx: Transaction, festival_id: int) -> None:
    tx.execute("INSERT OR IGNORE INTO jury_state (festival_id) VALUES (?)", (festival_id,))


def get_state(db: Database | Transaction, festival_id: int) -> JuryState:
    """The jury's state for a festival (open and unpublished before anything was set)."""
    row = db.fetchone("SELECT * FROM jury_state WHERE festival_id = ?", (festival_id,))
    if row is None:
        return JuryState(
            status=JuryStatus.OPEN,
            criteria_frozen=False,
            published=False,
            current_initiative=None,
            audience_weight=0,
            normalise=False,
        )
    return JuryState(
        status=JuryStatus(row["status"]),
        criteria_frozen=bool(row["criteria_frozen"]),
        published=bool(row["published"]),
        current_initiative=row["current_initiative"],
        audience_weight=row["audience_weight"],
        normalise=bool(row["normalise"]),
    )


def lock(db: Database, caller: Caller, festival_id: int) -> None:
    """Close the scoring: no saves, undos or conflicts until it is unlocked."""
    permissions.require(caller, permissions.JURY_LOCK)
    with db.write(caller.actor) as tx:
        ensure_state(tx, festival_id)
        tx.execute(
            "UPDATE jury_state SET status = 'vergrendeld' WHERE festival_id = ?", (festival_id,)
        )
        tx.audit("scoren vergrendeld", "jury", festival_id)


def unlock(db: Database, caller: Caller, festival_id: int, reason: str) -> None:
    """Open the scoring again (with a reason, logged); this takes a publication back."""
    permissions.require(caller, permissions.JURY_UNLOCK)
    why = clean_reason(reason)
    with db.write(caller.actor) as tx:
        ensure_state(tx, festival_id)
        tx.execute(
            "UPDATE jury_state SET status = 'open', published = 0 WHERE festival_id = ?",
            (festival_id,),
        )
        tx.audit("scoren ontgrendeld", "jury", festival_id, None, {"reden": why})


def publish(db: Database, caller: Caller, festival_id: int) -> None:
    """Make the ranking visible to the jurors (only after locking)."""
    permissions.require(caller, permissions.JURY_PUBLISH)
    with db.write(caller.actor) as tx:
        if get_state(tx, festival_id).status is not JuryStatus.LOCKED:
            raise NotAllowed("Vergrendel het scoren voordat u de uitslag publiceert.")
        tx.execute("UPDATE jury_state SET published = 1 WHERE festival_id = ?", (festival_id,))
        tx.audit("juryuitslag gepubliceerd", "jury", festival_id)


def set_audience(
    db: Database,
    caller: Caller,
    festival_id: int,
    *,
    weight: int | None = None,
    votes: Mapping[int, int] | None = None,
    normalise: bool | None = None,
) -> None:
    """Audience weight (0–100 %), audience votes per initiative, and normalisation on/off."""
    permissions.require(caller, permissions.JURY_SETTINGS)
    if weight is not None and not 0 <= weight <= 100:
        raise ValidationErrors({"weight": "Het gewicht van het publiek ligt tussen 0 en 100 %."})
    if votes and any(v < 0 for v in votes.values()):
        raise ValidationErrors({"votes": "Een aantal stemmen kan niet negatief zijn."})
    with db.write(caller.actor) as tx:
        ensure_state(tx, festival_id)
        if weight is not None:
            tx.execute(
                "UPDATE jury_state SET audience_weight = ? WHERE festival_id = ?",
                (weight, festival_id),
            )
        if normalise is not None:
            tx.execute(
                "UPDATE jury_state SET normalise = ? WHERE festival_id = ?",
                (int(normalise), festival_id),
            )
        for initiative_id, count in (votes or {}).items():
            tx.execute(
                "INSERT INTO audience_votes (initiative_id, votes) VALUES (?, ?)"
                " ON CONFLICT (initiative_id) DO UPDATE SET votes = excluded.votes",
                (initiative_id, count),
            )
        tx.audit(
            "publiek en normalisatie ingesteld",
            "jury",
            festival_id,
            None,
            {
                "gewicht": weight,
                "normaliseren": normalise,
                "stemmen": {str(k): v for k, v in (votes or {}).items()},
            },
        )
