"""Kernavond mode: type residents' input as ideas, one line each (Enter saves and empties the
line for the next), then triage them: s merges into an item, n makes a new item, p parks with a
reason. Source and date are filled in."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Input, Select, Static

from festival.core.dates import format_date
from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.session import Session
from festival.ui.dialogs.reason_dialog import ReasonDialog
from festival.ui.screens.live_screen import LiveScreen
from festival.ui.widgets.record_table import RecordTable
from festival.ui.widgets.title_bar import TitleBar
from kernagenda.domain.items import list_items
from kernagenda.domain.kernavond import (
    OPEN,
    Idea,
    add_idea,
    idea_to_item,
    list_ideas,
    merge_idea,
    park_idea,
)
from kernagenda.domain.models import Agenda
from kernagenda.domain.themes import list_themes
from kernagenda.ui.item_picker_dialog import ItemPickerDialog

#: The triage keys: they act on the idea under the cursor once the list has the focus.
_TRIAGE = {"merge", "new_item", "park"}


class KernavondScreen(LiveScreen[None]):
    BINDINGS = [
        Binding("escape", "back", "Terug"),
        Binding("s", "merge", "Samenvoegen"),
        Binding("n", "new_item", "Nieuw punt"),
        Binding("p", "park", "Parkeren"),
        Binding("ctrl+l", "app.logout", "Uitloggen", show=False),
    ]
    AUTO_FOCUS = "#idea-text"

    def __init__(self, session: Session, agenda: Agenda) -> None:
        super().__init__()
        self.session = session
        self.agenda = agenda
        self.ideas: dict[int, Idea] = {}
        self.today = date.today()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(
            Text(f"Kernavond {self.agenda.kern_name} · {format_date(self.today)}"),
            classes="screen-title",
        )
        yield Static(
            "Typ per inwoner één idee en druk Enter. Daarna in de lijst: s voegt samen met een "
            "agendapunt, n maakt een nieuw punt, p parkeert met een reden.",
            id="kernavond-help",
        )
        themes = [(t, t) for t in list_themes(self.session.db)]
        yield Select(themes, id="idea-theme", compact=True, prompt="thema (mag later)")
        yield Input(
            id="idea-text", compact=True, max_length=500, placeholder="idee van een inwoner"
        )
        yield RecordTable(id="ideas", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#ideas", RecordTable)
        table.add_column("Idee", width=max(20, self.app.size.width - 46))
        table.add_column("Thema", width=16)
        table.add_column("Verwerkt", width=22)
        self.reload()

    def reload(self) -> None:
        table = self.query_one("#ideas", RecordTable)
        current = table.selected_id
        table.clear()
        ideas = list_ideas(self.session.db, self.agenda.id)
        # The untriaged ones first, newest last: the evening's list as it was typed.
        ordered = [i for i in ideas if i.outcome == OPEN] + [i for i in ideas if i.outcome != OPEN]
        self.ideas = {i.id: i for i in ordered}
        for idea in ordered:
            done = "" if idea.outcome == OPEN else idea.outcome
            if idea.item_id is not None:
                done += f" (punt {idea.item_id})"
            style = "" if idea.outcome == OPEN else "dim"
            table.add_row(
                Text(idea.text, style=style, no_wrap=True, overflow="ellipsis"),
                Text(idea.theme, style=style),
                Text(done, style=style),
                key=str(idea.id),
            )
        if current in self.ideas and self.ideas[current].outcome == OPEN:
            table.select_id(current)
        elif table.row_count:
            table.move_cursor(row=0)  # the next idea to triage

    def current_idea(self) -> Idea | None:
        selected = self.query_one("#ideas", RecordTable).selected_id
        return None if selected is None else self.ideas.get(selected)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _TRIAGE:
            idea = self.current_idea()
            return idea is not None and idea.outcome == OPEN
        return True

    def _theme(self) -> str:
        value = self.query_one("#idea-theme", Select).value
        return value if isinstance(value, str) else ""

    def _error(self, exc: InvalidInput | NotAllowed | NotFound | ValidationErrors) -> None:
        message = "; ".join(exc.errors.values()) if isinstance(exc, ValidationErrors) else None
        self.notify(message or str(exc.args[0]), severity="error", markup=False)

    @on(Input.Submitted, "#idea-text")
    def _typed(self, event: Input.Submitted) -> None:
        try:
            add_idea(
                self.session.db, self.session.user, self.agenda.id, event.value, theme=self._theme()
            )
        except (InvalidInput, NotAllowed, NotFound) as exc:
            self._error(exc)
            return
        event.input.value = ""  # ready for the next resident
        self.reload()
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#ideas")
    def _moved(self) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_merge(self) -> None:
        idea = self.current_idea()
        if idea is None:
            return
        items = list_items(self.session.db, self.agenda.id)

        def chosen(item_id: int | None) -> None:
            if item_id is None:
                return
            try:
                item = merge_idea(self.session.db, self.session.user, idea.id, item_id)
            except (InvalidInput, NotAllowed, NotFound) as exc:
                self._error(exc)
                return
            self.notify(f"Toegevoegd aan {item.title}.", markup=False)
            self.reload()

        self.app.push_screen(ItemPickerDialog(f"Idee bij welk punt? {idea.text}", items), chosen)

    def action_new_item(self) -> None:
        idea = self.current_idea()
        if idea is None:
            return
        try:
            item = idea_to_item(self.session.db, self.session.user, idea.id, theme=self._theme())
        except (InvalidInput, NotAllowed, NotFound, ValidationErrors) as exc:
            self._error(exc)
            return
        self.notify(f"Nieuw agendapunt: {item.title} ({item.source}).", markup=False)
        self.reload()

    def action_park(self) -> None:
        idea = self.current_idea()
        if idea is None:
            return

        def confirmed(reason: str | None) -> None:
            if reason is None:
                return
            try:
                park_idea(self.session.db, self.session.user, idea.id, reason)
            except (InvalidInput, NotAllowed, NotFound) as exc:
                self._error(exc)
                return
            self.reload()

        self.app.push_screen(ReasonDialog("Idee parkeren", idea.text), confirmed)
