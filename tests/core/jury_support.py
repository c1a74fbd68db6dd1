"""Helpers for the jury tests: the demo's users by name, and small festivals made to measure."""

from __future__ import annotations

from collections.abc import Sequence

from core_support import ADMIN, CALLER

from festival.domain import jury, permissions
from festival.domain.accounts import list_users
from festival.domain.demo import DEMO_FESTIVAL
from festival.domain.festivals import Festival, add_festival, list_festivals
from festival.domain.permissions import SystemCaller
from festival.domain.roles import User
from festival.store.database import Database

COORDINATOR = "Carla Coördinator"
DESK = "Bas Balie"
REGISSEUR = "Karin Regisseur"
JULIA, JAN, JOKE = "Julia Jury", "Jan Jurylid", "Joke Jurylid"

#: The test operator as a caller of the jury's services (same name in the audit log as ADMIN).
OPERATOR = SystemCaller(ADMIN.name)


def user(db: Database, name: str) -> User:
    return next(u for u in list_users(db, permissions.SYSTEM) if u.name == name)


def demo_festival(db: Database) -> int:
    return next(f.id for f in list_festivals(db) if f.name == DEMO_FESTIVAL)


def pitches(db: Database, festival_id: int) -> list[int]:
    return [p.initiative_id for p in jury.list_pitches(db, festival_id)]


def every(db: Database, festival_id: int, value: int) -> dict[int, int]:
    """The same value for every criterion of the festival."""
    return {c.id: value for c in jury.list_criteria(db, festival_id)}


def save(
    db: Database,
    festival_id: int,
    juror_name: str,
    initiative_id: int,
    values: dict[int, int],
    remark: str = "",
) -> None:
    juror = user(db, juror_name)
    jury.save_scores(db, juror, festival_id, juror, initiative_id, values, remark)


def scores_of(db: Database, juror_name: str, initiative_id: int) -> dict[int, int]:
    rows = db.fetchall(
        "SELECT criterion_id, value FROM jury_scores WHERE juror_id = ? AND initiative_id = ?",
        (user(db, juror_name).id, initiative_id),
    )
    return {r["criterion_id"]: r["value"] for r in rows}


def small_festival(
    db: Database,
    criteria: Sequence[tuple[str, int, int, int]],
    initiatives: int,
    jurors: Sequence[str] = (JULIA, JAN, JOKE),
) -> tuple[int, list[int], list[int]]:
    """A second festival in the demo database: ``criteria`` as (name, weight, min, max), the
    given jurors and ``initiatives`` pitches "Plan 1", "Plan 2", … in that order.

    Returns the festival, its criterion ids and its initiative ids (programme order).
    """
    festival = add_festival(
        db, CALLER, name="Proeffestival", day="19-09-2026", place="Buren", retention="31-03-2027"
    )
    for name, weight, low, high in criteria:
        jury.add_criterion(
            db,
            OPERATOR,
            festival.id,
            jury.CriterionInput(
                name=name, weight=str(weight), scale_min=str(low), scale_max=str(high)
            ),
        )
    for name in jurors:
        jury.set_juror(db, OPERATOR, festival.id, user(db, name).id, True)
    lines = ["titel;kern;initiatiefnemer;gevraagd"]
    lines += [f"Plan {n};Zoelen;Iemand {n};500" for n in range(1, initiatives + 1)]
    jury.import_initiatives(db, OPERATOR, festival.id, "\n".join(lines).encode())
    ids = [
        r["id"]
        for r in db.fetchall(
            "SELECT id FROM initiatives WHERE festival_id = ? ORDER BY id", (festival.id,)
        )
    ]
    for initiative_id in ids:
        jury.set_selected(db, OPERATOR, festival.id, initiative_id, True)
    criterion_ids = [c.id for c in jury.list_criteria(db, festival.id)]
    return festival.id, criterion_ids, ids


def scored_and_locked(db: Database) -> Festival:
    """The demo festival with every pitch scored by the three jurors (higher for earlier
    pitches) and the jury locked: ready for the allocation."""
    fid = demo_festival(db)
    criteria = jury.list_criteria(db, fid)
    for rank, initiative in enumerate(pitches(db, fid)):
        for juror in (JULIA, JAN, JOKE):
            save(db, fid, juror, initiative, {c.id: max(1, 10 - rank) for c in criteria})
    jury.lock(db, OPERATOR, fid)
    return next(f for f in list_festivals(db) if f.id == fid)
