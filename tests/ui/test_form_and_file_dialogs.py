"""Forms show a general error where it can be seen; file dialogs refuse a wrong name, ask
before overwriting and explain a failed write in Dutch."""

from __future__ import annotations

import stat
from pathlib import Path

from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from festival.app import KerngerichtApp
from festival.domain import accounts as users
from festival.domain import permissions
from festival.store.database import Database
from festival.ui.dialogs.confirm_dialog import ConfirmDialog
from festival.ui.widgets.form_field import FormField
from kernagenda.domain.item_edits import remove_item
from kernagenda.ui.agenda_export_dialog import AgendaExportDialog
from kernagenda.ui.council_report_dialog import CouncilReportDialog
from kernagenda.ui.item_dialog import ItemDialog
from tests.ui.helpers import KERNREGISSEUR, click, log_in, static_text, wait_until


async def _submit(pilot: Pilot[None], field: Input) -> None:
    field.focus()
    await pilot.press("enter")
    await pilot.pause()


def _path_error(pilot: Pilot[None]) -> str:
    return pilot.app.screen.query_one("#field-path", FormField).error


async def open_export(pilot: Pilot[None]) -> AgendaExportDialog:
    await log_in(pilot, *KERNREGISSEUR)
    await pilot.press("k")
    await pilot.press("x")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, AgendaExportDialog)
    return dialog


async def test_a_general_error_below_a_long_form_is_scrolled_into_view(
    app: KerngerichtApp, other_db: Database
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ItemDialog) and dialog.item is not None
        karin = next(
            u for u in users.list_users(other_db, permissions.SYSTEM) if u.name == KERNREGISSEUR[0]
        )
        remove_item(other_db, karin, dialog.item.id, "dubbel")  # on another terminal
        await _submit(pilot, dialog.query_one("#title", Input))
        assert dialog.is_current
        general = dialog.query_one("#form-error", Static)
        assert static_text(pilot, "#form-error")
        form = dialog.query_one("#item-form", VerticalScroll)
        assert form.max_scroll_y > 0  # the form is longer than the screen

        def in_view() -> bool:
            return form.scrollable_content_region.contains_region(general.region)

        await wait_until(pilot, in_view)
        # Shown again: an error that no longer holds goes, beside a field and below.
        dialog.show_errors({"title": "Vul een onderwerp in."})
        await pilot.pause()
        assert static_text(pilot, "#form-error") == ""
        assert dialog.query_one("#field-title", FormField).error == "Vul een onderwerp in."
        dialog.show_errors({})
        await pilot.pause()
        assert dialog.query_one("#field-title", FormField).error == ""
        assert static_text(pilot, "#form-error") == ""


async def test_export_refuses_a_name_that_does_not_fit_the_format(
    app: KerngerichtApp, tmp_path: Path
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot)
        target = tmp_path / "ingen.html"
        path = dialog.query_one("#export-path", Input)
        path.value = str(target)
        await _submit(pilot, path)
        assert app.screen is dialog
        assert _path_error(pilot) == (
            "De naam eindigt op .html maar het formaat is PDF; pas de naam of het formaat aan."
        )
        assert not target.exists()
        path.value = str(tmp_path / "ingen.htm")
        dialog.query_one("#export-format", Select).value = "md"
        await pilot.pause()
        assert path.value.endswith("ingen.md")  # .htm is an ending the format follows too
        path.value = str(tmp_path / "ingen.HTM")
        dialog.query_one("#export-format", Select).value = "html"
        await pilot.pause()
        path.value = str(tmp_path / "ingen.HTM")
        await _submit(pilot, path)
        await wait_until(pilot, lambda: app.screen is not dialog)
        assert "<html" in (tmp_path / "ingen.HTM").read_text(encoding="utf-8").lower()


async def test_export_asks_before_overwriting_an_existing_file(
    app: KerngerichtApp, tmp_path: Path
) -> None:
    target = tmp_path / "ingen.md"
    target.write_text("oud", encoding="utf-8")
    target.chmod(0o644)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot)
        dialog.query_one("#export-format", Select).value = "md"
        await pilot.pause()
        path = dialog.query_one("#export-path", Input)
        path.value = str(target)
        await _submit(pilot, path)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        assert dialog.is_current
        assert target.read_text(encoding="utf-8") == "oud"
        await _submit(pilot, path)
        assert isinstance(app.screen, ConfirmDialog)
        await click(pilot, "#confirm")
        await wait_until(pilot, lambda: not isinstance(app.screen, (ConfirmDialog, type(dialog))))
        assert "Ingen" in target.read_text(encoding="utf-8")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600  # the owner's alone, also now


async def test_export_to_a_folder_says_why_in_dutch(app: KerngerichtApp, tmp_path: Path) -> None:
    folder = tmp_path / "map.pdf"
    folder.mkdir()
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_export(pilot)
        path = dialog.query_one("#export-path", Input)
        path.value = str(folder)
        await _submit(pilot, path)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is dialog  # a folder is not a file to overwrite: no question
        assert _path_error(pilot) == f"Kan {folder} niet schrijven: dat is een map, geen bestand."


async def test_council_report_asks_before_overwriting(app: KerngerichtApp, tmp_path: Path) -> None:
    target = tmp_path / "raad.txt"
    target.write_text("oud", encoding="utf-8")
    target.chmod(0o644)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CouncilReportDialog)
        path = dialog.query_one("#report-path", Input)
        path.value = str(target)
        await _submit(pilot, path)
        assert isinstance(app.screen, ConfirmDialog)
        await click(pilot, "#cancel")
        assert dialog.is_current
        assert target.read_text(encoding="utf-8") == "oud"
        await _submit(pilot, path)
        await click(pilot, "#confirm")
        await wait_until(pilot, lambda: not isinstance(app.screen, (ConfirmDialog, type(dialog))))
        assert target.read_text(encoding="utf-8") == dialog.report
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert "Ingen" in dialog.report
