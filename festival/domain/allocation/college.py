"""What the advice to the college of B&W says besides the locked record: the jury, the
conflicts its members declared and the unlocks of the scoring (each with its reason), earlier
allocations this one replaced, and how the audience counted. Read from the database when the
document is made; the decision itself always comes from the record.
"""

from __future__ import annotations

from pydantic import BaseModel

from festival.domain import jury
from festival.domain.allocation.locking import history
from festival.domain.allocation.record import LockedAllocation
from festival.domain.festivals import Festival
from festival.store import audit
from festival.store.database import Database

UNLOCKED_ACTION = "scoren ontgrendeld"


class Declared(BaseModel):
    """A conflict of interest a juror declared: that juror's score did not count."""

    juror: str
    initiative: str
    reason: str


class Logged(BaseModel):
    """A logged step with its reason (an unlock of the scoring, a replaced allocation)."""

    at: str
    by: str
    reason: str


class CollegeContext(BaseModel):
    jurors: list[str]
    conflicts: list[Declared]
    unlocks: list[Logged]
    replaced: list[Logged]
    audience_weight: int
    """percent of the final score that is the audience's"""


def reference(festival: Festival, locked: LockedAllocation) -> str:
    """The document's reference number: year, festival and allocation (``KG-2026-001-V2``)."""
    return f"KG-{festival.date.year}-{festival.id:03d}-V{locked.id}"


def college_context(db: Database, festival: Festival) -> CollegeContext:
    """The jury, its declared conflicts and unlocks, and replaced allocations, with reasons."""
    titles = {p.initiative_id: p.title for p in jury.list_pitches(db, festival.id)}
    members = jury.list_jurors(db, festival.id)
    names = {u.id: u.name for u in members}
    conflicts = [
        Declared(
            juror=names.get(r["juror_id"], f"jurylid {r['juror_id']}"),
            initiative=titles[r["initiative_id"]],
            reason=r["reason"],
        )
        for r in db.fetchall(
            "SELECT juror_id, initiative_id, reason FROM jury_conflicts ORDER BY declared_at"
        )
        if r["initiative_id"] in titles
    ]
    unlocks = [
        Logged(at=e.at, by=e.actor, reason=str((e.after or {}).get("reden", "")))
        for e in reversed(audit.entries(db, entity="jury", entity_id=festival.id, limit=1000))
        if e.action == UNLOCKED_ACTION
    ]
    replaced = [
        Logged(
            at=a.locked_at.isoformat(),
            by=a.locked_by,
            reason=f"verdeling {a.id} vervangen door {a.superseded_by}: {a.supersede_reason or ''}",
        )
        for a in history(db, festival.id)
        if a.superseded_by is not None
    ]
    return CollegeContext(
        jurors=[u.name for u in members],
        conflicts=conflicts,
        unlocks=unlocks,
        replaced=replaced,
        audience_weight=jury.get_state(db, festival.id).audience_weight,
    )
