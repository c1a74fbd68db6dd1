"""A real browser on ``festival serve``: headless Chromium from Debian's package, driven by
Playwright by its path. It opens the printed link, logs in as the desk with the app's own PIN
login, checks someone in, and quits: the tab ends and nothing runs behind it.

The terminal in the page draws on a canvas, so the test reads what the browser received over
its websocket with the same small screen model the scripted client uses, and keeps a
screenshot of the page for a person to look at.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from e2e_support import COORDINATOR_LOGIN, FESTIVAL
from e2e_support import festival as run_festival
from test_e2e_desk import registered

from festival.serve.client import Screen
from festival.store.database import Database

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
#: The flags the hall's kiosk browser and this test run with: nothing fetched from outside.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT = 20.0
#: The hall screen's link printed by each server, by its terminals' link.
HALL_LINKS: dict[str, str] = {}


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """The demo festival before the jury starts (the hall shows the stage, not the result):
    ``festival demo --zonder-scores``."""
    path = tmp_path / "e2e.db"
    result = run_festival("demo", "--zonder-scores", db=path)
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def served(demo_db: Path, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``festival serve`` on a free port, started as the coordinator; the printed link."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("FESTIVAL_")}
    env |= COORDINATOR_LOGIN | {"FESTIVAL_LOG": str(tmp_path / "k.log")}
    server = subprocess.Popen(
        [str(FESTIVAL), "--db", str(demo_db), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert server.stdout is not None
    link = ""
    for line in server.stdout:
        if line.strip().startswith("http") and "?token=" in line:
            link = line.strip()  # the terminals' link, alone on its line
        if line.startswith("Zaalscherm"):
            HALL_LINKS[link] = line.split(": ", 1)[1].strip()
        if line.startswith("De toegangscode is nieuw"):
            break
    assert link, "festival serve printed no link"
    try:
        yield link, server
    finally:
        server.terminate()
        server.wait(timeout=20)


def _wait(check: Callable[[], bool], what: str, page: object, screen: Screen) -> None:
    deadline = time.monotonic() + WAIT
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen; the tab shows:\n{screen.text}")
        page.wait_for_timeout(30)  # type: ignore[attr-defined]


def test_desk_logs_in_and_checks_in_in_a_real_browser(
    served: tuple[str, subprocess.Popen[str]], demo_db: Path, tmp_path: Path
) -> None:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.",
            pytrace=False,
        )
    from playwright.sync_api import WebSocket, sync_playwright

    link, _ = served
    own = urlsplit(link)
    code, name = registered(demo_db)
    screen = Screen(300, 100)
    requests: list[str] = []
    sockets: list[str] = []

    def follow(ws: WebSocket) -> None:
        sockets.append(ws.url)
        ws.on(
            "framereceived",
            lambda payload: (
                screen.feed(payload.decode("utf-8", "replace"))
                if isinstance(payload, bytes)
                else None
            ),
        )

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_FLAGS,
            headless=True,
            viewport={"width": 1280, "height": 800},
        )
        try:
            page = browser.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.on("websocket", follow)
            page.goto(link)
            _wait(lambda: "Inloggen" in screen.text, "the login", page, screen)
            page.click("#terminal")  # the keyboard goes to the terminal, as a click does
            page.keyboard.type("Bas Balie")
            _wait(lambda: "Bas Balie" in screen.text.split("Demo:")[0], "name typed", page, screen)
            page.keyboard.press("Enter")
            page.wait_for_timeout(300)  # the focus moves to the PIN field
            page.keyboard.type("2222")
            page.keyboard.press("Enter")
            _wait(lambda: "Welke balie is dit?" in screen.text, "the desk's name", page, screen)
            page.keyboard.press("Enter")  # the suggested "Balie 1"
            _wait(lambda: "Scan de badge" in screen.text, "the desk screen", page, screen)
            page.keyboard.type(code)
            _wait(lambda: code in screen.text, "the code typed", page, screen)
            page.keyboard.press("Enter")
            _wait(lambda: "WELKOM" in screen.text, "the welcome", page, screen)
            assert name in screen.text
            page.screenshot(path=str(tmp_path / "welkom.png"))

            # Ctrl+Q ends this tab's app; the page says so and offers a new login.
            page.keyboard.press("Control+q")
            page.wait_for_selector("text=Deze terminal is gesloten", timeout=WAIT * 1000)
            page.screenshot(path=str(tmp_path / "gesloten.png"))
        finally:
            browser.close()

    # Every request and the websocket went to the server itself: nothing from outside.
    assert requests and sockets
    for url in [*requests, *sockets]:
        assert urlsplit(url).netloc == own.netloc, url
    with Database(demo_db) as db:
        row = db.fetchone(
            "SELECT r.checked_in_at, r.checked_in_desk FROM registrations r WHERE r.code = ?",
            (code,),
        )
        actor = db.scalar(
            "SELECT actor FROM audit_log WHERE action = 'ingecheckt' ORDER BY id DESC LIMIT 1"
        )
    assert row is not None and row["checked_in_at"] is not None
    assert row["checked_in_desk"] == "Balie 1"
    assert actor.startswith("Bas Balie")
    print(f"screenshots: {tmp_path}", file=sys.stderr)


def _page_screen(page: object, screen: Screen) -> None:
    """Feed what the page's websocket receives into ``screen``."""

    def follow(ws: object) -> None:
        ws.on(  # type: ignore[attr-defined]
            "framereceived",
            lambda payload: (
                screen.feed(payload.decode("utf-8", "replace"))
                if isinstance(payload, bytes)
                else None
            ),
        )

    page.on("websocket", follow)  # type: ignore[attr-defined]


