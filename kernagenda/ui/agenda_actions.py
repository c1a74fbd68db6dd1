"""What the keys of the kernagenda screen do: dialogs for items, the agenda and its versions,
and the list's grouping. :class:`~kernagenda.ui.agenda_screen.KernagendaScreen` binds them.

Every change goes through the domain as the logged-in user; a refusal shows as a notification.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from textual.widgets import Input

from festival.core.csv_io import Progress
from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.domain.kernen import Kern
from festival.domain.permissions import Caller
from festival.session import Session
from festival.store.database import Database
from festival.ui.dialogs.confirm_dialog import ConfirmDialog
from festival.ui.dialogs.import_dialog import ImportDialog
from festival.ui.dialogs.reason_dialog import ReasonDialog
from festival.ui.key_help import key_sheet, screen_keys
from festival.ui.screens.live_screen import LiveScreen
from festival.ui.screens.message import MessageScreen
from kernagenda.domain.importing import HEADERS, ImportReport, describe_report, import_items
from kernagenda.domain.item_edits import move_item, remove_item, restore_item, update_item
from kernagenda.domain.models import Agenda, Item, Priority, ProgressUpdate
from kernagenda.domain.versions import fix_version
from kernagenda.ui.agenda_dialog import AgendaDialog
from kernagenda.ui.agenda_export_dialog import AgendaExportDialog
from kernagenda.ui.agenda_keys import KEY_GROUPS, KEYS_NOTE
from kernagenda.ui.compare_screen import CompareScreen
from kernagenda.ui.council_report_dialog import CouncilReportDialog
from kernagenda.ui.item_dialog import ItemDialog
from kernagenda.ui.item_list import ItemList
from kernagenda.ui.item_log_screen import ItemLogScreen
from kernagenda.ui.link_dialog import LinkDialog
from kernagenda.ui.progress_dialog import ProgressDialog
from kernagenda.ui.themes_screen import ThemesScreen


class Grouping(StrEnum):
    THEME = "thema"
    STATUS = "status"
    PRIORITY = "prioriteit"

    def next(self) -> Grouping:
        members = list(Grouping)
        return members[(members.index(self) + 1) % len(members)]


class AgendaActions(LiveScreen[None]):
    """The actions of the kernagenda screen; the screen keeps the list, filter and bindings."""

    session: Session
    kern: Kern | None
    kernen: list[Kern]
    agenda: Agenda | None
    items: dict[int, Item]
    removed: dict[int, Item]
    themes: list[str]
    grouping: Grouping
    show_removed: bool

    # The three hooks below are the screen's own (KernagendaScreen implements each); the actions
    # call them. A subclass that forgets one fails loudly on first use instead of doing nothing.
    def reload(self) -> None:
        """Read the agenda again and redraw (KernagendaScreen.reload)."""
        raise NotImplementedError("KernagendaScreen.reload")

    def fill(self) -> None:
        """Redraw the list from the loaded items (KernagendaScreen.fill)."""
        raise NotImplementedError("KernagendaScreen.fill")

    def current_item(self) -> Item | None:
        """The item under the cursor (KernagendaScreen.current_item)."""
        raise NotImplementedError("KernagendaScreen.current_item")

    def _after(self, item_id: int | None, message: str = "") -> None:
        """Reload and keep the cursor on ``item_id``."""
        self.reload()
        if item_id is not None:
            items = self.query_one("#agenda-items", ItemList)
            search = self.query_one("#agenda-filter", Input)
            if not items.select_key(str(item_id)) and search.value:
                # The filter hides the item just saved: show everything rather than lose it.
                search.value = ""
                self.fill()
                items.select_key(str(item_id))
        if message:
            self.notify(message, markup=False)

    def _error(self, exc: InvalidInput | NotAllowed | NotFound | ValidationErrors) -> None:
        message = (
            "; ".join(exc.errors.values()) if isinstance(exc, ValidationErrors) else exc.message
        )
        self.notify(message, severity="error", markup=False)

    def action_new(self) -> None:
        if self.agenda is None:
            return
        current = self.current_item()
        theme = current.theme if current else ""

        def saved(item: Item | None) -> None:
            if item is not None:
                self._after(item.id, f"Agendapunt {item.title} toegevoegd.")

        self.app.push_screen(ItemDialog(self.session, self.agenda, self.themes, theme=theme), saved)

    def action_edit(self) -> None:
        item = self.current_item()
        if item is None or self.agenda is None:
            return

        def saved(stored: Item | None) -> None:
            if stored is not None:
                self._after(stored.id, f"{stored.title} opgeslagen.")

        self.app.push_screen(ItemDialog(self.session, self.agenda, self.themes, item), saved)

    def action_progress(self) -> None:
        item = self.current_item()
        if item is None:
            return

        def saved(update: ProgressUpdate | None) -> None:
            if update is not None:
                self._after(item.id, "Voortgang vastgelegd.")

        self.app.push_screen(ProgressDialog(self.session, item), saved)

    def action_move(self, step: int) -> None:
        item = self.current_item()
        if item is None:
            return
        try:
            moved = move_item(self.session.db, self.session.user, item.id, step)
        except (InvalidInput, NotAllowed, NotFound) as exc:
            self._error(exc)
            return
        if moved.rank == item.rank:
            self.notify("Staat al bovenaan." if step < 0 else "Staat al onderaan.", markup=False)
            return
        self._after(item.id)

    def action_show_removed(self) -> None:
        self.show_removed = not self.show_removed
        self.reload()
        if self.show_removed and not self.removed:
            self.notify("Er is nog niets van deze agenda gehaald.", markup=False)

    def action_toggle_spearhead(self) -> None:
        item = self.current_item()
        if item is None:
            return
        spearhead = item.priority is Priority.SPEARHEAD
        form = item.as_input().model_copy(
            update={"priority": "overig" if spearhead else "speerpunt"}
        )
        try:
            stored = update_item(self.session.db, self.session.user, item.id, form, loaded=item)
        except (ValidationErrors, InvalidInput, NotAllowed, NotFound) as exc:
            self._error(exc)
            return
        message = "is nu overig" if stored.rank is None else f"is nu speerpunt {stored.rank}"
        self._after(stored.id, f"{stored.title} {message}.")

    def action_group(self) -> None:
        self.grouping = self.grouping.next()
        self.fill()

    def action_log(self) -> None:
        item = self.current_item()
        if item is not None:
            self.app.push_screen(ItemLogScreen(self.session, item))

    def action_link(self) -> None:
        item = self.current_item()
        if item is None:
            return

        def closed(changed: bool | None) -> None:
            if changed:
                self._after(item.id)

        self.app.push_screen(LinkDialog(self.session, item), closed)

    def action_remove(self) -> None:
        item = self.current_item()
        if item is None:
            return

        def confirmed(reason: str | None) -> None:
            if reason is None:
                return
            neighbour = self.query_one("#agenda-items", ItemList).neighbour(str(item.id))
            try:
                remove_item(self.session.db, self.session.user, item.id, reason)
            except (InvalidInput, NotAllowed, NotFound) as exc:
                self._error(exc)
                return
            self._after(
                int(neighbour) if neighbour else None, f"{item.title} is van de agenda gehaald."
            )

        self.app.push_screen(
            ReasonDialog(
                "Agendapunt van de agenda halen",
                f"{item.title}: het punt verdwijnt uit de agenda en de documenten; de "
                "geschiedenis blijft bewaard.",
            ),
            confirmed,
        )

    def action_kernavond(self) -> None:
        from kernagenda.ui.kernavond_screen import KernavondScreen

        if self.agenda is not None:
            # What was made of the ideas shows when this screen resumes (on_screen_resume).
            self.app.push_screen(KernavondScreen(self.session, self.agenda))

    def action_restore(self) -> None:
        item = self.current_item()
        if item is None or item.removed_at is None:
            return
        try:
            restore_item(self.session.db, self.session.user, item.id)
        except (InvalidInput, NotAllowed, NotFound) as exc:
            self._error(exc)
            return
        self._after(item.id, f"{item.title} staat weer op de agenda.")

    def action_next_kern(self) -> None:
        if not self.kernen or self.kern is None:
            return
        index = next(i for i, k in enumerate(self.kernen) if k.id == self.kern.id)
        self.kern = self.kernen[(index + 1) % len(self.kernen)]
        self.query_one("#agenda-filter", Input).value = ""
        self.reload()

    def action_agenda(self) -> None:
        if self.kern is None:
            return

        def saved(agenda: Agenda | None) -> None:
            if agenda is not None:
                self._after(None, f"Kernagenda {agenda.kern_name} opgeslagen.")

        self.app.push_screen(AgendaDialog(self.session, self.kern, self.agenda), saved)

    def action_fix(self) -> None:
        agenda = self.agenda
        if agenda is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                version = fix_version(self.session.db, self.session.user, agenda.id)
            except (InvalidInput, NotAllowed, NotFound) as exc:
                self._error(exc)
                return
            self._after(None, f"{version.version_label} is vastgesteld.")

        self.app.push_screen(
            ConfirmDialog(
                f"Kernagenda {agenda.kern_name} vaststellen",
                f"Versie {agenda.version_label!r} met {len(self.items)} punten wordt bevroren "
                "zoals ze nu is. Een volgende wijziging begint een nieuwe conceptversie.",
                "Vaststellen",
                # Fixing cannot be undone: the dialog starts on Annuleren.
                confirm_first=False,
            ),
            confirmed,
        )

    def action_compare(self) -> None:
        if self.agenda is not None:
            self.app.push_screen(CompareScreen(self.session, self.agenda))

    def action_export(self) -> None:
        if self.agenda is None:
            return

        def written(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Geschreven naar {path}.", markup=False)

        self.app.push_screen(AgendaExportDialog(self.session, self.agenda), written)

    def action_import(self) -> None:
        kern = self.kern
        if kern is None:
            return

        def importer(db: Database, caller: Caller, data: bytes, progress: Progress) -> ImportReport:
            # The import dialog passes the logged-in user; the service checks their rights.
            # Columns the import does not know are kept as an internal note: nothing is lost.
            return import_items(db, caller, kern.id, data, progress=progress, keep_unknown=True)

        def done(report: ImportReport | None) -> None:
            if report is not None:
                self._after(None, describe_report(report))

        self.app.push_screen(
            ImportDialog(
                self.session,
                f"Kernagenda {kern.name} importeren",
                ";".join(HEADERS) + " (en eventueel meer)",
                importer,
            ),
            done,
        )

    def action_themes(self) -> None:
        # A renamed or moved theme shows when this screen resumes (on_screen_resume).
        self.app.push_screen(ThemesScreen(self.session))

    def action_council(self) -> None:
        def written(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Geschreven naar {path}.", markup=False)

        self.app.push_screen(CouncilReportDialog(self.session), written)

    def action_keys(self) -> None:
        sheet = key_sheet(screen_keys(self), KEY_GROUPS, note=KEYS_NOTE)
        self.app.push_screen(MessageScreen("Toetsen van de kernagenda", sheet))
