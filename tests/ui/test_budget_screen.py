"""The budget screen and its forms, driven as a user would."""

from __future__ import annotations

import stat
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from festival.app import KerngerichtApp
from festival.core.money import format_money
from festival.domain import budget
from festival.domain.budget import ApplicationInput
from festival.domain.demo import DEMO_YEAR
from festival.domain.kernen import KernIndex, list_kernen
from festival.domain.permissions import SystemCaller
from festival.store.database import Database
from festival.ui.dialogs.application_dialog import ApplicationDialog
from festival.ui.dialogs.export_dialog import ExportDialog
from festival.ui.dialogs.import_dialog import ImportDialog
from festival.ui.screens.budget import BudgetScreen
from festival.ui.widgets.form_field import FormField
from tests.ui.helpers import (
    COORDINATOR,
    KERNREGISSEUR,
    click,
    log_in,
    static_text,
    wait_until,
)


async def open_budget(pilot: Pilot[None], login: tuple[str, str] = COORDINATOR) -> BudgetScreen:
    await log_in(pilot, *login)
    await pilot.press("b")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BudgetScreen)
    return screen


async def new_application(pilot: Pilot[None]) -> ApplicationDialog:
    """Press n on the budget screen and return the form that opens."""
    await pilot.press("n")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ApplicationDialog)
    return dialog


def fill(dialog: ApplicationDialog, **values: str) -> None:
    for key, value in values.items():
        widget = dialog.query_one(f"#{key}")
        if isinstance(widget, Select):
            widget.value = value
        else:
            assert isinstance(widget, Input)
            widget.value = value


def pot(db: Database) -> int:
    return budget.summary(db, DEMO_YEAR).pot_cents


def field_error(dialog: ApplicationDialog, name: str) -> str:
    return dialog.query_one(f"#field-{name}", FormField).error


async def test_screen_shows_the_pot_of_the_newest_year(app: KerngerichtApp) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await open_budget(pilot)
        expected = format_money(pot(app.db)).replace("\xa0", " ")
        assert f"Pot festival {DEMO_YEAR}: {expected}" in static_text(pilot, "#budget-pot")
        table = app.screen.query_one("#applications", DataTable)
        assert table.row_count == len(budget.list_applications(app.db, DEMO_YEAR))


async def test_adding_an_honoured_application_lowers_the_pot(app: KerngerichtApp) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_budget(pilot)
        before = pot(app.db)
        dialog = await new_application(pilot)
        fill(
            dialog,
            kern="Buren",
            title="Bankje bij de Korenmolen",
            applicant="Dorpsbelangen Buren",
            requested="1.200",
            granted="600",
            status="gehonoreerd",
            decision="01-09-2026",
        )
        await click(pilot, "#save")
        assert app.screen is screen
        assert pot(app.db) == before - 60_000
        expected = format_money(before - 60_000).replace("\xa0", " ")
        assert expected in static_text(pilot, "#budget-pot")
        titles = [
            str(screen.query_one(DataTable).get_row_at(i)[0])
            for i in range(screen.query_one(DataTable).row_count)
        ]
        assert "Bankje bij de Korenmolen" in titles


async def test_bad_values_are_refused_beside_their_fields_and_nothing_is_stored(
    app: KerngerichtApp,
) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await open_budget(pilot)
        count = len(budget.list_applications(app.db))
        dialog = await new_application(pilot)
        fill(
            dialog,
            kern="Buren",
            title="Te veel",
            applicant="Stichting X",
            requested="-5",
            granted="",
            status="gehonoreerd",
            decision="31-02-2026",
        )
        await click(pilot, "#save")
        assert app.screen is dialog
        assert "negatief" in field_error(dialog, "requested_cents")
        assert "bestaat niet" in field_error(dialog, "decision_date")
        fill(dialog, requested="2.000", granted="900", decision="")
        await click(pilot, "#save")
        assert "maximum" in field_error(dialog, "granted_cents")
        assert field_error(dialog, "requested_cents") == ""
        assert len(budget.list_applications(app.db)) == count


async def test_hostile_text_is_stored_and_shown_literally(app: KerngerichtApp) -> None:
    hostile = "[@click=app.quit]x[/] [bold]vet[/bold]"
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_budget(pilot)
        dialog = await new_application(pilot)
        fill(
            dialog,
            kern="Ingen",
            title=hostile,
            applicant="[red]Groep[/red]",
            requested="300",
        )
        await click(pilot, "#save")
        assert app.screen is screen and app.is_running
        stored = budget.list_applications(app.db, DEMO_YEAR, search="@click")
        assert [a.title for a in stored] == [hostile]
        table = screen.query_one(DataTable)
        row = table.get_row(str(stored[0].id))
        assert str(row[0]) == hostile  # plain Text, markup not parsed


