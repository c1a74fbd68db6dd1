"""Hand scanners at the desk: a second read of the same code within a few seconds is ignored,
and a scanner's burst of keys is told apart from typing (a scan into a dialog still checks in)."""

from __future__ import annotations

import time
from collections.abc import Callable

from festival.domain import codes

DOUBLE_SCAN_WINDOW = 3.0


class ScanGuard:
    """Remembers the last code handled and when; ``clock`` is injectable for tests."""

    def __init__(
        self, window: float = DOUBLE_SCAN_WINDOW, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._window = window
        self._clock = clock
        self._last: tuple[str, float] | None = None

    def should_handle(self, code: str) -> bool:
        """False when the same code was handled less than ``window`` seconds ago."""
        now = self._clock()
        if self._last is not None and self._last[0] == code and now - self._last[1] < self._window:
            return False
        self._last = (code, now)
        return True

    def forget(self) -> None:
        """Handle the next scan whatever it is: the last one was not stored, so it may be
        scanned again at once."""
        self._last = None


#: The longest pause between two keys of a hand scanner (seconds). Scanners type a code in a
#: few milliseconds a key; nobody types ten characters and Enter by hand this evenly fast.
SCANNER_GAP = 0.05


class ScanBurst:
    """Tells a scanner's burst from typing: the keys since the last pause longer than ``gap``,
    and whether they, followed by Enter just as fast, make a complete valid badge code.

    ``clock`` is injectable for tests.
    """

    def __init__(
        self, gap: float = SCANNER_GAP, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._gap = gap
        self._clock = clock
        self._chars = ""
        self._last: float | None = None

    def typed(self, char: str) -> bool:
        """Note a typed character; True when it starts a new burst (a pause came before)."""
        now = self._clock()
        fresh = self._last is None or now - self._last > self._gap
        if fresh:
            self._chars = ""
        self._chars += char
        self._last = now
        return fresh

    def enter(self) -> str | None:
        """Enter arrived: the badge code when the keys since the last pause are exactly one
        valid code and Enter followed without a pause, else None. Starts afresh either way."""
        now = self._clock()
        in_burst = self._last is not None and now - self._last <= self._gap
        code = codes.normalise(self._chars)
        self.reset()
        return code if in_burst and codes.is_code(code) else None

    def reset(self) -> None:
        """Forget the keys so far (a key that is no character, such as an arrow, came)."""
        self._chars = ""
        self._last = None
