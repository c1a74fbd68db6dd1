"""Link an item to leefbaarheidsbudget applications and festival initiatives of its kern.

One list holds what is linked (✓) and what could be; Enter links or unlinks the row under the
cursor, so a mistake is undone with the same key.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from festival.core.errors import InvalidInput, NotAllowed, NotFound
from festival.core.money import format_money
from festival.session import Session
from kernagenda.domain.links import funded_cents, link_item, linkable, list_links, unlink_item
from kernagenda.domain.models import Item, Link


class LinkDialog(ModalScreen[bool]):
    """Returns whether anything changed."""

    BINDINGS = [Binding("escape", "close", "Sluiten")]
    AUTO_FOCUS = "#link-table"

    def __init__(self, session: Session, item: Item) -> None:
        super().__init__()
        self.session = session
        self.item = item
        self.changed = False
        self.rows: dict[str, tuple[Link, bool]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="link-box"):
            yield Static("Koppelingen", classes="dialog-title")
            yield Static(
                Text.assemble(
                    (self.item.title, "bold"),
                    "\nEnter koppelt of ontkoppelt de regel; Esc sluit.",
                ),
                classes="dialog-help",
            )
            yield DataTable(id="link-table", cursor_type="row")
            yield Static("", id="link-total")
            yield Static("", id="form-error", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#link-table", DataTable)
        # The status says what kind of link it is ("budget 2026: …", "festival: …"); the title
        # gets what the dialog's width leaves, so an 80-column terminal needs no sideways scroll.
        inner = min(104, self.app.size.width) - 6
        table.add_column("", width=1)
        table.add_column("Titel", width=max(12, min(36, inner - 62)))
        table.add_column("Gevraagd", width=11)
        table.add_column("Toegekend", width=11)
        table.add_column("Status", width=27)
        self.reload()

    def reload(self, keep: str | None = None) -> None:
        db = self.session.db
        linked = list_links(db, self.item.id)
        rows = [(link, True) for link in linked] + [
            (link, False) for link in linkable(db, self.item.id)
        ]
        self.rows = {f"{link.kind}-{link.target_id}": (link, done) for link, done in rows}
        table = self.query_one("#link-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        for key, (link, is_linked) in self.rows.items():
            granted = "–" if link.granted_cents is None else format_money(link.granted_cents)
            table.add_row(
                Text("✓", style="bold green") if is_linked else Text(""),
                # The number tells two applications with the same title apart.
                Text.assemble(
                    (f"{link.target_id} ", "dim"), (link.title, "bold" if is_linked else "")
                ),
                Text(format_money(link.requested_cents), justify="right"),
                Text(granted, justify="right"),
                Text(link.status, style="dim"),
                key=key,
            )
        if keep is not None and keep in self.rows:
            # Linked rows move to the top: follow the row, so Enter again undoes it.
            table.move_cursor(row=table.get_row_index(keep))
        elif self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))
        total = Text(f"Al gefinancierd via koppelingen: {format_money(funded_cents(linked))}")
        if not self.rows:
            total = Text(
                "Er zijn nog geen aanvragen of initiatieven uit deze kern om te koppelen.",
                style="dim",
            )
        self.query_one("#link-total", Static).update(total)

    @on(DataTable.RowSelected)
    def toggle(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is None or key not in self.rows:
            return
        link, linked = self.rows[key]
        act = unlink_item if linked else link_item
        try:
            act(self.session.db, self.session.user, self.item.id, link.kind, link.target_id)
        except (InvalidInput, NotAllowed, NotFound) as exc:
            self.query_one("#form-error", Static).update(exc.message)
            return
        self.changed = True
        self.query_one("#form-error", Static).update("")
        self.reload(keep=key)

    def action_close(self) -> None:
        self.dismiss(self.changed)
