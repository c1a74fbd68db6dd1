"""A real terminal for the end-to-end tests: the installed ``festival`` command under tmux.

Every :class:`Terminal` runs on its own private tmux server (``tmux -L``), so tests never see
each other's sessions or the user's own tmux. Screens are read with ``capture-pane`` and polled;
nothing waits a fixed time.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

#: The commands as installed next to the interpreter running the tests (the project's venv).
FESTIVAL = Path(sys.executable).parent / "festival"
KERNAGENDA = Path(sys.executable).parent / "kernagenda"
COLUMNS, ROWS = 120, 36
#: How long one step may take before the test fails and shows the screen.
WAIT = 12.0
#: How often the screen is read while waiting.
POLL = 0.02
#: Printed by the pane's shell when festival ends, so a crash shows instead of a closed pane.
EXITED = "[festival exited with code"

_ANSI = re.compile(r"\x1b\[[0-9;:?]*[ -/]*[@-~]")
_MONEY = r"€ ?-?[\d.]+,\d\d"
#: Box drawing and block elements (U+2500-U+259F): borders, scrollbars, input frames.
_FRAME = re.compile("[\u2500-\u259f]")


def normalise(text: str) -> str:
    """Screen text as a test compares it: a non-breaking space counts as a space."""
    return text.replace("\xa0", " ")


def flatten(text: str) -> str:
    """The words of a screen in reading order, without frames: a message the app wrapped
    over two rows of a box reads as one line again."""
    return " ".join(_FRAME.sub(" ", normalise(text)).split())


def shows(screen: str, text: str) -> bool:
    """Whether ``text`` is on ``screen``, on one row or wrapped over several."""
    return normalise(text) in screen or flatten(text) in flatten(screen)


def euro(cents: int) -> str:
    """Cents as the screen shows them, after :func:`normalise`: ``€ 30.298,50``."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"€ {sign}{whole:,}".replace(",", ".") + f",{part:02d}"


def cents(money: str) -> int:
    """``€ 30.798,50`` → 3079850."""
    digits = re.sub(r"[^\d]", "", money)
    return -int(digits) if "-" in money else int(digits)


def find_money(label: str, screen: str) -> int:
    """The amount after ``label`` on the screen, e.g. ``Pot festival 2026:``."""
    match = re.search(re.escape(label) + r"\s*(" + _MONEY + ")", normalise(screen))
    if match is None:
        pytest.fail(f"no amount after {label!r} on the screen:\n{screen}", pytrace=False)
    return cents(match.group(1))


# -- the command line ----------------------------------------------------------------------


#: The demo coordinator's name and PIN, as a script gives them to the command line.
COORDINATOR_LOGIN = {"FESTIVAL_USER": "Carla Coördinator", "FESTIVAL_PIN": "111111"}


