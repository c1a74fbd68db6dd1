"""The kernagenda's documents are made in a worker: off the UI thread, one run at a time, and
an error in making them arrives as a Dutch message in the dialog."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, Static
from textual.worker import WorkerCancelled

from festival.app import KerngerichtApp
from festival.core.errors import NotFound
from festival.store.database import Database, Error
from festival.store.errors import DatabaseError
from kernagenda.domain.council_report import CouncilKern
from kernagenda.domain.documents import export_document
from kernagenda.ui import agenda_export_dialog, council_report_dialog
from kernagenda.ui.agenda_export_dialog import AgendaExportDialog
from kernagenda.ui.council_report_dialog import CouncilReportDialog
from tests.ui.helpers import KERNREGISSEUR, log_in, static_text, wait_until

real_summary = council_report_dialog.council_report


async def settle(pilot: Pilot[None]) -> None:
    """Let the dialog's worker finish and its answer arrive."""
    while True:
        try:
            await pilot.app.workers.wait_for_complete()
            break
        except WorkerCancelled:  # a newer request replaced one; wait for the newer one
            continue
    await pilot.pause()


def _busy_note(pilot: Pilot[None]) -> str:
    """The busy note when it is shown, else the empty string."""
    note = pilot.app.screen.query_one("#busy-note", Static)
    return static_text(pilot, "#busy-note") if note.display else ""


async def _open(pilot: Pilot[None], key: str) -> None:
    await log_in(pilot, *KERNREGISSEUR)
    await pilot.press("k")
    await pilot.press(key)
    await settle(pilot)


async def _export_to(pilot: Pilot[None], target: Path) -> AgendaExportDialog:
    """Open the export dialog, choose Markdown and ``target``, and press Enter."""
    await _open(pilot, "x")
    dialog = pilot.app.screen
    assert isinstance(dialog, AgendaExportDialog)
    dialog.query_one("#export-format", Select).value = "md"
    await pilot.pause()
    path = dialog.query_one("#export-path", Input)
    path.value = str(target)
    path.focus()
    await pilot.press("enter")
    return dialog


async def test_the_residents_document_is_made_off_the_ui_thread(
    app: KerngerichtApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []

    def recording(db: Database, kern_id: int, fmt: str, version_id: int | None = None) -> bytes:
        threads.append(threading.current_thread())
        return export_document(db, kern_id, fmt, version_id)

    monkeypatch.setattr(agenda_export_dialog, "export_document", recording)
    target = tmp_path / "ingen.md"
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _export_to(pilot, target)
        await settle(pilot)
        assert app.screen is not dialog
    assert len(threads) == 1
    assert threads[0] is not threading.main_thread()
    assert "Ingen" in target.read_text(encoding="utf-8")


async def test_the_export_dialog_is_busy_while_the_document_is_made(
    app: KerngerichtApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def slow(db: Database, kern_id: int, fmt: str, version_id: int | None = None) -> bytes:
        calls.append(kern_id)
        started.set()
        assert release.wait(10), "the test never let the document be made"
        return export_document(db, kern_id, fmt, version_id)

    monkeypatch.setattr(agenda_export_dialog, "export_document", slow)
    target = tmp_path / "ingen.md"
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _export_to(pilot, target)
        await wait_until(pilot, started.is_set)
        assert dialog.query_one("#save", Button).disabled
        assert _busy_note(pilot) == "Bezig met maken …"
        await pilot.press("enter")  # a second save while the first runs does nothing
        assert app.screen is dialog
        release.set()
        await settle(pilot)
        assert app.screen is not dialog
    assert len(calls) == 1
    assert "Ingen" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (NotFound("Deze versie bestaat niet meer."), "Deze versie bestaat niet meer."),
        (
            DatabaseError("Kan de database festival.db niet openen: schijf vol"),
            "Kan de database festival.db niet openen: schijf vol",
        ),
        (
            Error("database is locked"),
            "De database gaf een fout; er is niets gemaakt. Probeer het zo nog eens.",
        ),
    ],
)
async def test_an_error_in_making_the_document_shows_a_dutch_message(
    app: KerngerichtApp,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
    shown: str,
) -> None:
    def failing(db: Database, kern_id: int, fmt: str, version_id: int | None = None) -> bytes:
        raise error

    monkeypatch.setattr(agenda_export_dialog, "export_document", failing)
    target = tmp_path / "ingen.md"
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _export_to(pilot, target)
        await settle(pilot)
        assert app.screen is dialog
        assert static_text(pilot, "#form-error") == shown
        assert not dialog.query_one("#save", Button).disabled
        assert not _busy_note(pilot)
        assert not target.exists()
        # Once the cause is gone, the same dialog tries again.
        monkeypatch.setattr(agenda_export_dialog, "export_document", export_document)
        dialog.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is not dialog
    assert "Ingen" in target.read_text(encoding="utf-8")


