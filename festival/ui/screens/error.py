"""What the user sees instead of a traceback: an unexpected error, in Dutch, and the way on."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

TITLE = "Er ging iets mis"


class ErrorScreen(ModalScreen[None]):
    """An unexpected error: what happened, what to do next, the reference code and the log.

    Closing it (Enter or Escape) returns to the screen underneath: the screen before the one
    that failed, or a fresh home or login screen.
    """

    # Self-contained on purpose: it must show even when a stylesheet is what went wrong.
    DEFAULT_CSS = """
    ErrorScreen {
        align: center middle;
    }
    ErrorScreen > #error-box {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 1 2;
        border: thick $error;
        background: $panel;
    }
    ErrorScreen #error-title {
        text-style: bold;
        margin-bottom: 1;
    }
    ErrorScreen #error-reference {
        margin-top: 1;
    }
    ErrorScreen #error-log {
        color: $text-muted;
    }
    ErrorScreen #error-buttons {
        height: auto;
        margin-top: 1;
    }
    """
    BINDINGS = [Binding("escape", "close", "Verder")]
    AUTO_FOCUS = "#error-close"

    def __init__(self, reference: str, log: Path, *, logged: str | None = None) -> None:
        """``logged`` is None when the details are in ``log``, else why they are not."""
        super().__init__()
        self.reference = reference
        self.log_path = log
        self.logged = logged

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box"):
            yield Static(TITLE, id="error-title")
            yield Static(
                "Kerngericht liep tegen een onverwachte fout aan. Wat u net deed, is misschien "
                "niet bewaard: kijk het na en doe het zo nodig opnieuw.\n\n"
                "Druk op Enter om verder te werken; u komt terug op het vorige scherm. "
                "Gebeurt het opnieuw? Meld het dan bij de coördinator of de beheerder en "
                "noem de foutcode.",
                id="error-help",
                markup=False,
            )
            yield Static(f"Foutcode: {self.reference}", id="error-reference", markup=False)
            # The path on a line of its own: it is long, and read off the screen letter by letter.
            if self.logged is None:
                where = f"De details staan in het logbestand:\n{self.log_path}"
            else:
                where = (
                    f"Het logbestand kon niet worden bijgewerkt ({self.logged}):\n{self.log_path}"
                )
            yield Static(where, id="error-log", markup=False)
            with Horizontal(id="error-buttons"):
                yield Button("Verder (Enter)", id="error-close", variant="primary")

    @on(Button.Pressed, "#error-close")
    def action_close(self) -> None:
        self.dismiss(None)
