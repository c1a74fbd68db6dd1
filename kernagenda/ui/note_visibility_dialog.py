"""Make an item's progress notes public (they may reach documents) or internal again: Enter
switches the note under the cursor; every switch is in the item's history."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from festival.core.dates import format_moment
from festival.core.errors import InvalidInput, NotAllowed, NotFound
from festival.session import Session
from kernagenda.domain.models import Item, ProgressUpdate
from kernagenda.domain.progress import list_progress
from kernagenda.domain.publication import set_progress_public


def _label(note: ProgressUpdate) -> str:
    seen = "openbaar" if note.public else "intern  "
    return f"{seen}  {format_moment(note.at)}  {note.text}"


class NoteVisibilityDialog(ModalScreen[bool]):
    """Returns whether any note was switched."""

    BINDINGS = [Binding("escape", "close", "Sluiten")]
    AUTO_FOCUS = "#notes"

    def __init__(self, session: Session, item: Item) -> None:
        super().__init__()
        self.session = session
        self.item = item
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Static("Voortgang openbaar of intern", classes="dialog-title")
            yield Static(
                "Alleen openbare notities komen in documenten voor inwoners en de raad. Enter "
                "wisselt de notitie onder de cursor; Esc sluit.",
                classes="dialog-help",
            )
            yield OptionList(id="notes", markup=False)
            yield Static("", id="form-error", markup=False)

    def on_mount(self) -> None:
        self._fill()

    def _fill(self, highlighted: int | None = None) -> None:
        notes = self.query_one("#notes", OptionList)
        notes.clear_options()
        notes.add_options(
            Option(_label(n), id=str(n.id))
            for n in reversed(list_progress(self.session.db, self.item.id))
        )
        if notes.option_count:
            notes.highlighted = min(highlighted or 0, notes.option_count - 1)

    @on(OptionList.OptionSelected, "#notes")
    def _switch(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:
            return
        note_id = int(event.option.id)
        public = next(
            n.public for n in list_progress(self.session.db, self.item.id) if n.id == note_id
        )
        try:
            set_progress_public(self.session.db, self.session.user, note_id, not public)
        except (InvalidInput, NotAllowed, NotFound) as exc:
            self.query_one("#form-error", Static).update(exc.args[0])
            return
        self.changed = True
        self._fill(event.option_index)

    def action_close(self) -> None:
        self.dismiss(self.changed)