async def test_the_council_report_is_made_off_the_ui_thread(
    app: KerngerichtApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []

    def recording(
        db: Database, since: date | None = None, *, since_version: bool = False
    ) -> list[CouncilKern]:
        threads.append(threading.current_thread())
        return real_summary(db, since, since_version=since_version)

    monkeypatch.setattr(council_report_dialog, "council_report", recording)
    target = tmp_path / "raad.txt"
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, "r")
        dialog = app.screen
        assert isinstance(dialog, CouncilReportDialog)
        assert len(threads) == 1  # the preview
        preview = static_text(pilot, "#report-text")
        assert "Ingen" in preview
        dialog.query_one("#report-path", Input).value = str(target)
        dialog.query_one("#report-path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is not dialog
    assert len(threads) == 2  # made again on saving
    assert all(thread is not threading.main_thread() for thread in threads)
    # The screen shows the euro's non-breaking space as a space.
    assert target.read_text(encoding="utf-8").replace("\xa0", " ") == preview


async def test_the_council_report_is_busy_while_it_is_made_to_be_saved(
    app: KerngerichtApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()
    calls: list[date | None] = []

    def slow(
        db: Database, since: date | None = None, *, since_version: bool = False
    ) -> list[CouncilKern]:
        calls.append(since)
        if len(calls) > 1:  # the preview is quick; the save waits for the test
            started.set()
            assert release.wait(10), "the test never let the report be made"
        return real_summary(db, since, since_version=since_version)

    monkeypatch.setattr(council_report_dialog, "council_report", slow)
    target = tmp_path / "raad.txt"
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, "r")
        dialog = app.screen
        assert isinstance(dialog, CouncilReportDialog)
        path = dialog.query_one("#report-path", Input)
        path.value = str(target)
        path.focus()
        await pilot.press("enter")
        await wait_until(pilot, started.is_set)
        assert dialog.query_one("#save", Button).disabled
        assert _busy_note(pilot) == "Bezig met maken …"
        await pilot.press("enter")  # a second save while the first runs does nothing
        dialog.query_one("#report-since", Input).value = "01-01-2020"  # waits for the save
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert app.screen is not dialog
    assert len(calls) == 2
    assert "Ingen" in target.read_text(encoding="utf-8")


async def test_an_error_in_making_the_council_report_shows_a_dutch_message(
    app: KerngerichtApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(
        db: Database, since: date | None = None, *, since_version: bool = False
    ) -> list[CouncilKern]:
        raise Error("database is locked")

    monkeypatch.setattr(council_report_dialog, "council_report", failing)
    target = tmp_path / "raad.txt"
    message = "De database gaf een fout; er is niets gemaakt. Probeer het zo nog eens."
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, "r")
        dialog = app.screen
        assert isinstance(dialog, CouncilReportDialog)
        assert static_text(pilot, "#form-error") == message
        assert static_text(pilot, "#report-text") == ""  # not "Bezig met maken …" forever
        path = dialog.query_one("#report-path", Input)
        path.value = str(target)
        path.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert static_text(pilot, "#form-error") == message
        assert not dialog.query_one("#save", Button).disabled
        assert not _busy_note(pilot)
        assert not target.exists()
        # Once the cause is gone, the next date typed shows the report again.
        monkeypatch.setattr(council_report_dialog, "council_report", real_summary)
        dialog.query_one("#report-since", Input).value = "01-01-2020"
        await settle(pilot)
        assert static_text(pilot, "#form-error") == ""
        assert "Ingen" in static_text(pilot, "#report-text")