def festival(
    *args: str, db: Path | None = None, login: dict[str, str] | None = COORDINATOR_LOGIN
) -> subprocess.CompletedProcess[str]:
    """Run the installed command without a terminal and return what it did; logged in as
    ``login`` (the demo coordinator unless told otherwise; None: without a login)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FESTIVAL_")}
    env |= login or {}
    command = [str(FESTIVAL), *(["--db", str(db)] if db else []), *args]
    return subprocess.run(
        command, capture_output=True, text=True, encoding="utf-8", env=env, timeout=60
    )


def summary(db: Path) -> dict[str, object]:
    """``festival budget summary --json`` as a dict."""
    result = festival("budget", "summary", "--json", db=db)
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def pot_cents(db: Path) -> int:
    value = summary(db)["pot_cents"]
    assert isinstance(value, int)
    return value


# -- the terminal --------------------------------------------------------------------------


def tmux_path() -> str:
    path = shutil.which("tmux")
    if path is None:
        pytest.fail(
            "tmux is not on PATH: the end-to-end tests drive festival in a real terminal under "
            "tmux. Install it with `make tools` (or `apt-get install tmux`).",
            pytrace=False,
        )
    return path


class Terminal:
    """One terminal window (a session on a private tmux server) running ``festival``."""

    def __init__(self, name: str) -> None:
        self.socket = f"kg-e2e-{name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.target = "app"
        self._tmux = tmux_path()
        # The server inherits this environment; TMUX would make tmux think it is nested.
        self._env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
        self._socket_path: Path | None = None

    # -- tmux --------------------------------------------------------------------------------
    def tmux(self, *args: str, check: bool = True) -> str:
        # -u: UTF-8 both ways (typing "ö", reading "€"); -f /dev/null: no user configuration.
        result = subprocess.run(
            [self._tmux, "-u", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=self._env,
            timeout=10,
            check=False,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def start(self, db: Path, *args: str, program: Path = FESTIVAL) -> None:
        """Run ``festival ARGS`` (or another installed ``program``, such as
        :data:`KERNAGENDA`) on database ``db`` in a fresh window of the fixed size."""
        env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "FESTIVAL_DB": str(db)}
        command = shlex.join(["env", *(f"{k}={v}" for k, v in env.items()), str(program), *args])
        # The shell stays after festival ends, so an exit code or a traceback can be read.
        shell = f'{command}; echo "{EXITED} $?]"; sleep 600'
        self.tmux(
            "new-session", "-d", "-s", self.target, "-x", str(COLUMNS), "-y", str(ROWS), shell
        )
        self._socket_path = Path(self.tmux("display-message", "-p", "#{socket_path}").strip())

    def kill(self) -> None:
        """End the private server and everything running in it (safe to call twice)."""
        self.tmux("kill-server", check=False)
        if self._socket_path is not None:
            # tmux leaves the socket file behind; one per test would pile up in /tmp.
            self._socket_path.unlink(missing_ok=True)

    # -- reading -----------------------------------------------------------------------------
    def screen(self) -> str:
        """The visible screen as plain text."""
        return normalise(self.tmux("capture-pane", "-p", "-t", self.target))

    def styled_rows(self) -> list[str]:
        """The visible screen with colours (SGR escapes), one string per row."""
        return self.tmux("capture-pane", "-p", "-e", "-t", self.target).splitlines()

    def history(self) -> str:
        """The screen plus what scrolled off it (a traceback is often longer than a screen)."""
        return normalise(self.tmux("capture-pane", "-p", "-S", "-500", "-t", self.target))

    def fail(self, reason: str) -> None:
        screen = self.screen()
        if EXITED in screen:
            screen = self.history()
        pytest.fail(f"{reason}\n--- screen of {self.socket} ---\n{screen}", pytrace=False)

    def wait_until(self, check: Callable[[str], bool], what: str, timeout: float = WAIT) -> str:
        """Poll the screen until ``check(screen)`` holds; fail with the screen otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if check(screen):
                return screen
            if EXITED in screen:
                self.fail(f"festival ended while waiting for {what}")
            if time.monotonic() > deadline:
                self.fail(f"{what}: not on screen after {timeout:.0f} s")
            time.sleep(POLL)

    def wait_for(self, text: str, timeout: float = WAIT) -> str:
        """Wait until ``text`` is on screen, on one row or wrapped (see :func:`shows`)."""
        return self.wait_until(lambda s: shows(s, text), repr(text), timeout)

    def wait_gone(self, text: str, timeout: float = WAIT) -> str:
        return self.wait_until(lambda s: not shows(s, text), f"{text!r} gone", timeout)

    def wait_match(self, pattern: str, timeout: float = WAIT) -> str:
        """Wait until the regular expression ``pattern`` matches the screen."""
        regex = re.compile(pattern)
        return self.wait_until(lambda s: regex.search(s) is not None, f"/{pattern}/", timeout)

    def styled_row(self, marker: str) -> str:
        """The first row (with colours) whose plain text contains ``marker``."""
        for row in self.styled_rows():
            if marker in normalise(_ANSI.sub("", row)):
                return row
        self.fail(f"no row with {marker!r} on screen")
        raise AssertionError("unreachable")

    # -- typing ------------------------------------------------------------------------------
    def type(self, text: str) -> None:
        """Type literal text, as a person at the keyboard would."""
        self.tmux("send-keys", "-t", self.target, "-l", text)

    def keys(self, *keys: str) -> None:
        """Press keys by tmux name: Enter, Tab, Escape, C-q, ..."""
        self.tmux("send-keys", "-t", self.target, *keys)

    def press_moving_focus(self, key: str, row_marker: str) -> None:
        """Press ``key`` and wait until the row with ``row_marker`` is drawn differently.

        Textual moves focus after a widget's ``focus()`` call on a later turn of its event
        loop, so keys typed at once still reach the old widget. The focused field is drawn in
        other colours: a changed rendering of its row shows the move has happened.
        """
        before = self.styled_row(row_marker)
        self.keys(key)
        deadline = time.monotonic() + WAIT
        while self.styled_row(row_marker) == before:
            if time.monotonic() > deadline:
                self.fail(f"after {key}, the row with {row_marker!r} never took focus")
            time.sleep(POLL)

    def quit(self) -> None:
        """Ctrl+Q, then wait for festival to end cleanly."""
        self.keys("C-q")
        screen = self.wait_until(lambda s: EXITED in s, "festival ending after Ctrl+Q")
        if f"{EXITED} 0]" not in screen:
            self.fail("Ctrl+Q ended festival with an error")


