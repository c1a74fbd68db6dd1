"""festival.domain.grants: what the festival and the leefbaarheidsbudget granted, as models."""

from __future__ import annotations

import pytest
from jury_support import scored_and_locked
from kernagenda_support import KernId, application

from festival.core.errors import NotFound
from festival.domain import grants
from festival.domain.allocation import locking
from festival.domain.budget import ApplicationStatus
from festival.domain.permissions import SystemCaller
from festival.store.database import Actor, Database

ADMIN = Actor(name="test")


def _festival(db: Database, name: str) -> int:
    with db.write(ADMIN) as tx:
        return tx.insert(
            "festivals",
            {
                "name": name,
                "date": "2026-09-12",
                "retention_date": "2027-09-12",
                "created_at": "2026-01-01",
            },
        )


def _initiative(db: Database, festival_id: int, kern: int | None, title: str) -> int:
    with db.write(ADMIN) as tx:
        return tx.insert(
            "initiatives",
            {
                "festival_id": festival_id,
                "title": title,
                "kern_id": kern,
                "requested_cents": 50_000,
                "created_at": "2026-01-01",
            },
        )


def test_applications_are_read_as_models(db: Database, kern_id: KernId) -> None:
    zoelen, ingen = kern_id("Zoelen"), kern_id("Ingen")
    bankjes = application(db, zoelen, "Bankjes", 60_000)
    speeltuin = application(db, zoelen, "Speeltuin", 0)
    application(db, ingen, "Jeu de boules", 0)

    found = grants.application(db, bankjes)
    assert (found.title, found.kern_id, found.kern_name) == ("Bankjes", zoelen, "Zoelen")
    assert (found.granted_cents, found.status) == (60_000, ApplicationStatus.HONOURED)
    assert "applicant" not in found.model_dump()  # who asked stays in the budget's own screens
    assert [a.title for a in grants.applications_for_kern(db, zoelen)] == ["Bankjes", "Speeltuin"]
    assert [a.id for a in grants.applications(db, [speeltuin, bankjes])] == [bankjes, speeltuin]
    assert grants.applications(db, []) == []
    with pytest.raises(NotFound):
        grants.application(db, 9999)


def test_initiatives_are_read_newest_festival_first(db: Database, kern_id: KernId) -> None:
    zoelen = kern_id("Zoelen")
    old, new = _festival(db, "Festival 2025"), _festival(db, "Festival 2026")
    moestuin = _initiative(db, old, zoelen, "Moestuin")
    _initiative(db, new, zoelen, "Repaircafé")
    _initiative(db, new, None, "Zonder kern")

    found = grants.initiative(db, moestuin)
    assert (found.title, found.festival_id, found.kern_id) == ("Moestuin", old, zoelen)
    assert found.requested_cents == 50_000
    titles = [i.title for i in grants.initiatives_for_kern(db, zoelen)]
    assert titles == ["Repaircafé", "Moestuin"]
    assert [i.id for i in grants.initiatives(db, [moestuin])] == [moestuin]
    with pytest.raises(NotFound):
        grants.initiative(db, 9999)


def test_festival_awards_are_the_active_locked_allocations_amounts(demo_db: Database) -> None:
    festival = scored_and_locked(demo_db)
    assert grants.festival_awards(demo_db) == {}  # nothing locked yet: nothing awarded
    locked = locking.lock_allocation(demo_db, SystemCaller("test"), festival)
    awards = grants.festival_awards(demo_db)
    assert awards == {int(d.candidate_id): d.amount for d in locked.record.decisions}
    # An award of 0 is "not granted", not absent: the kernagenda shows the two differently.
    assert 0 in awards.values() and any(awards.values())
