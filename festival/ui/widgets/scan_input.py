"""The desk's input: Enter is taken the moment it arrives, in order with the letters.

Textual types a letter as soon as the key reaches the input, but runs Enter as a binding only
after the key has bubbled up to the app. A scanner that sends a badge twice in one burst
(``CODE⏎CODE⏎``) would then have its second code typed before the first Enter, and the field
would submit ``CODECODE``. Here Enter empties the field in the same step and reports what it
held, so every scan arrives whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widgets import Input


class ScanInput(Input):
    @dataclass
    class Scanned(Message):
        """Enter was pressed with ``value`` in the field (the field is already empty)."""

        scan_input: ScanInput
        value: str

        @property
        def control(self) -> ScanInput:
            return self.scan_input

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            # Report first, then empty: the screen sees the scan before the field's change.
            self.post_message(self.Scanned(self, self.value))
            self.value = ""
            return
        await super()._on_key(event)
