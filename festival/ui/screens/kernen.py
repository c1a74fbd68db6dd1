"""The kernen of Buren; the coordinator renames, adds, and marks the kernagenda pilots."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from festival.domain import kernen, permissions
from festival.domain.kernen import Kern
from festival.session import Session
from festival.ui.dialogs.kern_dialog import KernDialog
from festival.ui.screens.live_screen import LiveScreen
from festival.ui.widgets.record_table import RecordTable
from festival.ui.widgets.title_bar import TitleBar


class KernenScreen(LiveScreen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug"),
        Binding("n", "new", "Nieuw"),
        Binding("r", "rename", "Hernoemen"),
        Binding("p", "toggle_pilot", "Pilot aan/uit"),
        Binding("a", "toggle_active", "Actief aan/uit"),
    ]
    AUTO_FOCUS = "#kernen"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.kernen: dict[int, Kern] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Kernen", classes="screen-title")
        yield RecordTable(id="kernen", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#kernen", RecordTable)
        table.add_column("Kern", width=20)
        table.add_column("Kernagenda", width=12)
        table.add_column("Status", width=10)
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new", "rename", "toggle_pilot", "toggle_active"):
            return permissions.allowed(self.session.user, permissions.KERNEN_MANAGE)
        return True

    def reload(self) -> None:
        table = self.query_one("#kernen", RecordTable)
        current = self.current_kern()
        table.clear()
        self.kernen = {k.id: k for k in kernen.list_kernen(self.session.db, include_inactive=True)}
        for k in self.kernen.values():
            table.add_row(
                Text(k.name),
                Text("pilot", style="bold magenta") if k.is_pilot else Text(""),
                Text("actief") if k.active else Text("inactief", style="dim"),
                key=str(k.id),
            )
        table.select_id(current.id if current else None)

    def current_kern(self) -> Kern | None:
        selected = self.query_one("#kernen", RecordTable).selected_id
        return None if selected is None else self.kernen.get(selected)

    def action_new(self) -> None:
        self.app.push_screen(KernDialog(self.session), self._saved)

    def action_rename(self) -> None:
        kern = self.current_kern()
        if kern is not None:
            self.app.push_screen(KernDialog(self.session, kern), self._saved)

    def _saved(self, kern: Kern | None) -> None:
        if kern is not None:
            self.reload()
            self.notify(f"Kern {kern.name} opgeslagen.", markup=False)

    def action_toggle_pilot(self) -> None:
        kern = self.current_kern()
        if kern is not None:
            self._update(kern, is_pilot=not kern.is_pilot)

    def action_toggle_active(self) -> None:
        kern = self.current_kern()
        if kern is not None:
            self._update(kern, active=not kern.active)

    def _update(
        self, kern: Kern, *, is_pilot: bool | None = None, active: bool | None = None
    ) -> None:
        kernen.update_kern(
            self.session.db, self.session.user, kern.id, is_pilot=is_pilot, active=active
        )
        self.reload()
