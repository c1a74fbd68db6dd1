"""The budget screen in a real terminal: adding an application moves the festival pot, and
another terminal on the same database shows the new pot within a second."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from e2e_support import (
    POLL,
    Terminal,
    add_application,
    euro,
    festival,
    find_money,
    log_in,
    open_budget,
    pot_cents,
)

pytestmark = pytest.mark.e2e

CARLA, CARLA_PIN = "Carla Coördinator", "111111"
KARIN, KARIN_PIN = "Karin Regisseur", "4444"
#: The longest another terminal may lag behind (the issue's "within a second").
MAX_DELAY = 1.0


def test_coordinator_adds_application_and_pot_changes(demo_db: Path, terminal: Terminal) -> None:
    stored = pot_cents(demo_db)
    terminal.start(demo_db)
    log_in(terminal, CARLA, CARLA_PIN)
    home = terminal.wait_for(f"Welkom, {CARLA}")
    assert find_money("Pot initiatievenfestival 2026:", home) == stored

    terminal.keys("b")
    terminal.wait_for("Leefbaarheidsbudget 2026")
    pot = find_money("Pot festival 2026:", terminal.wait_for("Pot festival 2026:"))
    assert pot == stored

    add_application(
        terminal,
        kern="Buren",
        title="Bankje bij de Culemborgse Poort",
        applicant="Buurtvereniging Binnenstad",
        requested="600",
        granted="500",
        status="gehonoreerd",
    )
    terminal.wait_for("Opgeslagen: Bankje bij de Culemborgse Poort")
    terminal.wait_for(f"Pot festival 2026: {euro(pot - 500_00)}")
    assert pot_cents(demo_db) == pot - 500_00

    terminal.keys("Escape")  # back home: its pot line follows too
    terminal.wait_for(f"Pot initiatievenfestival 2026: {euro(pot - 500_00)}")
    terminal.quit()


def _delay_until_both_show(first: Terminal, second: Terminal, text: str) -> float:
    """Seconds from ``first`` showing ``text`` until ``second`` does (negative: second first)."""
    seen: dict[str, float] = {}
    deadline = time.monotonic() + 12
    while len(seen) < 2:
        for name, term in (("first", first), ("second", second)):
            if name not in seen and text in term.screen():
                seen[name] = time.monotonic()
        if time.monotonic() > deadline:
            late = first if "first" not in seen else second
            late.fail(f"{text!r} did not appear within 12 s")
        time.sleep(POLL)
    return seen["second"] - seen["first"]


def test_second_terminal_sees_change_within_a_second(
    demo_db: Path, terminals: Callable[[str], Terminal]
) -> None:
    coordinator, regisseur = terminals("carla"), terminals("karin")
    coordinator.start(demo_db)
    regisseur.start(demo_db)
    pot = open_budget(coordinator, CARLA, CARLA_PIN)
    assert open_budget(regisseur, KARIN, KARIN_PIN) == pot

    add_application(
        coordinator,
        kern="Buren",
        title="Oversteekplaats bij de school",
        applicant="Ouderraad De Klepperman",
        requested="750",
        granted="750",
        status="gehonoreerd",
        save=False,
    )
    coordinator.keys("Enter")  # save, and watch both screens from this moment
    delay = _delay_until_both_show(
        coordinator, regisseur, f"Pot festival 2026: {euro(pot - 750_00)}"
    )
    print(f"second terminal lagged {delay:.3f} s behind the first")
    assert delay <= MAX_DELAY, f"the second terminal showed the new pot {delay:.2f} s later"
    assert pot_cents(demo_db) == pot - 750_00
    coordinator.wait_gone("Nieuwe aanvraag")
    regisseur.wait_for("Oversteekplaats bij de school")  # the ledger follows as well
    coordinator.quit()
    regisseur.quit()


def test_terminal_sees_cli_import_within_a_second(
    demo_db: Path, terminal: Terminal, tmp_path: Path
) -> None:
    """The command line as the other terminal: an import shows up on an open budget screen."""
    terminal.start(demo_db)
    pot = open_budget(terminal, CARLA, CARLA_PIN)
    csv = tmp_path / "aanvragen.csv"
    csv.write_text(
        "jaar;kern;titel;aanvrager;gevraagd;toegekend;status;besluitdatum\n"
        "2026;Zoelen;Boomgaardfeest;Stichting Zoelen Bloeit;400;250;gehonoreerd;\n",
        encoding="utf-8",
    )
    result = festival("budget", "import", str(csv), db=demo_db)
    committed = time.monotonic()  # the import has committed and its process has ended
    assert result.returncode == 0, result.stderr
    terminal.wait_for(f"Pot festival 2026: {euro(pot - 250_00)}", timeout=5)
    delay = time.monotonic() - committed
    print(f"terminal showed the imported application {delay:.3f} s after the import")
    assert delay <= MAX_DELAY
    terminal.wait_for("Boomgaardfeest")
    terminal.quit()
