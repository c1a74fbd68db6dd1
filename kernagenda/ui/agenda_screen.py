"""The kernagenda of a pilot kern: items grouped, filtered as you type, in priority order.

The kernregisseur of the kern (and the coordinator) edit; everyone else reads. The list is read
once per change and filtered in memory, so a keystroke in the filter never waits for the
database.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from festival.core.dates import format_date
from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.core.text import fold
from festival.domain.budget_io import Progress
from festival.domain.kernen import Kern, list_kernen
from festival.domain.permissions import Caller
from festival.session import Session
from festival.store.database import Database
from festival.ui.dialogs.confirm_dialog import ConfirmDialog
from festival.ui.dialogs.import_dialog import ImportDialog
from festival.ui.dialogs.reason_dialog import ReasonDialog
from festival.ui.screens.message import MessageScreen
from festival.ui.widgets.title_bar import TitleBar
from kernagenda.domain import agenda as ag
from kernagenda.domain.agenda_io import HEADERS, ImportReport, import_items
from kernagenda.ui.agenda_dialog import AgendaDialog
from kernagenda.ui.agenda_export_dialog import AgendaExportDialog
from kernagenda.ui.compare_screen import CompareScreen
from kernagenda.ui.council_report_dialog import CouncilReportDialog
from kernagenda.ui.item_dialog import ItemDialog
from kernagenda.ui.item_list import ItemList, ListRow
from kernagenda.ui.item_log_screen import ItemLogScreen
from kernagenda.ui.item_view import item_detail, priority_text, status_text, target_text
from kernagenda.ui.link_dialog import LinkDialog
from kernagenda.ui.progress_dialog import ProgressDialog
from kernagenda.ui.themes_screen import ThemesScreen

#: Seconds between the cursor stopping on an item and its detail panel being drawn.
DETAIL_DELAY = 0.06
PRIORITY_WIDTH = 4
STATUS_WIDTH = 13
TARGET_WIDTH = 19


def _line(*cells: tuple[Text, int], style: str = "") -> Text:
    """Cells padded or cut to their widths, two spaces apart, as one line of the list."""
    line = Text(" ", style=style, no_wrap=True, end="")
    for text, width in cells:
        cell = text.copy()
        cell.truncate(width, overflow="ellipsis", pad=True)
        line.append_text(cell)
        line.append("  ")
    return line


class Grouping(StrEnum):
    THEME = "thema"
    STATUS = "status"
    PRIORITY = "prioriteit"

    def next(self) -> Grouping:
        members = list(Grouping)
        return members[(members.index(self) + 1) % len(members)]


KEYS = """\
Lijst
  /           filteren terwijl u typt (Enter of ↓: terug naar de lijst)
  g           groeperen: per thema, per status, of op prioriteit
  k           andere pilotkern
  w           ook de punten tonen die van de agenda zijn gehaald (en waarom)
  ↑ ↓         punt kiezen; ernaast staat alles over dat punt

Agendapunt (kernregisseur van de kern of coördinator)
  n           nieuw agendapunt (in het thema onder de cursor)
  e of Enter  wijzigen
  p           voortgang vastleggen, eventueel met een nieuwe status
  s           speerpunt maken (achteraan) of weer overig
  ⇧↑ ⇧↓       speerpunt hoger of lager (ook - en +)
  l           koppelen aan aanvragen en festivalinitiatieven
  h           geschiedenis: voortgang en elke wijziging
  Delete      van de agenda halen (met reden; de geschiedenis blijft)

Agenda
  a           aanmaken, of versie, periode en herziening wijzigen
  v           vaststellen: deze versie bevriezen
  c           vergelijken met een vastgestelde versie
  x           exporteren voor inwoners (PDF, HTML of Markdown)
  i           importeren uit CSV (alles of niets)
  t           thema's: toevoegen, hernoemen, verwijderen, volgorde
  r           voortgang van alle pilotkernen voor de raad (als tekstbestand)

