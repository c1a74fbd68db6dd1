"""A screen that only says something (for a section that cannot open yet)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from festival.ui.widgets.title_bar import TitleBar


class MessageScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug"),
        Binding("ctrl+l", "app.logout", "Uitloggen"),
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(self.title_text, classes="screen-title", markup=False)
        with VerticalScroll(id="message-body"):
            yield Static(self.message, id="message", markup=False)
        yield Footer()
