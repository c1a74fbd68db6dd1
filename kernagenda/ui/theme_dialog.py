"""Add a theme to the list every agenda chooses from, or rename one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Static

from festival.core.errors import InvalidInput, NotAllowed, NotFound
from festival.session import Session
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField
from kernagenda.domain.themes import add_theme, list_themes, rename_theme


class ThemeDialog(FormDialog[str]):
    """Adds a theme, or renames ``current`` (and its items); returns the name it got, or None
    when cancelled."""

    AUTO_FOCUS = "#theme-name"

    def __init__(self, session: Session, current: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            if self.current is None:
                themes = ", ".join(list_themes(self.session.db))
                yield Static("Thema toevoegen", classes="dialog-title")
                yield Static(f"Nu: {themes}.", classes="dialog-help", markup=False)
            else:
                yield Static(
                    f"Thema {self.current} hernoemen", classes="dialog-title", markup=False
                )
                yield Static(
                    "Elk agendapunt met dit thema krijgt de nieuwe naam (met een regel in "
                    "zijn geschiedenis); een vastgestelde agenda wordt daarmee de volgende "
                    "conceptversie.",
                    classes="dialog-help",
                )
            yield FormField(
                "Thema",
                Input(self.current or "", id="theme-name", compact=True, max_length=60),
                name="theme",
            )
            yield from self.form_footer("Toevoegen" if self.current is None else "Hernoemen")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        name = self.query_one("#theme-name", Input).value
        db, user = self.session.db, self.session.user
        try:
            if self.current is None:
                saved = add_theme(db, user, name)
            else:
                saved = rename_theme(db, user, self.current, name)
        except InvalidInput as exc:
            self.show_errors({"theme": exc.message})
            return
        except (NotAllowed, NotFound) as exc:
            self.show_errors({}, exc.message)
            return
        self.dismiss(saved)
