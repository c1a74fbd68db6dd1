"""Kernavond mode on screen: ideas typed one after another, then triaged with s, n and p."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Select

from festival.app import KerngerichtApp
from festival.ui.dialogs.reason_dialog import ReasonDialog
from kernagenda.domain.kernavond import list_ideas
from kernagenda.ui.agenda_screen import KernagendaScreen
from kernagenda.ui.item_picker_dialog import ItemPickerDialog
from kernagenda.ui.kernavond_screen import KernavondScreen
from tests.ui.helpers import log_in

KERNREGISSEUR = ("Karin Regisseur", "4444")


async def test_type_ideas_then_triage_them(app: KerngerichtApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        agenda_screen = app.screen
        assert isinstance(agenda_screen, KernagendaScreen) and agenda_screen.agenda is not None
        agenda_id = agenda_screen.agenda.id
        await pilot.press("o")
        screen = app.screen
        assert isinstance(screen, KernavondScreen)
        text = screen.query_one("#idea-text", Input)
        assert text.has_focus  # typing starts at once
        await pilot.press(*"Bankje bij de kerk", "enter")
        screen.query_one("#idea-theme", Select).value = "Jeugd"
        await pilot.press(*"Pannaveld", "enter")
        await pilot.press(*"Dorpsfeest elke week", "enter")
        await pilot.pause()
        assert text.value == ""  # ready for the next resident
        ideas = list_ideas(app.db, agenda_id, open_only=True)
        assert [(i.text, i.theme) for i in ideas] == [
            ("Bankje bij de kerk", ""),
            ("Pannaveld", "Jeugd"),
            ("Dorpsfeest elke week", "Jeugd"),
        ]

        await pilot.press("tab")  # to the list: the first idea
        await pilot.press("s")
        picker = app.screen
        assert isinstance(picker, ItemPickerDialog)
        picker.query_one("#picker", OptionList).highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")  # the next open idea (Pannaveld) becomes an item
        await pilot.pause()
        await pilot.press("p")
        dialog = app.screen
        assert isinstance(dialog, ReasonDialog)
        dialog.query_one("#reason", Input).value = "Past niet in de agenda"
        await pilot.press("enter")
        await pilot.pause()
        outcomes = [i.outcome for i in list_ideas(app.db, agenda_id)]
        assert outcomes == ["samengevoegd", "nieuw agendapunt", "geparkeerd"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is agenda_screen
        assert "Pannaveld" in [i.title for i in agenda_screen.items.values()]
