"""Child of the startup benchmark: start one app headless, note its first frame, exit.

``python _first_frame.py bare|kerngericht DB`` prints one JSON line after the app has exited:
``{"frame": <time.time() at the first frame>, "screen": ..., "widgets": ...}``. Only the standard
library is imported before the app's own imports, so the parent's clock covers interpreter start,
imports, database open, compose, layout and the first paint.

The first frame is the same hook for both apps: Textual's ``Ready`` event (sent once the first
screen has been laid out and refreshed), followed by ``call_after_refresh`` on the screen then on
top, so the screen the user actually sees first has processed its pending updates and painted.
Headless mode computes the frame but skips writing escape codes to a terminal.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

SIZE = (120, 40)


def bare_app() -> Any:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Hallo")

    return BareApp()


def kerngericht_app(db: Path) -> Any:
    from festival.app import make_app
    from festival.settings import Settings

    return make_app(Settings(db=db))


def main() -> None:
    kind, db = sys.argv[1], Path(sys.argv[2])
    app = bare_app() if kind == "bare" else kerngericht_app(db)
    result: dict[str, Any] = {}

    def first_frame() -> None:
        result["frame"] = time.time()
        result["screen"] = type(app.screen).__name__
        result["widgets"] = len(app.screen.query("*"))
        app.exit()

    def on_ready(self: Any, event: object) -> None:
        self.screen.call_after_refresh(first_frame)

    # The same hook for both apps without touching the app's code: a subclass made here, with a
    # Ready handler, for the instance the app's own factory built.
    app.__class__ = type(f"FirstFrame{type(app).__name__}", (type(app),), {"on_ready": on_ready})
    app.run(headless=True, size=SIZE)
    if "frame" not in result:
        raise SystemExit("the app exited before its first frame")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
