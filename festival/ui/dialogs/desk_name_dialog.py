"""Name this terminal's desk once, so check-ins say where they happened."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Static

from festival.core.errors import InvalidInput
from festival.core.text import clean_text
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField


class DeskNameDialog(FormDialog[str]):
    AUTO_FOCUS = "#desk"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Welke balie is dit?", classes="dialog-title")
            yield Static(
                "De naam staat bij elke check-in, zodat iedereen ziet waar iemand binnenkwam. "
                "Tip: start met --desk 'Balie 1' of FESTIVAL_DESK om dit over te slaan.",
                classes="dialog-help",
            )
            yield FormField(
                "Balie", Input("Balie 1", id="desk", compact=True, max_length=30), name="desk"
            )
            yield from self.form_footer()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        try:
            desk = clean_text(
                self.query_one("#desk", Input).value, "desk", "Balienaam", max_length=30
            )
        except InvalidInput as exc:
            self.show_errors({"desk": exc.message})
            return
        self.dismiss(desk)
