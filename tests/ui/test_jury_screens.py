"""The juror's keyboard flow, undo and conflicts; the coordinator's live board."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from festival.app import KerngerichtApp
from festival.domain import jury, permissions
from festival.domain.accounts import list_users
from festival.domain.festivals import current_festival
from festival.domain.jury import BoardCell
from festival.store.database import Database
from festival.ui.dialogs.reason_dialog import ReasonDialog
from festival.ui.screens.jury import JuryScreen
from festival.ui.screens.jury_board import JuryBoardScreen
from tests.ui.helpers import COORDINATOR, JURY, log_in, static_text, wait_until


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
        assert jury.get_state(app.db, fid).status is jury.JuryStatus.LOCKED
        assert "vergrendeld" in static_text(pilot, "#board-status")
