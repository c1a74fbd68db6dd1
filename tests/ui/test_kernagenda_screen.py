"""The kernagenda screen: grouping, filtering, reordering, editing, progress, links, versions."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select
from textual.worker import WorkerCancelled

from festival.app import KerngerichtApp, make_app
from festival.domain.kernen import list_kernen
from festival.domain.roles import Role, User
from festival.settings import Settings
from festival.store.database import Actor, Database
from kernagenda.domain.agendas import agenda_for_kern
from kernagenda.domain.item_edits import add_item, remove_item
from kernagenda.domain.items import get_item, list_items, sort_key
from kernagenda.domain.links import linkable, list_links
from kernagenda.domain.models import Agenda, AgendaStatus, Item, ItemInput, ItemStatus
from kernagenda.domain.progress import add_progress, item_history, list_progress
from kernagenda.domain.publication import list_publications
from kernagenda.domain.themes import list_themes, rename_theme
from kernagenda.domain.versions import fix_version
from kernagenda.ui.agenda_dialog import AgendaDialog
from kernagenda.ui.agenda_export_dialog import AgendaExportDialog
from kernagenda.ui.agenda_screen import KernagendaScreen
from kernagenda.ui.compare_screen import CompareScreen
from kernagenda.ui.item_dialog import ItemDialog
from kernagenda.ui.item_list import ItemList
from kernagenda.ui.item_log_screen import ItemLogScreen
from kernagenda.ui.link_dialog import LinkDialog
from kernagenda.ui.progress_dialog import ProgressDialog
from tests.ui.helpers import (
    COORDINATOR,
    KERNREGISSEUR,
    log_in,
    rendered_text,
    static_text,
    wait_until,
)

KOEN = ("Koen Regisseur", "5555")  # kernregisseur of other kernen than Ingen and Zoelen


def kernagenda_app(db_path: Path) -> KerngerichtApp:
    """The app as the ``kernagenda`` command starts it."""
    return make_app(Settings(db=db_path, poll_interval=0.05, start="kernagenda"))


def _kern_id(db: Database, name: str) -> int:
    return next(k.id for k in list_kernen(db, include_inactive=True) if k.name == name)


def _agenda(db: Database, kern: str) -> Agenda:
    agenda = agenda_for_kern(db, _kern_id(db, kern))
    assert agenda is not None
    return agenda


def _items(db: Database, kern: str) -> list[Item]:
    return list_items(db, _agenda(db, kern).id)


def _screen(app: KerngerichtApp) -> KernagendaScreen:
    screen = app.screen
    assert isinstance(screen, KernagendaScreen)
    return screen


def _row_keys(screen: KernagendaScreen) -> list[str]:
    return screen.query_one("#agenda-items", ItemList).keys


def _titles(screen: KernagendaScreen) -> list[str]:
    return [screen.items[int(k)].title for k in _row_keys(screen) if k.isdigit()]


async def _submit(pilot: Pilot[None], field: Input) -> None:
    """Enter in any field saves a form (the save button may be scrolled out of view)."""
    field.focus()
    await pilot.press("enter")


async def _settle(pilot: Pilot[None]) -> None:
    """Let a dialog's worker finish and its answer arrive."""
    while True:
        try:
            await pilot.app.workers.wait_for_complete()
            break
        except WorkerCancelled:  # a newer request replaced one; wait for the newer one
            continue
    await pilot.pause()
    await pilot.pause()


async def _detail_shows(pilot: Pilot[None], text: str) -> None:
    """The detail panel follows the cursor a moment later (see DETAIL_DELAY)."""
    await wait_until(pilot, lambda: text in rendered_text(pilot, "#item-detail"))


async def _put_cursor(screen: KernagendaScreen, item_id: int) -> None:
    assert screen.query_one("#agenda-items", ItemList).select_key(str(item_id))
    await screen.app._animator.wait_until_complete()


