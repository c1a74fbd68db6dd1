"""The app as a hall screen: no login, the hall screen only (``festival zaal``, or the hall
link of ``festival serve``)."""

from __future__ import annotations

from pathlib import Path

from festival import app as app_module
from festival.app import KerngerichtApp
from festival.settings import Settings
from festival.store.database import Database
from festival.ui.screens.hall import HallScreen


class HallApp(KerngerichtApp):
    """Opens on the hall screen where the app opens on the login; shows only public
    information, and after an error it comes back to the hall screen, never to a login."""

    # Textual reads a relative CSS_PATH next to the subclass's module: name the app's sheet.
    CSS_PATH = [str(Path(app_module.__file__).with_name("app.tcss"))]

    def _login_screen(self) -> HallScreen:  # type: ignore[override]
        # The hall's first screen takes the login's place in every path that starts over.
        return HallScreen(self.db)

    def action_logout(self) -> None:
        """Nobody is logged in on the hall screen: Ctrl+L does nothing here."""


def make_hall_app(settings: Settings, db: Database | None = None) -> HallApp:
    return HallApp(settings, db)