# -- what a user does ------------------------------------------------------------------------


def log_in(term: Terminal, name: str, pin: str) -> None:
    """Type name, Enter, PIN, Enter on the login screen (the result is left to the caller)."""
    term.wait_for("cijfers")  # the PIN field is drawn and empty: the login screen is ready
    term.type(name)
    term.wait_gone("uw naam")  # the name field holds what was typed
    term.press_moving_focus("Enter", "cijfers")
    term.type(pin)
    term.keys("Enter")


def open_budget(term: Terminal, name: str, pin: str) -> int:
    """Log in, open the budget screen with ``b`` and return the festival pot it shows."""
    log_in(term, name, pin)
    term.wait_for(f"Welkom, {name}")
    term.keys("b")
    screen = term.wait_match(r"Pot festival \d{4}: " + _MONEY)
    return find_money("Pot festival 2026:", screen)


def add_application(
    term: Terminal,
    *,
    kern: str,
    title: str,
    applicant: str,
    requested: str,
    granted: str,
    status: str,
    save: bool = True,
) -> None:
    """Fill in "Nieuwe aanvraag" from the budget screen field by field, then save it.

    With ``save=False`` the form is left filled in, focus on the last field: Enter saves.

    Each Tab waits for the next field to show focus: Textual hands a key to the focused widget
    before it acts on Tab, so text typed straight after Tab can still land in the old field.
    """
    term.keys("n")
    term.wait_for("Nieuwe aanvraag")
    term.wait_for("kies een kern")  # the form opens with focus on Kern; Jaar is prefilled
    choose(term, "Kern", kern)
    for label, text in (
        ("Titel", title),
        ("Aanvrager", applicant),
        ("Gevraagd €", requested),
        ("Toegekend €", granted),  # its "0" is selected on focus, so typing replaces it
    ):
        term.press_moving_focus("Tab", label)
        term.type(text)
        term.wait_match(rf"{re.escape(label)}\s+{re.escape(text)}(\s|$)")
    term.press_moving_focus("Tab", "Status")
    choose(term, "Status", status)
    term.press_moving_focus("Tab", "Besluitdatum")
    if save:
        term.keys("Enter")  # Enter in a field saves the form
        term.wait_gone("Nieuwe aanvraag")


def choose(term: Terminal, label: str, option: str) -> None:
    """In the focused Select labelled ``label``: open it, type to jump to ``option``, Enter."""
    term.keys("Enter")
    term.wait_match(rf"{re.escape(label)}\s.*▲")  # the list is open
    term.type(option)
    term.keys("Enter")
    term.wait_match(rf"{re.escape(label)}\s+{re.escape(option)}\s+▼")
