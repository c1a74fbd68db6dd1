"""The coordinator's user management: add, reset a PIN, deactivate or activate."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from festival.core.errors import NotAllowed
from festival.domain import accounts as users
from festival.domain.kernen import list_kernen
from festival.domain.roles import User
from festival.session import Session
from festival.ui.dialogs.user_dialog import PinDialog, UserDialog
from festival.ui.screens.live_screen import LiveScreen
from festival.ui.widgets.record_table import RecordTable
from festival.ui.widgets.title_bar import TitleBar


class UsersScreen(LiveScreen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug"),
        Binding("n", "new", "Nieuw"),
        Binding("p", "pin", "PIN opnieuw"),
        Binding("d", "toggle_active", "(De)activeren"),
    ]
    AUTO_FOCUS = "#users"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.users: dict[int, User] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Gebruikers", classes="screen-title")
        yield RecordTable(id="users", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#users", RecordTable)
        table.add_column("Naam", width=26)
        table.add_column("Rol", width=14)
        table.add_column("Status", width=22)
        table.add_column("Kernen")
        self.reload()

    def reload(self) -> None:
        kern_names = {k.id: k.name for k in list_kernen(self.session.db, include_inactive=True)}
        table = self.query_one("#users", RecordTable)
        current = self.current_user()
        table.clear()
        now = datetime.now(UTC)
        self.users = {u.id: u for u in users.list_users(self.session.db, self.session.user)}
        for u in self.users.values():
            if not u.active:
                status = Text("gedeactiveerd", style="dim")
            elif u.locked_until and u.locked_until > now:
                until = u.locked_until.astimezone().strftime("%H:%M")
                status = Text(f"geblokkeerd tot {until}", style="red")
            else:
                status = Text("actief", style="green")
            table.add_row(
                Text(u.name),
                Text(u.role.label),
                status,
                Text(", ".join(sorted(kern_names[k] for k in u.kern_ids))),
                key=str(u.id),
            )
        table.select_id(current.id if current else None)

    def current_user(self) -> User | None:
        selected = self.query_one("#users", RecordTable).selected_id
        return None if selected is None else self.users.get(selected)

    def action_new(self) -> None:
        self.app.push_screen(
            UserDialog(self.session, list_kernen(self.session.db)), self._user_added
        )

    def _user_added(self, user: User | None) -> None:
        if user is not None:
            self.reload()
            self.notify(f"Gebruiker {user.name} toegevoegd.", markup=False)

    def action_pin(self) -> None:
        user = self.current_user()
        if user is not None:
            self.app.push_screen(PinDialog(self.session, user), self._pin_reset)

    def _pin_reset(self, done: bool | None) -> None:
        if done:
            self.reload()
            self.notify("Nieuwe PIN ingesteld; een blokkade is opgeheven.")

    def action_toggle_active(self) -> None:
        user = self.current_user()
        if user is None:
            return
        try:
            users.set_active(self.session.db, self.session.user, user.id, not user.active)
        except NotAllowed as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        self.reload()
        state = "gedeactiveerd" if user.active else "weer actief"
        self.notify(f"{user.name} is {state}.", markup=False)
