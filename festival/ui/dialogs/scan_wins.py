"""Dialogs over the desk: a badge scanned while one of them is open still checks that person in.

A scanner types into whatever has focus. In a text field (:class:`GuardedInput`) the burst is
taken out again; with a button, box or list in focus the keys reach the dialog itself, which
watches them the same way, so the Enter at the end of a code never presses a button. Either way
the desk behind the dialog checks the code in and says the outcome; the dialog stays open with
what was typed.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from festival.domain.scan_guard import ScanBurst
from festival.ui.dialogs.reason_dialog import ReasonDialog
from festival.ui.widgets.form_field import FormField
from festival.ui.widgets.scan_input import GuardedInput


class ScanWins:
    """Mixin for a desk dialog (before the dialog's own screen class in the bases). The desk
    sets :attr:`on_scan` to the function that checks a scanned code in."""

    on_scan: Callable[[str], None] | None = None
    _key_burst: ScanBurst | None = None

    def on_guarded_input_code_scanned(self, event: GuardedInput.CodeScanned) -> None:
        event.stop()
        self._scanned(event.code)

    def on_key(self, event: events.Key) -> None:
        # Only keys no text field took arrive here: a button, checkbox or select had focus.
        if self._key_burst is None:
            self._key_burst = ScanBurst()
        if event.key == "enter":
            code = self._key_burst.enter()
            if code is not None:
                # Stopped here, the Enter never reaches the focused button's binding.
                event.stop()
                event.prevent_default()
                self._scanned(code)
        elif event.is_printable and event.character:
            self._key_burst.typed(event.character)
        else:
            self._key_burst.reset()

    def _scanned(self, code: str) -> None:
        if self.on_scan is not None:
            self.on_scan(code)


class DeskReasonDialog(ScanWins, ReasonDialog):
    """The reason for a correction at the desk (undo a check-in, reprint a badge)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.explanation, classes="dialog-help", markup=False)
            yield FormField(
                "Reden", GuardedInput(id="reason", compact=True, max_length=200), name="reason"
            )
            yield from self.form_footer("Bevestigen")
