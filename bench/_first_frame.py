"""Child of the startup benchmark: start one app headless, note its first frame, exit.

``python _first_frame.py bare|kerngericht DB`` (kerngericht runs the real ``festival --db DB``)
prints one JSON line after the app has exited:
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


def main() -> None:
    kind, db = sys.argv[1], Path(sys.argv[2])
    result: dict[str, Any] = {}
    if kind == "bare":
        run_with_hook(bare_app(), result)
    else:
        run_festival_command(db, result)
    if "frame" not in result:
        raise SystemExit("the app exited before its first frame")
    print(json.dumps(result))


def run_festival_command(db: Path, result: dict[str, Any]) -> None:
    """The real ``festival --db DB`` path (argument parsing, database, imports), hooked."""
    import festival.app
    from festival.cli import run

    factory = festival.app.make_app

    def hooked_factory(*args: Any, **kwargs: Any) -> Any:
        app = factory(*args, **kwargs)
        original_run = app.run

        def headless_run(**_: Any) -> None:
            run_with_hook(app, result, original_run)

        app.run = headless_run
        return app

    festival.app.make_app = hooked_factory  # type: ignore[assignment]
    run(["--db", str(db)])


def run_with_hook(app: Any, result: dict[str, Any], runner: Any = None) -> None:
    """Run ``app`` headless until its first frame, noting the time in ``result``."""

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
    (runner or app.run)(headless=True, size=SIZE)


if __name__ == "__main__":
    main()
