"""The coordinator's connected terminals (festival serve): the link and its QR code, every
browser tab with its kind, who is logged in and since when, and ending one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Static

from festival.core.errors import NotFound
from festival.domain import terminals
from festival.domain.badges import HALF_BLOCKS
from festival.domain.terminals import Terminal
from festival.serve.qr import qr_matrix
from festival.session import Session
from festival.ui.screens.live_screen import LiveScreen
from festival.ui.widgets.title_bar import TitleBar

NO_SERVER = (
    "De server voor de browsers draait niet. Start hem op de festivalmachine met "
    "'festival --als NAAM serve --host 0.0.0.0'; de link en de QR-code staan dan hier."
)


def link_picture(link: str) -> Text:
    """The link's QR code, small (error correction L, a quiet zone of two), black on white:
    it fits beside the list at 120x36 and whole on a 80x24 terminal."""
    if not link:
        return Text()
    matrix = qr_matrix(link)
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))
    lines = [
        "".join(HALF_BLOCKS[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(matrix[::2], matrix[1::2], strict=True)
    ]
    return Text("\n".join(lines), style="black on white", no_wrap=True)


def since(terminal: Terminal) -> str:
    moment = terminal.logged_in_at or terminal.opened_at
    return moment.astimezone().strftime("%H:%M")


class TerminalsScreen(LiveScreen[None]):
    CSS_PATH = "terminals.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug"),
        Binding("e", "end", "Terminal beëindigen"),
    ]
    AUTO_FOCUS = "#terminals"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.shown: list[Terminal] = []
        self.link = ""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="terminals-body"):
            with Vertical(id="terminals-left"):
                yield Static(id="terminals-link", markup=False)
                yield DataTable[str](id="terminals", cursor_type="row", zebra_stripes=True)
            yield Static(id="terminals-qr")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#terminals", DataTable)
        table.add_columns("Soort", "Gebruiker", "Rol", "Sinds", "Adres", "")
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        db, user = self.session.db, self.session.user
        link = terminals.current_link(db, user)
        self.shown = terminals.list_terminals(db, user)
        if link is None:
            self.query_one("#terminals-link", Static).update(NO_SERVER)
        else:
            self.query_one("#terminals-link", Static).update(
                f"Terminals in de browser: {len(self.shown)} verbonden.\n\n"
                f"Link voor laptops en tablets (of scan de QR-code):\n{link}\n\n"
                "e: de gekozen terminal beëindigen (wie daar werkt, moet opnieuw inloggen)."
            )
        self.link = link or ""
        self.query_one("#terminals-qr", Static).update(link_picture(self.link))
        table = self.query_one("#terminals", DataTable)
        row = table.cursor_row
        table.clear()
        for t in self.shown:
            table.add_row(
                t.label,
                t.user_name or "niet ingelogd",
                t.role.label if t.role else "",
                since(t),
                t.peer,
                "wordt beëindigd" if t.ending else "",
                key=t.session_id,
            )
        if self.shown:
            table.move_cursor(row=min(row, len(self.shown) - 1))

    def action_end(self) -> None:
        table = self.query_one("#terminals", DataTable)
        if not self.shown:
            return
        chosen = self.shown[table.cursor_row]
        try:
            terminals.end_terminal(self.session.db, self.session.user, chosen.session_id)
        except NotFound as exc:
            self.notify(exc.message, severity="warning", markup=False)
        else:
            who = chosen.user_name or "niemand ingelogd"
            self.notify(f"{chosen.label.capitalize()} ({who}) wordt beëindigd.", markup=False)
        self.reload()
