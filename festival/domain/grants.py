"""What the festival and the leefbaarheidsbudget granted, for other features to read.

Other features (the kernagenda) read applications, initiatives and festival awards through
these functions and get models back; they never query the festival's tables themselves.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from festival.core.errors import NotFound
from festival.domain.allocation.record import awarded_amounts
from festival.domain.budget import ApplicationStatus
from festival.store.database import Database, Transaction

# No applicant: who asked is personal data, and the other features only show what was granted.
_APPLICATIONS = (
    "SELECT a.id, a.year, a.kern_id, k.name AS kern_name, a.title, a.requested_cents,"
    " a.granted_cents, a.status FROM applications a JOIN kernen k ON k.id = a.kern_id"
)


class Grant(BaseModel):
    """A leefbaarheidsbudget application as other features see it: what, where, how much."""

    id: int
    year: int
    kern_id: int
    kern_name: str
    title: str
    requested_cents: int
    granted_cents: int
    status: ApplicationStatus


class FestivalInitiative(BaseModel):
    """An initiative pitched at a festival, as other features see it."""

    id: int
    festival_id: int
    kern_id: int | None
    title: str
    requested_cents: int


def _marks(ids: Sequence[int]) -> str:
    return ", ".join("?" for _ in ids)


def application(db: Database | Transaction, application_id: int) -> Grant:
    """One leefbaarheidsbudget application; :class:`NotFound` if there is none."""
    row = db.fetchone(f"{_APPLICATIONS} WHERE a.id = ?", (application_id,))
    if row is None:
        raise NotFound(f"Aanvraag {application_id} bestaat niet.")
    return Grant.model_validate(dict(row))


def applications(db: Database | Transaction, ids: Sequence[int]) -> list[Grant]:
    """The applications with these ids (unknown ids left out), oldest year first."""
    if not ids:
        return []
    rows = db.fetchall(
        f"{_APPLICATIONS} WHERE a.id IN ({_marks(ids)}) ORDER BY a.year, a.id", tuple(ids)
    )
    return [Grant.model_validate(dict(r)) for r in rows]


def applications_for_kern(db: Database | Transaction, kern_id: int) -> list[Grant]:
    """Every application of a kern, newest year first, then by title."""
    rows = db.fetchall(
        f"{_APPLICATIONS} WHERE a.kern_id = ? ORDER BY a.year DESC, a.title", (kern_id,)
    )
    return [Grant.model_validate(dict(r)) for r in rows]


_INITIATIVES = (
    "SELECT i.id, i.festival_id, i.kern_id, i.title, i.requested_cents"
    " FROM initiatives i JOIN festivals f ON f.id = i.festival_id"
)


def initiative(db: Database | Transaction, initiative_id: int) -> FestivalInitiative:
    """One festival initiative; :class:`NotFound` if there is none."""
    row = db.fetchone(f"{_INITIATIVES} WHERE i.id = ?", (initiative_id,))
    if row is None:
        raise NotFound(f"Initiatief {initiative_id} bestaat niet.")
    return FestivalInitiative.model_validate(dict(row))


def initiatives(db: Database | Transaction, ids: Sequence[int]) -> list[FestivalInitiative]:
    """The initiatives with these ids (unknown ids left out), in the order they were made."""
    if not ids:
        return []
    rows = db.fetchall(f"{_INITIATIVES} WHERE i.id IN ({_marks(ids)}) ORDER BY i.id", tuple(ids))
    return [FestivalInitiative.model_validate(dict(r)) for r in rows]


def initiatives_for_kern(db: Database | Transaction, kern_id: int) -> list[FestivalInitiative]:
    """Every initiative of a kern, newest festival first, then by title."""
    rows = db.fetchall(
        f"{_INITIATIVES} WHERE i.kern_id = ? ORDER BY f.id DESC, i.title", (kern_id,)
    )
    return [FestivalInitiative.model_validate(dict(r)) for r in rows]


def festival_awards(db: Database | Transaction) -> dict[int, int]:
    """Initiative id -> awarded cents in each festival's active (not superseded) locked
    allocation; an initiative absent here has not been allocated yet."""
    return awarded_amounts(db)