Esc terug · Ctrl+Q afsluiten"""

#: Actions that change the agenda: shown and allowed only to who may edit this kern.
_EDITS = {
    "new",
    "edit",
    "progress",
    "move",
    "toggle_spearhead",
    "link",
    "remove",
    "fix",
    "agenda",
    "import",
}
#: Actions that need an item under the cursor.
_ON_ITEM = {"edit", "progress", "move", "toggle_spearhead", "link", "remove", "log"}


class KernagendaScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Terug"),
        # A priority binding runs before the next key is handed on, so letters typed right
        # after "/" land in the filter instead of triggering n, e, p on the list.
        Binding("slash", "filter", "Zoeken", priority=True),
        Binding("n", "new", "Nieuw"),
        Binding("e", "edit", "Wijzigen"),
        Binding("p", "progress", "Voortgang"),
        Binding("shift+up", "move(-1)", "Hoger", key_display="⇧↑"),
        Binding("shift+down", "move(1)", "Lager", key_display="⇧↓"),
        Binding("s", "toggle_spearhead", "Speerpunt aan/uit", show=False),
        Binding("minus", "move(-1)", "Hoger", show=False),
        Binding("plus", "move(1)", "Lager", show=False),
        Binding("g", "group", "Groeperen"),
        Binding("h", "log", "Geschiedenis"),
        Binding("x", "export", "Exporteren"),
        Binding("question_mark", "keys", "Alle toetsen", key_display="?"),
        Binding("l", "link", "Koppelen", show=False),
        Binding("k", "next_kern", "Andere kern", show=False),
        Binding("a", "agenda", "Agenda", show=False),
        Binding("v", "fix", "Vaststellen", show=False),
        Binding("c", "compare", "Vergelijken", show=False),
        Binding("i", "import", "Importeren", show=False),
        Binding("t", "themes", "Thema's", show=False),
        Binding("r", "council", "Voortgang voor de raad", show=False),
        Binding("w", "show_removed", "Verwijderde punten", show=False),
        Binding("delete", "remove", "Verwijderen", show=False),
    ]
    AUTO_FOCUS = "#agenda-items"

    def __init__(self, session: Session, kern_id: int | None = None) -> None:
        super().__init__()
        self.session = session
        self.kernen = self._agenda_kernen()
        self.kern: Kern | None = self._first_kern(kern_id)
        self.agenda: ag.Agenda | None = None
        self.items: dict[int, ag.Item] = {}
        #: Folded search text per item, made once per reload so filtering is in memory only.
        self.search_index: list[tuple[str, ag.Item]] = []
        self.themes: list[str] = []
        self.grouping = Grouping.THEME
        self.today = date.today()
        self.title_width = 0
        #: Each item's line in the list, made once per reload (or resize), reused per keystroke.
        self.row_texts: dict[int, Text] = {}
        #: Bumped by every reload; the detail panel is redrawn only when it or the item changes.
        self.generation = 0
        self._detail_shown: tuple[int, int | None] | None = None
        self._keys_state: tuple[object, ...] | None = None
        self._detail_timer: Timer | None = None
        #: The reload count when another screen came on top (None: never suspended).
        self._generation_left: int | None = None
        #: Items taken off the agenda, shown read only at the end of the list after "w".
        self.show_removed = False
        self.removed: dict[int, ag.Item] = {}

    # -- which agendas -------------------------------------------------------------------
    def _agenda_kernen(self) -> list[Kern]:
        """The pilot kernen, and any other kern that has an agenda."""
        db = self.session.db
        with_agenda = {a.kern_id for a in ag.list_agendas(db)}
        return [
            k for k in list_kernen(db, include_inactive=True) if k.is_pilot or k.id in with_agenda
        ]

    def _first_kern(self, kern_id: int | None) -> Kern | None:
        """The asked kern, else the user's own first pilot kern, else the first pilot."""
        if kern_id is not None:
            return next((k for k in self.kernen if k.id == kern_id), None)
        own = [k for k in self.kernen if k.id in self.session.user.kern_ids]
        candidates = own or self.kernen
        return candidates[0] if candidates else None

    @property
    def may_edit(self) -> bool:
        return self.kern is not None and self.session.user.may_edit_kern(self.kern.id)

    # -- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="agenda-title")
        with Horizontal(id="agenda-body"):
            with Vertical(id="agenda-list"):
                yield Input(
                    id="agenda-filter",
                    placeholder="/ filter op onderwerp, thema, trekker, status…",
                    compact=True,
                )
                yield Static(id="agenda-columns")
                yield ItemList(id="agenda-items")
                yield Static(id="agenda-hint")
            with VerticalScroll(id="agenda-detail"):
                yield Static(id="item-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.app.follow_changes(self, lambda _: self.reload())  # type: ignore[attr-defined]
        self._fit(self.app.size.width)
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def on_descendant_focus(self) -> None:
        self._update_keys()

    def on_screen_suspend(self) -> None:
        self._generation_left = self.generation

    def on_screen_resume(self) -> None:
        # Back from a dialog or the theme list: what was saved there is not a change from
        # another terminal, so the change watch does not report it. A dialog's callback that
        # already read the agenda again (_after) runs before this; then once is enough.
        if self._generation_left == self.generation:
            self.reload()

    def _fit(self, width: int) -> None:
        # Below 120 columns the detail panel goes under the list.
        narrow = width < 120
        self.set_class(narrow, "-narrow")
        # Side by side the list gets 55% of the width, at least 76 columns (a readable title)
        # and at most 100; the title column gets what the other columns and padding leave.
        list_width = width if narrow else max(76, min(100, width * 55 // 100))
        if not narrow:
            self.query_one("#agenda-list").styles.width = list_width
        else:
            self.query_one("#agenda-list").styles.width = "100%"
        title_width = max(16, list_width - 50)
        if title_width != self.title_width:
            self.title_width = title_width
            self.row_texts.clear()
            self.query_one("#agenda-columns", Static).update(
                _line(
                    (Text("Prio"), PRIORITY_WIDTH),
                    (Text("Onderwerp"), title_width),
                    (Text("Status"), STATUS_WIDTH),
                    (Text("Streefdatum"), TARGET_WIDTH),
                    style="bold",
                )
            )
            if self.is_mounted:
                self.fill()

    # -- reading -------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the agenda again (after an edit here or on another terminal)."""
        db = self.session.db
        self.today = date.today()
        self.themes = ag.list_themes(db)
        self.agenda = ag.agenda_for_kern(db, self.kern.id) if self.kern else None
        items = ag.list_items(db, self.agenda.id) if self.agenda else []
        self.items = {i.id: i for i in items}
        self.search_index = [(i.search_text(), i) for i in items]
        self.removed = (
            {i.id: i for i in ag.list_removed_items(db, self.agenda.id)}
            if self.agenda and self.show_removed
            else {}
        )
        self.row_texts.clear()
        self.generation += 1
        self._show_title()
        self.fill()
        self._update_keys()

    def _show_title(self) -> None:
        title = Text()
        if self.kern is None:
            title.append("Er is nog geen pilotkern; de coördinator wijst die aan bij Kernen.")
        elif self.agenda is None:
            title.append(f"Kernagenda {self.kern.name}", style="bold")
            title.append("  nog niet aangemaakt", style="yellow")
        else:
            a = self.agenda
            title.append(f"Kernagenda {a.kern_name}", style="bold")
            title.append(f"  {a.version_label} ")
            fixed = a.status is ag.AgendaStatus.FIXED
            title.append(f"({a.status.value})", style="green" if fixed else "yellow")
            if a.period:
                title.append(f" · periode {a.period}")
            if a.review_date:
                overdue = a.review_date < self.today
                title.append(
                    f" · herziening {format_date(a.review_date)}",
                    style="bold red" if overdue else "",
                )
        if self.kern is not None and not self.may_edit:
            title.append("  alleen lezen", style="dim")
        if len(self.kernen) > 1:
            title.append("  k: andere kern", style="dim")
        self.query_one("#agenda-title", Static).update(title)

    def _visible(self) -> list[ag.Item]:
        words = fold(self.query_one("#agenda-filter", Input).value).split()
        return [item for text, item in self.search_index if all(w in text for w in words)]

    def _groups(self, items: list[ag.Item]) -> list[tuple[str, list[ag.Item]]]:
        if self.grouping is Grouping.THEME:
            order = self.themes + sorted({i.theme for i in items} - set(self.themes))
            return [(t, [i for i in items if i.theme == t]) for t in order]
        if self.grouping is Grouping.STATUS:
            return [(s.value, [i for i in items if i.status is s]) for s in ag.ItemStatus]
        return [("", items)]

    def fill(self) -> None:
        """Redraw the list from memory, keeping the cursor on the same item."""
        items = self.query_one("#agenda-items", ItemList)
        current = items.current
        visible = self._visible()
        rows: list[ListRow] = []
        for name, members in self._groups(visible):
            if not members:
                continue
            if name:
                heading = Text(" " * (PRIORITY_WIDTH + 3))
                heading.append(name, style="bold underline")
                heading.append(f" ({len(members)})", style="bold")
                rows.append(ListRow(f"group:{name}", heading, heading=True))
            rows += [ListRow(str(item.id), self._row_text(item)) for item in members]
        if self.removed:
            # Read only, at the end: what was taken off the agenda, and why (h: its history).
            heading = Text(" " * (PRIORITY_WIDTH + 3))
            heading.append("Van de agenda gehaald", style="bold underline")
            heading.append(f" ({len(self.removed)})", style="bold")
            rows.append(ListRow("group:removed", heading, heading=True))
            rows += [
                ListRow(str(item.id), self._removed_text(item)) for item in self.removed.values()
            ]
        # set_rows posts Highlighted, which brings the detail panel up to date.
        items.set_rows(rows, keep=current.key if current else None)
        self._show_hint(len(visible))

    def _removed_text(self, item: ag.Item) -> Text:
        # The date and reason are in the detail panel; the date column is the target date's.
        return _line(
            (Text("×", style="dim"), PRIORITY_WIDTH),
            (Text(item.title, style="dim strike"), self.title_width),
            (Text("verwijderd", style="dim"), STATUS_WIDTH),
            (Text(""), TARGET_WIDTH),
        )

    def _row_text(self, item: ag.Item) -> Text:
        text = self.row_texts.get(item.id)
        if text is None:
            text = self.row_texts[item.id] = _line(
                (priority_text(item), PRIORITY_WIDTH),
                (Text(item.title), self.title_width),
                (status_text(item.status), STATUS_WIDTH),
                (target_text(item, self.today), TARGET_WIDTH),
            )
        return text

    def _show_hint(self, shown: int) -> None:
        hint = Text()
        if self.agenda is None:
            if self.kern is not None and self.may_edit:
                hint.append("a: agenda aanmaken · i: importeren uit CSV", style="bold")
            elif self.kern is not None:
                hint.append("De kernregisseur van deze kern maakt de agenda aan.", style="dim")
        else:
            total = len(self.items)
            overdue = sum(1 for i in self.items.values() if i.is_overdue(self.today))
            hint.append(f"{shown} van {total} punten" if shown != total else f"{total} punten")
            hint.append(f" · per {self.grouping.value}")
            if overdue:
                hint.append(f" · {overdue} verlopen", style="bold red")
            hint.append(" · ? alle toetsen", style="dim")
        self.query_one("#agenda-hint", Static).update(hint)

    def current_item(self) -> ag.Item | None:
        current = self.query_one("#agenda-items", ItemList).current
        if current is None or current.heading:
            return None
        key = int(current.key)
        return self.items.get(key) or self.removed.get(key)

    def _show_detail(self) -> None:
        panel = self.query_one("#item-detail", Static)
        item = self.current_item()
        shown = (self.generation, item.id if item else None)
        if shown == self._detail_shown:
            return
        self._detail_shown = shown
        if item is None:
            empty = "Geen agendapunt gekozen."
            if self.agenda is not None and not self.items and self.may_edit:
                empty = "Deze agenda is nog leeg: n voegt een punt toe, i importeert een CSV."
            panel.update(Text(empty, style="dim"))
            return
        db = self.session.db
        links = ag.list_links(db, item.id)
        progress = ag.list_progress(db, item.id)
        panel.update(item_detail(item, links, progress, self.today))

    @on(ItemList.Highlighted, "#agenda-items")
    def _highlighted(self) -> None:
        # The list answers a key at once; the panel follows a moment later, once, however
        # fast the keys come (its layout would otherwise hold up the list's next frame).
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(DETAIL_DELAY, self._show_detail)
        self._update_keys()

    @on(ItemList.Selected, "#agenda-items")
    def _selected(self) -> None:
        if self.current_item() is None:
            return
        if self.may_edit:
            self.action_edit()
        else:
            self.action_log()

    # -- filter ----------------------------------------------------------------------------
    @on(Input.Changed, "#agenda-filter")
    def _filter_changed(self) -> None:
        self.fill()

    @on(Input.Submitted, "#agenda-filter")
    def _filter_done(self) -> None:
        self.query_one("#agenda-items", ItemList).focus()

    def on_key(self, event: events.Key) -> None:
        search = self.query_one("#agenda-filter", Input)
        if not search.has_focus:
            return
        if event.key == "down":
            event.stop()
            self.query_one("#agenda-items", ItemList).focus()
        elif event.key == "escape":
            # Escape in the filter clears it first; a second Escape leaves the screen.
            event.stop()
            if search.value:
                search.value = ""
            else:
                self.query_one("#agenda-items", ItemList).focus()

    def action_filter(self) -> None:
        search = self.query_one("#agenda-filter", Input)
        if search.has_focus:
            # "/" is a priority key (see BINDINGS); in the filter it is still just a character.
            search.insert_text_at_cursor("/")
        else:
            search.focus()

    def action_back(self) -> None:
        self.app.pop_screen()

    # -- which keys work now ---------------------------------------------------------------
    def _update_keys(self) -> None:
        """Redraw the footer only when what the keys may do has changed: a footer redraw per
        cursor move costs a frame, and Textual's Footer keeps every key it ever drew."""
        if self.query_one("#agenda-filter", Input).has_focus:
            # While typing in the filter the list's keys do not apply; the footer catches up
            # when the list has the focus again (on_descendant_focus), not on every letter.
            self._keys_state = None
            return
        item = self.current_item()
        state = (
            self.may_edit,
            self.agenda.status if self.agenda else None,
            item is not None,
            item is not None and item.priority is ag.Priority.SPEARHEAD,
        )
        if state != self._keys_state:
            self._keys_state = state
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _EDITS and not self.may_edit:
            return False
        if action in ("fix", "compare", "export", "new") and self.agenda is None:
            return False
        if action == "fix" and self.agenda is not None:
            return self.agenda.status is ag.AgendaStatus.CONCEPT
        if action in _ON_ITEM:
            item = self.current_item()
            if item is None:
                return False
            if item.removed_at is not None:
                return action == "log"  # taken off the agenda: its history is read only
        if action == "move":
            item = self.current_item()
            return item is not None and item.priority is ag.Priority.SPEARHEAD
        if action == "next_kern":
            return len(self.kernen) > 1
        if action == "import":
            return self.kern is not None
        return True

    # -- actions ---------------------------------------------------------------------------
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

        def saved(item: ag.Item | None) -> None:
            if item is not None:
                self._after(item.id, f"Agendapunt {item.title} toegevoegd.")

        self.app.push_screen(ItemDialog(self.session, self.agenda, self.themes, theme=theme), saved)

    def action_edit(self) -> None:
        item = self.current_item()
        if item is None or self.agenda is None:
            return

        def saved(stored: ag.Item | None) -> None:
            if stored is not None:
                self._after(stored.id, f"{stored.title} opgeslagen.")

        self.app.push_screen(ItemDialog(self.session, self.agenda, self.themes, item), saved)

    def action_progress(self) -> None:
        item = self.current_item()
        if item is None:
            return

        def saved(update: ag.ProgressUpdate | None) -> None:
            if update is not None:
                self._after(item.id, "Voortgang vastgelegd.")

        self.app.push_screen(ProgressDialog(self.session, item), saved)

    def action_move(self, step: int) -> None:
        item = self.current_item()
        if item is None:
            return
        try:
            moved = ag.move_item(self.session.db, self.session.user, item.id, step)
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
        spearhead = item.priority is ag.Priority.SPEARHEAD
        form = item.as_input().model_copy(
            update={"priority": "overig" if spearhead else "speerpunt"}
        )
        try:
            stored = ag.update_item(self.session.db, self.session.user, item.id, form, loaded=item)
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
                ag.remove_item(self.session.db, self.session.user, item.id, reason)
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

        def saved(agenda: ag.Agenda | None) -> None:
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
                version = ag.fix_version(self.session.db, self.session.user, agenda.id)
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
                confirm_first=True,
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
        user = self.session.user

        def importer(db: Database, _: Caller, data: bytes, progress: Progress) -> ImportReport:
            # The key is offered only to who may edit this kern (check_action).
            return import_items(db, user, kern.id, data, progress=progress)

        def done(report: ImportReport | None) -> None:
            if report is not None:
                self._after(None, f"{report.imported} agendapunten geïmporteerd.")

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
        self.app.push_screen(MessageScreen("Toetsen van de kernagenda", KEYS))