async def test_kernagenda_command_opens_the_own_agenda_grouped_by_theme(db_path: Path) -> None:
    app = kernagenda_app(db_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        screen = _screen(app)
        assert screen.agenda is not None and screen.agenda.kern_name == "Ingen"
        assert "Kernagenda Ingen" in static_text(pilot, "#agenda-title")
        keys = _row_keys(screen)
        items = _items(app.db, "Ingen")
        # One heading per theme in use, in the theme list's order, each followed by its items.
        themes_in_use = [t for t in list_themes(app.db) if any(i.theme == t for i in items)]
        assert [k.removeprefix("group:") for k in keys if k.startswith("group:")] == themes_in_use
        for heading_index, key in enumerate(keys):
            if key.startswith("group:"):
                theme = key.removeprefix("group:")
                following = keys[heading_index + 1 :]
                members = []
                for k in following:
                    if not k.isdigit():
                        break
                    members.append(screen.items[int(k)])
                assert members and all(m.theme == theme for m in members)
        # The cursor starts on an item, never on a heading, and its detail is shown.
        current = screen.current_item()
        assert current is not None
        await _detail_shows(pilot, current.title)


async def test_grouping_cycles_to_status_and_to_priority_order(app: KerngerichtApp) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        await pilot.press("g")
        headings = [k for k in _row_keys(screen) if k.startswith("group:")]
        statuses = [s.value for s in ItemStatus]
        assert [h.removeprefix("group:") for h in headings] == [
            s for s in statuses if any(i.status.value == s for i in screen.items.values())
        ]
        await pilot.press("g")
        assert not any(k.startswith("group:") for k in _row_keys(screen))
        shown = _titles(screen)
        expected = [i.title for i in sorted(screen.items.values(), key=sort_key)]
        assert shown == expected
        ranks = [screen.items[int(k)].rank for k in _row_keys(screen)]
        spearheads = [r for r in ranks if r is not None]
        assert spearheads == sorted(spearheads) and len(spearheads) >= 3
        assert "per prioriteit" in static_text(pilot, "#agenda-hint")


async def test_filter_narrows_the_list_as_you_type(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        total = len(screen.items)
        await pilot.press("slash")
        assert app.focused is screen.query_one("#agenda-filter", Input)
        for letter in "oversteek":
            await pilot.press(letter)
        titles = _titles(screen)
        assert titles == ["Veilige oversteek bij de basisschool"]
        assert f"1 van {total} punten" in static_text(pilot, "#agenda-hint")
        # Accents and case do not matter, and every word must match somewhere.
        screen.query_one("#agenda-filter", Input).value = "BASISSCHOOL verkeer"
        await pilot.pause()
        assert _titles(screen) == ["Veilige oversteek bij de basisschool"]
        screen.query_one("#agenda-filter", Input).value = "basisschool jeugd"
        await pilot.pause()
        assert _titles(screen) == []
        # Escape clears the filter first, the second returns to the list; the screen stays.
        await pilot.press("escape")
        assert len(_titles(screen)) == total
        await pilot.press("escape")
        assert app.focused is screen.query_one("#agenda-items", ItemList)
        assert app.screen is screen


async def test_moving_a_speerpunt_up_swaps_ranks_and_keeps_the_cursor(
    app: KerngerichtApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        before = {i.rank: i for i in _items(app.db, "Ingen") if i.rank is not None}
        second, first = before[2], before[1]
        await _put_cursor(screen, second.id)
        await pilot.press("shift+up")
        await pilot.pause()
        after = {i.id: i.rank for i in _items(app.db, "Ingen")}
        assert after[second.id] == 1 and after[first.id] == 2
        current = screen.current_item()
        assert current is not None and current.id == second.id
        # The minus and plus keys do the same for terminals that eat shift+arrows.
        await pilot.press("plus")
        await pilot.pause()
        after = {i.id: i.rank for i in _items(app.db, "Ingen")}
        assert after[second.id] == 2 and after[first.id] == 1
        # The first speerpunt cannot go higher: nothing changes, nothing breaks.
        await _put_cursor(screen, first.id)
        await pilot.press("shift+up")
        await pilot.pause()
        assert {i.id: i.rank for i in _items(app.db, "Ingen")}[first.id] == 1
        fields = [h.field for h in item_history(app.db, second.id)]
        assert fields.count("rank") == 2


async def test_an_overig_item_has_no_order_to_move(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        other = next(i for i in screen.items.values() if i.rank is None)
        await _put_cursor(screen, other.id)
        assert screen.check_action("move", (-1,)) is False
        await pilot.press("shift+up")
        assert {i.id: i.rank for i in _items(app.db, "Ingen")}[other.id] is None


async def test_editing_an_item_validates_and_records_history(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        item = next(i for i in screen.items.values() if i.start_date is not None)
        await _put_cursor(screen, item.id)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ItemDialog)
        dialog.query_one("#target_date", Input).value = "01-01-2020"
        dialog.query_one("#budget", Input).value = "twaalf euro"
        dialog.query_one("#title", Input).value = ""
        await _submit(pilot, dialog.query_one("#title", Input))
        assert app.screen is dialog
        assert "vóór de startdatum" in dialog.query_one("#field-target_date").error
        assert dialog.query_one("#field-budget_cents").error
        assert dialog.query_one("#field-title").error
        assert get_item(app.db, item.id).title == item.title  # nothing stored
        dialog.query_one("#title", Input).value = "[b]Nieuwe[/b] titel"
        dialog.query_one("#target_date", Input).value = "31-12-2030"
        dialog.query_one("#budget", Input).value = "1.250,50"
        await _submit(pilot, dialog.query_one("#title", Input))
        assert app.screen is screen
        stored = get_item(app.db, item.id)
        assert stored.title == "[b]Nieuwe[/b] titel"  # markup is kept as text
        assert stored.budget_cents == 125_050
        history = {h.field: h for h in item_history(app.db, item.id)}
        assert history["title"].old == item.title and history["title"].who == "Karin Regisseur"
        assert history["budget_cents"].new == "125050"
        await _detail_shows(pilot, "[b]Nieuwe[/b] titel")


async def test_a_new_item_lands_in_the_list_under_the_cursor_theme(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        jeugd = next(i for i in screen.items.values() if i.theme == "Jeugd")
        await _put_cursor(screen, jeugd.id)
        count = len(screen.items)
        await pilot.press("n")
        dialog = app.screen
        assert isinstance(dialog, ItemDialog)
        assert dialog.query_one("#theme", Select).value == "Jeugd"
        dialog.query_one("#title", Input).value = "Skatebaan"
        dialog.query_one("#priority", Input).value = "speerpunt 2"
        await _submit(pilot, dialog.query_one("#title", Input))
        # Speerpunt 2 is taken: the form says so beside the field and keeps everything.
        assert app.screen is dialog
        assert "Speerpunt 2 is al" in dialog.query_one("#field-priority").error
        dialog.query_one("#priority", Input).value = "speerpunt"
        await _submit(pilot, dialog.query_one("#title", Input))
        assert app.screen is screen
        assert len(screen.items) == count + 1
        current = screen.current_item()
        assert current is not None and current.title == "Skatebaan"
        ranks = [i.rank for i in screen.items.values() if i.rank is not None]
        assert current.rank == max(ranks)  # "speerpunt" alone goes after the last one


async def test_progress_update_with_status_change(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        planned = next(i for i in screen.items.values() if i.status is ItemStatus.PLANNED)
        await _put_cursor(screen, planned.id)
        await pilot.press("p")
        dialog = app.screen
        assert isinstance(dialog, ProgressDialog)
        status = dialog.query_one("#progress-status", Select)
        # Only the statuses this item may move to are offered.
        offered = {value for _, value in status._options if value != "__keep__"}
        assert offered == {"in uitvoering", "idee", "geparkeerd", "niet haalbaar"}
        await _submit(pilot, dialog.query_one("#progress-text", Input))
        assert dialog.query_one("#field-text").error  # an empty note is refused
        dialog.query_one("#progress-text", Input).value = "Aannemer begint in maart"
        status.value = "in uitvoering"
        await _submit(pilot, dialog.query_one("#progress-text", Input))
        assert app.screen is screen, static_text(pilot, "#form-error")
        update = list_progress(app.db, planned.id)[-1]
        assert update.text == "Aannemer begint in maart" and update.who == "Karin Regisseur"
        assert (update.old_status, update.new_status) == ("gepland", "in uitvoering")
        assert not update.public  # a working note unless chosen otherwise
        assert get_item(app.db, planned.id).status is ItemStatus.IN_PROGRESS
        await _detail_shows(pilot, "Aannemer begint in maart")
        await pilot.press("p")
        dialog = app.screen
        assert isinstance(dialog, ProgressDialog)
        dialog.query_one("#progress-text", Input).value = "Eerste paal geslagen"
        dialog.query_one("#progress-public", Select).value = "openbaar"
        await _submit(pilot, dialog.query_one("#progress-text", Input))
        assert app.screen is screen, static_text(pilot, "#form-error")
        assert list_progress(app.db, planned.id)[-1].public


async def test_history_screen_shows_every_change(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        item = next(i for i in screen.items.values() if i.rank == 1)
        await _put_cursor(screen, item.id)
        await pilot.press("shift+down")
        await pilot.pause()
        await pilot.press("h")
        log = app.screen
        assert isinstance(log, ItemLogScreen)
        table = log.query_one("#history", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(r)] for r in range(table.row_count)]
        assert rows[0][1:] == ["Karin Regisseur", "rang", "1 → 2"]
        assert any(row[2] == "aangemaakt" for row in rows)
        await pilot.press("escape")
        assert app.screen is screen


async def test_linking_an_application_shows_what_is_funded(app: KerngerichtApp) -> None:
    with app.db.write(Actor(name="test")) as tx:  # a grant no item of Ingen has yet
        tx.insert(
            "applications",
            {
                "year": 2026,
                "kern_id": _kern_id(app.db, "Ingen"),
                "title": "Picknickbank bij de kerk",
                "applicant": "Dorpsbelangen Ingen",
                "requested_cents": 90_000,
                "granted_cents": 75_000,
                "status": "gehonoreerd",
                "created_at": "2026-03-01",
                "updated_at": "2026-03-01",
            },
        )
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        item = next(i for i in screen.items.values() if not list_links(app.db, i.id))
        await _put_cursor(screen, item.id)
        await pilot.press("l")
        dialog = app.screen
        assert isinstance(dialog, LinkDialog)
        granted = next(
            link
            for link in linkable(app.db, item.id)
            if link.kind == "aanvraag" and link.granted_cents
        )
        table = dialog.query_one("#link-table", DataTable)
        table.move_cursor(row=table.get_row_index(f"aanvraag-{granted.target_id}"))
        await pilot.press("enter")
        await pilot.pause()
        links = list_links(app.db, item.id)
        assert [(link.kind, link.target_id) for link in links] == [("aanvraag", granted.target_id)]
        # The cursor follows the row to its new place: Enter again undoes, and again redoes.
        await pilot.press("enter")
        await pilot.pause()
        assert list_links(app.db, item.id) == []
        await pilot.press("enter")
        await pilot.pause()
        assert [link.target_id for link in list_links(app.db, item.id)] == [granted.target_id]
        await pilot.press("escape")
        assert app.screen is screen
        await _detail_shows(pilot, granted.title)
        await _detail_shows(pilot, "al gefinancierd")
        # Enter on a linked row unlinks it again.
        await pilot.press("l")
        await pilot.press("enter")
        await pilot.pause()
        assert list_links(app.db, item.id) == []


async def test_fixing_a_version_and_comparing_after_an_edit(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        agenda = _agenda(app.db, "Ingen")
        if agenda.status is AgendaStatus.FIXED:
            # Start from a concept: any edit to a fixed agenda makes the next one.
            first = next(i for i in screen.items.values() if i.rank == 1)
            await _put_cursor(screen, first.id)
            await pilot.press("shift+down")
            await pilot.pause()
        assert _agenda(app.db, "Ingen").status is AgendaStatus.CONCEPT
        await pilot.press("v")
        app.screen.query_one("#confirm").focus()
        await pilot.press("enter")
        await pilot.pause()
        fixed = _agenda(app.db, "Ingen")
        assert fixed.status is AgendaStatus.FIXED
        assert "(vastgesteld)" in static_text(pilot, "#agenda-title")
        assert screen.check_action("fix", ()) is False  # nothing left to fix
        item = next(i for i in screen.items.values() if i.rank is None)
        await _put_cursor(screen, item.id)
        await pilot.press("delete")
        reason = app.screen.query_one("#reason", Input)
        reason.value = "Dubbel met een ander punt"
        await pilot.press("enter")
        await pilot.pause()
        assert item.id not in screen.items
        assert _agenda(app.db, "Ingen").status is AgendaStatus.CONCEPT
        await pilot.press("c")
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        text = rendered_text(pilot, "#compare")
        assert "Verwijderd (1)" in text and item.title in text


async def test_another_kernregisseur_only_reads(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KOEN)
        await pilot.press("k")
        screen = _screen(app)
        assert screen.agenda is not None
        assert "alleen lezen" in static_text(pilot, "#agenda-title")
        before = [(i.id, i.rank, i.title) for i in _items(app.db, screen.agenda.kern_name)]
        for key in ("n", "e", "p", "shift+up", "l", "v", "delete", "a", "i"):
            await pilot.press(key)
            assert app.screen is screen, key
        assert [(i.id, i.rank, i.title) for i in _items(app.db, screen.agenda.kern_name)] == before
        # Enter opens the item's history to read instead of the editor.
        await pilot.press("enter")
        assert isinstance(app.screen, ItemLogScreen)


async def test_coordinator_starts_an_agenda_for_a_new_pilot_kern(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        with app.db.write(Actor(name="test")) as tx:
            tx.execute("UPDATE kernen SET is_pilot = 1 WHERE name = 'Maurik'")
        await log_in(pilot, *COORDINATOR)
        await pilot.press("k")
        screen = _screen(app)
        for _ in range(len(screen.kernen)):
            if screen.kern is not None and screen.kern.name == "Maurik":
                break
            await pilot.press("k")
        assert screen.kern is not None and screen.kern.name == "Maurik"
        assert screen.agenda is None
        assert "a: agenda aanmaken" in static_text(pilot, "#agenda-hint")
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, AgendaDialog)
        dialog.query_one("#version-label", Input).value = "eerste versie 2027"
        dialog.query_one("#review-date", Input).value = "31-02-2028"
        await _submit(pilot, dialog.query_one("#review-date", Input))
        assert "bestaat niet" in dialog.query_one("#field-review_date").error
        dialog.query_one("#review-date", Input).value = "01-03-2028"
        dialog.query_one("#kernavond-date", Input).value = "31-11-2027"
        await _submit(pilot, dialog.query_one("#review-date", Input))
        assert "bestaat niet" in dialog.query_one("#field-kernavond_date").error
        assert screen.agenda is None  # nothing made while the form is wrong
        dialog.query_one("#kernavond-date", Input).value = "12-11-2027"
        dialog.query_one("#association", Input).value = "Dorpsbelang Maurik"
        await _submit(pilot, dialog.query_one("#review-date", Input))
        assert screen.agenda is not None and screen.agenda.version_label == "eerste versie 2027"
        assert "herziening 01-03-2028" in static_text(pilot, "#agenda-title")
        assert screen.agenda.association == "Dorpsbelang Maurik"
        assert screen.agenda.kernavond_date is not None


async def test_export_for_residents_writes_a_pdf(app: KerngerichtApp, tmp_path: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        await pilot.press("x")
        dialog = app.screen
        assert isinstance(dialog, AgendaExportDialog)
        target = tmp_path / "ingen.pdf"
        dialog.query_one("#export-path", Input).value = str(target)
        await _submit(pilot, dialog.query_one("#export-path", Input))
        await _settle(pilot)
        assert target.read_bytes().startswith(b"%PDF")
        await pilot.press("x")
        dialog = app.screen
        assert isinstance(dialog, AgendaExportDialog)
        dialog.query_one("#export-format", Select).value = "md"
        await pilot.pause()
        path = dialog.query_one("#export-path", Input).value
        assert path.endswith(".md")  # the extension follows the format
        dialog.query_one("#export-path", Input).value = str(tmp_path / "missing" / "x.md")
        await _submit(pilot, dialog.query_one("#export-path", Input))
        await _settle(pilot)
        assert "Kan" in dialog.query_one("#field-path").error


async def test_export_previews_what_is_left_out_and_records_the_publication(
    app: KerngerichtApp, tmp_path: Path
) -> None:
    ingen = _agenda(app.db, "Ingen")
    coordinator = User(id=1, name="Carla Coördinator", role=Role.COORDINATOR, active=True)
    add_item(
        app.db,
        coordinator,
        ingen.id,
        ItemInput(theme="Wonen", title="Sleutelbeheer", partners="secretaris Piet de Vries"),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        await pilot.press("x")
        dialog = app.screen
        assert isinstance(dialog, AgendaExportDialog)
        await _settle(pilot)
        # The fixed version does not hold the new item; the current concept does.
        assert "Piet" not in static_text(pilot, "#export-left-out")
        dialog.query_one("#export-version", Select).value = -1
        await _settle(pilot)
        preview = static_text(pilot, "#export-left-out")
        assert "'secretaris Piet de Vries' weggelaten (naam van een persoon" in preview
        dialog.query_one("#export-recipient", Input).value = "Dorpsbelang Ingen"
        dialog.query_one("#export-format", Select).value = "docx"
        dialog.query_one("#export-path", Input).value = str(tmp_path / "ingen.docx")
        await _submit(pilot, dialog.query_one("#export-path", Input))
        await _settle(pilot)
        assert (tmp_path / "ingen-concept.docx").exists()
        (record,) = list_publications(app.db, ingen.id)
        assert (record.format, record.recipient, record.concept) == (
            "docx",
            "Dorpsbelang Ingen",
            True,
        )
        assert record.published_by == "Karin Regisseur"


async def test_an_edit_on_another_terminal_appears(app: KerngerichtApp, other_db: Database) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        agenda = _agenda(other_db, "Ingen")
        coordinator = User(id=1, name="Carla Coördinator", role=Role.COORDINATOR, active=True)
        add_item(other_db, coordinator, agenda.id, ItemInput(theme="Jeugd", title="Pannaveld"))
        await wait_until(pilot, lambda: "Pannaveld" in _titles(screen))


async def test_the_cursor_passes_over_group_headings(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        keys = _row_keys(screen)
        assert keys[0].startswith("group:")
        visited = []
        for _ in range(len(keys) + 2):
            current = screen.current_item()
            assert current is not None  # never a heading
            visited.append(current.id)
            await pilot.press("down")
        # Every item once, in list order, then the cursor stays on the last one.
        records = [int(k) for k in keys if k.isdigit()]
        assert list(dict.fromkeys(visited)) == records
        await pilot.press("home")
        current = screen.current_item()
        assert current is not None and current.id == records[0]


async def test_a_new_item_hidden_by_the_filter_is_still_shown(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        screen.query_one("#agenda-filter", Input).value = "oversteek"
        await pilot.pause()
        await pilot.press("n")
        dialog = app.screen
        assert isinstance(dialog, ItemDialog)
        dialog.query_one("#title", Input).value = "Bankje bij de kerk"
        await _submit(pilot, dialog.query_one("#title", Input))
        assert app.screen is screen
        current = screen.current_item()
        assert current is not None and current.title == "Bankje bij de kerk"
        assert screen.query_one("#agenda-filter", Input).value == ""


async def test_council_report_previews_and_saves(app: KerngerichtApp, tmp_path: Path) -> None:
    from kernagenda.ui.council_report_dialog import CouncilReportDialog

    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        await pilot.press("r")
        dialog = app.screen
        assert isinstance(dialog, CouncilReportDialog)
        since = dialog.query_one("#report-since", Input)
        since.value = "31-13-2026"
        await pilot.pause()
        assert "bestaat niet" in dialog.query_one("#field-since").error
        since.value = "01-01-2020"
        await _settle(pilot)
        preview = static_text(pilot, "#report-text")
        assert "Ingen" in preview and "Zoelen" in preview
        assert "Wat is er veranderd sinds 1 januari 2020" in preview
        assert "Geachte leden van de raad," in preview
        target = tmp_path / "raad.txt"
        dialog.query_one("#report-path", Input).value = str(target)
        await _submit(pilot, dialog.query_one("#report-path", Input))
        await _settle(pilot)
        # The screen shows the euro's non-breaking space as a space.
        assert target.read_text(encoding="utf-8").replace("\xa0", " ") == preview
        await pilot.press("r")
        dialog = app.screen
        assert isinstance(dialog, CouncilReportDialog)
        await _settle(pilot)
        word = tmp_path / "raad.docx"
        dialog.query_one("#report-path", Input).value = str(word)
        await _submit(pilot, dialog.query_one("#report-path", Input))
        await _settle(pilot)
        from docx import Document

        text = "\n".join(p.text for p in Document(str(word)).paragraphs)
        assert "Geachte leden van de raad," in text and "Kernagenda Ingen" in text


async def test_a_kernregisseur_imports_an_existing_agenda(
    app: KerngerichtApp, tmp_path: Path
) -> None:
    from festival.ui.dialogs.import_dialog import ImportDialog

    with app.db.write(Actor(name="test")) as tx:
        tx.execute("UPDATE kernen SET is_pilot = 1 WHERE name = 'Lienden'")
    source = tmp_path / "lienden.csv"
    source.write_text(
        "thema;onderwerp;omschrijving;prioriteit;trekker;status;streefdatum\n"
        "Wonen;Tiny houses;Plek voor tien huisjes;speerpunt 1;samen;idee;31-12-2027\n"
        "Jeugd;Hangplek;;overig;inwoners;gepland;\n"
        "Jeugd;Kapotte regel;;speerpunt x;inwoners;gepland;\n",
        encoding="utf-8",
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        for _ in range(len(screen.kernen)):
            if screen.kern is not None and screen.kern.name == "Lienden":
                break
            await pilot.press("k")
        assert screen.kern is not None and screen.kern.name == "Lienden"
        assert screen.agenda is None
        await pilot.press("i")
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        dialog.query_one("#path", Input).value = str(source)
        await _submit(pilot, dialog.query_one("#path", Input))
        await wait_until(pilot, lambda: "regel 4" in static_text(pilot, "#form-error"))
        assert agenda_for_kern(app.db, _kern_id(app.db, "Lienden")) is None  # all or nothing
        source.write_text(
            "\n".join(source.read_text(encoding="utf-8").splitlines()[:3]) + "\n",
            encoding="utf-8",
        )
        await _submit(pilot, dialog.query_one("#path", Input))
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.agenda is not None and screen.agenda.kern_name == "Lienden"
        assert sorted(_titles(screen)) == ["Hangplek", "Tiny houses"]


async def test_t_opens_the_theme_list_and_escape_returns(app: KerngerichtApp) -> None:
    from kernagenda.ui.themes_screen import ThemesScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        await pilot.press("t")
        assert isinstance(app.screen, ThemesScreen)
        await pilot.press("escape")
        assert app.screen is screen


async def test_a_renamed_theme_shows_when_back_and_items_still_save(app: KerngerichtApp) -> None:
    from kernagenda.ui.themes_screen import ThemesScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        await pilot.press("t")
        assert isinstance(app.screen, ThemesScreen)
        rename_theme(app.db, screen.session.user, "Jeugd", "Jongeren")
        await pilot.press("escape")
        assert app.screen is screen
        assert "group:Jongeren" in _row_keys(screen) and "group:Jeugd" not in _row_keys(screen)
        item = next(i for i in screen.items.values() if i.theme == "Jongeren")
        await _put_cursor(screen, item.id)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ItemDialog)
        assert dialog.query_one("#theme", Select).value == "Jongeren"
        await _submit(pilot, dialog.query_one("#title", Input))
        assert app.screen is screen


async def test_small_things_a_user_meets(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        # "/" can be typed in the filter itself.
        await pilot.press("slash", "e", "n", "slash", "o", "f")
        assert screen.query_one("#agenda-filter", Input).value == "en/of"
        screen.query_one("#agenda-filter", Input).value = ""
        await pilot.press("escape")
        # Speerpunt 1 cannot go higher: the user is told so.
        first = next(i for i in screen.items.values() if i.rank == 1)
        await _put_cursor(screen, first.id)
        await pilot.press("shift+up")
        assert any("bovenaan" in str(n.message) for n in app._notifications)
        # After taking an item off the agenda the cursor goes to the next one, not the top.
        keys = [k for k in _row_keys(screen) if k.isdigit()]
        victim, after = int(keys[3]), int(keys[4])
        await _put_cursor(screen, victim)
        await pilot.press("delete")
        app.screen.query_one("#reason", Input).value = "Dubbel"
        await pilot.press("enter")
        await pilot.pause()
        current = screen.current_item()
        assert current is not None and current.id == after


async def test_compare_any_fixed_version_with_now_or_the_next(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        user = screen.session.user
        agenda = _agenda(app.db, "Ingen")
        if agenda.status is AgendaStatus.CONCEPT:
            fix_version(app.db, user, agenda.id)
        first = add_item(app.db, user, agenda.id, ItemInput(theme="Jeugd", title="Eerste"))
        fix_version(app.db, user, agenda.id)
        add_item(app.db, user, agenda.id, ItemInput(theme="Jeugd", title="Tweede"))
        assert first.title == "Eerste"
        await pilot.press("c")
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        # The last fixed version against now: only the second addition.
        assert "+ Tweede" in rendered_text(pilot, "#compare")
        assert "+ Eerste" not in rendered_text(pilot, "#compare")
        await pilot.press("left_square_bracket")  # the version before: both are new since
        text = rendered_text(pilot, "#compare")
        assert "+ Eerste" in text and "+ Tweede" in text
        await pilot.press("n")  # that version against the next one: only the first
        text = rendered_text(pilot, "#compare")
        assert "+ Eerste" in text and "+ Tweede" not in text


async def test_the_history_follows_another_terminal(
    app: KerngerichtApp, other_db: Database
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        item = screen.current_item()
        assert item is not None
        await pilot.press("h")
        assert isinstance(app.screen, ItemLogScreen)
        coordinator = User(id=1, name="Carla Coördinator", role=Role.COORDINATOR, active=True)
        add_progress(other_db, coordinator, item.id, "Gebeld met de aannemer")
        await wait_until(
            pilot, lambda: "Gebeld met de aannemer" in static_text(pilot, "#log-progress")
        )


async def test_removed_items_can_be_shown_with_their_reason_and_history(
    app: KerngerichtApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        item = next(i for i in screen.items.values() if i.rank is None)
        remove_item(app.db, screen.session.user, item.id, "Opgegaan in een ander punt")
        screen.reload()
        assert str(item.id) not in _row_keys(screen)
        await pilot.press("w")
        assert _row_keys(screen)[-2:] == ["group:removed", str(item.id)]
        await _put_cursor(screen, item.id)
        await pilot.pause()
        await _detail_shows(pilot, "Van de agenda gehaald op")
        detail = rendered_text(pilot, "#item-detail")
        assert "Van de agenda gehaald op" in detail and "Opgegaan in een ander punt" in detail
        # Read only: no editing keys, but its history opens.
        for action in ("edit", "progress", "link", "remove", "move"):
            assert screen.check_action(action, ()) is False, action
        await pilot.press("h")
        log = app.screen
        assert isinstance(log, ItemLogScreen)
        rows = log.query_one("#history", DataTable)
        assert str(rows.get_row_at(0)[2]) == "verwijderd"


async def test_escape_asks_before_throwing_away_typed_changes(app: KerngerichtApp) -> None:
    from festival.ui.dialogs.confirm_dialog import ConfirmDialog

    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ItemDialog)
        await pilot.press("escape")  # nothing changed: closes at once
        assert app.screen is screen
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ItemDialog)
        dialog.query_one("#title", Input).value = "Half getypt"
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # no: back to the form, text still there
        assert app.screen is dialog
        assert dialog.query_one("#title", Input).value == "Half getypt"
        await pilot.press("escape")
        app.screen.query_one("#confirm").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert all(i.title != "Half getypt" for i in _items(app.db, "Ingen"))


async def test_s_makes_an_item_a_speerpunt_and_back(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        other = next(i for i in screen.items.values() if i.rank is None)
        last = max(i.rank for i in screen.items.values() if i.rank is not None)
        await _put_cursor(screen, other.id)
        await pilot.press("s")
        assert get_item(app.db, other.id).rank == last + 1
        current = screen.current_item()
        assert current is not None and current.id == other.id
        await pilot.press("s")
        assert get_item(app.db, other.id).rank is None


async def test_the_vaststellen_question_starts_on_annuleren(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        await pilot.press("k")  # Zoelen: a concept in the demo
        screen = _screen(app)
        assert screen.agenda is not None and screen.agenda.status is AgendaStatus.CONCEPT
        await pilot.press("v")
        await pilot.press("enter")  # fixing cannot be undone: Enter alone cancels
        await pilot.pause()
        assert app.screen is screen
        assert _agenda(app.db, "Zoelen").status is AgendaStatus.CONCEPT
        await pilot.press("v", "shift+tab", "enter")  # the user chooses Vaststellen
        await pilot.pause()
        assert _agenda(app.db, "Zoelen").status is AgendaStatus.FIXED


async def test_editing_fixes_on_the_screen(app: KerngerichtApp, other_db: Database) -> None:
    """A reader pressing an edit key is told why; a kern made pilot elsewhere appears; a
    removed item comes back with z; ctrl+l logs out from the kernagenda."""
    from festival.ui.screens.login import LoginScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KOEN)  # no kern of his own among the pilots: reads only
        await pilot.press("k")
        screen = _screen(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        notices = [str(n.message) for n in app._notifications]
        assert any(m.startswith("Alleen lezen: de kernregisseur van") for m in notices)
        assert [k.name for k in screen.kernen] == ["Ingen", "Zoelen"]
        with other_db.write(Actor(name="test")) as tx:
            tx.execute("UPDATE kernen SET is_pilot = 1 WHERE name = 'Lienden'")
        await wait_until(pilot, lambda: "Lienden" in [k.name for k in screen.kernen])
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)

        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        item = next(iter(screen.items.values()))
        remove_item(app.db, screen.session.user, item.id, "Per ongeluk")
        screen.reload()
        await pilot.press("w")  # show the removed items
        await _put_cursor(screen, item.id)
        await pilot.press("z")
        await pilot.pause()
        assert get_item(app.db, item.id).removed_at is None
        assert item.id in screen.items


async def test_a_note_is_made_public_later_from_the_history(app: KerngerichtApp) -> None:
    from kernagenda.ui.note_visibility_dialog import NoteVisibilityDialog

    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        await pilot.press("k")
        screen = _screen(app)
        item = next(iter(screen.items.values()))
        add_progress(app.db, screen.session.user, item.id, "Werknotitie: eerst de wethouder bellen")
        await _put_cursor(screen, item.id)
        await pilot.press("h")
        assert isinstance(app.screen, ItemLogScreen)
        await pilot.press("o")
        dialog = app.screen
        assert isinstance(dialog, NoteVisibilityDialog)
        await pilot.press("enter")  # the newest note, at the top: internal -> public
        await pilot.pause()
        assert list_progress(app.db, item.id)[-1].public
        assert item_history(app.db, item.id)[-1].field == "voortgang openbaar"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ItemLogScreen)
