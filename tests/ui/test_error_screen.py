"""An unexpected error never ends the app: a Dutch error screen, the traceback in the log only."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import stat
import time
from html import unescape
from pathlib import Path

import pytest
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from festival import app as app_module
from festival.app import KerngerichtApp
from festival.domain import kernen as kernen_domain
from festival.ui.screens import allocation as allocation_screen
from festival.ui.screens import login as login_screen
from festival.ui.screens.allocation import AllocationScreen
from festival.ui.screens.error import TITLE, ErrorScreen
from festival.ui.screens.home import HomeScreen
from festival.ui.screens.kernen import KernenScreen
from festival.ui.screens.login import LoginScreen
from tests.ui.helpers import COORDINATOR, log_in

# Typed at the login in the tests below; must never reach the screen or the log.
SECRET_PIN = "80486413"


def screen_text(app: KerngerichtApp) -> str:
    """Everything the terminal shows right now, as text."""
    svg = app.export_screenshot()
    return unescape(" ".join(re.findall(r">([^<>]*)</text>", svg))).replace("\xa0", " ")


def shown_text(screen: ErrorScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


async def close_error_screen(pilot: Pilot[None]) -> None:
    assert isinstance(pilot.app.screen, ErrorScreen)
    await pilot.press("enter")
    await pilot.pause()


def assert_error_screen_shown(app: KerngerichtApp, log: Path) -> str:
    """The Dutch error screen is up, names a reference code and the log; no traceback."""
    screen = app.screen
    assert isinstance(screen, ErrorScreen)
    assert shown_text(screen, "#error-title") == TITLE == "Er ging iets mis"
    assert "Druk op Enter om verder te werken" in shown_text(screen, "#error-help")
    assert shown_text(screen, "#error-reference") == f"Foutcode: {screen.reference}"
    assert shown_text(screen, "#error-log") == f"De details staan in het logbestand:\n{log}"
    shown = screen_text(app)
    assert "Er ging iets mis" in shown and screen.reference in shown
    assert "Traceback" not in shown and 'File "' not in shown
    assert screen.reference in app.error_references
    assert re.fullmatch(r"[A-Z2-9]{6}", screen.reference)
    assert log.exists() and f"foutcode {screen.reference}" in log.read_text()
    return screen.reference


def assert_owner_only(log: Path) -> None:
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


async def test_a_handler_that_raises_shows_the_error_screen_and_the_app_goes_on(
    app: KerngerichtApp,
    log_path: Path,
    app_errors: list[Exception],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_update(*_: object, **__: object) -> None:
        pin = SECRET_PIN  # noqa: F841  (a local the traceback would print)
        raise RuntimeError("kapot bij het bijwerken")

    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("e")
        await pilot.pause()
        kernen_screen = app.screen
        assert isinstance(kernen_screen, KernenScreen)
        with monkeypatch.context() as patch:
            patch.setattr(kernen_domain, "update_kern", broken_update)
            await pilot.press("p")  # pilot on/off: the handler raises
            await pilot.pause()
        assert app.is_running
        assert_error_screen_shown(app, log_path)
        assert SECRET_PIN not in screen_text(app)
        log = log_path.read_text()
        assert "Traceback" in log and "RuntimeError: kapot bij het bijwerken" in log
        assert "broken_update" in log  # the frame that raised, with its locals
        assert "pin = '***'" in log and SECRET_PIN not in log
        assert_owner_only(log_path)

        # A key's action runs in the app's own loop, which goes on: back on the same screen,
        # and it still answers.
        await close_error_screen(pilot)
        assert app.screen is kernen_screen
        await pilot.press("p")  # the real update this time
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert "pilot" in str(table.get_row_at(table.cursor_row)[1])
    assert [type(e) for e in app_errors] == [RuntimeError]
    app_errors.clear()


async def test_a_worker_that_raises_shows_the_error_screen_and_its_screen_stays(
    app: KerngerichtApp,
    log_path: Path,
    app_errors: list[Exception],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_compare(*_: object) -> None:
        raise ZeroDivisionError("deling door nul in de regel")

    async with app.run_test(size=(160, 45)) as pilot:
        await log_in(pilot, *COORDINATOR)
        with monkeypatch.context() as patch:
            patch.setattr(allocation_screen, "compare", broken_compare)
            await pilot.press("v")  # the allocation recomputes in a worker, which raises
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.pause()
        assert app.is_running
        assert_error_screen_shown(app, log_path)
        assert "ZeroDivisionError: deling door nul in de regel" in log_path.read_text()
        await close_error_screen(pilot)
        screen = app.screen
        assert isinstance(screen, AllocationScreen)  # the screen the user was on
        screen.reload()  # the rules work again: the screen computes as before
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.current is not None
    assert len(app_errors) == 1
    app_errors.clear()


async def test_a_crash_during_login_shows_the_error_screen_and_never_the_pin(
    app: KerngerichtApp,
    log_path: Path,
    app_errors: list[Exception],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def busy(*_: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    async with app.run_test(size=(120, 40)) as pilot:
        with monkeypatch.context() as patch:
            patch.setattr(login_screen, "login", busy)
            await log_in(pilot, "Carla Coördinator", SECRET_PIN)
            await pilot.pause()
        assert app.is_running
        assert_error_screen_shown(app, log_path)
        shown = screen_text(app)
        assert SECRET_PIN not in shown and "database is locked" not in shown
        log = log_path.read_text()
        assert "sqlite3.OperationalError: database is locked" in log
        assert "_submit" in log  # the login's handler, with its locals …
        assert SECRET_PIN not in log  # … but not the PIN, under any name
        assert_owner_only(log_path)

        # A fresh login with empty fields; the next try (the database free again) gets in.
        await close_error_screen(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.screen.query_one("#pin", Input).value == ""
        assert SECRET_PIN not in screen_text(app)
        await log_in(pilot, *COORDINATOR)
        assert isinstance(app.screen, HomeScreen)
    assert [type(e) for e in app_errors] == [sqlite3.OperationalError]
    app_errors.clear()


async def test_a_screen_whose_compose_raises_leaves_the_user_on_the_screen_before(
    app: KerngerichtApp,
    log_path: Path,
    app_errors: list[Exception],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_compose(self: KernenScreen) -> ComposeResult:
        raise KeyError("ontbrekende kolom")

    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *COORDINATOR)
        with monkeypatch.context() as patch:
            patch.setattr(KernenScreen, "compose", broken_compose)
            await pilot.press("e")
            await pilot.pause()
            await pilot.pause()
        assert_error_screen_shown(app, log_path)
        assert "KeyError: 'ontbrekende kolom'" in log_path.read_text()
        await close_error_screen(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, KernenScreen)
    assert app_errors  # the compose, and what followed from the empty screen
    app_errors.clear()


async def test_a_home_that_keeps_failing_ends_at_a_fresh_login_not_in_a_loop(
    app: KerngerichtApp,
    log_path: Path,
    app_errors: list[Exception],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_compose(self: HomeScreen) -> ComposeResult:
        raise RuntimeError("de home kan niet")

    async with app.run_test(size=(120, 40)) as pilot:
        with monkeypatch.context() as patch:
            patch.setattr(HomeScreen, "compose", broken_compose)
            await log_in(pilot, *COORDINATOR)
            for _ in range(10):
                await pilot.pause()
            assert isinstance(app.screen, ErrorScreen)
            await close_error_screen(pilot)
            assert isinstance(app.screen, LoginScreen)
            assert app.session is None
        failures = len(app_errors)
        assert 1 <= failures <= 4  # the home, once more fresh, then the login: no loop
        await log_in(pilot, *COORDINATOR)
        assert isinstance(app.screen, HomeScreen)
        assert len(app_errors) == failures
    app_errors.clear()


async def test_a_log_that_cannot_be_written_is_said_on_the_error_screen(
    app: KerngerichtApp,
    log_path: Path,
    app_errors: list[Exception],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log_path.parent.mkdir(mode=0o700)
    log_path.mkdir()  # a folder where the file should be: the log cannot be opened

    def busy(*_: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    async with app.run_test(size=(120, 40)) as pilot:
        with monkeypatch.context() as patch:
            patch.setattr(login_screen, "login", busy)
            await log_in(pilot, *COORDINATOR)
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ErrorScreen)
        assert shown_text(screen, "#error-log") == (
            f"Het logbestand kon niet worden bijgewerkt (dat is een map, geen bestand):\n{log_path}"
        )
        assert "Traceback" not in screen_text(app)
    app_errors.clear()


async def test_an_error_while_the_app_starts_shows_the_error_screen_then_the_login(
    app: KerngerichtApp,
    log_path: Path,
    app_errors: list[Exception],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = KerngerichtApp._login_screen
    calls: list[int] = []

    def first_fails(self: KerngerichtApp) -> LoginScreen:
        calls.append(1)
        if len(calls) == 1:
            raise sqlite3.OperationalError("disk I/O error")
        return real(self)

    monkeypatch.setattr(KerngerichtApp, "_login_screen", first_fails)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert_error_screen_shown(app, log_path)
        await close_error_screen(pilot)
        assert isinstance(app.screen, LoginScreen)
        await log_in(pilot, *COORDINATOR)
        assert isinstance(app.screen, HomeScreen)
        app.exit()  # as Ctrl+Q does: the start went wrong, the end is clean
    assert app.return_code == 0
    assert [type(e) for e in app_errors] == [sqlite3.OperationalError]
    app_errors.clear()


async def test_a_start_that_keeps_failing_shows_the_error_once_and_does_not_loop(
    app: KerngerichtApp,
    log_path: Path,
    app_errors: list[Exception],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def always_fails(self: KerngerichtApp) -> LoginScreen:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(KerngerichtApp, "_login_screen", always_fails)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(10):
            await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        assert len(app.screen_stack) == 2  # the empty start screen and the error, once
        entries = log_path.read_text().split("=== ")[1:]
        assert len(entries) == 2  # the start, and the one retry
        assert "bij herstel" in entries[1] and "disk I/O error" in entries[1]
    assert len(app_errors) == 1
    app_errors.clear()


async def test_if_reporting_an_error_fails_the_app_ends_quietly_with_code_1(
    app: KerngerichtApp,
    app_errors: list[Exception],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def busy(*_: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    def no_code() -> str:
        raise MemoryError("geen geheugen meer")

    monkeypatch.setattr(app_module, "new_reference", no_code)
    async with app.run_test(size=(120, 40)):
        monkeypatch.setattr(login_screen, "login", busy)
        screen = app.screen
        screen.query_one("#name", Input).value = COORDINATOR[0]
        screen.query_one("#pin", Input).value = COORDINATOR[1]
        # Enter, without Pilot's wait afterwards: the login screen has stopped answering.
        await screen.query_one("#pin", Input).action_submit()
        deadline = time.monotonic() + 5
        while not app._exit and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
    assert app.return_code == 1  # the command line turns this into one Dutch line
    assert [type(e) for e in app_errors] == [sqlite3.OperationalError]
    app_errors.clear()
