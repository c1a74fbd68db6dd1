"""Corrections at the desk: undoing its own check-in of the last ten minutes, and which desks
are in use."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from core_support import CALLER
from people_support import COORDINATOR, DESK, festival, person

from festival.core.errors import InvalidInput, NotAllowed
from festival.domain.checkin import (
    check_in,
    claim_desk,
    live_desks,
    undo_check_in,
    undo_own_check_in,
)
from festival.domain.registration import get_registration
from festival.domain.roles import Role, User
from festival.store.database import Database

OTHER_DESK = User(id=3, name="Bo Balie", role=Role.DESK, active=True)
JUROR = User(id=4, name="Julia Jury", role=Role.JURY, active=True)


@pytest.fixture
def fid(db: Database) -> int:
    return festival(db).id


def _ago(db: Database, registration_id: int, minutes: int) -> None:
    at = datetime.now(UTC) - timedelta(minutes=minutes)
    db.conn.execute(
        "UPDATE registrations SET checked_in_at = ? WHERE id = ?",
        (at.isoformat(timespec="milliseconds"), registration_id),
    )


def test_the_desk_undoes_its_own_check_in_of_a_minute_ago(db: Database, fid: int) -> None:
    anna = person(db, fid, "Anna de Vries")
    check_in(db, DESK, anna.id, "Balie 1")
    undone = undo_own_check_in(db, DESK, anna.id, "verkeerde Anna", "Balie 1")
    assert undone.checked_in_at is None
    event = db.fetchone(
        "SELECT actor, reason FROM checkin_events"
        " WHERE action = 'ongedaan' AND registration_id = ?",
        (anna.id,),
    )
    assert event is not None and (event["actor"], event["reason"]) == (
        "Bert Balie",
        "verkeerde Anna",
    )
    audit = db.fetchone("SELECT after FROM audit_log WHERE action = 'check-in ongedaan gemaakt'")
    assert audit is not None and '"eigen": true' in audit["after"]


def test_not_after_ten_minutes_and_not_someone_elses(db: Database, fid: int) -> None:
    anna = person(db, fid, "Anna de Vries")
    bram = person(db, fid, "Bram Bos")
    check_in(db, DESK, anna.id, "Balie 1")
    _ago(db, anna.id, 11)
    with pytest.raises(InvalidInput, match="tot 10 minuten"):
        undo_own_check_in(db, DESK, anna.id, "te laat", "Balie 1")
    check_in(db, OTHER_DESK, bram.id, "Balie 2")
    with pytest.raises(InvalidInput, match="Bo Balie"):
        undo_own_check_in(db, DESK, bram.id, "niet de mijne", "Balie 1")
    assert get_registration(db, anna.id).checked_in_at is not None
    assert get_registration(db, bram.id).checked_in_at is not None
    # Nine minutes is still in time.
    _ago(db, bram.id, 9)
    assert undo_own_check_in(db, OTHER_DESK, bram.id, "toch niet", "Balie 2").checked_in_at is None


def test_the_coordinator_undoes_any_and_the_jury_none(db: Database, fid: int) -> None:
    anna = person(db, fid, "Anna de Vries")
    check_in(db, DESK, anna.id, "Balie 1")
    _ago(db, anna.id, 60)
    with pytest.raises(NotAllowed):
        undo_own_check_in(db, JUROR, anna.id, "zomaar", "Jury")
    with pytest.raises(NotAllowed):
        undo_check_in(db, DESK, anna.id, "niet van mij", "Balie 1")
    assert undo_check_in(db, COORDINATOR, anna.id, "dubbel", "Balie 1").checked_in_at is None


def test_a_desk_is_live_while_it_checked_someone_in_recently(db: Database, fid: int) -> None:
    anna = person(db, fid, "Anna de Vries")
    bram = person(db, fid, "Bram Bos")
    check_in(db, DESK, anna.id, "Balie 1")
    check_in(db, CALLER, bram.id, "Balie 3")
    db.conn.execute(
        "UPDATE checkin_events SET at = ? WHERE desk = 'Balie 3'",
        ((datetime.now(UTC) - timedelta(minutes=16)).isoformat(),),
    )
    assert set(live_desks(db)) == {"Balie 1"}
    # A desk named on a terminal is in use before its first check-in; "balie 4" is "Balie 4".
    claim_desk(db, DESK, "Balie 4")
    claim_desk(db, DESK, "balie 4")
    assert set(live_desks(db)) == {"Balie 1", "balie 4"}
    line = db.fetchone("SELECT actor FROM audit_log WHERE action = 'balie in gebruik genomen'")
    assert line is not None and line["actor"] == "Bert Balie"
    with pytest.raises(NotAllowed):
        claim_desk(db, JUROR, "Balie 5")
