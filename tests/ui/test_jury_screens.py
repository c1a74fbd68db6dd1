"""The juror's keyboard flow, undo and conflicts; the coordinator's live board."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select

from festival.app import KerngerichtApp, make_app
from festival.domain import jury, permissions
from festival.domain.accounts import list_users
from festival.domain.demo import DEMO_FESTIVAL
from festival.domain.demo_day import PRACTICE_FESTIVAL
from festival.domain.festivals import current_festival
from festival.domain.jury import BoardCell
from festival.domain.pin_key import key_path
from festival.domain.roles import User
from festival.features import fill_demo
from festival.settings import Settings
from festival.store.database import Database
from festival.ui.dialogs.confirm_dialog import ConfirmDialog
from festival.ui.dialogs.reason_dialog import ReasonDialog
from festival.ui.screens.jury import JuryScreen
from festival.ui.screens.jury_board import JuryBoardScreen
from festival.ui.screens.jury_keying import JuryKeyingScreen
from festival.ui.screens.jury_setup import JurySetupScreen
from festival.ui.widgets.record_table import RecordTable
from tests.ui.helpers import COORDINATOR, JURY, click, log_in, static_text, wait_until


async def open_jury(pilot: Pilot[None]) -> JuryScreen:
    await log_in(pilot, *JURY)
    screen = pilot.app.screen
    assert isinstance(screen, JuryScreen)
    return screen


async def type_scores(pilot: Pilot[None], values: list[str]) -> None:
    """Type each value, Tab to the next criterion, Enter at the end."""
    for value in values[:-1]:
        await pilot.press(*value, "tab")
    await pilot.press(*values[-1], "enter")
    await pilot.pause()


def festival_id(db: Database) -> int:
    festival = current_festival(db)
    assert festival is not None
    return festival.id


async def test_scoring_by_keyboard_saves_and_moves_on(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_jury(pilot)
        first = screen.selected
        assert "0 van 8 gescoord" in static_text(pilot, "#jury-progress")
        await type_scores(pilot, ["7", "8", "6", "10", "9"])
        juror = next(u for u in list_users(app.db, permissions.SYSTEM) if u.name == JURY[0])
        own = jury.own_scores(app.db, juror, festival_id(app.db), juror)
        assert first is not None
        criteria = jury.list_criteria(app.db, festival_id(app.db))
        assert [own.values[first][c.id] for c in criteria] == [7, 8, 6, 10, 9]
        assert "1 van 8 gescoord" in static_text(pilot, "#jury-progress")
        assert screen.selected != first  # on to the next pitch


async def test_arrows_move_between_criteria_and_show_the_level(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_jury(pilot)
        criteria = screen.criteria
        assert app.focused is screen.query_one(f"#score-{criteria[0].id}", Input)
        await pilot.press("down")
        assert app.focused is screen.query_one(f"#score-{criteria[1].id}", Input)
        await pilot.press("1", "0")
        await pilot.pause()
        assert criteria[1].levels[10] in static_text(pilot, "#level-help")


async def test_an_out_of_scale_value_is_refused_beside_the_criterion(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_jury(pilot)
        await type_scores(pilot, ["7", "8", "60", "5", "5"])
        third = screen.criteria[2]
        assert "buiten de schaal" in screen.query_one(f"#field-criterion-{third.id}").error
        assert "0 van 8 gescoord" in static_text(pilot, "#jury-progress")


async def test_undo_puts_back_what_the_last_save_replaced(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_jury(pilot)
        first = screen.selected
        await type_scores(pilot, ["7", "8", "6", "10", "9"])
        screen.select(first)
        await pilot.pause()
        await type_scores(pilot, ["1", "1", "1", "1", "1"])  # a second save of the same pitch
        await pilot.press("pageup")  # the save moved on to the next pitch; back to the first
        assert screen.selected == first
        await pilot.press("ctrl+z")
        await pilot.pause()
        juror = next(u for u in list_users(app.db, permissions.SYSTEM) if u.name == JURY[0])
        own = jury.own_scores(app.db, juror, festival_id(app.db), juror)
        assert first is not None
        assert sorted(own.values[first].values()) == [6, 7, 8, 9, 10]
        await pilot.press("ctrl+z")
        await pilot.pause()
        own = jury.own_scores(app.db, juror, festival_id(app.db), juror)
        assert first not in own.values


async def test_a_declared_conflict_blocks_scoring_that_pitch(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_jury(pilot)
        pitch = screen.selected
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        app.screen.query_one("#reason", Input).value = "mijn zus is de aanvrager"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert "Belangenverstrengeling gemeld" in static_text(pilot, "#pitch-title")
        assert screen.query_one(f"#score-{screen.criteria[0].id}", Input).disabled
        juror = next(u for u in list_users(app.db, permissions.SYSTEM) if u.name == JURY[0])
        own = jury.own_scores(app.db, juror, festival_id(app.db), juror)
        assert pitch in own.conflicts


async def test_the_juror_cannot_open_the_ranking_before_publication(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_jury(pilot)
        await pilot.press("f5")
        await pilot.pause()
        assert app.screen is screen


async def test_the_board_shows_a_score_from_another_terminal(
    app: KerngerichtApp, other_db: Database
) -> None:
    fid = festival_id(app.db)
    juror = next(u for u in list_users(other_db, permissions.SYSTEM) if u.name == JURY[0])
    pitch = jury.list_pitches(other_db, fid)[0]
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("j")
        await pilot.pause()
        board = app.screen
        assert isinstance(board, JuryBoardScreen)
        assert board.board is not None
        assert board.board.cells[(juror.id, pitch.initiative_id)] is BoardCell.OPEN
        criteria = jury.list_criteria(other_db, fid)
        jury.save_scores(
            other_db, juror, fid, juror, pitch.initiative_id, {c.id: 5 for c in criteria}
        )
        await wait_until(
            pilot,
            lambda: (
                board.board is not None
                and board.board.cells[(juror.id, pitch.initiative_id)] is BoardCell.SCORED
            ),
        )
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # Annuleren has the focus: nothing happens
        await pilot.pause()
        assert jury.get_state(app.db, fid).status is jury.JuryStatus.OPEN
        await pilot.press("l")
        await pilot.pause()
        await click(pilot, "#confirm")
        assert jury.get_state(app.db, fid).status is jury.JuryStatus.LOCKED
        assert "vergrendeld" in static_text(pilot, "#board-status")


def _julia(db: Database) -> User:
    return next(u for u in list_users(db, permissions.SYSTEM) if u.name == JURY[0])


def _notices(app: KerngerichtApp) -> list[str]:
    return [str(n.message).replace("\xa0", " ") for n in app._notifications]


async def test_ctrl_z_undoes_only_the_pitch_on_screen(app: KerngerichtApp) -> None:
    """The issue's case: pitch 1 saved, a conflict declared on pitch 3, Ctrl+Z there."""
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_jury(pilot)
        first = screen.selected
        await type_scores(pilot, ["7", "8", "6", "10", "9"])
        await pilot.press("pagedown")
        third = screen.selected
        assert third not in (None, first)
        await pilot.press("f6")
        await pilot.pause()
        app.screen.query_one("#reason", Input).value = "mijn neef pitcht"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        own = jury.own_scores(app.db, _julia(app.db), festival_id(app.db), _julia(app.db))
        assert first is not None and sorted(own.values[first].values()) == [6, 7, 8, 9, 10]
        assert "2 van 8 gescoord" in static_text(pilot, "#jury-progress")
        assert any("geen opslag van u om terug te draaien" in n for n in _notices(app))
        # Back on the first pitch, Ctrl+Z undoes its save and says which it was.
        screen.select(first)
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        own = jury.own_scores(app.db, _julia(app.db), festival_id(app.db), _julia(app.db))
        assert first not in own.values
        title = next(p.title for p in screen.pitches if p.initiative_id == first)
        assert any(n.startswith("Teruggedraaid") and title in n for n in _notices(app))


