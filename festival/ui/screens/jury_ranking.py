"""The jury's ranking: jury score, normalised beside it, audience, final score, jurors."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from festival.core.money import format_money_whole
from festival.domain.jury import RankedInitiative
from festival.ui.widgets.title_bar import TitleBar


def _number(value: float | None) -> Text:
    return Text("–" if value is None else f"{value:.1f}".replace(".", ","), justify="right")


class JuryRankingScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Terug")]

    def __init__(
        self, ranked: list[RankedInitiative], note: str, awards: dict[int, int] | None = None
    ) -> None:
        super().__init__()
        self.ranked = ranked
        self.note = note
        #: The published allocation (initiative → cents), shown beside the ranking once public.
        self.awards = awards

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Rangschikking van de jury (advies aan het college)", classes="screen-title")
        yield Static(self.note, id="ranking-note", markup=False)
        yield DataTable(id="ranking", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#ranking", DataTable)
        columns = ["#", "Initiatief", "Jury", "Genorm.", "Publiek", "Eind", "Juryleden"]
        if self.awards is not None:
            columns.append("Toegekend")
        table.add_columns(*columns)
        for position, r in enumerate(self.ranked, start=1):
            cells = [
                Text(str(position)),
                Text(r.title),
                _number(r.jury_score),
                _number(r.normalised_score),
                _number(r.audience_score),
                _number(r.final_score),
                Text(str(r.jurors), justify="right"),
            ]
            if self.awards is not None:
                amount = self.awards.get(r.initiative_id, 0)
                cells.append(Text(format_money_whole(amount) if amount else "–", justify="right"))
            table.add_row(*cells)
