"""Ask for the reason of a correction (undo a check-in, reprint a badge)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Static

from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField


class ReasonDialog(FormDialog[str]):
    """Returns the reason typed, or None when cancelled."""

    AUTO_FOCUS = "#reason"

    def __init__(self, title: str, explanation: str) -> None:
        super().__init__()
        self.title_text = title
        self.explanation = explanation

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.explanation, classes="dialog-help", markup=False)
            yield FormField(
                "Reden", Input(id="reason", compact=True, max_length=200), name="reason"
            )
            yield from self.form_footer("Bevestigen")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.show_errors({"reason": "Een reden is verplicht."})
            return
        self.dismiss(reason)
