"""The line at the top of every screen: the application's name and the municipality's.

Textual's ``Header`` watches the app's title from each screen and is never let go of when the
screen closes (measured: every opened screen left its header, and its drawn lines, in memory),
so screens use this plain bar instead.
"""

from __future__ import annotations

from textual.widgets import Static


class TitleBar(Static):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-align: center;
    }
    """

    def on_mount(self) -> None:
        self.update(f"{self.app.title} — {self.app.sub_title}")
