"""The kernagenda's themes screen: the list with its use, rename, remove and reorder."""

from __future__ import annotations

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input

from festival.app import KerngerichtApp
from festival.domain.roles import Role, User
from festival.store.database import Database
from festival.ui.dialogs.confirm_dialog import ConfirmDialog
from festival.ui.widgets.form_field import FormField
from festival.ui.widgets.record_table import RecordTable
from kernagenda.domain.agendas import list_agendas
from kernagenda.domain.items import list_items
from kernagenda.domain.models import ThemeUse
from kernagenda.domain.themes import add_theme, list_theme_use, list_themes
from kernagenda.ui.theme_dialog import ThemeDialog
from kernagenda.ui.themes_screen import ThemesScreen
from tests.ui.helpers import (
    COORDINATOR,
    DESK,
    KERNREGISSEUR,
    click,
    log_in,
    static_text,
    wait_until,
)


async def _open(pilot: Pilot[None], name: str, pin: str) -> ThemesScreen:
    await log_in(pilot, name, pin)
    app = pilot.app
    assert isinstance(app, KerngerichtApp) and app.session is not None
    screen = ThemesScreen(app.session)
    await app.push_screen(screen)
    await pilot.pause()
    return screen


def _rows(screen: ThemesScreen) -> list[tuple[str, str]]:
    """The list as shown: each theme's name and its number of items."""
    table = screen.query_one("#themes", RecordTable)
    rows = []
    for index in range(table.row_count):
        name, used = table.get_row_at(index)
        assert isinstance(name, Text) and isinstance(used, Text)
        rows.append((name.plain, used.plain))
    return rows


async def _cursor_on(pilot: Pilot[None], screen: ThemesScreen, name: str) -> ThemeUse:
    theme = next(t for t in screen.themes.values() if t.name == name)
    screen.query_one("#themes", RecordTable).select_id(theme.id)
    await pilot.pause()
    current = screen.current_theme()
    assert current is not None and current.name == name
    return current


def _errors(app: KerngerichtApp) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


async def test_the_list_shows_every_theme_in_order_with_its_use(app: KerngerichtApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, *KERNREGISSEUR)
        use = list_theme_use(app.db)
        assert _rows(screen) == [(t.name, str(t.items)) for t in use]
        assert any(t.items for t in use)
        assert "alleen lezen" not in static_text(pilot, "#themes-title")
        await pilot.press("escape")
        assert not isinstance(app.screen, ThemesScreen)


async def test_renaming_a_theme_through_the_dialog(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, *KERNREGISSEUR)
        jeugd = await _cursor_on(pilot, screen, "Jeugd")
        assert jeugd.items > 0
        await pilot.press("r")
        dialog = app.screen
        assert isinstance(dialog, ThemeDialog)
        field = dialog.query_one("#theme-name", Input)
        assert field.value == "Jeugd"
        # A name that exists is refused beside the field; nothing changes.
        field.value = "wonen"
        await pilot.press("enter")
        await pilot.pause()
        assert dialog.is_current
        assert "bestaat al" in dialog.query_one("#field-theme", FormField).error
        field.value = "Jeugd & jongeren"
        await click(pilot, "#save")
        assert app.screen is screen
        assert ("Jeugd & jongeren", str(jeugd.items)) in _rows(screen)
        assert "Jeugd" not in [name for name, _ in _rows(screen)]
        current = screen.current_theme()
        assert current is not None and current.id == jeugd.id  # the cursor stayed
        assert "Jeugd & jongeren" in list_themes(app.db)
        renamed = [
            i
            for a in list_agendas(app.db)
            for i in list_items(app.db, a.id)
            if i.theme == "Jeugd & jongeren"
        ]
        assert len(renamed) == jeugd.items


async def test_removing_a_used_theme_is_refused_with_the_reason(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, *COORDINATOR)
        wonen = await _cursor_on(pilot, screen, "Wonen")
        assert wonen.items > 1
        await pilot.press("delete")
        await pilot.pause()
        assert app.screen is screen  # no confirmation for what will be refused
        assert _errors(app) == [
            f"Het thema 'Wonen' wordt nog gebruikt door {wonen.items} agendapunten; geef die "
            "eerst een ander thema."
        ]
        assert "Wonen" in list_themes(app.db)


async def test_removing_an_unused_theme_after_confirming(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, *COORDINATOR)
        await pilot.press("n")
        dialog = app.screen
        assert isinstance(dialog, ThemeDialog)
        dialog.query_one("#theme-name", Input).value = "Cultuur"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert _rows(screen)[-1] == ("Cultuur", "0")
        current = screen.current_theme()
        assert current is not None and current.name == "Cultuur"  # the cursor is on it
        # Cancelling keeps it; confirming removes it.
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert "Cultuur" in list_themes(app.db)
        await pilot.press("delete")
        await pilot.pause()
        await click(pilot, "#confirm")
        assert app.screen is screen
        assert "Cultuur" not in list_themes(app.db)
        assert "Cultuur" not in [name for name, _ in _rows(screen)]
        assert screen.current_theme() is not None


async def test_moving_a_theme_down_and_up(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, *KERNREGISSEUR)
        before = list_themes(app.db)
        first, second = before[0], before[1]
        await _cursor_on(pilot, screen, first)
        await pilot.press("shift+down")
        await pilot.pause()
        assert list_themes(app.db)[:2] == [second, first]
        assert [name for name, _ in _rows(screen)][:2] == [second, first]
        current = screen.current_theme()
        assert current is not None and current.name == first  # the cursor moved along
        # The minus and plus keys do the same for terminals that eat shift+arrows.
        await pilot.press("minus")
        await pilot.pause()
        assert list_themes(app.db) == before
        await pilot.press("shift+up")  # at the top: nothing changes
        await pilot.pause()
        assert list_themes(app.db) == before


async def test_a_desk_user_only_reads(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, *DESK)
        assert "alleen lezen" in static_text(pilot, "#themes-title")
        assert len(_rows(screen)) == len(list_themes(app.db))
        for action in ("new", "rename", "remove", "move"):
            assert screen.check_action(action, ()) is False
        before = list_themes(app.db)
        for key in ("n", "r", "delete", "shift+down", "enter"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen
        assert list_themes(app.db) == before


async def test_a_change_on_another_terminal_shows(app: KerngerichtApp, other_db: Database) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, *KERNREGISSEUR)
        coordinator = User(id=0, name="Carla Coördinator", role=Role.COORDINATOR, active=True)
        add_theme(other_db, coordinator, "Sport")
        await wait_until(pilot, lambda: ("Sport", "0") in _rows(screen))
