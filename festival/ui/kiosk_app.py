"""The app as a voting kiosk (``festival stemzuil``, or the kiosk link of ``festival serve``):
a staff member logs in once, then the kiosk screen takes over."""

from __future__ import annotations

from pathlib import Path

from festival import app as app_module
from festival.app import KerngerichtApp
from festival.domain import permissions
from festival.domain.festivals import current_festival
from festival.domain.roles import User
from festival.session import Session
from festival.settings import Settings
from festival.store.database import Database
from festival.ui.screens.kiosk import KioskScreen


class KioskApp(KerngerichtApp):
    """After the login: the kiosk screen, never the home (visitors use this terminal)."""

    # Textual reads a relative CSS_PATH next to the subclass's module: name the app's sheet.
    CSS_PATH = [str(Path(app_module.__file__).with_name("app.tcss"))]

    def start_session(self, user: User) -> None:
        if not permissions.allowed(user, permissions.KIOSK_RUN):
            self.notify(permissions.KIOSK_RUN.refusal, severity="error", markup=False)
            self.switch_screen(self._login_screen())
            return
        festival = current_festival(self.db)
        if festival is None:
            self.notify("Er is nog geen festival.", severity="error", markup=False)
            self.switch_screen(self._login_screen())
            return
        self.session = Session(db=self.db, user=user, settings=self.settings)
        self.switch_screen(KioskScreen(self.session, festival))


def make_kiosk_app(settings: Settings, db: Database | None = None) -> KioskApp:
    return KioskApp(settings, db)
