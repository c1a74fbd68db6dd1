"""The coordinator's table talks screen, and the desk showing a person's talks at check-in."""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path

import pytest
from textual.widgets import Input

from festival.app import KerngerichtApp
from festival.domain.festivals import current_festival
from festival.store.database import Database
from festival.ui.widgets.record_table import RecordTable
from matchmaking.domain.profiles import read_offers
from matchmaking.domain.schedule import read_talks
from matchmaking.ui.profile_dialog import ProfileDialog
from matchmaking.ui.profiles_screen import ProfilesScreen
from matchmaking.ui.schedule_screen import ScheduleScreen
from tests.ui.helpers import COORDINATOR, DESK, log_in, static_text


async def test_the_coordinator_sees_the_schedule_and_its_quality_and_plans_again(
    app: KerngerichtApp, db_path: Path
) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("t")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ScheduleScreen)
        quality = static_text(pilot, "#match-quality")
        assert quality.startswith("70 gesprekken; per initiatief minimaal 2")
        assert "wensen 4 van 4" in quality
        assert "Ingecheckt: 0 van 31 initiatieven" in quality
        table = screen.query_one("#match-talks")
        assert table.row_count == 70  # type: ignore[attr-defined]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert table.row_count == 14  # type: ignore[attr-defined]  (round 1: 14 tables)
        assert "Getoond: ronde 1" in static_text(pilot, "#match-round")
        # Re-planning before anyone checked in is refused in Dutch and changes nothing.
        await pilot.press("r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert any("Nog niemand ingecheckt" in str(n.message) for n in pilot.app._notifications)
        pilot.app.save_screenshot(str(db_path.parent / "match-160.svg"))
        await pilot.press("p")
        await pilot.pause()
        await pilot.click("#confirm")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert any("70 gesprekken" in str(n.message) for n in pilot.app._notifications)


async def test_the_desk_shows_where_a_person_must_go_on_check_in(
    app: KerngerichtApp, db_path: Path
) -> None:
    with Database(db_path) as db:
        festival = current_festival(db)
        assert festival is not None
        first = read_talks(db, festival.id)[0]
        code = db.fetchone("SELECT code FROM registrations WHERE id = ?", (first.funder_id,))[
            "code"
        ]
    async with app.run_test(size=(160, 45)) as pilot:
        await log_in(pilot, *DESK)
        await pilot.press("enter")  # the desk name dialog: "Balie 1"
        await pilot.pause()
        await pilot.press(*code, "enter")  # what a hand scanner does
        await pilot.pause()
        shown = static_text(pilot, "#result")
        assert "WELKOM" in shown
        assert "Tafelgesprekken (waar moet ik heen?):" in shown
        assert f"R{first.round} {first.start} tafel {first.table} · {first.initiative}" in shown
        pilot.app.save_screenshot(str(db_path.parent / "desk-160.svg"))


async def test_the_coordinator_edits_a_funders_offer_and_bad_input_stores_nothing(
    app: KerngerichtApp, db_path: Path
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("t", "o")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ProfilesScreen)
        assert "16 subsidieverleners met aanbod, 31 initiatieven" in static_text(
            pilot, "#match-profiles-help"
        )
        pilot.app.save_screenshot(str(db_path.parent / "profiles-80.svg"))
        funder_id = screen.query_one("#match-profiles", RecordTable).selected_id
        assert funder_id is not None and funder_id > 0
        before = screen.offers[funder_id]
        await pilot.press("enter")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ProfileDialog)
        dialog.query_one("#steun", Input).value = ""
        dialog.query_one("#gesprekken", Input).value = "2"
        await pilot.press("enter")
        await pilot.pause()
        pilot.app.save_screenshot(str(db_path.parent / "profile-dialog-80.svg"))
        assert pilot.app.screen is dialog  # refused: the form stays open
        with Database(db_path) as db:
            stored = next(
                o
                for o in read_offers(db, current_festival(db).id)  # type: ignore[union-attr]
                if o.registration_id == funder_id
            )
        assert stored.capacity == before.capacity  # nothing stored half
        dialog.query_one("#steun", Input).value = "advies"
        dialog.query_one("#steun", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.offers[funder_id].capacity == 2
        assert [k.value for k in screen.offers[funder_id].kinds] == ["advies"]


async def test_with_the_setting_on_the_screen_replans_just_before_a_round(
    app: KerngerichtApp, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from festival.domain import checkin
    from festival.domain.permissions import SYSTEM
    from matchmaking.domain import participants
    from matchmaking.domain.schedule import last_from_round
    from matchmaking.domain.settings import SettingsInput, set_settings
    from matchmaking.ui import schedule_screen

    with Database(db_path) as db:
        festival = current_festival(db)
        assert festival is not None
        set_settings(
            db,
            SYSTEM,
            festival.id,
            SettingsInput(
                rounds="5", minutes="15", tables="14", start="14:00", breaks="3:10",
                min_talks="2", auto_replan=True,
            ),
        )  # fmt: skip
        for f in participants.funders(db, festival.id):
            checkin.check_in(db, SYSTEM, f.registration_id, "Balie 1")
        day = festival.date

    class Clock(datetime):
        moment = datetime(day.year, day.month, day.day, 14, 5)

        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Clock:
            return cls.moment  # type: ignore[return-value]

    monkeypatch.setattr(schedule_screen, "datetime", Clock)
    async with app.run_test(size=(160, 45)) as pilot:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("t")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ScheduleScreen)
        screen._auto_replan()  # 14:05: round 2 starts at 14:15, too early
        await pilot.app.workers.wait_for_complete()
        with Database(db_path) as db:
            assert last_from_round(db, festival.id) == 1
        Clock.moment = Clock.moment.replace(minute=13)
        screen._auto_replan()  # two minutes before round 2
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        with Database(db_path) as db:
            assert last_from_round(db, festival.id) == 2
        screen._auto_replan()  # once per round
        await pilot.app.workers.wait_for_complete()
        with Database(db_path) as db:
            runs = db.scalar("SELECT count(*) FROM match_runs WHERE from_round = 2")
        assert runs == 1


async def test_a_walk_in_funder_states_its_offer_at_the_desk(app: KerngerichtApp) -> None:
    from textual.widgets import Checkbox, Select

    from festival.ui.dialogs.walk_in_dialog import WalkInDialog
    from festival.ui.screens.desk import DeskScreen
    from tests.ui.helpers import click
    from tests.ui.test_desk import open_desk

    festival = current_festival(app.db)
    assert festival is not None
    before = {o.registration_id for o in read_offers(app.db, festival.id)}
    async with app.run_test(size=(80, 24)) as pilot:
        await open_desk(pilot)
        await pilot.press("f2")
        await pilot.pause()
        walk_in = app.screen
        assert isinstance(walk_in, WalkInDialog)
        walk_in.query_one("#name", Input).value = "Fenna Fondsen"
        walk_in.query_one("#role", Select).value = "subsidieverlener"
        walk_in.query_one("#organisation", Input).value = "Fonds Betuwse Dorpen"
        walk_in.query_one("#consent-contact", Checkbox).value = True
        await click(pilot, "#save")
        await pilot.pause()
        # Checked in, and asked at once what the fund offers.
        dialog = app.screen
        assert isinstance(dialog, ProfileDialog) and dialog.is_funder
        dialog.query_one("#steun", Input).value = "geld, advies"
        dialog.query_one("#steun", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        added = [o for o in read_offers(app.db, festival.id) if o.registration_id not in before]
        assert [o.organisation for o in added] == ["Fonds Betuwse Dorpen"]
        assert {k.value for k in added[0].kinds} == {"geld", "advies"}
