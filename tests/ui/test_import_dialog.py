"""The import dialog: stays open while its import runs, and shows any refusal in Dutch."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input

from festival.app import KerngerichtApp
from festival.core.csv_io import Progress
from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.domain import accounts as users
from festival.domain import permissions
from festival.domain.kernen import list_kernen
from festival.domain.permissions import Caller
from festival.store.database import Database
from festival.store.errors import DatabaseBusy, DiskFull
from festival.ui.dialogs.import_dialog import ImportDialog, Importer
from kernagenda.domain.agendas import agenda_for_kern
from kernagenda.domain.importing import import_items
from kernagenda.domain.items import list_items
from kernagenda.domain.permissions import AGENDA_EDIT
from tests.ui.helpers import COORDINATOR, click, log_in, static_text, wait_until

CSV = (
    "thema;onderwerp;omschrijving;prioriteit;trekker;status;streefdatum\n"
    "Wonen;Tiny houses;Plek voor tien huisjes;overig;samen;idee;31-12-2027\n"
)


async def open_dialog(
    pilot: Pilot[None], importer: Importer[str], source: Path, results: list[str | None]
) -> ImportDialog[str]:
    """Log in, open the dialog on top of the home screen and fill in ``source``."""
    app = pilot.app
    assert isinstance(app, KerngerichtApp)
    await log_in(pilot, *COORDINATOR)
    assert app.session is not None
    dialog: ImportDialog[str] = ImportDialog(app.session, "Proefimport", "a;b", importer)
    app.push_screen(dialog, results.append)
    await pilot.pause()
    dialog.query_one("#path", Input).value = str(source)
    return dialog


async def test_the_dialog_stays_open_while_the_import_runs(
    app: KerngerichtApp, tmp_path: Path
) -> None:
    source = tmp_path / "lijst.csv"
    source.write_text("a;b\n1;2\n", encoding="utf-8")
    started, release = threading.Event(), threading.Event()

    def slow(db: Database, caller: Caller, data: bytes, progress: Progress) -> str:
        started.set()
        assert release.wait(10), "the test never let the import finish"
        return "klaar"

    results: list[str | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, slow, source, results)
        await click(pilot, "#start")
        await wait_until(pilot, started.is_set)
        await pilot.press("escape")
        assert app.screen is dialog
        assert static_text(pilot, "#form-error") == "Bezig met importeren; even geduld."
        await click(pilot, "#cancel")
        assert app.screen is dialog
        dialog.query_one("#path", Input).focus()
        await pilot.press("enter")  # a second start while the first runs does nothing
        release.set()
        await app.workers.wait_for_complete()
        await wait_until(pilot, lambda: app.screen is not dialog)
        assert results == ["klaar"]


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (InvalidInput("Het jaar 1850 is te vroeg.", "jaar"), ["Het jaar 1850 is te vroeg."]),
        (
            ValidationErrors({"titel": "Vul een titel in.", "kern": "Kies een kern."}),
            ["Vul een titel in.", "Kies een kern."],
        ),
        (NotAllowed(), ["Dat mag uw rol niet."]),
        (NotFound("Dit festival bestaat niet meer."), ["Dit festival bestaat niet meer."]),
        (DatabaseBusy(), ["De database is even bezet; probeer het opnieuw."]),
        (DiskFull(), ["De schijf is vol: maak ruimte vrij", "er is niets half opgeslagen."]),
    ],
)
async def test_a_domain_error_is_shown_and_the_import_can_be_tried_again(
    app: KerngerichtApp, tmp_path: Path, error: Exception, shown: list[str]
) -> None:
    source = tmp_path / "lijst.csv"
    source.write_text("a;b\n1;2\n", encoding="utf-8")

    def refuses(db: Database, caller: Caller, data: bytes, progress: Progress) -> str:
        raise error

    results: list[str | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, refuses, source, results)
        await click(pilot, "#start")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is dialog
        text = static_text(pilot, "#form-error")
        assert text.startswith("Niets geïmporteerd: ")
        assert all(line in text for line in shown)
        assert not dialog.query_one("#start", Button).disabled
        await pilot.press("escape")  # not running any more: closes as usual
        assert app.screen is not dialog
        assert results == [None]


async def test_a_refused_kernagenda_import_stores_nothing(
    app: KerngerichtApp, tmp_path: Path
) -> None:
    source = tmp_path / "ingen.csv"
    source.write_text(CSV, encoding="utf-8")
    koen = next(
        u for u in users.list_users(app.db, permissions.SYSTEM) if u.name == "Koen Regisseur"
    )
    ingen = next(k for k in list_kernen(app.db) if k.name == "Ingen")
    agenda = agenda_for_kern(app.db, ingen.id)
    assert agenda is not None
    assert not permissions.allowed(koen, AGENDA_EDIT, kern_id=ingen.id)
    before = list_items(app.db, agenda.id)

    def importer(db: Database, caller: Caller, data: bytes, progress: Progress) -> str:
        return f"{import_items(db, koen, ingen.id, data).imported}"

    results: list[str | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, importer, source, results)
        dialog.query_one("#path", Input).focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await wait_until(pilot, lambda: "Niets geïmporteerd" in static_text(pilot, "#form-error"))
        assert "Alleen de kernregisseur van Ingen" in static_text(pilot, "#form-error")
        assert app.screen is dialog
        assert not dialog.query_one("#start", Button).disabled
        assert list_items(app.db, agenda.id) == before
