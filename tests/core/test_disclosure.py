"""Reading or exporting personal data leaves a line in the audit log: who, what, how many
people, committed on its own (a second connection sees it)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from festival.core.errors import NotFound
from festival.domain import attendance, badges, privacy
from festival.domain.festivals import Festival, current_festival
from festival.domain.permissions import SystemCaller
from festival.domain.registration import FestivalRole, list_registrations
from festival.store.database import Database

READER = SystemCaller("Carla Coördinator")


@pytest.fixture
def festival(demo_db: Database) -> Festival:
    found = current_festival(demo_db)
    assert found is not None
    return found


def _last_line(path: Path) -> dict[str, Any]:
    with Database(path, migrate=False) as other:  # another connection: committed or not seen
        row = other.fetchone("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1")
    assert row is not None
    return {**dict(row), "after": json.loads(row["after"])}


def _lines(db: Database) -> int:
    return int(db.scalar("SELECT count(*) FROM audit_log"))


def test_a_privacy_export_is_recorded(demo_db: Database, db_path: Path) -> None:
    person_id = int(demo_db.scalar("SELECT min(id) FROM people"))
    before = _lines(demo_db)
    privacy.export_person(demo_db, READER, person_id)
    assert _lines(demo_db) == before + 1
    line = _last_line(db_path)
    assert line["actor"] == "Carla Coördinator"
    assert line["action"] == "persoonsgegevens ingezien"
    assert (line["entity"], line["entity_id"]) == ("person", str(person_id))
    assert line["after"] == {"personen": 1}


def test_the_attendance_export_is_recorded_with_how_many_people(
    demo_db: Database, db_path: Path, festival: Festival
) -> None:
    everyone = len(list_registrations(demo_db, READER, festival.id))
    attendance.attendance_csv(demo_db, READER, festival.id)
    line = _last_line(db_path)
    assert line["actor"] == "Carla Coördinator"
    assert line["action"] == "aanwezigheidslijst geëxporteerd"
    assert (line["entity"], line["entity_id"]) == ("festival", str(festival.id))
    assert line["after"] == {"personen": everyone}


def test_the_fallback_list_is_recorded(
    demo_db: Database, db_path: Path, festival: Festival
) -> None:
    everyone = len(list_registrations(demo_db, READER, festival.id))
    printed = attendance.fallback_list(demo_db, READER, festival)
    assert printed.people == everyone
    assert printed.data.startswith(b"%PDF")
    line = _last_line(db_path)
    assert line["action"] == "noodlijst gemaakt"
    assert line["after"] == {"personen": everyone}


def test_badge_sheets_are_recorded_with_the_role_asked_for(
    demo_db: Database, db_path: Path, festival: Festival
) -> None:
    jurors = len(list_registrations(demo_db, READER, festival.id, role=FestivalRole.JURY))
    everyone = len(list_registrations(demo_db, READER, festival.id))
    assert 0 < jurors < everyone  # so a count of the wrong list gives another number
    sheets = badges.badge_sheets(demo_db, READER, festival, "a4x4", role=FestivalRole.JURY)
    assert sheets.people == jurors
    line = _last_line(db_path)
    assert line["actor"] == "Carla Coördinator"
    assert line["action"] == "badges gemaakt"
    assert line["after"] == {"personen": jurors, "rol": "jury"}
    badges.badge_sheets(demo_db, READER, festival)
    assert _last_line(db_path)["after"] == {"personen": everyone}


Make = Callable[[Database, Festival], object]


@pytest.mark.parametrize(
    "make",
    [
        lambda db, f: attendance.fallback_list(db, READER, f),
        lambda db, f: badges.badge_sheets(db, READER, f),
    ],
    ids=["noodlijst", "badges"],
)
def test_nobody_registered_reads_nothing_and_records_nothing(
    demo_db: Database, festival: Festival, make: Make
) -> None:
    empty = festival.model_copy(update={"id": 999_999, "name": "Leeg festival"})
    before = _lines(demo_db)
    with pytest.raises(NotFound, match="Niemand aangemeld voor Leeg festival"):
        make(demo_db, empty)
    assert _lines(demo_db) == before
