"""The coordinator imports pre-registrations on screen and settles look-alike pairs."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from festival.app import KerngerichtApp
from festival.domain import duplicates, permissions, registration, registration_search
from festival.domain.festivals import current_festival
from festival.domain.permissions import SystemCaller
from festival.ui.dialogs.confirm_dialog import ConfirmDialog
from festival.ui.dialogs.import_dialog import ImportDialog
from festival.ui.screens.registrations import RegistrationsScreen
from tests.ui.helpers import COORDINATOR, click, log_in, static_text, wait_until

CSV = (
    "naam;rol;kern;organisatie;email;telefoon;initiatief;gevraagd\n"
    "Zoe van 't Hof;initiatiefnemer;Zoelen;;zoe@example.org;;Pluktuin;1.500\n"
    "Kaj Nieuw;bezoeker;Asch;;;;;\n"
)


async def open_registrations(pilot: Pilot[None], app: KerngerichtApp) -> RegistrationsScreen:
    await log_in(pilot, *COORDINATOR)
    await pilot.press("a")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, RegistrationsScreen)
    return screen


async def test_import_on_screen_then_merge_the_look_alike(
    app: KerngerichtApp, tmp_path: Path
) -> None:
    path = tmp_path / "aanmeldingen.csv"
    path.write_text(CSV, encoding="utf-8")
    festival = current_festival(app.db)
    assert festival is not None
    _, expected = registration.totals(app.db, festival.id)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_registrations(pilot, app)
        assert "Geen dubbele" in static_text(pilot, "#pairs-hint")
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        dialog.query_one("#path", Input).value = str(path)
        await click(pilot, "#start")
        await app.workers.wait_for_complete()
        await wait_until(pilot, lambda: app.screen is screen)
        assert registration.totals(app.db, festival.id)[1] == expected + 2
        assert len(screen.pairs) == 1
        pair = screen.pairs[0]
        assert {pair.a.name, pair.b.name} == {"Zoë van ’t Hof", "Zoe van 't Hof"}
        await pilot.press("1")  # the older registration (left) stays
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ConfirmDialog), "a merge is asked first"
        explanation = static_text(pilot, ".dialog-help")
        assert pair.a.code in explanation and pair.b.code in explanation
        assert "Blijft:    Zoë van ’t Hof" in explanation
        assert len(screen.pairs) == 1, "nothing merged before the answer"
        await click(pilot, "#confirm")
        assert app.screen is screen
        assert screen.pairs == {}
        assert registration.totals(app.db, festival.id)[1] == expected + 1
        kept = registration.get_registration(app.db, pair.a.id)
        assert kept.code == pair.a.code


async def test_keep_both_hides_the_pair(app: KerngerichtApp) -> None:
    festival = current_festival(app.db)
    assert festival is not None
    registration.register(
        app.db,
        SystemCaller("test"),
        festival.id,
        registration.PersonInput(name="Zoë van 't Hof", roles="bezoeker", kern="Zoelen"),
        allow_duplicate=True,
    )
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_registrations(pilot, app)
        assert len(screen.pairs) == 1
        await pilot.press("h")
        await pilot.pause()
        assert screen.pairs == {}
        assert duplicates.duplicate_pairs(app.db, SystemCaller("test"), festival.id) == []
        assert (
            len(
                registration_search.search(
                    app.db, permissions.SYSTEM, festival.id, "Zoë van ’t Hof"
                )
            )
            == 2
        )  # both stay


async def test_the_coordinator_finds_people_without_accents_or_capitals(
    app: KerngerichtApp,
) -> None:
    festival = current_festival(app.db)
    assert festival is not None
    registration.register(
        app.db,
        SystemCaller("test"),
        festival.id,
        registration.PersonInput(name="Chloé van Leeuwen", roles="bezoeker", kern="Zoelen"),
        allow_duplicate=True,
    )
    decided = app.db.scalar("SELECT count(*) FROM duplicate_decisions")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_registrations(pilot, app)
        await pilot.press("slash")
        search = screen.query_one("#registrations-search", Input)
        assert search.has_focus
        await pilot.press(*"chloe leeuw")
        await pilot.pause()
        assert "Chloé van Leeuwen" in static_text(pilot, "#registrations-found")
        # The "h" typed into the search kept no pair apart.
        assert app.db.scalar("SELECT count(*) FROM duplicate_decisions") == decided
        await pilot.press(*"xyz")
        await pilot.pause()
        assert static_text(pilot, "#registrations-found") == "Niemand gevonden."
