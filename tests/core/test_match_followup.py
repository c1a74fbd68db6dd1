"""After the day: the funder's follow-up list with only consented contact details, the
initiative's funders met, and the counts for the council."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from cli_support import run
from core_support import CALLER
from openpyxl import load_workbook

from festival.core.errors import InvalidInput
from festival.domain import checkin
from festival.domain.festivals import current_festival
from festival.store.database import Database
from matchmaking.domain import participants
from matchmaking.domain.followup import (
    counts,
    export_followups,
    followups,
    funders_met,
    set_followup,
)
from matchmaking.domain.schedule import read_talks


def check_in_everyone_but(db: Database, festival_id: int, absent: set[int]) -> None:
    for i in participants.initiatives(db, festival_id):
        if i.registration_id is not None and i.id not in absent:
            checkin.check_in(db, CALLER, i.registration_id, "Balie 1")
    for f in participants.funders(db, festival_id):
        checkin.check_in(db, CALLER, f.registration_id, "Balie 1")


def consent(db: Database, initiative_id: int, value: bool) -> None:
    with db.write(CALLER.actor) as tx:
        tx.execute(
            "UPDATE people SET consent_contact = ?, email = ?, phone = '0612345678' WHERE id ="
            " (SELECT r.person_id FROM initiatives i JOIN registrations r"
            " ON r.id = i.registration_id WHERE i.id = ?)",
            (int(value), f"i{initiative_id}@example.org", initiative_id),
        )


def test_the_follow_up_list_shares_contact_details_only_with_consent(
    demo_db: Database,
) -> None:
    fid = current_festival(demo_db).id  # type: ignore[union-attr]
    talks = read_talks(demo_db, fid)
    funder_id = talks[0].funder_id
    theirs = [t for t in talks if t.funder_id == funder_id]
    assert len(theirs) >= 2
    absent = theirs[-1].initiative_id
    check_in_everyone_but(demo_db, fid, {absent})
    shared, private = theirs[0].initiative_id, theirs[1].initiative_id
    consent(demo_db, shared, True)
    consent(demo_db, private, False)
    funder = next(f for f in participants.funders(demo_db, fid) if f.registration_id == funder_id)
    set_followup(
        demo_db,
        CALLER,
        fid,
        funder.name,
        theirs[0].initiative,
        note='=HYPERLINK("x") belt volgende week',
        agreed=True,
    )
    lines = followups(demo_db, CALLER, fid, funder_id)
    # The initiative that never checked in did not hold its talk.
    assert absent not in {f.initiative_id for f in lines}
    by_id = {f.initiative_id: f for f in lines}
    assert by_id[shared].email == f"i{shared}@example.org" and by_id[shared].agreed
    assert by_id[private].email == by_id[private].phone == by_id[private].contact_name == ""
    data, count = export_followups(demo_db, CALLER, fid, funder.name, "xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("ronde", "initiatief", "kern", "vervolg afgesproken")
    assert count == len(rows) - 1 == len(lines)
    cells = {str(c) for row in rows for c in row if c is not None}
    assert f"i{shared}@example.org" in cells
    assert f"i{private}@example.org" not in cells
    text = export_followups(demo_db, CALLER, fid, funder.name, "csv")[0].decode("utf-8-sig")
    assert "'=HYPERLINK" in text  # the note is text, never a formula
    assert f"i{private}@example.org" not in text


def test_a_follow_up_needs_a_talk_that_was_held(demo_db: Database) -> None:
    fid = current_festival(demo_db).id  # type: ignore[union-attr]
    talk = read_talks(demo_db, fid)[0]
    funder = next(
        f for f in participants.funders(demo_db, fid) if f.registration_id == talk.funder_id
    )
    with pytest.raises(InvalidInput, match="hadden geen tafelgesprek"):
        set_followup(demo_db, CALLER, fid, funder.name, talk.initiative, agreed=True)


def test_counts_for_the_council_and_the_funders_an_initiative_met(
    demo_db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fid = current_festival(demo_db).id  # type: ignore[union-attr]
    talks = read_talks(demo_db, fid)
    absent = talks[0].initiative_id
    check_in_everyone_but(demo_db, fid, {absent})
    held = [t for t in talks if t.initiative_id != absent]
    c = counts(demo_db, CALLER, fid)
    assert (c.planned, c.held, c.followups_agreed) == (len(talks), len(held), 0)
    other = held[0]
    assert funders_met(demo_db, CALLER, fid, absent) == []
    assert other.funder in funders_met(demo_db, CALLER, fid, other.initiative_id)
    demo_db.close()
    assert run(["--db", str(db_path), "match", "report"]) == 0
    assert f"Gehouden (beide kanten ingecheckt): {len(held)}" in capsys.readouterr().out


def test_erasing_the_festivals_people_erases_their_talks_profiles_and_notes(
    demo_db: Database,
) -> None:
    import datetime as dt

    from festival.domain.privacy import purge

    fid = current_festival(demo_db).id  # type: ignore[union-attr]
    check_in_everyone_but(demo_db, fid, set())
    talk = read_talks(demo_db, fid)[0]
    funder = next(
        f for f in participants.funders(demo_db, fid) if f.registration_id == talk.funder_id
    )
    set_followup(demo_db, CALLER, fid, funder.name, talk.initiative, note="belt Femke", agreed=True)
    purge(demo_db, CALLER, dt.date(2027, 6, 1))
    for table in ("match_offers", "match_talks", "match_preferences", "match_followups"):
        assert demo_db.scalar(f"SELECT count(*) FROM {table}") == 0, table


def test_the_privacy_export_of_a_person_holds_their_talks_and_notes(demo_db: Database) -> None:
    from festival.domain.privacy import export_person

    fid = current_festival(demo_db).id  # type: ignore[union-attr]
    check_in_everyone_but(demo_db, fid, set())
    talk = read_talks(demo_db, fid)[0]
    funder = next(
        f for f in participants.funders(demo_db, fid) if f.registration_id == talk.funder_id
    )
    set_followup(demo_db, CALLER, fid, funder.name, talk.initiative, note="belt dinsdag")
    person_id = demo_db.scalar(
        "SELECT person_id FROM registrations WHERE id = ?", (talk.funder_id,)
    )
    data = export_person(demo_db, CALLER, person_id)["tafelgesprekken"]
    assert data["aanbod"]["gesprekken"] >= 1
    assert {"ronde": talk.round, "tafel": talk.table}.items() <= data["gesprekken"][0].items()
    assert data["vervolg"][0]["notitie"] == "belt dinsdag"
    visitor = demo_db.scalar(
        "SELECT r.person_id FROM registrations r JOIN registration_roles x"
        " ON x.registration_id = r.id WHERE x.role = 'bezoeker' LIMIT 1"
    )
    assert "tafelgesprekken" not in export_person(demo_db, CALLER, visitor)
