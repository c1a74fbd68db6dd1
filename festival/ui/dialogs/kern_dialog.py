"""Add a kern or rename one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Static

from festival.core.errors import InvalidInput, NotAllowed
from festival.domain import kernen
from festival.domain.kernen import Kern
from festival.session import Session
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField


class KernDialog(FormDialog[Kern]):
    def __init__(self, session: Session, kern: Kern | None = None) -> None:
        super().__init__()
        self.session = session
        self.kern = kern

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Kern hernoemen" if self.kern else "Nieuwe kern", classes="dialog-title")
            yield FormField(
                "Naam",
                Input(self.kern.name if self.kern else "", id="name", compact=True, max_length=60),
                name="name",
            )
            yield from self.form_footer()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        name = self.query_one("#name", Input).value
        try:
            if self.kern is None:
                kern = kernen.add_kern(self.session.db, self.session.user, name)
            else:
                kern = kernen.update_kern(
                    self.session.db, self.session.user, self.kern.id, name=name
                )
        except InvalidInput as exc:
            self.show_errors({"name": exc.message})
            return
        except NotAllowed as exc:
            self.show_errors({}, exc.message)
            return
        self.dismiss(kern)
