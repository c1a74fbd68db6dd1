"""The Textual application: login, the role's home, and the change watch. Wiring only."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from textual._context import active_message_pump
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode, NoScreen
from textual.message import Message
from textual.screen import Screen
from textual.signal import Signal
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import WorkerFailed

from festival.core.error_log import new_reference, write_error
from festival.core.files import os_error_text
from festival.domain import demo_logins as demo
from festival.domain.roles import Role, User
from festival.features import feature_named, installed
from festival.session import Session
from festival.settings import Settings
from festival.store.database import ChangeWatch, Database
from festival.ui.command_palette import KerngerichtPalette, RoleCommands
from festival.ui.screens.error import ErrorScreen
from festival.ui.screens.login import LoginScreen

if TYPE_CHECKING:
    from festival.ui.sections import Section


class KerngerichtApp(App[None]):
    """One app for every role; ``settings.start`` picks festival or kernagenda after login."""

    # Installed features add their stylesheets (see __init__).
    CSS_PATH = ["app.tcss"]
    TITLE = "Kerngericht"
    SUB_TITLE = "gemeente Buren"
    # The palette offers the logged-in role's sections and the screen's keys, nothing else
    # (Textual's own commands, theme and screenshot among them, do not fit a desk terminal).
    COMMANDS = {RoleCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Afsluiten", priority=True),
        # A control key: a badge scanner types letters and Enter, never Ctrl+P. Not in the
        # footer (app.tcss hides it there); the key help sheets list it.
        Binding(
            "ctrl+p",
            "command_palette",
            "Opdrachten",
            show=False,
            priority=True,
            tooltip="Onderdelen en opdrachten zoeken",
        ),
    ]

    def __init__(self, settings: Settings, db: Database | None = None) -> None:
        sheets = [sheet for feature in installed() for sheet in feature.stylesheets]
        super().__init__(css_path=[*self.CSS_PATH, *sheets])
        self.settings = settings
        self.db = db or Database(settings.db)
        self.session: Session | None = None
        #: Published when another terminal commits; screens follow it through follow_changes.
        self.data_changed: Signal[None] = Signal(self, "data_changed")
        self._followers: list[DOMNode] = []
        #: The reference code of every unexpected error met so far, oldest first.
        self.error_references: list[str] = []
        # The home or login screen put in place of one that failed: if it fails too, the
        # next step is the login, and after that nothing more is rebuilt (no endless loop).
        self._rebuilt: Screen[Any] | None = None

    def on_mount(self) -> None:
        self._watch = ChangeWatch(self.db)
        self.set_interval(self.settings.poll_interval, self._poll_changes)
        self.push_screen(self._login_screen())

    def _login_screen(self) -> LoginScreen:
        logins = list(demo.DEMO_LOGINS) if demo.has_demo(self.db) else []
        return LoginScreen(self.db, demo_logins=logins, empty=demo.is_empty(self.db))

    def follow_changes(self, node: DOMNode, callback: Callable[[None], object]) -> None:
        """Call ``callback`` whenever another terminal (or this one) commits, while ``node``
        lives."""
        self.data_changed.subscribe(node, callback)
        self._followers.append(node)

    def _poll_changes(self) -> None:
        # Signal keeps its subscribers in a WeakKeyDictionary whose callbacks hold the node, so a
        # closed screen would live (and refresh) forever: let go of it here (measured: the
        # kernagenda opened 30 times made each full GC take 0.6 s).
        closed = [node for node in self._followers if not node.is_running]
        for node in closed:
            self.data_changed.unsubscribe(node)
            self._followers.remove(node)
        if self._watch.changed():
            self.data_changed.publish(None)

    def on_login_screen_logged_in(self, message: LoginScreen.LoggedIn) -> None:
        self.start_session(message.user)

    def start_session(self, user: User) -> None:
        # Imported here: the home and its sections load the budget models, which the login
        # screen does not need (measured: the first frame comes sooner).
        from festival.ui.screens.home import HomeScreen

        self.session = Session(
            db=self.db, user=user, settings=self.settings, desk=self.settings.desk
        )
        self.switch_screen(HomeScreen(self.session))
        # A feature's own command (`kernagenda`) opens its section; the desk's and the jury's
        # work is one screen. The home stays underneath either way (Escape).
        from festival.ui.sections import section_by_key, section_for

        feature = feature_named(self.settings.start)
        if feature is not None and feature.start_section is not None:
            self.push_screen(section_by_key(feature.start_section).open(self.session))
        elif user.role in (Role.DESK, Role.JURY):
            self.push_screen(section_for(user.role).open(self.session))

    def action_command_palette(self) -> None:
        # Before login there is no role, so nothing to offer.
        if self.session is not None and not isinstance(self.screen, CommandPalette):
            self.push_screen(KerngerichtPalette())

    def open_section(self, section: Section) -> None:
        """Open a home section from wherever the user is: back to the home, then the section."""
        assert self.session is not None
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.push_screen(section.open(self.session))

    def action_logout(self) -> None:
        self.session = None
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(self._login_screen())

    def on_unmount(self) -> None:
        self.db.close()

    # -- unexpected errors ---------------------------------------------------------------------
    # Textual's own handling prints a traceback with local variables (a PIN typed at the
    # login among them) and ends the app, which drops a desk or jury terminal into its shell.
    # Here the traceback goes to the owner-only log and the user gets a Dutch error screen.

    async def _dispatch_message(self, message: Message) -> None:
        # Textual stops a node's message loop after an error in one of its handlers; for the
        # app itself that would end the app. The app's own handlers go on after an error.
        try:
            await super()._dispatch_message(message)
        except Exception as error:
            self._handle_exception(error)

    def _handle_exception(self, error: Exception) -> None:
        """Log an unexpected error (traceback with locals, PINs hidden) and show the Dutch
        error screen; the app goes on. While the app ends, only log it and end with code 1."""
        try:
            self._report_error(error)
        except Exception:
            # Last resort, should reporting itself fail: end quietly with code 1 (the command
            # line says so in Dutch) rather than let Textual print a traceback.
            self.exit(return_code=1)

    def _report_error(self, error: Exception) -> None:
        failed: BaseException = error.error if isinstance(error, WorkerFailed) else error
        # A worker's screen still runs; a handler's or compose's screen stopped taking messages.
        broken = None if isinstance(error, WorkerFailed) else _failed_screen()
        reference = new_reference()
        self.error_references.append(reference)
        logged: str | None = None
        try:
            write_error(self.settings.log, failed, reference, hide=self._typed_secrets())
        except OSError as exc:
            logged = os_error_text(exc)
        except Exception:  # the log must never be the second crash
            logged = "onbekende fout"
        started = self._is_mounted
        ending = self._exit or (started and not self.is_running)
        if ending or not started:
            # No screen to show it on, now or (if the start fails) ever: the command line
            # names the log and exits 1. Ctrl+Q after a recovered start resets this to 0.
            self._return_code = 1
        if not ending:
            notice = ErrorScreen(reference, self.settings.log, logged=logged)
            self.call_later(self._recover, broken, notice)

    def record_error(self, error: BaseException, *, context: str = "") -> str | None:
        """Write an error the app goes on after to the error log; its reference, or None when
        the log cannot be written. Safe from a worker thread (it only appends to the file)."""
        reference = new_reference()
        try:
            write_error(self.settings.log, error, reference, context=context)
        except Exception:  # the log must never be the second failure
            return None
        return reference

    def _typed_secrets(self) -> list[str]:
        # What password fields hold right now (the PIN at the login): never into the log.
        try:
            return [
                field.value
                for screen in self.screen_stack
                for field in screen.query(Input)
                if field.password and field.value
            ]
        except Exception:
            return []

    def _recover(self, broken: Screen[Any] | None, notice: ErrorScreen) -> None:
        """Put a working screen back in place of ``broken`` and show ``notice`` above it."""
        if isinstance(broken, ErrorScreen):
            # The error screen itself failed: close it; another one would fail the same way.
            while broken in self.screen_stack:
                self.pop_screen()
            self.notify(
                f"Er ging iets mis (foutcode {notice.reference}).", severity="error", timeout=30
            )
            return
        try:
            show = self._restore_screens(broken)
        except Exception as error:
            # Putting a screen back failed as well: log it under the same code and show the
            # error over whatever is there (handling it as a new error could loop forever).
            with suppress(OSError):
                write_error(self.settings.log, error, notice.reference, context="bij herstel")
            show = True
        if show:
            self.push_screen(notice)

    def _restore_screens(self, broken: Screen[Any] | None) -> bool:
        """Take ``broken`` off the stack (or put a fresh home or login in its place); False
        when an error screen is up already."""
        stack = self.screen_stack
        if broken is not None and broken in stack and stack.index(broken) >= 2:
            # A screen opened from the home (or a dialog): back to the screen before it.
            while broken in self.screen_stack:
                self.pop_screen()
        elif broken is not None and broken in stack:
            # The home or the login itself: a fresh one in its place.
            fresh = self._fresh_base(broken)
            if fresh is not None:
                while len(self.screen_stack) > stack.index(broken) + 1:
                    self.pop_screen()
                self.switch_screen(fresh)
        elif len(stack) <= 1:
            # Only Textual's empty default screen: the app's own start failed.
            fresh = self._fresh_base(None)
            if fresh is not None:
                self.push_screen(fresh)
        elif isinstance(self.screen, ErrorScreen):
            # One error screen at a time (a screen that failed in compose fails again in
            # on_mount); this error has its own entry in the log.
            return False
        return True

    def _fresh_base(self, broken: Screen[Any] | None) -> Screen[Any] | None:
        """A new home (or login) to put at the bottom, or None when that failed already."""
        if broken is not None and broken is self._rebuilt and isinstance(broken, LoginScreen):
            return None  # a fresh login failed too: leave it to the user (Ctrl+Q ends)
        fresh: Screen[Any]
        if self.session is not None and (broken is None or broken is not self._rebuilt):
            from festival.ui.screens.home import HomeScreen

            fresh = HomeScreen(self.session)
        else:
            # A fresh home failed as well (or nobody is logged in yet): start at the login.
            self.session = None
            fresh = self._login_screen()
        self._rebuilt = fresh
        return fresh


def _failed_screen() -> Screen[Any] | None:
    """The screen whose handler or compose raised: its message loop has stopped."""
    try:
        pump = active_message_pump.get()
    except LookupError:
        return None
    if isinstance(pump, Screen):
        return pump
    if isinstance(pump, Widget):
        try:
            return pump.screen
        except NoScreen:
            return None
    return None


def make_app(settings: Settings, db: Database | None = None) -> KerngerichtApp:
    """The one factory for the command line, the tests and the benchmarks."""
    return KerngerichtApp(settings, db)
