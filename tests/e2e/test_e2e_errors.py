"""An unexpected error at a real terminal: a Dutch error screen, never a traceback or a shell."""

from __future__ import annotations

import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from e2e_support import EXITED, Terminal, flatten, log_in, shows

pytestmark = pytest.mark.e2e

CARLA, CARLA_PIN = "Carla Coördinator", "111111"

# The festival command with one fault put in: the first login attempt raises, and (when asked)
# closing the database at the end raises too. Everything else is the installed code.
FAULTY_FESTIVAL = f"""#!{sys.executable}
import os, sys
from festival.store.database import Database
from festival.ui.screens import login as login_screen

real_login = login_screen.login
attempts = []

def login_once_broken(db, name, pin):
    attempts.append(pin)
    if len(attempts) == 1:
        raise RuntimeError("onverwacht bij het inloggen")
    return real_login(db, name, pin)

login_screen.login = login_once_broken
if os.environ.get("CLOSE_FAILS"):
    real_close = Database.close

    def close_fails(self):
        real_close(self)
        raise OSError(5, "Input/output error")

    Database.close = close_fails

from festival.cli import run
sys.exit(run())
"""


def shows_path(screen: str, path: Path) -> bool:
    """Whether ``path`` is on screen; a path wider than its box is broken anywhere."""
    return str(path) in "".join(flatten(screen).split())


@pytest.fixture
def faulty_festival(tmp_path: Path) -> Path:
    program = tmp_path / "festival-met-fout"
    program.write_text(FAULTY_FESTIVAL)
    program.chmod(0o755)
    return program


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "log" / "kerngericht.log"
    monkeypatch.setenv("FESTIVAL_LOG", str(path))  # terminals made after this inherit it
    return path


def test_a_crash_at_login_shows_the_error_screen_and_the_terminal_stays_in_the_app(
    demo_db: Path, faulty_festival: Path, log: Path, terminals: Callable[[str], Terminal]
) -> None:
    terminal = terminals("crash")
    terminal.start(demo_db, program=faulty_festival)
    log_in(terminal, CARLA, CARLA_PIN)
    screen = terminal.wait_for("Er ging iets mis")
    assert shows(screen, "Foutcode:") and shows_path(screen, log)
    assert "Traceback" not in screen and CARLA_PIN not in screen.split("Demo:")[0]
    text = log.read_text()
    assert "RuntimeError: onverwacht bij het inloggen" in text and CARLA_PIN not in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600

    terminal.keys("Enter")  # back to a fresh login, and this time it works
    log_in(terminal, CARLA, CARLA_PIN)
    terminal.wait_for(f"Welkom, {CARLA}")
    terminal.quit()  # Ctrl+Q still ends it cleanly, with code 0


def test_an_error_when_the_app_ends_is_one_dutch_line_and_code_1(
    demo_db: Path,
    faulty_festival: Path,
    log: Path,
    terminals: Callable[[str], Terminal],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CLOSE_FAILS", "1")
    terminal = terminals("end")
    terminal.start(demo_db, program=faulty_festival)
    terminal.wait_for("cijfers")
    terminal.keys("C-q")
    screen = terminal.wait_until(lambda s: EXITED in s, "festival ending after Ctrl+Q")
    assert f"{EXITED} 1]" in screen
    assert shows(screen, "Kerngericht is gestopt door een onverwachte fout (foutcode ")
    assert shows(screen, "; de details staan in") and shows_path(screen, log)
    assert "Traceback" not in terminal.history()
    assert "OSError: [Errno 5] Input/output error" in log.read_text()
