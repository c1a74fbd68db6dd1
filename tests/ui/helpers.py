"""Small helpers for Pilot tests: log in, read text off the screen, wait for a condition."""

from __future__ import annotations

import io
import time
from collections.abc import Callable

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static

COORDINATOR = ("Carla Coördinator", "111111")
DESK = ("Bas Balie", "2222")
JURY = ("Julia Jury", "3333")
KERNREGISSEUR = ("Karin Regisseur", "4444")  # Ingen, Zoelen, Ravenswaaij, Lienden, ...


async def log_in(pilot: Pilot[None], name: str, pin: str) -> None:
    screen = pilot.app.screen
    screen.query_one("#name", Input).value = name
    screen.query_one("#pin", Input).value = pin
    screen.query_one("#pin", Input).focus()
    await pilot.press("enter")
    await pilot.pause()


def static_text(pilot: Pilot[None], selector: str) -> str:
    content = pilot.app.screen.query_one(selector, Static).content
    return str(content).replace("\xa0", " ")


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 3.0
) -> None:
    """Let the app run until ``condition`` holds (fails after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.02)


async def click(pilot: Pilot[None], selector: str) -> None:
    """Click once the layout has settled (a field error can move the button), then settle."""
    await pilot.pause()
    assert await pilot.click(selector), f"{selector} was not clickable"
    await pilot.pause()


def rendered_text(pilot: Pilot[None], selector: str, width: int = 200) -> str:
    """A Static whose content is a rich renderable (a Group, a Table), as plain text."""
    content = pilot.app.screen.query_one(selector, Static).content
    console = Console(width=width, file=io.StringIO(), record=True)
    console.print(content)
    return console.export_text().replace("\xa0", " ")
