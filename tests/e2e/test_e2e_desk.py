"""The registration desk in a real terminal: a scan welcomes, a second desk says "al
ingecheckt", counts follow on the other desk, and ``festival checkin`` does the same without a
screen."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from e2e_support import POLL, WAIT, Terminal, festival, log_in

from festival.domain.scan_guard import DOUBLE_SCAN_WINDOW
from festival.store.database import Database

pytestmark = pytest.mark.e2e

BAS, BAS_PIN = "Bas Balie", "2222"
CARLA, CARLA_PIN = "Carla Coördinator", "111111"
FESTIVAL_NAME = "Initiatievenfestival Buren 2026"
#: The longest another desk may lag behind (the issue's "update live on every desk").
MAX_DELAY = 1.0
_COUNTS = re.compile(r"Aanwezig (\d+) / (\d+)")


def registered(db: Path, offset: int = 0) -> tuple[str, str]:
    """(code, name) of someone in the demo festival not yet checked in, read from the file."""
    with Database(db) as conn:
        row = conn.fetchone(
            "SELECT r.code, p.name FROM registrations r JOIN people p ON p.id = r.person_id"
            " WHERE r.checked_in_at IS NULL ORDER BY r.id LIMIT 1 OFFSET ?",
            (offset,),
        )
    assert row is not None, "the demo has nobody to check in"
    return row["code"], row["name"]


def desk_title(desk: str) -> str:
    return f"{desk} · {FESTIVAL_NAME}"


def open_desk_as_balie(term: Terminal, db: Path, desk: str) -> None:
    """``festival --db DB --desk DESK``, log in as the desk: the desk screen, no questions."""
    term.start(db, "--db", str(db), "--desk", desk)
    log_in(term, BAS, BAS_PIN)
    screen = term.wait_for(desk_title(desk))
    assert "Welke balie is dit?" not in screen, "--desk was given; the dialog should not ask"
    term.wait_for("Scan de badge of typ een naam")


def open_desk_as_coordinator(term: Terminal, db: Path, desk: str) -> None:
    """Log in as the coordinator, ``d`` for the desk, and name it ``desk`` ("Balie N") in the
    dialog, which suggests the first "Balie N" no desk is using."""
    term.start(db)
    log_in(term, CARLA, CARLA_PIN)
    term.wait_for(f"Welkom, {CARLA}")
    term.keys("d")
    term.wait_for("Welke balie is dit?")
    term.wait_match(r"Balie {3,}Balie \d ")  # the suggested name, selected in the focused field
    # End drops the selection, so one Backspace takes exactly the digit. Each step waits for the
    # field to show it: Textual runs End and Backspace as bindings once the key has bubbled
    # back up to the app, so a letter typed straight after them can overtake them.
    term.keys("End", "BSpace")
    term.wait_match(r"Balie {3,}Balie {20,}")
    term.type(desk.removeprefix("Balie "))
    term.wait_match(rf"Balie {{3,}}{re.escape(desk)} ")
    term.keys("Enter")
    term.wait_gone("Welke balie is dit?")
    term.wait_for(desk_title(desk))


def scan(term: Terminal, code: str) -> None:
    """What a hand scanner does: the code, then Enter (checked on screen before Enter, so a
    keystroke that went elsewhere fails here with the screen rather than later)."""
    term.type(code)
    term.wait_for(code)
    term.keys("Enter")


def counts(screen: str) -> tuple[int, int]:
    match = _COUNTS.search(screen)
    assert match, f"no 'Aanwezig N / M' on the screen:\n{screen}"
    return int(match.group(1)), int(match.group(2))


def test_scan_welcomes_then_both_desks_say_already_checked_in(
    demo_db: Path, terminals: Callable[[str], Terminal]
) -> None:
    code, name = registered(demo_db)
    balie1, balie2 = terminals("balie1"), terminals("balie2")
    open_desk_as_balie(balie1, demo_db, "Balie 1")

    scan(balie1, code)
    welcome = balie1.wait_for("WELKOM")
    welcomed_at = time.monotonic()  # the desk handled the scan before this moment
    assert name in welcome, f"{name!r} is not on the welcome:\n{welcome}"
    assert "AL INGECHECKT" not in welcome

    # The scanner sends the same code again at once: ignored, the welcome stays.
    scan(balie1, code)
    bounced = balie1.wait_for("Dubbele scan genegeerd")
    assert "WELKOM" in bounced and "AL INGECHECKT" not in bounced

    # Another desk, named in the dialog by the coordinator, scans the same badge.
    open_desk_as_coordinator(balie2, demo_db, "Balie 2")
    scan(balie2, code)
    already = balie2.wait_for("AL INGECHECKT")
    for text in (name, "aan Balie 1", BAS):
        balie2.wait_for(text)
    assert "WELKOM" not in already

    # Back at the first desk, once the double-scan window has passed: a new scan of the same
    # badge is no bounce. The window usually ran out while the second desk logged in; if not,
    # this one explicit sleep waits out the rest (the guard counts from when it handled the
    # scan, which was before welcomed_at).
    left = DOUBLE_SCAN_WINDOW + 0.1 - (time.monotonic() - welcomed_at)
    if left > 0:
        time.sleep(left)
    scan(balie1, code)
    again = balie1.wait_for("AL INGECHECKT")
    balie1.wait_for("aan Balie 1")
    assert "WELKOM" not in again
    balie1.quit()
    balie2.quit()


def test_a_double_send_in_one_read_welcomes_once(demo_db: Path, terminal: Terminal) -> None:
    code, name = registered(demo_db, offset=2)
    open_desk_as_balie(terminal, demo_db, "Balie 1")
    terminal.type(f"{code}\r{code}\r")  # one write: the scanner sent the badge twice at once
    screen = terminal.wait_until(
        lambda s: "WELKOM" in s or "ONBEKEND" in s or "AL INGECHECKT" in s, "an outcome"
    )
    assert "WELKOM" in screen and name in screen, screen
    terminal.wait_for("Dubbele scan genegeerd")


def test_counts_on_a_second_desk_move_within_a_second(
    demo_db: Path, terminals: Callable[[str], Terminal]
) -> None:
    code, name = registered(demo_db, offset=5)
    balie1, balie2 = terminals("balie1"), terminals("balie2")
    open_desk_as_balie(balie1, demo_db, "Balie 1")
    open_desk_as_balie(balie2, demo_db, "Balie 2")
    present, expected = counts(balie2.wait_match(_COUNTS.pattern))
    assert counts(balie1.screen()) == (present, expected)
    after = f"Aanwezig {present + 1} / {expected}"

    balie1.type(code)
    balie1.wait_for(code)
    balie1.keys("Enter")  # watch both screens from this moment
    seen: dict[str, float] = {}
    deadline = time.monotonic() + WAIT
    while len(seen) < 2:
        if "first" not in seen and "WELKOM" in balie1.screen():
            seen["first"] = time.monotonic()
        if "second" not in seen and after in balie2.screen():
            seen["second"] = time.monotonic()
        if time.monotonic() > deadline:
            late = balie1 if "first" not in seen else balie2
            late.fail(f"{'WELKOM' if late is balie1 else after!r} did not appear in {WAIT:.0f} s")
        time.sleep(POLL)
    delay = seen["second"] - seen["first"]
    print(f"second desk showed {after!r} {delay:.3f} s after the first desk's welcome")
    assert delay <= MAX_DELAY, f"the second desk's counts lagged {delay:.2f} s"
    balie1.wait_for(name)
    balie1.wait_for(after)  # the desk that checked in counts too
    balie1.quit()
    balie2.quit()


def test_checkin_command_exit_codes_and_words(demo_db: Path) -> None:
    code, name = registered(demo_db)

    first = festival("checkin", code, "--desk", "Script", db=demo_db)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Welkom"), first.stdout
    assert name in first.stdout

    second = festival("checkin", code, "--desk", "Script", db=demo_db)
    assert second.returncode == 3, second.stderr
    assert second.stdout.startswith("Al ingecheckt"), second.stdout
    assert "aan Script" in second.stdout

    unknown = festival("checkin", "zzz", "--desk", "Script", db=demo_db)
    assert unknown.returncode == 4, unknown.stderr
    assert unknown.stdout.startswith("Onbekend"), unknown.stdout
    assert "zzz" in unknown.stdout
