"""The coordinator's users and kernen screens."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select, SelectionList

from festival.app import KerngerichtApp
from festival.domain import accounts as users
from festival.domain.kernen import list_kernen
from festival.domain.roles import Role
from festival.ui.dialogs.user_dialog import UserDialog
from festival.ui.screens.home import HomeScreen
from festival.ui.screens.kernen import KernenScreen
from festival.ui.screens.users import UsersScreen
from tests.ui.helpers import COORDINATOR, click, log_in


async def test_coordinator_adds_a_kernregisseur_who_can_then_log_in(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, UsersScreen)
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, UserDialog)
        dialog.query_one("#name", Input).value = "Noor Nieuw"
        dialog.query_one("#role", Select).value = Role.KERNREGISSEUR.value
        pin = dialog.query_one("#pin", Input)
        pin.value = "12"
        await pilot.pause()
        pin.focus()
        await pilot.press("enter")  # Enter in a field saves the form
        await pilot.pause()
        assert "4 tot 12 cijfers" in dialog.query_one("#field-pin").error
        assert app.focused is pin  # the first invalid field takes focus
        pin.value = "864209"
        await pilot.press("enter")
        await pilot.pause()
        assert "minstens één kern" in dialog.query_one("#field-kernen").error
        ingen = next(k for k in list_kernen(app.db) if k.name == "Ingen")
        dialog.query_one("#kernen", SelectionList).select(ingen.id)
        await click(pilot, "#save")
        assert isinstance(app.screen, UsersScreen)
        noor = users.login(app.db, "Noor Nieuw", "864209")
        assert noor.role is Role.KERNREGISSEUR and noor.kern_ids == {ingen.id}


async def test_a_new_coordinator_needs_six_digits_and_the_form_says_so(
    app: KerngerichtApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("g", "n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, UserDialog)
        pin = dialog.query_one("#pin", Input)
        assert pin.placeholder == "4 tot 12 cijfers"
        dialog.query_one("#name", Input).value = "Cor Coördinator"
        dialog.query_one("#role", Select).value = Role.COORDINATOR.value
        await pilot.pause()
        assert pin.placeholder == "6 tot 12 cijfers"
        pin.value = "2468"
        pin.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "coördinator bestaat uit 6 tot 12 cijfers" in dialog.query_one("#field-pin").error
        assert app.screen is dialog
        # Digits of another script are not typed into the field at all.
        pin.value = ""
        await pilot.press("\u0661", "\u0662", *"135790")
        assert pin.value == "135790"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, UsersScreen)
        assert users.login(app.db, "Cor Coördinator", "135790").role is Role.COORDINATOR


async def test_deactivating_a_user_from_the_list(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, UsersScreen)
        target = next(u for u in screen.users.values() if u.name == "Bas Balie")
        table = screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(str(target.id)))
        await pilot.press("d")
        await pilot.pause()
        assert not users.get_user(app.db, target.id).active
        assert "gedeactiveerd" in str(table.get_row(str(target.id))[2])


async def test_marking_a_pilot_kern(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, KernenScreen)
        maurik = next(k for k in screen.kernen.values() if k.name == "Maurik")
        assert not maurik.is_pilot
        table = screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(str(maurik.id)))
        await pilot.press("p")
        await pilot.pause()
        assert next(k for k in list_kernen(app.db) if k.name == "Maurik").is_pilot
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