async def test_escape_sequences_in_a_title_are_refused(app: KerngerichtApp) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await open_budget(pilot)
        dialog = await new_application(pilot)
        fill(dialog, kern="Ingen", title="Rood\x1b[31m", applicant="Groep", requested="300")
        await click(pilot, "#save")
        assert "stuurteken" in field_error(dialog, "title")


async def test_kernregisseur_only_chooses_own_kernen_and_cannot_edit_others(
    app: KerngerichtApp,
) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_budget(pilot, KERNREGISSEUR)
        dialog = await new_application(pilot)
        options = {k.name for k in dialog.kernen}
        assert "Ingen" in options and "Buren" not in options
        await pilot.press("escape")
        await pilot.pause()
        # Move the cursor to an application in a kern Karin does not look after.
        foreign = next(a for a in screen.applications.values() if a.kern_name == "Buren")
        table = screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(str(foreign.id)))
        await pilot.press("e")
        await pilot.pause()
        assert app.screen is screen  # no dialog opened
        # Coordinator-only actions are not available to her.
        assert screen.check_action("budget_year", ()) is False
        assert screen.check_action("import", ()) is False


async def test_another_terminals_change_appears_without_a_keypress(
    app: KerngerichtApp, other_db: Database
) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await open_budget(pilot)
        before = pot(app.db)
        budget.add_application(
            other_db,
            SystemCaller("andere terminal"),
            ApplicationInput(
                year=str(DEMO_YEAR),
                kern="Zoelen",
                title="Elders ingevoerd",
                applicant="Werkgroep",
                requested="750",
                granted="750",
                status="gehonoreerd",
                decision_date="02-09-2026",
            ),
        )
        expected = format_money(before - 75_000).replace("\xa0", " ")
        await wait_until(pilot, lambda: expected in static_text(pilot, "#budget-pot"))


async def test_import_dialog_lists_bad_lines_and_stores_nothing(
    app: KerngerichtApp, tmp_path: Path
) -> None:
    bad = tmp_path / "aanvragen.csv"
    bad.write_text(
        "jaar;kern;titel;aanvrager;gevraagd;toegekend;status;besluitdatum\n"
        "2026;Buren;Goed;Groep A;500;500;gehonoreerd;01-06-2026\n"
        "2026;Atlantis;Fout;Groep B;500;0;afgewezen;01-06-2026\n"
        "2026;Buren;Ook fout;Groep C;abc;0;in behandeling;\n",
        encoding="utf-8",
    )
    async with app.run_test(size=(160, 45)) as pilot:
        await open_budget(pilot)
        count = len(budget.list_applications(app.db))
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        dialog.query_one("#path", Input).value = str(bad)
        await pilot.click("#start")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = static_text(pilot, "#form-error")
        assert "regel 3" in text and "Atlantis" in text
        assert "regel 4" in text
        assert "regel 2" not in text
        assert len(budget.list_applications(app.db)) == count


async def test_import_dialog_imports_a_good_file(app: KerngerichtApp, tmp_path: Path) -> None:
    good = tmp_path / "aanvragen.csv"
    good.write_bytes(
        "Jaar,Kern,Titel,Aanvrager,Gevraagd,Toegekend,Status,Besluitdatum\r\n"
        '2026,Zoelmond,Pannakoekenfeest,Oranjecomité Zoelmond,"€ 1.234,50",750,gehonoreerd,'
        "2026-06-14\r\n".encode("cp1252")
    )
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_budget(pilot)
        before = pot(app.db)
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(good)
        await pilot.click("#start")
        await app.workers.wait_for_complete()
        await wait_until(pilot, lambda: app.screen is screen)
        assert pot(app.db) == before - 75_000
        index = KernIndex(list_kernen(app.db))
        stored = budget.list_applications(app.db, DEMO_YEAR, search="Pannakoekenfeest")
        assert stored[0].requested_cents == 123_450
        assert stored[0].kern_id == index.find("Zoelmond").id


async def test_export_dialog_writes_a_file_only_the_owner_may_read(
    app: KerngerichtApp, tmp_path: Path
) -> None:
    target = tmp_path / "aanvragen.csv"
    target.write_text("oud", encoding="utf-8")
    target.chmod(0o644)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_budget(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.click("#save")
        await wait_until(pilot, lambda: app.screen is screen)
    assert target.read_bytes().startswith(b"\xef\xbb\xbfjaar;kern;")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
