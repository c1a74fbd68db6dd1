"""The desk and the login when the database is busy or the disk full: a Dutch message, and the
app works on."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

import festival.store.database as database_module
from festival.app import KerngerichtApp, make_app
from festival.settings import Settings
from festival.store.errors import BUSY_MESSAGE, DISK_FULL_MESSAGE, DiskFull
from festival.ui.screens import desk as desk_screen
from festival.ui.screens.desk import DeskScreen
from festival.ui.screens.home import HomeScreen
from festival.ui.screens.login import LoginScreen
from tests.ui.helpers import COORDINATOR, log_in
from tests.ui.test_desk import open_desk, result_classes, scan, someone

pysqlite3 = pytest.importorskip("pysqlite3.dbapi2")


async def test_a_check_in_behind_a_held_write_lock_is_a_notice_and_works_once_it_is_free(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A short busy timeout keeps the test quick; the desk waits the same way with 10 s.
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 300)
    app = make_app(Settings(db=db_path, poll_interval=0.05))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        zoe = someone(app.db, "Zoë van ’t Hof")
        other_code = app.db.scalar(
            "SELECT code FROM registrations WHERE festival_id = ? AND id != ?"
            " AND checked_in_at IS NULL LIMIT 1",
            (zoe.festival_id, zoe.id),
        )
        await scan(pilot, other_code)
        assert "-welcome" in result_classes(screen)
        other_terminal = pysqlite3.connect(str(db_path), isolation_level=None)
        other_terminal.execute("BEGIN IMMEDIATE")  # a long import holds the write lock
        try:
            await scan(pilot, zoe.code)
            notices = [n.message for n in app._notifications]
            assert BUSY_MESSAGE in notices
            # The previous person's WELKOM is gone: it must not pass for this scan's.
            assert not screen.query_one("#result").display
            assert app.is_running and isinstance(app.screen, DeskScreen)
        finally:
            other_terminal.execute("ROLLBACK")
            other_terminal.close()
        # The same badge scanned again at once is a new try, not a double scan.
        await scan(pilot, zoe.code)
        assert "-welcome" in result_classes(screen)
        assert app.db.scalar(
            "SELECT checked_in_at IS NOT NULL FROM registrations WHERE id = ?", (zoe.id,)
        )


async def test_a_full_disk_at_check_in_is_a_notice_naming_the_full_disk(
    app: KerngerichtApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object, **kwargs: object) -> None:
        raise DiskFull()

    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        zoe = someone(app.db, "Zoë van ’t Hof")
        monkeypatch.setattr(desk_screen.checkin, "check_in_code", disk_full)
        await scan(pilot, zoe.code)
        assert DISK_FULL_MESSAGE in [n.message for n in app._notifications]
        assert not screen.query_one("#result").display
        assert app.is_running and app.screen is screen


async def test_a_login_behind_a_held_write_lock_says_so_in_dutch_and_works_once_it_is_free(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 300)
    app = make_app(Settings(db=db_path, poll_interval=0.05))
    async with app.run_test(size=(120, 36)) as pilot:
        other_terminal = pysqlite3.connect(str(db_path), isolation_level=None)
        other_terminal.execute("BEGIN IMMEDIATE")  # a long import holds the write lock
        try:
            await log_in(pilot, *COORDINATOR)
            assert isinstance(app.screen, LoginScreen) and app.is_running
            assert BUSY_MESSAGE in str(app.screen.query_one("#login-error", Static).content)
            assert app.screen.query_one("#pin", Input).value == ""  # no PIN left behind
        finally:
            other_terminal.execute("ROLLBACK")
            other_terminal.close()
        await log_in(pilot, *COORDINATOR)
        assert isinstance(app.screen, HomeScreen)
