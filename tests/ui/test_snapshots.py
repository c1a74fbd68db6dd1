"""A modest set of SVG snapshots: layout at 80x24 and 160x45. Behaviour is tested elsewhere."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from festival.app import make_app
from festival.settings import Settings
from tests.ui.helpers import COORDINATOR, log_in


def _app(db_path: Path):
    # A long poll interval: nothing else writes, and the screenshot must not race a refresh.
    return make_app(Settings(db=db_path, poll_interval=5))


async def _freeze_cursors(pilot: Pilot[None]) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def test_login_screen(snap_compare, db_path: Path) -> None:
    assert snap_compare(_app(db_path), terminal_size=(80, 24), run_before=_freeze_cursors)


def test_budget_screen_wide(snap_compare, db_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("b")
        await _freeze_cursors(pilot)

    assert snap_compare(_app(db_path), terminal_size=(160, 45), run_before=run_before)


def test_budget_screen_narrow(snap_compare, db_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("b")
        await _freeze_cursors(pilot)

    assert snap_compare(_app(db_path), terminal_size=(80, 24), run_before=run_before)


def test_application_form_with_errors(snap_compare, db_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("b", "n")
        await pilot.pause()
        pilot.app.screen.query_one("#requested", Input).value = "twaalf"
        await pilot.click("#save")
        await _freeze_cursors(pilot)

    assert snap_compare(_app(db_path), terminal_size=(100, 40), run_before=run_before)
