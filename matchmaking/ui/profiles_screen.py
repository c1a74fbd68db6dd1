"""Every funder's offer and every initiative's need on one list; Enter edits the selected one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from festival.domain.festivals import Festival
from festival.session import Session
from festival.ui.screens.live_screen import LiveScreen
from festival.ui.widgets.record_table import RecordTable
from festival.ui.widgets.title_bar import TitleBar
from matchmaking.domain import participants
from matchmaking.domain.fit import amount_range
from matchmaking.domain.models import Need, Offer, SupportKind, kinds_text
from matchmaking.domain.profiles import needs, offers, read_preferences
from matchmaking.ui.profile_dialog import ProfileDialog

#: Rows of funders have their registration id as key, initiatives the negated initiative id.
_NO_PROFILE = Text("geen profiel: doet niet mee", style="yellow")


class ProfilesScreen(LiveScreen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug"),
        Binding("enter", "edit", "Wijzigen", priority=True),
        Binding("e", "edit", "Wijzigen", show=False),
    ]
    AUTO_FOCUS = "#match-profiles"

    def __init__(self, session: Session, festival: Festival) -> None:
        super().__init__()
        self.session = session
        self.festival = festival
        self.offers: dict[int, Offer] = {}
        self.needs: dict[int, Need] = {}
        self.names: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Profielen voor de tafelgesprekken", classes="screen-title")
        yield Static(id="match-profiles-help", markup=False)
        yield RecordTable(id="match-profiles", cursor_type="row", zebra_stripes=True)
        yield Static(id="match-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#match-profiles", RecordTable)
        table.add_column("Wie", width=32)
        table.add_column("Steun", width=20)
        table.add_column("Thema", width=18)
        table.add_column("Kern", width=14)
        table.add_column("Bedrag", width=16)
        table.add_column("Gespr.", width=6)
        self.reload()

    def reload(self) -> None:
        db, user, fid = self.session.db, self.session.user, self.festival.id
        self.offers = {o.registration_id: o for o in offers(db, user, fid)}
        self.needs = {n.initiative_id: n for n in needs(db, user, fid)}
        wishes, avoid = read_preferences(db, fid)
        self.query_one("#match-profiles-help", Static).update(
            f"{len(self.offers)} subsidieverleners met aanbod, {len(self.needs)} initiatieven met "
            f"een behoefte, {len(wishes)} wensen, {len(avoid)} keer 'liever niet'. "
            "Enter wijzigt het gekozen profiel."
        )
        table = self.query_one("#match-profiles", RecordTable)
        current = table.selected_id
        table.clear()
        for f in participants.funders(db, fid):
            label = f"{f.organisation} ({f.name})" if f.organisation else f.name
            self.names[f.registration_id] = label
            o = self.offers.get(f.registration_id)
            if o is None:
                table.add_row(Text(label), _NO_PROFILE, key=str(f.registration_id))
                continue
            table.add_row(
                Text(label),
                Text(kinds_text(o.kinds)),
                Text(", ".join(o.themes) or "alle"),
                Text(", ".join(o.kernen) or "hele gemeente"),
                Text(offer_amounts(o)),
                Text(str(o.capacity)),
                key=str(f.registration_id),
            )
        for i in participants.initiatives(db, fid):
            self.names[-i.id] = i.title
            n = self.needs.get(i.id)
            if n is None:
                table.add_row(Text(i.title), _NO_PROFILE, key=str(-i.id))
                continue
            table.add_row(
                Text(i.title),
                Text(kinds_text(n.kinds)),
                Text(n.theme),
                Text(n.kern),
                Text(amount_range_of(n)),
                Text(""),
                key=str(-i.id),
            )
        table.select_id(current)
        self._detail()

    @on(DataTable.RowHighlighted, "#match-profiles")
    def _detail(self) -> None:
        """The selected profile in full: the table cuts columns off at 80 columns."""
        selected = self.query_one("#match-profiles", RecordTable).selected_id
        detail = self.query_one("#match-detail", Static)
        if selected is None:
            detail.update("")
            return
        name = self.names.get(selected, "?")
        offer = self.offers.get(selected) if selected > 0 else None
        need = self.needs.get(-selected) if selected < 0 else None
        if offer is not None:
            detail.update(
                f"Subsidieverlener {name}: {kinds_text(offer.kinds)}; thema's "
                f"{', '.join(offer.themes) or 'alle'}; {', '.join(offer.kernen) or 'hele gemeente'}"
                f"; {offer_amounts(offer)}; {offer.capacity} gesprekken"
            )
        elif need is not None:
            detail.update(
                f"Initiatief {name}: {kinds_text(need.kinds)}; thema {need.theme or '-'}; "
                f"{need.kern or 'geen kern'}; {amount_range_of(need) or 'geen bedrag'}"
            )
        else:
            kind = "Subsidieverlener" if selected > 0 else "Initiatief"
            detail.update(f"{kind} {name}: nog geen profiel; Enter legt het vast.")

    def action_edit(self) -> None:
        selected = self.query_one("#match-profiles", RecordTable).selected_id
        if selected is None:
            return
        funder = selected > 0
        self.app.push_screen(
            ProfileDialog(
                self.session,
                self.festival.id,
                title=self.names.get(selected, "?"),
                target_id=abs(selected),
                offer=self.offers.get(selected) if funder else None,
                need=None if funder else self.needs.get(-selected),
                is_funder=funder,
            ),
            self._saved,
        )

    def _saved(self, message: str | None) -> None:
        if message:
            self.notify(message, markup=False)
            self.reload()


def amount_range_of(need: Need) -> str:
    from festival.core.money import format_money_whole

    return format_money_whole(need.amount_cents) if need.amount_cents else ""


def offer_amounts(offer: Offer) -> str:
    return amount_range(offer) if SupportKind.MONEY in offer.kinds else "geen geld"
