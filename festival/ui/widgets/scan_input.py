"""The desk's input: Enter is taken the moment it arrives, in order with the letters.

Textual types a letter as soon as the key reaches the input, but runs Enter as a binding only
after the key has bubbled up to the app. A scanner that sends a badge twice in one burst
(``CODE⏎CODE⏎``) would then have its second code typed before the first Enter, and the field
would submit ``CODECODE``. Here Enter reports the field's value at once; the next key starts a
fresh value, and the screen empties the field when it has handled a scan that nothing has
overtaken. Emptying it on the screen's turn, not here, keeps the outcome and the empty field in
one frame (an extra frame in between would cost up to two frame intervals).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.message import Message
from textual.widgets import Input

from festival.domain.scan_guard import ScanBurst


class ScanInput(Input):
    @dataclass
    class Scanned(Message):
        """Enter was pressed with ``value`` in the field."""

        scan_input: ScanInput
        value: str

        @property
        def control(self) -> ScanInput:
            return self.scan_input

    _submitted = False
    #: Called with the field's value right after a typed character changed it, in the same turn
    #: of the event loop, so what it shows (the desk's matches) reaches the screen in the same
    #: frame as the character. ``Input.Changed`` travels up through two message queues and,
    #: measured, arrives after a frame with only the character has been drawn, which puts the
    #: matches one to two frame intervals later. The screen that owns the field sets it.
    on_typed: Callable[[str], None] | None = None
    #: Called with the field's value when Enter arrives, in the same turn (for the same reason:
    #: the outcome of a scan then shows in the next frame, not one or two later); without it,
    #: :class:`ScanInput.Scanned` is posted.
    on_entered: Callable[[str], None] | None = None

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self._submitted = True
            if self.on_entered is not None:
                self.on_entered(self.value)
            else:
                self.post_message(self.Scanned(self, self.value))
            return
        if self._submitted and event.is_printable:
            # A key after Enter that the screen has not caught up with: the next scan begins.
            self._submitted = False
            self.value = ""
        before = self.value
        await super()._on_key(event)
        if self.on_typed is not None and self.value != before:
            self.on_typed(self.value)

    def handled(self, value: str, *, keep: bool = False) -> None:
        """The screen has dealt with the scan of ``value``: empty the field unless newer typing
        has already replaced it (or ``keep``: the text stays for more typing)."""
        if self._submitted and self.value == value and not keep:
            self.value = ""
        self._submitted = False


class GuardedInput(Input):
    """A text field in a dialog over the desk: a badge code that a scanner bursts into it,
    Enter included, is taken out again and reported as :class:`GuardedInput.CodeScanned`, so
    the field keeps what was typed before the burst and the code is never saved as text."""

    @dataclass
    class CodeScanned(Message):
        """A scanner typed ``code`` and Enter into ``field``."""

        field: GuardedInput
        code: str

        @property
        def control(self) -> GuardedInput:
            return self.field

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.burst = ScanBurst()
        self._before: tuple[str, int] = ("", 0)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            code = self.burst.enter()
            if code is not None:
                event.stop()
                event.prevent_default()
                self.value, self.cursor_position = self._before
                self.post_message(self.CodeScanned(self, code))
                return
        elif event.is_printable and event.character:
            if self.burst.typed(event.character):
                self._before = (self.value, self.cursor_position)
        else:
            self.burst.reset()
        await super()._on_key(event)
