"""Add a theme to the list every agenda chooses from."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Static

from festival.domain.errors import InvalidInput, NotAllowed
from festival.session import Session
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField
from kernagenda.domain import agenda as ag


class ThemeDialog(FormDialog[str]):
    """Returns the new theme's name, or None when cancelled."""

    AUTO_FOCUS = "#theme-name"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        themes = ", ".join(ag.list_themes(self.session.db))
        with Vertical(classes="dialog"):
            yield Static("Thema toevoegen", classes="dialog-title")
            yield Static(f"Nu: {themes}.", classes="dialog-help", markup=False)
            yield FormField(
                "Thema", Input(id="theme-name", compact=True, max_length=60), name="theme"
            )
            yield from self.form_footer("Toevoegen")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        name = self.query_one("#theme-name", Input).value
        try:
            ag.add_theme(self.session.db, self.session.user, name)
        except InvalidInput as exc:
            self.show_errors({"theme": exc.message})
            return
        except NotAllowed as exc:
            self.show_errors({}, exc.message)
            return
        self.dismiss(name.strip())
