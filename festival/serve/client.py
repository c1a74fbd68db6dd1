"""A scripted browser tab: speaks the page's websocket protocol without a browser.

For the tests and ``make bench`` (memory per session, score-to-board latency): it connects
with the token and an Origin like the page does, reads the screen as plain text (escape
sequences dropped) and types keys.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Callable
from types import TracebackType

import aiohttp

#: Terminal control sequences: CSI, charset selection, OSC; dropped to read the screen's words.
_ESCAPES = re.compile(
    r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[=>78]"
)

#: Keys as the browser's terminal sends them.
KEYS = {
    "enter": "\r",
    "tab": "\t",
    "escape": "\x1b",
    "backspace": "\x7f",
    "ctrl+q": "\x11",
    "ctrl+l": "\x0c",
    "down": "\x1b[B",
    "up": "\x1b[A",
    "pagedown": "\x1b[6~",
    "pageup": "\x1b[5~",
    "f2": "\x1bOQ",
}


def plain_text(raw: str) -> str:
    """The words on a terminal stream, without its control sequences."""
    return _ESCAPES.sub("", raw)


_TOKENS = re.compile(
    r"\x1b\[([0-9;?<>=]*)([ -/]*)([@-~])"
    r"|(\x1b[()][A-Z0-9])|(\x1b\][^\x07\x1b]*(?:\x07|\x1b\\))|(\x1b[=>78])|([^\x1b]+)"
)


class Screen:
    """What the tab shows: a grid of characters that the stream's cursor moves write into.

    Enough of a terminal for Textual's output (it places every run of text with a cursor
    move); styles are dropped. A test reads the screen as it is now, not the whole stream.
    """

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.rows = [[" "] * width for _ in range(height)]
        self.row = self.col = 0

    def feed(self, data: str) -> None:
        for match in _TOKENS.finditer(data):
            params, _, final, *_rest, text = match.groups()
            if final in ("H", "f"):
                parts = [int(p) if p.isdigit() else 1 for p in (params or "").split(";")]
                parts += [1, 1]
                self.row, self.col = parts[0] - 1, parts[1] - 1
            elif final == "J" and params == "2":
                self.rows = [[" "] * self.width for _ in range(self.height)]
            elif text:
                self._write(text)

    def _write(self, text: str) -> None:
        for char in text:
            if char == "\n":
                continue  # Textual places each line with a cursor move
            if char == "\r":
                self.col = 0
                continue
            if 0 <= self.row < self.height and 0 <= self.col < self.width:
                self.rows[self.row][self.col] = char
            self.col += 1

    @property
    def text(self) -> str:
        return "\n".join("".join(row).rstrip() for row in self.rows)


class TerminalClosed(Exception):
    """The server closed the tab's websocket."""

    def __init__(self, code: int | None, text: str) -> None:
        super().__init__(f"closed ({code}): {text[-200:]!r}")
        self.code = code
        self.text = text


class ScriptedTab:
    """One browser tab on ``base_url`` (``http://host:port``) with ``token``."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        origin: str | None = None,
        width: int = 120,
        height: int = 40,
        screen: str = "",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.origin = origin or self.base_url
        self.size = (width, height)
        #: A public screen's path ("zaal") or "" for the app with its login.
        self.path = f"/{screen}" if screen else ""
        self.raw = ""
        self.screen = Screen(width, height)
        self.closed_code: int | None = None
        self.closed = False
        self._http: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()

    async def __aenter__(self) -> ScriptedTab:
        await self.connect()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def connect(self) -> None:
        ws_url = self.base_url.replace("http", "ws", 1)
        width, height = self.size
        self._http = aiohttp.ClientSession()
        self._ws = await self._http.ws_connect(
            f"{ws_url}/ws/{self.token}{self.path}?width={width}&height={height}",
            headers={"Origin": self.origin},
        )
        # Read all the time, as a browser does: the server's pings get their pongs (it closes
        # a tab that stays silent) and the app process never waits on a full pipe.
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        if self._http is not None:
            await self._http.close()

    async def _read(self) -> None:
        assert self._ws is not None
        async for message in self._ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                data = message.data.decode("utf-8", "replace")
                self.raw += data
                self.screen.feed(data)
                self._changed.set()
        self.closed_code = self._ws.close_code
        self.closed = True
        self._changed.set()

    @property
    def text(self) -> str:
        """Everything the tab has been sent so far, as plain text."""
        return plain_text(self.raw)

    async def wait_until(self, check: Callable[[], bool], what: str, timeout: float) -> float:
        """Wait until ``check()`` holds on what arrived; the seconds it took."""
        start = time.monotonic()
        deadline = start + timeout
        while not check():
            if self.closed:
                raise TerminalClosed(self.closed_code, self.text)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{what}; screen:\n{self.screen.text}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), left)
        return time.monotonic() - start

    async def wait_for(self, words: str, *, timeout: float = 15.0) -> float:
        """Wait until ``words`` are on the screen; the seconds it took."""
        return await self.wait_until(
            lambda: words in self.screen.text, f"{words!r} did not show", timeout
        )

    async def wait_gone(self, words: str, *, timeout: float = 15.0) -> None:
        """Wait until ``words`` are no longer on the screen."""
        await self.wait_until(lambda: words not in self.screen.text, f"{words!r} stayed", timeout)

    async def wait_closed(self, timeout: float = 15.0) -> int | None:
        """Wait until the server closes the websocket; its close code."""
        try:
            await self.wait_until(lambda: False, "the tab was not closed", timeout)
        except TerminalClosed as closed:
            return closed.code
        return None  # pragma: no cover  (wait_until only ends by raising here)

    async def type(self, text: str) -> None:
        assert self._ws is not None
        await self._ws.send_json(["stdin", text])

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.type(KEYS[key])

    async def login(self, name: str, pin: str) -> None:
        """Fill the login screen: name, Enter, PIN, Enter.

        The app hands a key to the focused field before it moves the focus, so the PIN waits
        until the name shows and the screen has settled (as a person's typing does).
        """
        await self.wait_for("PIN")
        await self.type(name)
        await self.wait_for(name[-8:])
        await self.press("enter")
        await asyncio.sleep(0.3)
        await self.type(pin)
        await self.press("enter")

    async def drain(self, seconds: float) -> None:
        """Let ``seconds`` pass (what arrives meanwhile is read, as always)."""
        await asyncio.sleep(seconds)


async def gather_tabs(tabs: list[ScriptedTab]) -> None:
    """Connect several tabs at once."""
    await asyncio.gather(*(tab.connect() for tab in tabs))
