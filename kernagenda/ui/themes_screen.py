"""The themes every kernagenda chooses from: in order, each with how many items use it.

A kernregisseur or the coordinator adds, renames, removes and reorders them; everyone else
only reads. The order is the order of the groups on screen and in the documents.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from festival.core.errors import InvalidInput, NotAllowed, NotFound
from festival.session import Session
from festival.ui.dialogs.confirm_dialog import ConfirmDialog
from festival.ui.screens.live_screen import LiveScreen
from festival.ui.widgets.record_table import RecordTable
from festival.ui.widgets.title_bar import TitleBar
from kernagenda.domain.models import ThemeUse
from kernagenda.domain.permissions import may_manage_themes
from kernagenda.domain.themes import list_theme_use, move_theme, remove_theme, theme_removal_problem
from kernagenda.ui.theme_dialog import ThemeDialog

#: Actions that change the list: shown and allowed only to who may manage the themes.
_EDITS = {"new", "rename", "remove", "move"}


class ThemesScreen(LiveScreen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug"),
        Binding("n", "new", "Nieuw"),
        Binding("ctrl+l", "app.logout", "Uitloggen", show=False),
        Binding("r", "rename", "Hernoemen"),
        Binding("delete", "remove", "Verwijderen"),
        Binding("shift+up", "move(-1)", "Hoger", key_display="⇧↑"),
        Binding("shift+down", "move(1)", "Lager", key_display="⇧↓"),
        Binding("minus", "move(-1)", "Hoger", show=False),
        Binding("plus", "move(1)", "Lager", show=False),
    ]
    AUTO_FOCUS = "#themes"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.themes: dict[int, ThemeUse] = {}

    @property
    def may_edit(self) -> bool:
        return may_manage_themes(self.session.db, self.session.user)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="themes-title", classes="screen-title")
        yield Static(id="themes-help")
        yield RecordTable(id="themes", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        title = Text("Thema's van de kernagenda")
        if not self.may_edit:
            title.append("  alleen lezen", style="dim not bold")
        self.query_one("#themes-title", Static).update(title)
        self.query_one("#themes-help", Static).update(
            Text(
                "Elke kernagenda kiest uit deze thema's; in deze volgorde staan de groepen op "
                "het scherm en in de documenten."
            )
        )
        table = self.query_one("#themes", RecordTable)
        table.add_column("Thema")
        table.add_column("Agendapunten", width=12)
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _EDITS:
            return self.may_edit
        return True

    def reload(self, select: int | None = None) -> None:
        """Read the list again; the cursor stays on ``select`` (else the same theme, else the
        same line)."""
        table = self.query_one("#themes", RecordTable)
        current = self.current_theme()
        row = table.cursor_row
        table.clear()
        self.themes = {t.id: t for t in list_theme_use(self.session.db)}
        for theme in self.themes.values():
            used = Text(str(theme.items), justify="right", style="" if theme.items else "dim")
            table.add_row(Text(theme.name), used, key=str(theme.id))
        wanted = select if select is not None else current.id if current else None
        if wanted in self.themes:
            table.select_id(wanted)
        elif table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def current_theme(self) -> ThemeUse | None:
        selected = self.query_one("#themes", RecordTable).selected_id
        return None if selected is None else self.themes.get(selected)

    def _error(self, exc: InvalidInput | NotAllowed | NotFound) -> None:
        self.notify(exc.message, severity="error", markup=False)

    # -- actions -----------------------------------------------------------------------------
    @on(DataTable.RowSelected, "#themes")
    def _selected(self) -> None:
        if self.may_edit:
            self.action_rename()

    def action_new(self) -> None:
        def added(name: str | None) -> None:
            if name:
                self.reload()
                new = next((t for t in self.themes.values() if t.name == name), None)
                self.query_one("#themes", RecordTable).select_id(new.id if new else None)
                self.notify(f"Thema {name} toegevoegd.", markup=False)

        self.app.push_screen(ThemeDialog(self.session), added)

    def action_rename(self) -> None:
        theme = self.current_theme()
        if theme is None:
            return

        def renamed(name: str | None) -> None:
            if name:
                self.reload(theme.id)
                if name != theme.name:
                    self.notify(f"Thema {theme.name} heet nu {name}.", markup=False)

        self.app.push_screen(ThemeDialog(self.session, theme.name), renamed)

    def action_remove(self) -> None:
        theme = self.current_theme()
        if theme is None:
            return
        # Asked before the confirmation: a refusal needs no "are you sure".
        problem = theme_removal_problem(self.session.db, theme.name)
        if problem:
            self.notify(problem, severity="error", markup=False)
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                remove_theme(self.session.db, self.session.user, theme.name)
            except (InvalidInput, NotAllowed, NotFound) as exc:
                self._error(exc)
                return
            self.reload()
            self.notify(f"Thema {theme.name} verwijderd.", markup=False)

        self.app.push_screen(
            ConfirmDialog(
                f"Thema {theme.name} verwijderen",
                "Geen agendapunt gebruikt dit thema; het verdwijnt uit de keuzelijst. "
                "Vastgestelde versies blijven zoals ze zijn.",
                "Verwijderen",
            ),
            confirmed,
        )

    def action_move(self, step: int) -> None:
        theme = self.current_theme()
        if theme is None:
            return
        try:
            move_theme(self.session.db, self.session.user, theme.name, step)
        except (InvalidInput, NotAllowed, NotFound) as exc:
            self._error(exc)
            return
        self.reload(theme.id)
