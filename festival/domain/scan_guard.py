"""Hand scanners sometimes send a code twice; the second read within a few seconds is ignored."""

from __future__ import annotations

import time
from collections.abc import Callable

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
