"""The command palette (Ctrl+P) offers what the logged-in role may do, in Dutch."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

from festival.app import KerngerichtApp
from festival.ui.command_palette import RoleCommands
from festival.ui.screens.allocation import AllocationScreen
from festival.ui.screens.desk import DeskScreen
from festival.ui.screens.home import HomeScreen
from festival.ui.sections import section_by_key
from tests.ui.helpers import COORDINATOR, DESK, log_in, wait_until
from tests.ui.test_desk import open_desk, scan, someone


def offered(app: KerngerichtApp) -> list[str]:
    """The palette's lines for the screen under it."""
    screen = app.screen
    if isinstance(screen, CommandPalette):
        screen = app.screen_stack[-2]
    return [command.text for command in RoleCommands(screen).commands()]


async def test_a_desk_user_is_offered_the_desk_but_not_the_allocation(
    app: KerngerichtApp,
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk(pilot, DESK)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        lines = offered(app)
        assert "Balie" in lines
        assert "Verdeling" not in lines and "Gebruikers" not in lines
        # The desk's own keys, by their Dutch names, with undoing its own check-in.
        assert {"Walk-in", "Badge printen", "Check-in ongedaan", "Uitloggen"} <= set(lines)
        # Textual's own commands are not offered.
        assert not {"Theme", "Screenshot", "Quit", "Keys"} & set(lines)


async def test_a_coordinator_is_offered_the_allocation_and_can_open_it(
    app: KerngerichtApp,
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, *COORDINATOR)
        assert isinstance(app.screen, HomeScreen)
        lines = offered(app)
        assert {"Balie", "Verdeling", "Gebruikers"} <= set(lines)
        # The home's section keys are the sections: each once.
        assert lines.count("Verdeling") == 1
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"verdeling")
        await wait_until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AllocationScreen))
        await app.workers.wait_for_complete()
        # Escape goes back to the home, as when the section is opened from there.
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_a_section_opened_from_another_section_comes_on_the_home(
    app: KerngerichtApp,
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk(pilot, COORDINATOR)
        app.open_section(section_by_key("g"))
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["HomeScreen", "UsersScreen"]


async def test_the_palette_does_not_open_before_login(app: KerngerichtApp) -> None:
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)


async def test_a_scanner_typing_into_the_desk_cannot_open_the_palette(
    app: KerngerichtApp,
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot, DESK)
        person = someone(app.db, "Zoë van ’t Hof")
        # Codes and names with every letter a scanner or a typist might send, p among them.
        await scan(pilot, person.code)
        await scan(pilot, "pieter paulus")
        assert app.screen is screen and isinstance(screen, DeskScreen)
        assert not any(isinstance(s, CommandPalette) for s in app.screen_stack)
