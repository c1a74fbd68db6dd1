"""The Textual application: login, the role's home, and the change watch. Wiring only."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.signal import Signal

from festival.domain import demo_logins as demo
from festival.domain.roles import Role, User
from festival.features import feature_named, installed
from festival.session import Session
from festival.settings import Settings
from festival.store.database import ChangeWatch, Database
from festival.ui.command_palette import KerngerichtPalette, RoleCommands
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


def make_app(settings: Settings, db: Database | None = None) -> KerngerichtApp:
    """The one factory for the command line, the tests and the benchmarks."""
    return KerngerichtApp(settings, db)