def test_a_juror_scores_while_the_hall_screen_shows_the_stage(
    served: tuple[str, subprocess.Popen[str]], demo_db: Path, tmp_path: Path
) -> None:
    """The issue's "done when": a juror scores in one browser while a 1920x1080 projector
    browser shows the stage, the timer and the count, without scrolling."""
    from playwright.sync_api import sync_playwright

    from festival.domain import jury, stage
    from festival.domain.accounts import list_users
    from festival.domain.festivals import current_festival
    from festival.domain.permissions import SYSTEM

    link, _ = served
    with Database(demo_db) as db:
        festival = current_festival(db)
        assert festival is not None
        carla = next(u for u in list_users(db, SYSTEM) if u.name == "Carla Coördinator")
        first = jury.list_pitches(db, festival.id)[0]
        stage.start_pitch(db, carla, festival.id, first.initiative_id)
        criteria = jury.list_criteria(db, festival.id)
    hall_screen, juror_screen = Screen(300, 100), Screen(300, 100)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_FLAGS,
            headless=True,
            viewport={"width": 1920, "height": 1080},
        )
        try:
            hall = browser.new_page()
            _page_screen(hall, hall_screen)
            hall.goto(HALL_LINKS[link])
            _wait(lambda: "Nu op het podium" in hall_screen.text, "the hall", hall, hall_screen)
            _wait(lambda: "0 van 3 juryleden" in hall_screen.text, "the count", hall, hall_screen)
            assert first.title in hall_screen.text and "pitch" in hall_screen.text
            juror = browser.new_page()
            _page_screen(juror, juror_screen)
            juror.goto(link)
            _wait(lambda: "Inloggen" in juror_screen.text, "the login", juror, juror_screen)
            juror.click("#terminal")
            juror.keyboard.type("Julia Jury")
            juror.keyboard.press("Enter")
            juror.wait_for_timeout(300)
            juror.keyboard.type("3333")
            juror.keyboard.press("Enter")
            _wait(lambda: "gescoord" in juror_screen.text, "the jury", juror, juror_screen)
            for n, criterion in enumerate(criteria):
                _wait(
                    lambda c=criterion: f"{c.name}: " in juror_screen.text,
                    f"focus on {criterion.name}",
                    juror,
                    juror_screen,
                )
                juror.keyboard.type("7")
                juror.wait_for_timeout(100)
                if n < len(criteria) - 1:
                    juror.keyboard.press("Tab")
            juror.keyboard.press("Enter")
            _wait(
                lambda: "1 van 3 juryleden" in hall_screen.text, "the new count", hall, hall_screen
            )
            assert "Julia" not in hall_screen.text  # counts only, never who or what
            hall.screenshot(path=str(tmp_path / "zaal-1920.png"))
            # Nothing scrolls: the page is exactly the window, the terminal within it.
            size = hall.evaluate(
                "[document.documentElement.scrollHeight, window.innerHeight,"
                " document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert size[0] <= size[1] and size[2] <= size[3], size
        finally:
            browser.close()
    print(f"screenshots: {tmp_path}", file=sys.stderr)
