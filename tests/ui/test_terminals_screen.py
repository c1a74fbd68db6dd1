"""The coordinator's connected terminals: the link with its QR code, who is where since when,
and ending one."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from festival.app import KerngerichtApp
from festival.domain import permissions, terminals
from festival.domain.accounts import list_users
from festival.domain.roles import User
from festival.store.database import Database
from festival.ui.screens.terminals import TerminalsScreen
from tests.ui.helpers import COORDINATOR, log_in, static_text, wait_until

LINK = "http://192.168.1.20:8000/?token=proef-token-1234"


def user(db: Database, name: str) -> User:
    return next(u for u in list_users(db, permissions.SYSTEM) if u.name == name)


async def test_the_coordinator_sees_and_ends_a_terminal(
    app: KerngerichtApp, other_db: Database
) -> None:
    carla, bas = user(other_db, COORDINATOR[0]), user(other_db, "Bas Balie")
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TerminalsScreen)
        assert "De server voor de browsers draait niet" in static_text(pilot, "#terminals-link")
        # The server starts on another terminal; a desk connects and logs in.
        terminals.start_run(other_db, carla, LINK)
        terminals.opened(other_db, carla, "tab-1", "app", "192.168.1.31")
        terminals.logged_in(other_db, bas, "tab-1")
        terminals.opened(other_db, carla, "tab-2", "zaal", "192.168.1.40")
        await wait_until(pilot, lambda: LINK in static_text(pilot, "#terminals-link"))
        table = screen.query_one("#terminals", DataTable)
        await wait_until(pilot, lambda: table.row_count == 2)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(2)]
        assert rows[0][:3] == ["terminal", "Bas Balie", "balie"]
        assert rows[1][:2] == ["zaalscherm", "niet ingelogd"]
        assert screen.link == LINK
        qr = screen.query_one("#terminals-qr")
        assert qr.region.bottom <= screen.size.height - 1  # the whole code shows
        pilot.app.save_screenshot("terminals.svg", path=str(Path(other_db.path).parent))
        await pilot.press("e")
        await pilot.pause()
        assert terminals.end_requests(other_db) == {"tab-1"}
        assert str(table.get_row_at(0)[5]) == "wordt beëindigd"
