"""Fixtures for the end-to-end tier: a demo database per test and terminals that always close."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from e2e_support import FESTIVAL, Terminal, festival, tmux_path


@pytest.fixture(scope="session", autouse=True)
def _installed_command() -> None:
    """Fail early and clearly when the command or tmux is missing."""
    if not FESTIVAL.exists():
        pytest.fail(
            f"{FESTIVAL} is missing: install the project into this environment "
            "(`pip install -e .`, or `make test`).",
            pytrace=False,
        )


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """A fresh database filled by ``festival --db PATH demo``."""
    path = tmp_path / "e2e.db"
    result = festival("demo", db=path)
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def terminals() -> Iterator[Callable[[str], Terminal]]:
    """Makes terminals; each one's private tmux server is killed when the test ends."""
    tmux_path()
    made: list[Terminal] = []

    def make(name: str = "tui") -> Terminal:
        term = Terminal(name)
        made.append(term)
        return term

    yield make
    for term in made:
        term.kill()


@pytest.fixture
def terminal(terminals: Callable[[str], Terminal]) -> Terminal:
    return terminals("tui")
