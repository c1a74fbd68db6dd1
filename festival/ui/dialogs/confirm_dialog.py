"""Ask once before a step that cannot be taken back by the same user (e.g. vaststellen)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmDialog(ModalScreen[bool]):
    """Returns True when confirmed; Escape or the other button return False."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren")]
    AUTO_FOCUS = "#cancel"

    def __init__(
        self, title: str, explanation: str, confirm_label: str, *, confirm_first: bool = False
    ) -> None:
        super().__init__()
        self.title_text = title
        self.explanation = explanation
        self.confirm_label = confirm_label
        # Enter confirms a step the user asked for on purpose (vaststellen); a step that loses
        # something (throwing away typed text, overwriting a file) starts on Annuleren.
        self.confirm_first = confirm_first

    def on_mount(self) -> None:
        if self.confirm_first:
            self.query_one("#confirm", Button).focus()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.explanation, classes="dialog-help", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.confirm_label, id="confirm", variant="primary")
                yield Button("Annuleren (Esc)", id="cancel")

    @on(Button.Pressed, "#confirm")
    def confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
