"""The live base of screens: a commit on another connection reloads the screen; an error met
while reloading becomes a Dutch notice, never a traceback on screen."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.widgets import Static

from festival.app import KerngerichtApp
from festival.core.errors import NotFound
from festival.store.database import Actor, Database, Error
from festival.ui.screens.live_screen import LiveScreen
from tests.ui.helpers import wait_until


class CountingScreen(LiveScreen[None]):
    """Counts its reloads; raises ``fail`` from the next reload when set."""

    def __init__(self) -> None:
        super().__init__()
        self.reloads = 0
        self.fail: Exception | None = None

    def compose(self) -> ComposeResult:
        yield Static("teller", id="counter")

    def reload(self) -> None:
        if self.fail is not None:
            raise self.fail
        self.reloads += 1


class QuietScreen(CountingScreen):
    @property
    def follows_changes(self) -> bool:
        return False


def commit_elsewhere(db: Database) -> None:
    """Any commit on another connection, as another terminal makes."""
    with db.write(Actor(name="andere terminal")) as tx:
        tx.execute("UPDATE kernen SET name = name WHERE id = (SELECT min(id) FROM kernen)")


def error_notices(app: KerngerichtApp) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "error"]


async def test_a_commit_on_another_connection_reloads_the_screen(
    app: KerngerichtApp, other_db: Database
) -> None:
    async with app.run_test() as pilot:
        screen = CountingScreen()
        await app.push_screen(screen)
        assert screen.kerngericht_app is app
        assert screen in app._followers
        commit_elsewhere(other_db)
        await wait_until(pilot, lambda: screen.reloads == 1)


async def test_a_screen_that_has_nothing_to_follow_does_not_subscribe(
    app: KerngerichtApp, other_db: Database
) -> None:
    async with app.run_test() as pilot:
        screen = QuietScreen()
        await app.push_screen(screen)
        assert screen not in app._followers
        commit_elsewhere(other_db)
        await pilot.pause(5 * app.settings.poll_interval)
        assert screen.reloads == 0


async def test_a_domain_error_in_reload_is_a_dutch_notice(
    app: KerngerichtApp, other_db: Database
) -> None:
    async with app.run_test() as pilot:
        screen = CountingScreen()
        await app.push_screen(screen)
        screen.fail = NotFound("Dat agendapunt bestaat niet meer.")
        commit_elsewhere(other_db)
        await wait_until(pilot, lambda: bool(error_notices(app)))
        assert error_notices(app) == [
            "Dit scherm kon niet worden bijgewerkt: Dat agendapunt bestaat niet meer."
        ]
        assert not app.settings.log.exists()  # a named, expected refusal is no error to log
        # No crash screen: the app runs on, on the same screen, and follows the next change.
        assert app.is_running and app.screen is screen
        screen.fail = None
        commit_elsewhere(other_db)
        await wait_until(pilot, lambda: screen.reloads == 1)


async def test_a_database_error_in_reload_is_a_dutch_notice_without_its_english_text(
    app: KerngerichtApp, other_db: Database
) -> None:
    async with app.run_test() as pilot:
        screen = CountingScreen()
        await app.push_screen(screen)
        screen.fail = Error("database disk image is malformed")
        commit_elsewhere(other_db)
        await wait_until(pilot, lambda: bool(error_notices(app)))
        (notice,) = error_notices(app)
        assert notice.startswith("Dit scherm kon niet worden bijgewerkt: de database gaf een fout")
        assert "malformed" not in notice and "Traceback" not in notice
        assert app.is_running and app.screen is screen
        # The English text and the traceback are in the owner-only error log, under the
        # reference the notice gives.
        reference = re.search(r"foutcode ([A-Z0-9]{6})", notice)
        assert reference is not None, notice
        log = app.settings.log.read_text(encoding="utf-8")
        entry = log[log.index(reference.group(1)) :]
        assert "database disk image is malformed" in entry and "Traceback" in entry
        assert app.settings.log.stat().st_mode & 0o777 == 0o600
