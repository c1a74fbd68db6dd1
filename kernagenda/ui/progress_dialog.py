"""Write a dated line in an item's progress log, optionally moving its status on."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Select, Static

from festival.core.errors import InvalidInput, NotAllowed, NotFound
from festival.session import Session
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField
from kernagenda.domain.models import Item, ItemStatus, ProgressUpdate
from kernagenda.domain.progress import add_progress
from kernagenda.domain.validation import may_change_status

KEEP = "__keep__"
INTERNAL, PUBLIC = "intern", "openbaar"
#: A note is a working note unless the writer chooses otherwise (it then reaches documents).
VISIBILITY = [
    ("intern: een werknotitie, nooit in een document", INTERNAL),
    ("openbaar: mag in het document voor inwoners en de raad", PUBLIC),
]


class ProgressDialog(FormDialog[ProgressUpdate]):
    """Returns the stored update, or None when cancelled."""

    AUTO_FOCUS = "#progress-text"

    def __init__(self, session: Session, item: Item) -> None:
        super().__init__()
        self.session = session
        self.item = item

    def compose(self) -> ComposeResult:
        old = self.item.status
        options = [(f"blijft {old.value}", KEEP)] + [
            (f"wordt {s.value}", s.value)
            for s in ItemStatus
            if s is not old and may_change_status(old, s)
        ]
        with Vertical(classes="dialog dialog-wide"):
            yield Static("Voortgang vastleggen", classes="dialog-title")
            yield Static(self.item.title, classes="dialog-help", markup=False)
            yield FormField(
                "Voortgang",
                Input(
                    id="progress-text",
                    compact=True,
                    max_length=2000,
                    placeholder="bijv. offerte ontvangen; dorpsraad akkoord",
                ),
                name="text",
            )
            yield FormField(
                "Status",
                Select(options, id="progress-status", compact=True, allow_blank=False, value=KEEP),
                name="status",
            )
            yield FormField(
                "Zichtbaar",
                Select(
                    VISIBILITY,
                    id="progress-public",
                    compact=True,
                    allow_blank=False,
                    value=INTERNAL,
                ),
                name="public",
            )
            yield from self.form_footer("Vastleggen")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        text = self.query_one("#progress-text", Input).value
        status = str(self.query_one("#progress-status", Select).value)
        try:
            update = add_progress(
                self.session.db,
                self.session.user,
                self.item.id,
                text,
                new_status="" if status == KEEP else status,
                public=self.query_one("#progress-public", Select).value == PUBLIC,
            )
        except InvalidInput as exc:
            self.show_errors({exc.field or "text": exc.message})
            return
        except (NotAllowed, NotFound) as exc:
            self.show_errors({}, exc.message)
            return
        self.dismiss(update)
