"""The attention view from the home screen, and the filter words on the kernagenda screen."""

from __future__ import annotations

from festival.app import KerngerichtApp
from kernagenda.ui.agenda_screen import KernagendaScreen
from kernagenda.ui.attention_screen import AttentionScreen
from tests.ui.helpers import log_in, static_text

KERNREGISSEUR = ("Karin Regisseur", "4444")  # Ingen and Zoelen in the demo


async def test_the_attention_view_opens_the_item_on_its_agenda(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("o")
        screen = app.screen
        assert isinstance(screen, AttentionScreen)
        assert "Ingen, Zoelen" in static_text(pilot, "#attention-title")
        titles = [line.title for line in screen.lines]
        # The demo's overdue speerpunten lead their kern.
        assert titles.index("Veilige oversteek bij de basisschool") < titles.index(
            "Hondenpoep op het speelveld"
        )
        zoelen = next(i for i, line in enumerate(screen.lines) if line.kern == "Zoelen")
        for _ in range(zoelen):
            await pilot.press("down")
        await pilot.press("enter")
        agenda = app.screen
        assert isinstance(agenda, KernagendaScreen)
        assert agenda.kern is not None and agenda.kern.name == "Zoelen"
        current = agenda.current_item()
        assert current is not None and current.id == screen.lines[zoelen].item_id


async def test_the_filter_understands_verlopen_and_gemeente(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = app.screen
        assert isinstance(screen, KernagendaScreen)
        await pilot.press("slash", *"verlopen")
        await pilot.pause()
        shown = [screen.items[int(k)].title for k in screen.query_one("#agenda-items").keys
                 if k.isdigit()]  # fmt: skip
        overdue = [i.title for i in screen.items.values() if i.is_overdue(screen.today)]
        assert shown == overdue and shown
