"""One item's full record: the dated progress log and every change (field, old, new, who, when)."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Static

from festival.core.dates import format_moment
from festival.domain.permissions import allowed
from festival.session import Session
from festival.ui.screens.live_screen import LiveScreen
from festival.ui.widgets.title_bar import TitleBar
from kernagenda.domain.agendas import get_agenda
from kernagenda.domain.models import FIELD_LABELS, HistoryEntry, Item, display_value
from kernagenda.domain.permissions import AGENDA_EDIT
from kernagenda.domain.progress import item_history, list_progress
from kernagenda.ui.item_view import progress_lines


class ItemLogScreen(LiveScreen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug"),
        Binding("o", "visibility", "Openbaar/intern"),
        Binding("ctrl+l", "app.logout", "Uitloggen", show=False),
    ]
    AUTO_FOCUS = "#history"

    def __init__(self, session: Session, item: Item) -> None:
        super().__init__()
        self.session = session
        self.item = item

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(
            Text.assemble(("Geschiedenis van ", ""), (self.item.title, "bold")),
            classes="screen-title",
        )
        with Vertical(id="log-body"):
            yield Static(id="log-progress")
            yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#history", DataTable)
        table.add_column("Wanneer", width=16)
        table.add_column("Wie", width=16)
        table.add_column("Veld", width=14)
        table.add_column("Wijziging", width=self._change_width(self.app.size.width), key="change")
        self.reload()

    def reload(self) -> None:
        """Read the log again; another terminal may be writing progress right now."""
        db = self.session.db
        updates = list_progress(db, self.item.id)
        progress = Text("Voortgang", style="bold")
        if updates:
            for line in progress_lines(list(reversed(updates))):
                progress.append("\n")
                progress.append_text(line)
        else:
            progress.append("\nNog geen voortgang vastgelegd.", style="dim")
        self.query_one("#log-progress", Static).update(progress)
        table = self.query_one("#history", DataTable)
        table.clear()
        for entry in reversed(item_history(db, self.item.id)):
            table.add_row(
                Text(format_moment(entry.at)),
                Text(entry.who),
                Text(FIELD_LABELS.get(entry.field, entry.field)),
                change_text(entry),
                height=None,  # a long change wraps in its column instead of being cut off
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "visibility":
            # Only who may edit the item switches its notes; a removed item is read only.
            agenda = get_agenda(self.session.db, self.item.agenda_id)
            return self.item.removed_at is None and allowed(
                self.session.user, AGENDA_EDIT, kern_id=agenda.kern_id
            )
        return True

    def action_visibility(self) -> None:
        from kernagenda.ui.note_visibility_dialog import NoteVisibilityDialog

        def closed(changed: bool | None) -> None:
            if changed:
                self.reload()

        self.app.push_screen(NoteVisibilityDialog(self.session, self.item), closed)

    @staticmethod
    def _change_width(width: int) -> int:
        # What the three fixed columns and the cell padding leave, so nothing scrolls sideways.
        return max(24, width - 56)

    def on_resize(self, event: events.Resize) -> None:
        table = self.query_one("#history", DataTable)
        table.columns["change"].width = self._change_width(event.size.width)  # type: ignore[index]
        table.refresh()


def change_text(entry: HistoryEntry) -> Text:
    """``old → new``; a line that only adds something (a progress note) shows just that."""
    new = Text(display_value(entry.field, entry.new), style="green")
    if entry.old is None:
        return new
    text = Text(display_value(entry.field, entry.old), style="red")
    text.append(" → ", style="")
    text.append_text(new)
    return text
