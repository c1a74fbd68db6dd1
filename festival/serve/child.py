"""One browser tab's app process: ``python -m festival.serve.child --db PATH [--scherm S]``.

The app as the terminal opens it (or the hall screen, or the voting kiosk), which also tells
the festival day who logged in on this tab, so the coordinator sees it among the connected
terminals. The server starts it with ``FESTIVAL_SERVE_SESSION`` set to the tab's id.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Not the server module: a tab's app process needs none of aiohttp or textual-serve.
from festival.serve.sessions import SESSION_ENV

if TYPE_CHECKING:
    from festival.app import KerngerichtApp
    from festival.domain.roles import User


def served(base: type[KerngerichtApp], session_id: str) -> type[KerngerichtApp]:
    """``base`` that notes its logins and logouts on the tab ``session_id``."""
    from festival import app as app_module
    from festival.domain import terminals
    from festival.store.errors import DatabaseError

    class Served(base):  # type: ignore[valid-type, misc]
        # Textual reads a relative CSS_PATH next to the subclass's module: name the app's sheet.
        CSS_PATH = [str(Path(app_module.__file__).with_name("app.tcss"))]

        def start_session(self, user: User) -> None:
            super().start_session(user)
            if self.session is not None:
                try:
                    terminals.logged_in(self.db, user, session_id)
                except DatabaseError as exc:  # the list of terminals can wait; the work not
                    self.notify(str(exc), severity="warning", markup=False)

        def action_logout(self) -> None:
            if self.session is not None:
                try:
                    terminals.logged_out(self.db, self.session.user, session_id)
                except DatabaseError as exc:
                    self.notify(str(exc), severity="warning", markup=False)
            super().action_logout()

    Served.__name__ = f"Served{base.__name__}"
    return Served


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="festival-serve-tab")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--scherm", choices=("app", "zaal", "stemzuil"), default="app")
    args = parser.parse_args(argv)
    from festival.cli.main import open_db
    from festival.core.error_log import new_reference, write_error
    from festival.settings import Settings

    settings = Settings.from_env(db=args.db)
    db = open_db(settings)
    base: Any
    if args.scherm == "zaal":
        from festival.ui.hall_app import HallApp as base
    elif args.scherm == "stemzuil":
        from festival.ui.kiosk_app import KioskApp as base
    else:
        from festival.app import KerngerichtApp as base
    app = served(base, os.environ.get(SESSION_ENV, ""))(settings, db)
    try:
        app.run()
    except Exception as exc:  # logged, never shown with its locals
        write_error(settings.log, exc, new_reference(), context="browserterminal")
        return 1
    return 1 if app.return_code else 0


if __name__ == "__main__":
    sys.exit(main())
