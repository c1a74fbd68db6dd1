"""The login screen: a name and a PIN; demo logins are shown while their PIN is the demo PIN."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from festival.domain.accounts import LoginFailed, login
from festival.domain.demo_logins import DemoLogin, logins_with_demo_pin
from festival.domain.pin_key import PinKeyError
from festival.domain.roles import User
from festival.store.database import Database
from festival.store.errors import DatabaseBusy, DiskFull
from festival.ui.widgets.title_bar import TitleBar


class LoginScreen(Screen[None]):
    """Asks for name and PIN; posts :class:`LoggedIn` on success."""

    AUTO_FOCUS = "#name"

    @dataclass
    class LoggedIn(Message):
        user: User

    def __init__(self, db: Database, *, demo_logins: list[DemoLogin], empty: bool) -> None:
        super().__init__()
        self._db = db
        # A demo user whose PIN was changed is left out: that PIN is no longer public.
        self._demo_logins = logins_with_demo_pin(db, demo_logins) if demo_logins else []
        self._empty = empty

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Center(), Vertical(id="login-box"):
            yield Static("Inloggen", id="login-title")
            with Horizontal(classes="login-row"):
                yield Label("Naam")
                yield Input(id="name", placeholder="uw naam", compact=True)
            with Horizontal(classes="login-row"):
                yield Label("PIN")
                yield Input(
                    id="pin",
                    password=True,
                    placeholder="cijfers",
                    restrict=r"[0-9]*",  # \d would let other scripts' digits in
                    max_length=12,
                    compact=True,
                )
            yield Static("", id="login-error", markup=False)
            yield Button("Inloggen", id="login", variant="primary", compact=True)
            if self._empty:
                yield Static(
                    "Er zijn nog geen gebruikers. Maak de eerste coördinator aan met\n"
                    "  festival users add NAAM --rol coördinator\n"
                    "of laad een voorbeeldfestival met: festival demo",
                    id="login-empty",
                    markup=False,
                )
        if self._demo_logins:
            with Center(id="demo-box"):
                yield Static("Demo: verzonnen gebruikers", id="demo-title")
                yield Static(self._demo_table(), id="demo-logins")
        # No Footer: its only key here would be Ctrl+Q, said below the box instead; the
        # login is the first frame everyone waits for (make bench, startup row).
        yield Static("Ctrl+Q: afsluiten", id="login-quit")

    def _demo_table(self) -> Table:
        # A rendered table, not a DataTable: nothing here to select, and it mounts faster.
        table = Table(box=None, header_style="bold", pad_edge=False)
        for column in ("Naam", "Rol", "PIN"):
            table.add_column(column)
        for d in self._demo_logins:
            table.add_row(Text(d.name), Text(d.role.label), Text(d.pin))
        return table

    @on(Input.Submitted, "#name")
    def _name_entered(self) -> None:
        # set_focus moves focus now, not on a later turn, so a fast typist's PIN lands right.
        self.set_focus(self.query_one("#pin", Input))

    @on(Input.Submitted, "#pin")
    @on(Button.Pressed, "#login")
    def _submit(self) -> None:
        name = self.query_one("#name", Input).value
        pin_input = self.query_one("#pin", Input)
        error = self.query_one("#login-error", Static)
        if not name.strip() or not pin_input.value:
            error.update("Vul uw naam en PIN in.")
            return
        try:
            user = login(self._db, name, pin_input.value)
        except (LoginFailed, PinKeyError) as exc:
            error.update(exc.message)
            pin_input.value = ""
            pin_input.focus()
            return
        except (DatabaseBusy, DiskFull) as exc:
            # Another terminal's long write, or no room: nothing was counted; try again soon.
            error.update(str(exc))
            pin_input.value = ""
            pin_input.focus()
            return
        error.update("")
        self.post_message(self.LoggedIn(user))