async def test_the_juror_withdraws_a_conflict_with_f6(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_jury(pilot)
        pitch = screen.selected
        await pilot.press("f6")
        await pilot.pause()
        app.screen.query_one("#reason", Input).value = "verkeerd gelezen"
        await pilot.press("enter")
        await pilot.pause()
        assert "F6: intrekken" in static_text(pilot, "#pitch-title")
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await click(pilot, "#confirm")
        own = jury.own_scores(app.db, _julia(app.db), festival_id(app.db), _julia(app.db))
        assert pitch not in own.conflicts
        assert not screen.query_one(f"#score-{screen.criteria[0].id}", Input).disabled


async def test_typed_values_survive_page_up_and_down(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_jury(pilot)
        first = screen.selected
        criteria = screen.criteria
        await pilot.press("7", "tab", "8")  # two of five typed, not saved
        await pilot.press("pagedown")
        assert screen.selected != first
        assert screen.query_one(f"#score-{criteria[0].id}", Input).value == ""
        assert "1 niet opgeslagen" in static_text(pilot, "#jury-progress")
        await pilot.press("pageup")
        assert screen.selected == first
        assert screen.query_one(f"#score-{criteria[0].id}", Input).value == "7"
        assert screen.query_one(f"#score-{criteria[1].id}", Input).value == "8"
        assert "Niet opgeslagen" in static_text(pilot, "#pitch-title")
        # Finishing and saving the draft clears it.
        screen.query_one(f"#score-{criteria[1].id}", Input).focus()
        await pilot.press("tab")
        await type_scores(pilot, ["6", "5", "4"])
        own = jury.own_scores(app.db, _julia(app.db), festival_id(app.db), _julia(app.db))
        assert first is not None
        assert [own.values[first][c.id] for c in criteria] == [7, 8, 6, 5, 4]
        assert "niet opgeslagen" not in static_text(pilot, "#jury-progress")


async def test_a_decimal_score_is_refused_not_read_as_a_bigger_number(
    app: KerngerichtApp,
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_jury(pilot)
        first = screen.selected
        await type_scores(pilot, ["7,5", "8", "6", "7.5", "9"])
        criteria = screen.criteria
        for index in (0, 3):
            error = screen.query_one(f"#field-criterion-{criteria[index].id}").error
            assert "geen heel getal" in error
        assert screen.selected == first
        own = jury.own_scores(app.db, _julia(app.db), festival_id(app.db), _julia(app.db))
        assert first not in own.values


async def test_after_the_lock_the_form_is_read_only_and_says_so(
    app: KerngerichtApp, other_db: Database
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_jury(pilot)
        await pilot.press("3")  # typing when the lock comes in
        jury.lock(other_db, permissions.SYSTEM, festival_id(other_db))
        await wait_until(pilot, lambda: screen.locked)
        await pilot.pause()
        assert "vergrendeld" in static_text(pilot, "#pitch-title")
        assert "alleen bekijken" in static_text(pilot, "#jury-progress")
        fields = [screen.query_one(f"#score-{c.id}", Input) for c in screen.criteria]
        assert all(field.disabled for field in fields)
        assert screen.query_one("#remark", Input).disabled
        await pilot.press("4", "enter")
        await pilot.pause()
        assert fields[0].value in ("", "3")
        await pilot.press("pagedown")
        assert all(field.disabled for field in fields)
        assert app.db.scalar("SELECT count(*) FROM jury_scores") == 0


async def open_board(pilot: Pilot[None]) -> JuryBoardScreen:
    await log_in(pilot, *COORDINATOR)
    await pilot.press("j")
    await pilot.pause()
    board = pilot.app.screen
    assert isinstance(board, JuryBoardScreen)
    return board


async def test_lock_names_the_unscored_pitches_and_publish_asks_first(
    app: KerngerichtApp,
) -> None:
    fid = festival_id(app.db)
    programme = jury.list_pitches(app.db, fid)
    julia = _julia(app.db)
    criteria = jury.list_criteria(app.db, fid)
    for pitch in programme[:-1]:
        jury.save_scores(
            app.db, julia, fid, julia, pitch.initiative_id, {c.id: 6 for c in criteria}
        )
    async with app.run_test(size=(120, 36)) as pilot:
        await open_board(pilot)
        await pilot.press("l")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert app.focused is dialog.query_one("#cancel")
        assert f"1 van {len(programme)} pitches" in dialog.explanation
        assert programme[-1].title in dialog.explanation
        assert programme[0].title not in dialog.explanation
        await click(pilot, "#confirm")
        assert jury.get_state(app.db, fid).status is jury.JuryStatus.LOCKED
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert not jury.get_state(app.db, fid).published
        await pilot.press("p")
        await pilot.pause()
        await click(pilot, "#confirm")
        assert jury.get_state(app.db, fid).published


async def test_the_coordinator_withdraws_a_conflict_with_a_reason(app: KerngerichtApp) -> None:
    fid = festival_id(app.db)
    julia = _julia(app.db)
    first = jury.list_pitches(app.db, fid)[0]
    jury.declare_conflict(app.db, julia, fid, julia, first.initiative_id, "vergissing")
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(pilot)
        board.query_one("#board", RecordTable).select_id(first.initiative_id)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        app.screen.query_one("#reason", Input).value = "Julia belde: verkeerde pitch"
        await pilot.press("enter")
        await pilot.pause()
        assert jury.own_scores(app.db, julia, fid, julia).conflicts == {}
        row = app.db.fetchone(
            "SELECT actor, after FROM audit_log WHERE action = 'belangenverstrengeling ingetrokken'"
        )
        assert row["actor"] == COORDINATOR[0]
        assert "Julia belde: verkeerde pitch" in row["after"]


async def test_keying_a_paper_row_shows_it_back_and_saves_it_as_paper(
    app: KerngerichtApp,
) -> None:
    fid = festival_id(app.db)
    programme = jury.list_pitches(app.db, fid)
    target = programme[3]
    code = jury.initiative_code(target.initiative_id)
    julia = _julia(app.db)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_board(pilot)
        await pilot.press("k")
        await pilot.pause()
        keying = app.screen
        assert isinstance(keying, JuryKeyingScreen)
        keying.query_one("#keying-juror", Select).value = julia.id
        keying.query_one("#keying-pitch", Input).focus()
        await pilot.press(*f"{target.position} {code}", "enter")
        for value in ("7", "8", "6", "5", "4"):
            await pilot.press(value, "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert f"{target.position} · {code} · {target.title}" in dialog.explanation
        assert "Julia Jury" in dialog.explanation
        await pilot.press("enter")  # confirm has the focus here: the keyer asked for it
        await pilot.pause()
        assert app.screen is keying
        own = jury.own_scores(app.db, julia, fid, julia)
        criteria = jury.list_criteria(app.db, fid)
        assert [own.values[target.initiative_id][c.id] for c in criteria] == [7, 8, 6, 5, 4]
        rows = app.db.fetchall("SELECT DISTINCT source FROM jury_scores")
        assert [r["source"] for r in rows] == ["papier"]
        assert "al scores" not in dialog.explanation
        # On to the next row of the sheet.
        assert keying.query_one("#keying-pitch", Input).value == str(programme[4].position)
        # The same row again: the question says it replaces what is there.
        keying.query_one("#keying-pitch", Input).value = f"{target.position} {code}"
        keying.query_one(f"#keying-{criteria[0].id}", Input).focus()
        for value in ("1", "1", "1", "1", "1"):
            await pilot.press(value, "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "al scores; die worden vervangen" in app.screen.explanation
        await pilot.press("escape")
        await pilot.pause()
        own = jury.own_scores(app.db, julia, fid, julia)
        assert [own.values[target.initiative_id][c.id] for c in criteria] == [7, 8, 6, 5, 4]
        # A number that disagrees with the code is refused.
        keying.query_one("#keying-pitch", Input).value = f"{programme[0].position} {code}"
        await pilot.pause()
        assert "spreken elkaar tegen" in static_text(pilot, "#keying-row")


async def test_space_on_the_programme_keeps_the_row_under_the_cursor(
    app: KerngerichtApp,
) -> None:
    fid = festival_id(app.db)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_board(pilot)
        await pilot.press("s")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, JurySetupScreen)
        table = setup.query_one("#programme", RecordTable)
        table.focus()
        await pilot.pause()
        # The last row off the programme: on the programme it would sort up to pitch 9.
        off = [p for p in jury.list_initiatives(app.db, fid) if p.position == 0][-1]
        table.select_id(off.initiative_id)
        row = table.cursor_row
        assert row > len(jury.list_pitches(app.db, fid))
        await pilot.press("space")
        await pilot.pause()
        assert off.initiative_id in [p.initiative_id for p in jury.list_pitches(app.db, fid)]
        assert (table.cursor_row, table.selected_id) == (row, off.initiative_id)
        await pilot.press("space")  # the same row again: off the programme once more
        await pilot.pause()
        assert off.initiative_id not in [p.initiative_id for p in jury.list_pitches(app.db, fid)]
        assert (table.cursor_row, table.selected_id) == (row, off.initiative_id)


@pytest.fixture(scope="module")
def finished_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo as ``festival demo`` gives it: the jury's day finished, a practice round."""
    path = tmp_path_factory.mktemp("finished") / "demo.db"
    with Database(path) as db:
        fill_demo(db)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def finished_app(finished_template: Path, tmp_path: Path, log_path: Path) -> KerngerichtApp:
    path = tmp_path / "finished.db"
    shutil.copy(finished_template, path)
    shutil.copy(key_path(finished_template), key_path(path))
    return make_app(Settings(db=path, poll_interval=0.05, log=log_path))


async def test_the_demo_juror_sees_the_finished_day_and_f7_opens_the_practice_round(
    finished_app: KerngerichtApp,
) -> None:
    app = finished_app
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_jury(pilot)
        assert screen.festival.name == DEMO_FESTIVAL
        assert screen.locked
        assert "8 van 8 gescoord" in static_text(pilot, "#jury-progress")
        assert "F7: ander festival" in static_text(pilot, "#jury-progress")
        await pilot.press("f7")
        await pilot.pause()
        practice = app.screen
        assert isinstance(practice, JuryScreen) and practice is not screen
        assert practice.festival.name == PRACTICE_FESTIVAL and not practice.locked
        await type_scores(pilot, ["7", "8", "6", "10", "9"])
        juror = _julia(app.db)
        own = jury.own_scores(app.db, juror, practice.festival.id, juror)
        assert len(own.values) == 1
        await pilot.press("f5")  # the finished day's ranking is published; this one is not
        await pilot.pause()
        assert app.screen is practice


async def test_the_demo_board_goes_to_the_practice_round_with_f7(
    finished_app: KerngerichtApp,
) -> None:
    app = finished_app
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(pilot)
        assert board.festival.name == DEMO_FESTIVAL
        await pilot.press("f7")
        await pilot.pause()
        other = app.screen
        assert isinstance(other, JuryBoardScreen) and other.festival.name == PRACTICE_FESTIVAL
        assert "open" in static_text(pilot, "#board-status")
