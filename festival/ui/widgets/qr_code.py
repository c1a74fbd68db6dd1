"""A badge's QR code drawn in half-block characters, readable by a phone off the screen."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from festival.domain.badges import qr_half_blocks


class QrCode(Static):
    """The QR code of ``code``: black modules on white, quiet zone included.

    The colours are fixed rather than themed: a phone needs dark modules on a light ground, and
    a dark theme's light-on-dark would be an inverted code that many readers refuse. An empty
    code shows nothing.
    """

    DEFAULT_CSS = """
    QrCode { width: auto; height: auto; }
    """

    # Layout only when the picture's size changes (watch_code): every badge code has the same
    # length, so one visitor's code after another's is a repaint, not a new layout.
    code: reactive[str] = reactive("")

    def __init__(
        self,
        code: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, markup=False)
        self.set_reactive(QrCode.code, code)

    def on_mount(self) -> None:
        self.update(self._picture(self.code))

    def watch_code(self, old: str, code: str) -> None:
        self.update(self._picture(code), layout=len(old) != len(code))

    def blank(self) -> None:
        """Show nothing, keeping the size: the code that was shown is no longer the one."""
        self.update(Text(), layout=False)

    @staticmethod
    def _picture(code: str) -> Text:
        if not code:
            return Text()
        # One style over the whole block, spaces included: the white is half the code.
        return Text("\n".join(qr_half_blocks(code)), style="black on white", no_wrap=True)
