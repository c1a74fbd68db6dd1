"""The kernagenda of a pilot kern: items grouped, filtered as you type, in priority order.

The kernregisseur of the kern (and the coordinator) edit; everyone else reads. The list is read
once per change and its fields are filtered in memory; a keystroke asks the database only for
the progress notes that match (one indexed query, see :mod:`kernagenda.domain.search`). What
the keys do is in :mod:`kernagenda.ui.agenda_actions`.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from festival.core.dates import format_date
from festival.domain.kernen import Kern, list_kernen
from festival.domain.permissions import allowed
from festival.session import Session
from festival.ui.widgets.title_bar import TitleBar
from kernagenda.domain.agendas import agenda_for_kern, list_agendas
from kernagenda.domain.attention import searchable
from kernagenda.domain.items import list_items, list_removed_items
from kernagenda.domain.links import list_links
from kernagenda.domain.models import (
    Agenda,
    AgendaStatus,
    Item,
    ItemStatus,
    Priority,
)
from kernagenda.domain.permissions import AGENDA_EDIT
from kernagenda.domain.progress import list_progress
from kernagenda.domain.search import filter_loaded, note_matches, search_words
from kernagenda.domain.themes import list_themes
from kernagenda.ui.agenda_actions import AgendaActions, Grouping
from kernagenda.ui.agenda_keys import AGENDA_BINDINGS, EDIT_KEYS, EDITS, ON_ITEM
from kernagenda.ui.item_list import ItemList, ListRow
from kernagenda.ui.item_view import item_detail, priority_text, status_text, target_text

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


class KernagendaScreen(AgendaActions):
    BINDINGS = AGENDA_BINDINGS
    AUTO_FOCUS = "#agenda-items"

    def __init__(
        self, session: Session, kern_id: int | None = None, *, item_id: int | None = None
    ) -> None:
        super().__init__()
        self.session = session
        #: The item to put the cursor on when the screen opens (from the attention view).
        self._open_item = item_id
        self.kernen = self._agenda_kernen()
        self.kern: Kern | None = self._first_kern(kern_id)
        self.agenda: Agenda | None = None
        self.items: dict[int, Item] = {}
        #: Folded search text per item, made once per reload so filtering is in memory only.
        self.search_index: list[tuple[str, Item]] = []
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
        #: What the list shows now (reload count, width, grouping, item ids): fill() skips a
        #: redraw that would show the same.
        self._filled: tuple[object, ...] | None = None
        #: Items taken off the agenda, shown read only at the end of the list after "w".
        self.show_removed = False
        self.removed: dict[int, Item] = {}

    # -- which agendas -------------------------------------------------------------------
    def _agenda_kernen(self) -> list[Kern]:
        """The pilot kernen, and any other kern that has an agenda."""
        db = self.session.db
        with_agenda = {a.kern_id for a in list_agendas(db)}
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
        return self.kern is not None and allowed(
            self.session.user, AGENDA_EDIT, kern_id=self.kern.id
        )

    # -- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="agenda-title")
        with Horizontal(id="agenda-body"):
            with Vertical(id="agenda-list"):
                yield Input(
                    id="agenda-filter",
                    placeholder="/ filter op onderwerp, thema, status, verlopen, stil, gemeente…",
                    compact=True,
                )
                yield Static(id="agenda-columns")
                yield ItemList(id="agenda-items")
                yield Static(id="agenda-hint")
            with VerticalScroll(id="agenda-detail"):
                yield Static(id="item-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._fit(self.app.size.width)
        self.reload()
        if self._open_item is not None:
            self.query_one("#agenda-items", ItemList).select_key(str(self._open_item))

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
        # A kern made pilot meanwhile (on any terminal) joins the kernen to choose from.
        self.kernen = self._agenda_kernen()
        if self.kern is None:
            self.kern = self._first_kern(None)
        self.today = date.today()
        self.themes = list_themes(db)
        self.agenda = agenda_for_kern(db, self.kern.id) if self.kern else None
        items = list_items(db, self.agenda.id) if self.agenda else []
        self.items = {i.id: i for i in items}
        # What needs attention is searchable too: "verlopen", "stil", "gemeente".
        self.search_index = searchable(db, self.agenda.id, items, self.today) if self.agenda else []
        self.removed = (
            {i.id: i for i in list_removed_items(db, self.agenda.id)}
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
            fixed = a.status is AgendaStatus.FIXED
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

    def _visible(self) -> list[Item]:
        words = search_words(self.query_one("#agenda-filter", Input).value)
        if not words:
            return [item for _, item in self.search_index]
        # The fields are matched in memory; progress notes are not loaded: one indexed query.
        notes = note_matches(self.session.db, words)
        return filter_loaded(self.search_index, words, notes)

    def _groups(self, items: list[Item]) -> list[tuple[str, list[Item]]]:
        if self.grouping is Grouping.THEME:
            order = self.themes + sorted({i.theme for i in items} - set(self.themes))
            return [(t, [i for i in items if i.theme == t]) for t in order]
        if self.grouping is Grouping.STATUS:
            return [(s.value, [i for i in items if i.status is s]) for s in ItemStatus]
        return [("", items)]

    def fill(self) -> None:
        """Redraw the list from memory, keeping the cursor on the same item."""
        items = self.query_one("#agenda-items", ItemList)
        current = items.current
        visible = self._visible()
        shown = (self.generation, self.title_width, self.grouping, [i.id for i in visible])
        if shown == self._filled:
            # A letter that keeps the same items (most letters after the first few): the list
            # stays as drawn, which spares a redraw of hundreds of rows on that keystroke.
            return
        self._filled = shown
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

    def _removed_text(self, item: Item) -> Text:
        # The date and reason are in the detail panel; the date column is the target date's.
        return _line(
            (Text("×", style="dim"), PRIORITY_WIDTH),
            (Text(item.title, style="dim strike"), self.title_width),
            (Text("verwijderd", style="dim"), STATUS_WIDTH),
            (Text(""), TARGET_WIDTH),
        )

    def _row_text(self, item: Item) -> Text:
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

    def current_item(self) -> Item | None:
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
        links = list_links(db, item.id)
        progress = list_progress(db, item.id)
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
        # Each letter pushes the detail panel back: it follows once typing pauses, so its
        # layout never lands in the frame of the next letter (measured in make bench).
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = self.set_timer(DETAIL_DELAY, self._show_detail)
        self.fill()

    @on(Input.Submitted, "#agenda-filter")
    def _filter_done(self) -> None:
        self.query_one("#agenda-items", ItemList).focus()

    def on_key(self, event: events.Key) -> None:
        search = self.query_one("#agenda-filter", Input)
        if not search.has_focus:
            self._read_only_notice(event.key)
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

    def _read_only_notice(self, key: str) -> None:
        """A reader pressing an edit key learns why nothing happens (the key is hidden)."""
        if EDIT_KEYS.get(key) in EDITS and self.kern is not None and not self.may_edit:
            self.notify(
                f"Alleen lezen: de kernregisseur van {self.kern.name} of de coördinator "
                "wijzigt deze agenda.",
                severity="warning",
                markup=False,
            )

    def action_filter(self) -> None:
        search = self.query_one("#agenda-filter", Input)
        if search.has_focus:
            # "/" is a priority key (AGENDA_BINDINGS); in the filter it is still a character.
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
            item is not None and item.priority is Priority.SPEARHEAD,
        )
        if state != self._keys_state:
            self._keys_state = state
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in EDITS and not self.may_edit:
            return False
        if action in ("fix", "compare", "export", "new", "kernavond") and self.agenda is None:
            return False
        if action == "fix" and self.agenda is not None:
            return self.agenda.status is AgendaStatus.CONCEPT
        if action in ON_ITEM:
            item = self.current_item()
            if item is None:
                return False
            if item.removed_at is not None:
                # Taken off the agenda: its history is read only, and it can be put back.
                return action in ("log", "restore")
            if action == "restore":
                return False
        if action == "move":
            item = self.current_item()
            return item is not None and item.priority is Priority.SPEARHEAD
        if action == "next_kern":
            return len(self.kernen) > 1
        if action == "import":
            return self.kern is not None
        return True
