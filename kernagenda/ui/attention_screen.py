"""What needs attention across the kernen of the logged-in kernregisseur (the coordinator and
other readers see every kernagenda): overdue items, items without progress, a near review
date, items waiting on the municipality. Enter opens the item on its kernagenda."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from festival.session import Session
from festival.ui.screens.live_screen import LiveScreen
from festival.ui.widgets.record_table import RecordTable
from festival.ui.widgets.title_bar import TitleBar
from kernagenda.domain.attention import Attention, Signal, attention, my_agendas
from kernagenda.domain.settings import QUIET_MONTHS, get_number

#: How each signal reads in the list, and its colour.
SIGNAL_TEXT = {
    Signal.REVIEW: ("herziening", "bold"),
    Signal.OVERDUE: ("verlopen", "bold red"),
    Signal.QUIET: ("stil", "yellow"),
    Signal.MUNICIPALITY: ("gemeente", "cyan"),
}


KERN_WIDTH = 14
SIGNALS_WIDTH = 20


class AttentionScreen(LiveScreen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug"),
        Binding("enter", "open", "Openen", show=True),
        Binding("ctrl+l", "app.logout", "Uitloggen", show=False),
    ]
    AUTO_FOCUS = "#attention"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.lines: list[Attention] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="attention-title", classes="screen-title")
        yield Static(id="attention-help")
        yield RecordTable(id="attention", cursor_type="row", zebra_stripes=True)
        yield Static(id="attention-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#attention", RecordTable)
        # The title gets what the other columns leave, so nothing runs off an 80-column
        # terminal; the line under the table gives the whole title and why.
        table.add_column("Kern", width=KERN_WIDTH)
        table.add_column("Prio", width=4)
        table.add_column("Agendapunt", width=max(20, self.app.size.width - 46))
        table.add_column("Waarom", width=SIGNALS_WIDTH)
        self.reload()

    def reload(self) -> None:
        db = self.session.db
        agendas = my_agendas(db, self.session.user)
        table = self.query_one("#attention", RecordTable)
        current = table.selected_id
        table.clear()
        self.lines = attention(db, agendas)
        kernen = ", ".join(a.kern_name for a in agendas) or "geen kern met een kernagenda"
        self.query_one("#attention-title", Static).update(
            Text(f"Wat aandacht vraagt · {kernen}", no_wrap=True, overflow="ellipsis")
        )
        months = get_number(db, QUIET_MONTHS)
        help_text = (
            f"Verlopen: streefdatum voorbij. Stil: {months} maanden geen voortgang. Gemeente: de "
            "gemeente is aan zet. Enter opent het punt; in de kernagenda vindt / met deze "
            "woorden dezelfde punten."
        )
        if not self.lines:
            help_text = "Niets vraagt nu aandacht. " + help_text
        self.query_one("#attention-help", Static).update(Text(help_text))
        for index, line in enumerate(self.lines):
            rank = Text(str(line.rank) if line.rank is not None else "", justify="right")
            signals = Text()
            for signal in line.signals:
                words, style = SIGNAL_TEXT[signal]
                signals.append(words, style=style)
                signals.append(" ")
            title = Text(line.title, no_wrap=True, overflow="ellipsis")
            table.add_row(Text(line.kern), rank, title, signals, key=str(index))
        table.select_id(current)
        self._show_detail()

    @on(DataTable.RowHighlighted, "#attention")
    def _show_detail(self) -> None:
        index = self.query_one("#attention", RecordTable).selected_id
        detail = Text()
        if index is not None and index < len(self.lines):
            line = self.lines[index]
            detail.append(f"{line.kern}: ", style="bold")
            detail.append(line.title)
            if line.detail:
                detail.append(f" — {line.detail}", style="dim")
        self.query_one("#attention-detail", Static).update(detail)

    @on(DataTable.RowSelected, "#attention")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        from kernagenda.ui.agenda_screen import KernagendaScreen

        index = self.query_one("#attention", RecordTable).selected_id
        if index is None or index >= len(self.lines):
            return
        line = self.lines[index]
        self.app.push_screen(KernagendaScreen(self.session, line.kern_id, item_id=line.item_id))
