"""The stage on the coordinator's board and the jurors' screens: the next pitch with its
timer, closing a pitch, the spread for the chair, and a juror's timer following the stage."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from festival.app import KerngerichtApp
from festival.domain import jury, permissions, stage
from festival.domain.accounts import list_users
from festival.domain.festivals import current_festival
from festival.domain.roles import User
from festival.store.database import Database
from festival.ui.screens.jury import JuryScreen
from festival.ui.screens.jury_board import JuryBoardScreen
from tests.ui.helpers import COORDINATOR, JURY, log_in, wait_until


def user(db: Database, name: str) -> User:
    return next(u for u in list_users(db, permissions.SYSTEM) if u.name == name)


def timer_line(app: KerngerichtApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def board_cell(board: JuryBoardScreen, initiative_id: int, column: int) -> str:
    from festival.ui.widgets.record_table import RecordTable

    table = board.query_one("#board", RecordTable)
    return str(table.get_row(str(initiative_id))[column])


async def test_the_coordinator_runs_the_stage_from_the_board(
    app: KerngerichtApp, other_db: Database
) -> None:
    festival = current_festival(other_db)
    assert festival is not None
    pitches = jury.list_pitches(other_db, festival.id)
    criteria = jury.list_criteria(other_db, festival.id)
    jury.set_current(other_db, user(other_db, COORDINATOR[0]), festival.id, None)
    julia, joke = user(other_db, "Julia Jury"), user(other_db, "Joke Jurylid")
    jury.save_scores(
        other_db,
        julia,
        festival.id,
        julia,
        pitches[0].initiative_id,
        {c.id: c.scale_max for c in criteria},
    )
    jury.save_scores(
        other_db,
        joke,
        festival.id,
        joke,
        pitches[0].initiative_id,
        {c.id: c.scale_min for c in criteria},
    )
    async with app.run_test(size=(160, 45)) as pilot:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("j")
        await pilot.pause()
        board = app.screen
        assert isinstance(board, JuryBoardScreen)
        assert "Podium: nog niemand" in timer_line(app, "#board-timer")
        await pilot.press("n")
        await wait_until(
            pilot,
            lambda: (
                "pitch 4:00" in timer_line(app, "#board-timer")
                or "pitch 3:59" in timer_line(app, "#board-timer")
            ),
        )
        assert f"1. {pitches[0].title}" in timer_line(app, "#board-timer")
        assert jury.get_state(other_db, festival.id).current_initiative == pitches[0].initiative_id
        # The chair sees the spread (highest minus lowest juror score), not who gave what.
        spread_column = 1 + len(jury.list_jurors(other_db, festival.id)) + 1
        assert board_cell(board, pitches[0].initiative_id, spread_column).startswith("100 (2 jl.)")
        # Close the scoring of the selected pitch.
        board.query_one("#board").move_cursor(row=0)  # type: ignore[attr-defined]
        await pilot.press("x")
        await pilot.pause()
        assert stage.closed_pitches(other_db, festival.id) == {pitches[0].initiative_id}
        assert "scoren gesloten" in timer_line(app, "#board-timer")
        assert "gesloten" in board_cell(board, pitches[0].initiative_id, spread_column)
        await pilot.press("n")
        await wait_until(pilot, lambda: f"2. {pitches[1].title}" in timer_line(app, "#board-timer"))
        pilot.app.save_screenshot("board.svg", path=str(Path(other_db.path).parent))


async def test_a_jurors_timer_follows_the_stage(app: KerngerichtApp, other_db: Database) -> None:
    festival = current_festival(other_db)
    assert festival is not None
    pitches = jury.list_pitches(other_db, festival.id)
    carla = user(other_db, COORDINATOR[0])
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, *JURY)
        assert isinstance(app.screen, JuryScreen)
        stage.start_pitch(other_db, carla, festival.id, pitches[3].initiative_id)
        await wait_until(pilot, lambda: f"4. {pitches[3].title}" in timer_line(app, "#jury-timer"))
        assert "pitch" in timer_line(app, "#jury-timer")
        assert app.screen.query_one("#jury-timer").has_class("-pitch")
        pilot.app.save_screenshot("juror.svg", path=str(Path(other_db.path).parent))


async def test_a_jurors_form_follows_the_stage_but_keeps_typed_values(
    app: KerngerichtApp, other_db: Database
) -> None:
    from textual.widgets import Input

    festival = current_festival(other_db)
    assert festival is not None
    pitches = jury.list_pitches(other_db, festival.id)
    criteria = jury.list_criteria(other_db, festival.id)
    carla = user(other_db, COORDINATOR[0])
    stage.start_pitch(other_db, carla, festival.id, pitches[0].initiative_id)
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, *JURY)
        screen = app.screen
        assert isinstance(screen, JuryScreen)
        assert screen.selected == pitches[0].initiative_id
        # Nothing typed: the form follows the stage.
        stage.start_pitch(other_db, carla, festival.id, pitches[3].initiative_id)
        await wait_until(pilot, lambda: screen.selected == pitches[3].initiative_id)
        # A value typed and not saved: the stage moves on, the form and the value stay.
        await pilot.press("8")
        first = screen.query_one(f"#score-{criteria[0].id}", Input)
        assert first.value == "8"
        stage.start_pitch(other_db, carla, festival.id, pitches[4].initiative_id)
        await wait_until(pilot, lambda: f"5. {pitches[4].title}" in timer_line(app, "#jury-timer"))
        await pilot.pause(0.2)
        assert screen.selected == pitches[3].initiative_id
        assert first.value == "8"


async def test_a_juror_is_told_when_the_pitch_is_closed(
    app: KerngerichtApp, other_db: Database
) -> None:
    from tests.ui.helpers import static_text

    festival = current_festival(other_db)
    assert festival is not None
    pitches = jury.list_pitches(other_db, festival.id)
    carla = user(other_db, COORDINATOR[0])
    stage.start_pitch(other_db, carla, festival.id, pitches[0].initiative_id)
    stage.close_scoring(other_db, carla, festival.id, pitches[0].initiative_id)
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, *JURY)
        screen = app.screen
        assert isinstance(screen, JuryScreen)
        assert "scoren gesloten" in timer_line(app, "#jury-timer")
        for value in ["7", "8", "6", "10"]:
            await pilot.press(*value, "tab")
        await pilot.press("9", "enter")
        await pilot.pause()
        assert "gesloten door de coördinator" in static_text(pilot, "#form-error")
        assert screen.selected == pitches[0].initiative_id  # nothing saved, nothing lost


async def test_the_coordinator_sets_the_timer_minutes_from_the_board(
    app: KerngerichtApp, other_db: Database
) -> None:
    from textual.widgets import Input

    from festival.ui.dialogs.stage_timer_dialog import StageTimerDialog

    festival = current_festival(other_db)
    assert festival is not None
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, StageTimerDialog)
        dialog.query_one("#pitch", Input).value = "zes"
        await pilot.click("#save")
        await pilot.pause()
        assert app.screen is dialog  # refused with a message, nothing stored
        assert "typ een heel getal" in str(dialog.query_one("#form-error", Static).content)
        assert stage.read_timer(other_db, festival.id).pitch_minutes != 6
        dialog.query_one("#pitch", Input).value = "6"
        dialog.query_one("#questions", Input).value = "2"
        dialog.query_one("#questions", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, JuryBoardScreen)
        timer = stage.read_timer(other_db, festival.id)
        assert (timer.pitch_minutes, timer.question_minutes) == (6, 2)
