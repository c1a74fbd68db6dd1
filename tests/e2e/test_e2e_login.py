"""Logging in at a real terminal: a wrong PIN counts down, five lock the name."""

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
    log_in(terminal, CARLA, "9999")
    for left in (4, 3, 2, 1):
        terminal.wait_for(f"Onbekende naam of onjuiste PIN. Nog {left} poging(en).")
        terminal.type("9999")
        terminal.keys("Enter")
    locked = terminal.wait_for(f"Vijf keer een onjuiste PIN: {CARLA} is geblokkeerd tot")
    until = _locked_until(locked)

    terminal.type("111111")  # the right PIN, too late
    terminal.keys("Enter")
    refused = terminal.wait_for(f"Te veel onjuiste pogingen: {CARLA} is geblokkeerd tot")
    assert _locked_until(refused) == until
    assert not shows(refused, "Welkom")
    terminal.quit()
