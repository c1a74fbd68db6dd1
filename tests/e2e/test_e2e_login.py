"""Logging in at a real terminal: a wrong PIN says what an unknown name gets, five lock the
name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from e2e_support import Terminal, flatten, log_in, shows

pytestmark = pytest.mark.e2e

CARLA = "Carla Coördinator"


def _locked_until(screen: str) -> str:
    match = re.search(rf"{CARLA} is geblokkeerd tot (\d\d:\d\d)\.", flatten(screen))
    assert match, f"no lockout time on the screen:\n{screen}"
    return match.group(1)


def test_wrong_pin_then_lockout(demo_db: Path, terminal: Terminal) -> None:
    terminal.start(demo_db)
    terminal.wait_for("Demo: verzonnen gebruikers")
    log_in(terminal, CARLA, "999999")
    for _ in range(4):
        # The answer is in once the PIN field is empty again (its placeholder shows): every
        # wrong PIN gets the same words, so the words alone cannot tell one answer from the next.
        screen = terminal.wait_until(
            lambda s: shows(s, "Onbekende naam of onjuiste PIN.") and shows(s, "cijfers"),
            "the answer and an empty PIN field",
        )
        # No count of tries left: an unknown name would not get one, so it would tell.
        assert not shows(screen, "poging(en)")
        terminal.type("999999")
        terminal.wait_gone("cijfers")
        terminal.keys("Enter")
    locked = terminal.wait_for(f"Vijf keer een onjuiste PIN: {CARLA} is geblokkeerd tot")
    until = _locked_until(locked)

    terminal.type("111111")  # the right PIN, too late
    terminal.keys("Enter")
    refused = terminal.wait_for(f"Te veel onjuiste pogingen: {CARLA} is geblokkeerd tot")
    assert _locked_until(refused) == until
    assert not shows(refused, "Welkom")
    terminal.quit()
