"""Before printing a badge whose name the fonts cannot draw: print it in Latin letters?"""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from festival.domain.badges import Unprintable

#: What staff chose: the name in Latin letters, or the name as it is (with empty boxes).
Choice = Literal["latin", "as_typed"]


class BadgeNameDialog(ModalScreen[Choice | None]):
    """Says which characters would print as empty boxes and offers the name in Latin letters
    (Enter); "Toch zo printen" keeps the name as typed; Escape prints nothing."""

    CSS_PATH = "badge_name_dialog.tcss"
    BINDINGS = [Binding("escape", "cancel", "Niet printen")]
    AUTO_FOCUS = "#latin"

    def __init__(self, problem: Unprintable) -> None:
        super().__init__()
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Niet alle tekens kunnen geprint worden", classes="dialog-title")
            yield Static(self.problem.message, classes="dialog-help", markup=False)
            yield Static(
                f"In Latijnse letters: {self.problem.latin}",
                id="latin-name",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("In Latijnse letters", id="latin", variant="primary")
                yield Button("Toch zo printen", id="as-typed")
                yield Button("Niet printen (Esc)", id="cancel")

    @on(Button.Pressed, "#latin")
    def latin(self) -> None:
        self.dismiss("latin")

    @on(Button.Pressed, "#as-typed")
    def as_typed(self) -> None:
        self.dismiss("as_typed")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
