"""The leefbaarheidsbudget of a year: the council-letter figures, the festival pot, the ledger."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Input, Static

from festival.core.dates import format_date
from festival.core.money import format_money
from festival.domain import budget, budget_io, permissions
from festival.domain.budget import Application, ApplicationStatus, BudgetSummary, BudgetYear
from festival.domain.budget_io import ImportReport
from festival.domain.kernen import Kern, list_kernen
from festival.session import Session
from festival.ui.dialogs.application_dialog import ApplicationDialog
from festival.ui.dialogs.budget_year_dialog import BudgetYearDialog
from festival.ui.dialogs.export_dialog import ExportDialog
from festival.ui.dialogs.import_dialog import ImportDialog
from festival.ui.screens.live_screen import LiveScreen
from festival.ui.widgets.record_table import RecordTable
from festival.ui.widgets.title_bar import TitleBar

STATUS_STYLE = {
    ApplicationStatus.PENDING: "cyan",
    ApplicationStatus.HONOURED: "green",
    ApplicationStatus.REJECTED: "red",
    ApplicationStatus.WITHDRAWN: "dim",
    ApplicationStatus.DEFERRED: "yellow",
}


def pot_text(s: BudgetSummary) -> Text:
    style = "bold green" if s.pot_cents >= 0 else "bold red"
    label = "Pot festival" if s.pot_cents >= 0 else "Tekort"
    return Text.assemble((f"{label} {s.budget.year}: ", "bold"), (format_money(s.pot_cents), style))


def figures_table(s: BudgetSummary) -> Table:
    """The year as the council letter reports it."""
    b = s.budget
    table = Table.grid(padding=(0, 1))
    table.add_column()
    table.add_column(justify="right")
    budget_cell = Text(format_money(b.budget_cents))
    if not b.is_set:
        budget_cell = Text("nog niet vastgesteld", style="yellow")
    table.add_row("Budget", budget_cell)
    table.add_row("Aanvragen ontvangen", str(s.received))
    table.add_row("\xa0\xa0gehonoreerd", Text(str(s.honoured), style="green"))
    table.add_row("\xa0\xa0afgewezen", Text(str(s.rejected), style="red"))
    table.add_row("\xa0\xa0ingetrokken", str(s.withdrawn))
    table.add_row("\xa0\xa0doorgeschoven", Text(str(s.deferred), style="yellow"))
    table.add_row("\xa0\xa0in behandeling", Text(str(s.pending), style="cyan"))
    table.add_row("Totaal gevraagd", format_money(s.requested_cents))
    table.add_row("Totaal toegekend", format_money(s.granted_cents))
    table.add_row(f"Maximum ({format_money(b.max_grant_cents)})", f"{s.at_maximum}×")
    table.add_row("Reserve", format_money(b.reserve_cents))
    if s.pending:
        table.add_row(
            Text("Nog in behandeling", style="dim"),
            Text(format_money(s.pending_requested_cents), style="dim"),
        )
    return table


def figures_line(s: BudgetSummary) -> Text:
    """The same figures in two lines, for a narrow terminal."""
    b = s.budget
    return Text(
        f"Budget {format_money(b.budget_cents)} · toegekend {format_money(s.granted_cents)} · "
        f"reserve {format_money(b.reserve_cents)}\n"
        f"{s.received} ontvangen: {s.honoured} gehonoreerd, {s.rejected} afgewezen, "
        f"{s.withdrawn} ingetrokken, {s.deferred} doorgeschoven, {s.pending} in behandeling"
    )


class BudgetScreen(LiveScreen[None]):
    """One year of the ledger; follows changes from other terminals."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug"),
        Binding("n", "new", "Nieuw"),
        Binding("e", "edit", "Wijzigen", show=False),
        Binding("slash", "search", "Zoeken"),
        Binding("left_square_bracket", "year(-1)", "Vorig jaar", show=False),
        Binding("right_square_bracket", "year(1)", "Volgend jaar", show=False),
        Binding("j", "budget_year", "Jaarbudget"),
        Binding("i", "import", "Importeren"),
        Binding("x", "export", "Exporteren"),
    ]
    AUTO_FOCUS = "#applications"

    def __init__(self, session: Session, year: int | None = None) -> None:
        super().__init__()
        self.session = session
        known = budget.years(session.db)
        self.year = year or (known[0] if known else date.today().year)
        self.applications: dict[int, Application] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="budget-body"):
            with Vertical(id="budget-summary"):
                yield Static(id="budget-title")
                yield Static(id="budget-figures")
                yield Static(id="budget-figures-line")
                yield Static(id="budget-pot")
            with Vertical(id="budget-list"):
                yield Input(
                    id="search", placeholder="/ zoek op titel, aanvrager of kern", compact=True
                )
                yield RecordTable(id="applications", cursor_type="row", zebra_stripes=True)
                yield Static(id="budget-hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#applications", RecordTable)
        table.add_column("Titel", width=30, key="title")
        table.add_column("Kern", width=14, key="kern")
        table.add_column("Status", width=14, key="status")
        table.add_column("Gevraagd", width=11, key="requested")
        table.add_column("Toegekend", width=11, key="granted")
        table.add_column("Aanvrager", width=28, key="applicant")
        table.add_column("Besluit", width=10, key="decided")
        self._fit(self.app.size.width)
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        # A pushed screen gets no resize until the terminal changes, so this also runs at mount.
        # An 80-column terminal stacks the figures and still shows title, kern, status, amounts.
        narrow = width < 110
        self.set_class(narrow, "-narrow")
        table = self.query_one("#applications", RecordTable)
        for key, wide, small in (("title", 30, 17), ("kern", 14, 11)):
            table.columns[key].width = small if narrow else wide  # type: ignore[index]
        table.refresh()

    # -- what the screen shows -------------------------------------------------------------
    @property
    def may_edit(self) -> bool:
        # Whether the user edits applications of some kern; which kernen is asked per row.
        return permissions.allowed(self.session.user, permissions.APPLICATION_EDIT) or any(
            permissions.allowed(self.session.user, permissions.APPLICATION_EDIT, kern_id=k)
            for k in self.session.user.kern_ids
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new", "edit"):
            return self.may_edit
        if action == "budget_year":
            return permissions.allowed(self.session.user, permissions.BUDGET_SET)
        if action == "import":
            return permissions.allowed(self.session.user, permissions.BUDGET_IMPORT)
        return True

    def reload(self) -> None:
        """Read the year again and redraw, keeping the cursor on the same application."""
        s = budget.summary(self.session.db, self.year)
        self.query_one("#budget-title", Static).update(
            Text.assemble((f"Leefbaarheidsbudget {self.year}", "bold"), ("  [ ] ander jaar", "dim"))
        )
        self.query_one("#budget-figures", Static).update(figures_table(s))
        self.query_one("#budget-figures-line", Static).update(figures_line(s))
        self.query_one("#budget-pot", Static).update(pot_text(s))
        self.query_one("#budget-pot").set_class(s.pot_cents < 0, "-shortfall")
        self._fill_table()

    def _fill_table(self) -> None:
        search = self.query_one("#search", Input).value
        rows = budget.list_applications(self.session.db, self.year, search=search)
        self.applications = {a.id: a for a in rows}
        table = self.query_one("#applications", RecordTable)
        current = self.current_application()
        table.clear()
        for a in rows:
            table.add_row(
                Text(a.title),
                Text(a.kern_name),
                Text(a.status.label, style=STATUS_STYLE[a.status]),
                Text(format_money(a.requested_cents), justify="right"),
                Text(format_money(a.granted_cents) if a.granted_cents else "–", justify="right"),
                Text(a.applicant),
                Text(format_date(a.decision_date)),
                key=str(a.id),
            )
        table.select_id(current.id if current else None)
        hint = f"{len(rows)} aanvragen" + (f" met '{search}'" if search.strip() else "")
        if self.may_edit:
            hint += " · Enter of e wijzigt, n voegt toe"
        self.query_one("#budget-hint", Static).update(hint)

    def current_application(self) -> Application | None:
        selected = self.query_one("#applications", RecordTable).selected_id
        return None if selected is None else self.applications.get(selected)

    # -- actions ---------------------------------------------------------------------------
    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self._fill_table()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one("#applications", RecordTable).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_year(self, step: int) -> None:
        self.year += step
        self.reload()

    def _may_edit_kern(self, kern_id: int) -> bool:
        return permissions.allowed(self.session.user, permissions.APPLICATION_EDIT, kern_id=kern_id)

    def _editable_kernen(self) -> list[Kern]:
        kernen = list_kernen(self.session.db)
        return [k for k in kernen if self._may_edit_kern(k.id)]

    def action_new(self) -> None:
        self.app.push_screen(
            ApplicationDialog(self.session, self._editable_kernen(), year=self.year),
            self._saved,
        )

    @on(DataTable.RowSelected, "#applications")
    def action_edit(self) -> None:
        application = self.current_application()
        if application is None or not self.may_edit:
            return
        if not self._may_edit_kern(application.kern_id):
            self.notify(
                f"Alleen de kernregisseur van {application.kern_name} of de coördinator "
                "wijzigt deze aanvraag.",
                severity="warning",
            )
            return
        self.app.push_screen(
            ApplicationDialog(
                self.session, self._editable_kernen(), year=self.year, application=application
            ),
            self._saved,
        )

    def _saved(self, application: Application | None) -> None:
        if application is None:
            return
        self.year = application.year
        self.reload()
        self.query_one("#applications", RecordTable).select_id(application.id)
        self.notify(f"Opgeslagen: {application.title}", markup=False)

    def action_budget_year(self) -> None:
        current = budget.get_budget_year(self.session.db, self.year)
        self.app.push_screen(BudgetYearDialog(self.session, current), self._budget_saved)

    def _budget_saved(self, year: BudgetYear | None) -> None:
        if year is not None:
            self.reload()
            self.notify(f"Jaarbudget {year.year} opgeslagen.")

    def action_import(self) -> None:
        dialog: ImportDialog[ImportReport] = ImportDialog(
            self.session,
            "Aanvragen importeren (CSV)",
            ";".join(budget_io.HEADERS),
            lambda db, caller, data, progress: budget_io.import_applications(
                db, caller, data, progress=progress
            ),
        )
        self.app.push_screen(dialog, self._imported)

    def _imported(self, report: ImportReport | None) -> None:
        if report is None:
            return
        if self.year not in report.years:
            self.year = report.years[-1]
        self.reload()
        self.notify(f"{report.imported} aanvragen geïmporteerd.")

    def action_export(self) -> None:
        self.app.push_screen(ExportDialog(self.session, self.year), self._exported)

    def _exported(self, path: Path | None) -> None:
        if path is not None:
            self.notify(f"Geschreven: {path}", markup=False)
