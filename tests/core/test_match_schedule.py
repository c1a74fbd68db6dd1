"""Matchmaking on a real database: profiles in (and refused), settings, planning, re-planning
after the morning's check-ins, the desk's lines and the printed slip per person."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from cli_support import run
from core_support import CALLER, count
from people_support import COORDINATOR, DESK, csv_bytes, festival

from festival.core.csv_io import ImportFailed
from festival.core.errors import InvalidInput, NotAllowed, ValidationErrors
from festival.domain import checkin
from festival.domain.festivals import current_festival
from festival.domain.registration_io import import_registrations
from festival.domain.roles import Role, User
from festival.store.database import Database
from matchmaking.domain import participants
from matchmaking.domain.profiles import OfferInput, set_offer
from matchmaking.domain.profiles_io import import_profiles
from matchmaking.domain.schedule import (
    plan,
    read_talks,
    replan,
    talks,
)
from matchmaking.domain.settings import SettingsInput, check_settings, next_round, set_settings
from matchmaking.domain.slips import desk_lines, slips_pdf

JURY = User(id=3, name="Julia Jury", role=Role.JURY, active=True)

# The pre-registration file with matchmaking's optional columns beside the usual ones.
FILE = (
    "naam;rol;kern;organisatie;email;telefoon;initiatief;gevraagd;thema;steun;"
    "bedrag_min;bedrag_max;gesprekken;wens",
    "Femke Wolters;subsidieverlener;Maurik;Dorpsfonds Maurik;femke@example.org;;;;Groen;"
    "geld;500;5.000;3;",
    "Bram Veldhuis;subsidieverlener;;Energiefonds Buren;bram@example.org;;;;Duurzaamheid;"
    "geld, advies;1.000;15.000;3;",
    "Ineke Schuurman;initiatiefnemer;Maurik;;ineke@example.org;;Buurtmoestuin;1.200;Groen;"
    "geld;;;;Energiefonds Buren",
    "Wouter Damen;initiatiefnemer;Zoelen;;wouter@example.org;;Repair café;800;Duurzaamheid;"
    "advies;;;;",
    "Hanneke Otten;bezoeker;Zoelen;;hanneke@example.org;;;;;;;;;",
)


def imported_festival(db: Database) -> int:
    fid = festival(db).id
    data = csv_bytes(*FILE)
    import_registrations(db, CALLER, fid, data)  # ignores the extra columns
    report = import_profiles(db, CALLER, fid, data)
    assert (report.offers, report.needs, report.wishes) == (2, 2, 1)
    assert [why for _, _, why in report.skipped] == ["geen subsidieverlener of initiatiefnemer"]
    return fid


def test_the_registration_file_with_extra_columns_gives_profiles_and_wishes(
    db: Database,
) -> None:
    fid = imported_festival(db)
    set_settings(db, CALLER, fid, SettingsInput(rounds="2", tables="2", min_talks="1"))
    result = plan(db, CALLER, fid)
    pairs = {(t.initiative, t.funder) for t in result.talks}
    # The moestuin wished the Energiefonds (a computed fit of 0: no theme, no money range
    # reason) and fits the Dorpsfonds; the repair café fits only the Energiefonds (advies).
    assert pairs == {
        ("Buurtmoestuin", "Energiefonds Buren (Bram Veldhuis)"),
        ("Buurtmoestuin", "Dorpsfonds Maurik (Femke Wolters)"),
        ("Repair café", "Energiefonds Buren (Bram Veldhuis)"),
    }
    assert result.quality.wishes_honoured == result.quality.wishes_possible == 1
    assert result.quality.min_per_initiative == 1


def test_a_wish_for_someone_not_registered_stores_nothing(db: Database) -> None:
    fid = festival(db).id
    lines = list(FILE)
    lines[3] = lines[3].replace("Energiefonds Buren", "Fonds Onbekend")
    import_registrations(db, CALLER, fid, csv_bytes(*lines))
    with pytest.raises(ImportFailed) as refused:
        import_profiles(db, CALLER, fid, csv_bytes(*lines))
    assert [p.line for p in refused.value.problems] == [4]
    assert "Geen subsidieverlener 'Fonds Onbekend' aangemeld" in refused.value.problems[0].message
    assert count(db, "match_offers") == count(db, "match_needs") == 0


def test_a_profile_needs_a_kind_of_support_and_a_sane_amount_range(db: Database) -> None:
    fid = imported_festival(db)
    funder = participants.funders(db, fid)[0]
    with pytest.raises(ValidationErrors) as refused:
        set_offer(
            db,
            CALLER,
            fid,
            funder.registration_id,
            OfferInput(kinds="", min_amount="5.000", max_amount="500"),
        )
    assert refused.value.errors["steun"].startswith("Geef minstens één soort steun")
    assert refused.value.errors["bedrag_max"] == "Het hoogste bedrag is lager dan het laagste."
    with pytest.raises(ValidationErrors) as unknown:
        set_offer(db, CALLER, fid, funder.registration_id, OfferInput(kinds="geld, knuffels"))
    assert "Onbekende soort steun 'knuffels'" in unknown.value.errors["steun"]


@pytest.mark.parametrize(
    ("settings", "field", "message"),
    [
        (SettingsInput(tables="0"), "tables", "Aantal tafels ligt tussen 1 en 200 (niet 0)."),
        (
            SettingsInput(rounds="3", min_talks="4"),
            "min_talks",
            "Minimaal 4 gesprekken per initiatief past niet in 3 rondes",
        ),
        (SettingsInput(rounds="3", breaks="3:10"), "breaks", "Pauze na ronde 3: er zijn 3"),
        (SettingsInput(start="25:00"), "start", "Begintijd '25:00'"),
        (
            SettingsInput(start="23:00", rounds="6", minutes="30"),
            "rounds",
            "over middernacht",
        ),
    ],
)
def test_impossible_settings_are_refused_in_dutch_and_nothing_is_stored(
    db: Database, settings: SettingsInput, field: str, message: str
) -> None:
    fid = festival(db).id
    with pytest.raises(ValidationErrors) as refused:
        set_settings(db, CALLER, fid, settings)
    assert message in refused.value.errors[field]
    assert count(db, "match_settings") == 0


def test_planning_without_settings_or_profiles_says_what_is_missing(db: Database) -> None:
    fid = festival(db).id
    with pytest.raises(LookupError, match="nog geen instellingen"):
        plan(db, CALLER, fid)
    set_settings(db, CALLER, fid, SettingsInput())
    with pytest.raises(InvalidInput, match="Er is niets te plannen"):
        plan(db, CALLER, fid)


def test_more_talks_asked_than_slots_says_which_rule_fails_and_by_how_much(
    demo_db: Database,
) -> None:
    fid = current_festival(demo_db).id  # type: ignore[union-attr]
    set_settings(demo_db, CALLER, fid, SettingsInput(rounds="2", tables="5", min_talks="2"))
    result = plan(demo_db, CALLER, fid)
    initiatives = result.quality.initiatives
    assert result.quality.talks == 10  # every slot used: the best schedule that can be made
    assert result.quality.unmet[0].startswith("Minimaal 2 gesprekken per initiatief lukt niet")
    assert f"nodig {initiatives * 2}; 10 plaatsen aan tafels" in result.quality.unmet[0]


def test_replanning_after_check_ins_keeps_present_peoples_talks(demo_db: Database) -> None:
    fid = current_festival(demo_db).id  # type: ignore[union-attr]
    before = read_talks(demo_db, fid)
    assert before
    initiatives = {i.id: i for i in participants.initiatives(demo_db, fid)}
    funders = participants.funders(demo_db, fid)
    # Everyone checks in except the people of three initiatives and two funders.
    absent_initiatives = sorted({t.initiative_id for t in before})[:3]
    absent_funders = sorted({t.funder_id for t in before})[:2]
    for i in initiatives.values():
        if i.id not in absent_initiatives and i.registration_id is not None:
            checkin.check_in(demo_db, CALLER, i.registration_id, "Balie 1")
    for f in funders:
        if f.registration_id not in absent_funders:
            checkin.check_in(demo_db, CALLER, f.registration_id, "Balie 1")
    result = replan(demo_db, CALLER, fid, 2)
    after = read_talks(demo_db, fid)
    where = {(t.initiative_id, t.funder_id): (t.round, t.table) for t in after}
    for t in before:
        absent = t.initiative_id in absent_initiatives or t.funder_id in absent_funders
        if t.round < 2 or not absent:  # held, or both present: same round, same table
            assert where.get((t.initiative_id, t.funder_id)) == (t.round, t.table)
    open_talks = [t for t in after if t.round >= 2]
    assert not any(
        t.initiative_id in absent_initiatives or t.funder_id in absent_funders for t in open_talks
    )
    # The freed places went to present people: more talks in the open rounds than kept.
    kept = sum(
        1
        for t in before
        if t.round >= 2
        and t.initiative_id not in absent_initiatives
        and t.funder_id not in absent_funders
    )
    assert result.quality.kept == kept
    assert len(open_talks) > kept
    per_round = Counter((t.round, t.table) for t in after)
    assert max(per_round.values()) == 1


def test_replanning_before_anyone_checked_in_is_refused(demo_db: Database) -> None:
    fid = current_festival(demo_db).id  # type: ignore[union-attr]
    before = read_talks(demo_db, fid)
    with pytest.raises(InvalidInput, match="Nog niemand ingecheckt"):
        replan(demo_db, CALLER, fid, 2)
    assert read_talks(demo_db, fid) == before


def test_the_desk_shows_a_persons_talks_and_prints_them(demo_db: Database, tmp_path: Path) -> None:
    fid = current_festival(demo_db).id  # type: ignore[union-attr]
    schedule = read_talks(demo_db, fid)
    funder_id = schedule[0].funder_id
    mine = sorted((t for t in schedule if t.funder_id == funder_id), key=lambda t: t.round)
    lines = desk_lines(demo_db, DESK, funder_id)
    assert lines[:2] == ["", "Tafelgesprekken (waar moet ik heen?):"]
    first = mine[0]
    assert lines[2] == f"R{first.round} {first.start} tafel {first.table} · {first.initiative}"
    assert len(lines) == len(mine) + 2
    assert desk_lines(demo_db, JURY, funder_id) == []  # the jury does not see who meets whom
    data, pages = slips_pdf(demo_db, COORDINATOR, fid, [funder_id])
    assert pages == 1
    document = pdfium.PdfDocument(data)
    text = document[0].get_textpage().get_text_range()
    name = participants.names(demo_db, fid)[funder_id]
    assert name in text
    for t in mine:
        slip = f"Ronde {t.round} · {t.start}–{t.end} · tafel {t.table}\r\nmet {t.initiative}"
        assert slip in text


def test_only_the_coordinator_plans_and_the_desk_reads(demo_db: Database) -> None:
    fid = current_festival(demo_db).id  # type: ignore[union-attr]
    assert talks(demo_db, DESK, fid)
    with pytest.raises(NotAllowed):
        plan(demo_db, DESK, fid)
    with pytest.raises(NotAllowed):
        talks(demo_db, JURY, fid)


def test_the_command_line_plans_and_prints_the_schedule(
    demo_db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_db.close()
    assert run(["--db", str(db_path), "match", "plan"]) == 0
    assert "wensen 4 van 4" in capsys.readouterr().out
    assert run(["--db", str(db_path), "match", "schedule", "--ronde", "1"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Ronde 1  14:00–14:15")
    assert "tafel   1" in shown
    assert run(["--db", str(db_path), "match", "settings", "--tafels", "0"]) == 1
    assert "Aantal tafels ligt tussen 1 en 200" in capsys.readouterr().err


def test_the_next_round_follows_the_clock_and_the_breaks_on_the_festival_day() -> None:
    settings = check_settings(
        1, SettingsInput(rounds="4", minutes="15", start="13:30", breaks="2:20")
    )
    day = date(2026, 9, 12)
    assert settings.round_times() == {
        1: ("13:30", "13:45"),
        2: ("13:45", "14:00"),
        3: ("14:20", "14:35"),  # after 20 minutes' break
        4: ("14:35", "14:50"),
    }
    assert next_round(settings, day, datetime(2026, 9, 12, 13, 50)) == 3
    assert next_round(settings, day, datetime(2026, 9, 12, 12, 0)) == 1
    assert next_round(settings, day, datetime(2026, 9, 12, 14, 40)) is None
    assert next_round(settings, day, datetime(2026, 9, 11, 13, 50)) is None  # another day


def test_fewer_rounds_drop_the_talks_that_no_longer_fit_and_say_so(
    demo_db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fid = current_festival(demo_db).id  # type: ignore[union-attr]
    in_round_5 = [t for t in read_talks(demo_db, fid) if t.round == 5]
    assert in_round_5
    demo_db.close()
    argv = ["--db", str(db_path), "match", "settings", "--rondes", "4", "--tafels", "14"]
    assert run([*argv, "--start", "14:00"]) == 0
    shown = capsys.readouterr().out
    assert f"{len(in_round_5)} geplande gesprekken vallen buiten de nieuwe rondes" in shown
    with Database(db_path) as db:
        assert max(t.round for t in read_talks(db, fid)) == 4


def test_one_persons_slip_by_badge_code(
    demo_db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fid = current_festival(demo_db).id  # type: ignore[union-attr]
    talk = read_talks(demo_db, fid)[0]
    code = demo_db.scalar("SELECT code FROM registrations WHERE id = ?", (talk.funder_id,))
    demo_db.close()
    out = tmp_path / "een.pdf"
    assert run(["--db", str(db_path), "match", "slips", "--out", str(out), "--persoon", code]) == 0
    assert "1 overzichten geschreven" in capsys.readouterr().out
    document = pdfium.PdfDocument(out.read_bytes())
    assert len(document) == 1
    assert (
        f"tafel {talk.table}\r\nmet {talk.initiative}"
        in document[0].get_textpage().get_text_range()
    )
    assert out.stat().st_mode & 0o777 == 0o600


def test_the_badge_printed_at_the_desk_carries_the_talks_on_its_back(
    demo_db: Database, tmp_path: Path
) -> None:
    from festival.domain.badges import print_badge

    def badge(registration_id: int) -> Path:
        done = print_badge(
            demo_db, DESK, registration_id, desk="Balie 1", printer=None, folder=tmp_path
        )
        assert done.path is not None
        return done.path

    fid = current_festival(demo_db).id  # type: ignore[union-attr]
    talk = read_talks(demo_db, fid)[0]
    path = badge(talk.funder_id)
    document = pdfium.PdfDocument(path.read_bytes())
    assert len(document) == 2
    back = document[1].get_textpage().get_text_range()
    assert back.startswith("Tafelgesprekken (waar moet ik heen?):")
    assert f"tafel {talk.table}" in back and talk.start in back
    visitor = demo_db.scalar(
        "SELECT registration_id FROM registration_roles WHERE role = 'bezoeker' LIMIT 1"
    )
    alone = badge(visitor)
    assert len(pdfium.PdfDocument(alone.read_bytes())) == 1  # no talks: no back page


def test_a_fresh_plan_after_check_ins_must_be_asked_for_on_purpose(demo_db: Database) -> None:
    fid = current_festival(demo_db).id  # type: ignore[union-attr]
    before = read_talks(demo_db, fid)
    checkin.check_in(demo_db, CALLER, before[0].funder_id, "Balie 1")
    with pytest.raises(InvalidInput, match="Er zijn al mensen ingecheckt"):
        plan(demo_db, CALLER, fid)
    assert read_talks(demo_db, fid) == before
    assert plan(demo_db, CALLER, fid, start_over=True).quality.talks == len(before)


def test_a_schedule_not_found_in_time_changes_nothing_and_says_so(demo_db: Database) -> None:
    fid = current_festival(demo_db).id  # type: ignore[union-attr]
    before = read_talks(demo_db, fid)
    with pytest.raises(InvalidInput, match="Binnen 0 seconden is geen rooster gevonden"):
        plan(demo_db, CALLER, fid, time_limit=0.0)
    assert read_talks(demo_db, fid) == before


def test_the_hall_screen_lines_show_the_current_round_without_peoples_names(
    demo_db: Database,
) -> None:
    from matchmaking.domain.slips import hall_lines

    festival = current_festival(demo_db)
    assert festival is not None
    day = festival.date
    talks_2 = [t for t in read_talks(demo_db, festival.id) if t.round == 2]
    lines = hall_lines(demo_db, festival.id, datetime(day.year, day.month, day.day, 14, 20))
    assert lines[0] == "Tafelgesprekken ronde 2  14:15–14:30"
    assert len(lines) == len(talks_2) + 1
    names = participants.names(demo_db, festival.id).values()
    assert not any(name in line for line in lines for name in names)
    later = datetime(day.year, day.month, day.day, 18, 0)
    assert hall_lines(demo_db, festival.id, later) == []
    assert hall_lines(demo_db, festival.id, datetime(2026, 1, 1, 14, 20)) == []
