"""The QR widget shows the code in half-blocks, black on white, sized to the code."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from festival.domain.badges import qr_half_blocks
from festival.ui.widgets.qr_code import QrCode


class QrApp(App[None]):
    def compose(self) -> ComposeResult:
        yield QrCode("3EET4CN9")


async def test_qr_code_is_black_on_white_and_follows_its_code() -> None:
    app = QrApp()
    async with app.run_test(size=(60, 24)) as pilot:
        widget = app.screen.query_one(QrCode)
        lines = qr_half_blocks("3EET4CN9")
        assert (widget.size.width, widget.size.height) == (len(lines[0]), len(lines))
        content = widget.content
        assert isinstance(content, Text)
        assert content.plain.split("\n") == lines
        # Every cell, the spaces of the quiet zone too, is drawn black on white.
        for y in range(widget.size.height):
            strip = widget.render_line(y)
            assert strip.text == lines[y]
            for segment in strip:
                assert segment.style is not None
                assert segment.style.color is not None and segment.style.bgcolor is not None
                assert segment.style.color.get_truecolor() == (0, 0, 0)
                assert segment.style.bgcolor.get_truecolor() == (255, 255, 255)

        widget.code = "DSEDNXS3"
        await pilot.pause()
        assert widget.render_line(3).text == qr_half_blocks("DSEDNXS3")[3]
        widget.code = ""
        await pilot.pause()
        assert widget.size.height == 0
