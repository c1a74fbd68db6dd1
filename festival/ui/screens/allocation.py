"""The allocation: the chosen rule's outcome with a reason per initiative, what the other
rules would give, overrides with reasons, vaststellen (with a hash) and publiceren.

Once an allocation is locked the screen shows the locked record, never the live draft, and
says plainly when the jury's scores or the pot no longer match it. Every euro amount is shown
whole: on a narrow terminal the screen drops columns (and shows the other rules on request),
never a digit of money."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from festival.core.errors import NotAllowed, NotFound, ValidationErrors
from festival.core.money import format_money_whole
from festival.domain import jury
from festival.domain.allocation.config import get_config
from festival.domain.allocation.drift import SUPERSEDE_HINT_SCREEN, Drift, drift, score_text
from festival.domain.allocation.inputs import read_inputs
from festival.domain.allocation.locking import (
    active_allocation,
    lock_allocation,
    lock_preview,
    publish_allocation,
)
from festival.domain.allocation.model import Outcome, Result, Rule
from festival.domain.allocation.overrides import clear_override
from festival.domain.allocation.proposal import Draft, RuleUnavailable, compare
from festival.domain.allocation.questions import Question, lock_question, publish_question
from festival.domain.allocation.record import AllocationRecord, LockedAllocation
from festival.domain.allocation.report_text import DecisionRow, decision_rows, draft_rows
from festival.domain.festivals import Festival
from festival.session import Session
from festival.ui.dialogs.allocation_settings_dialog import AllocationSettingsDialog
from festival.ui.dialogs.confirm_dialog import ConfirmDialog
from festival.ui.dialogs.override_dialog import OverrideDialog
from festival.ui.dialogs.reason_dialog import ReasonDialog
from festival.ui.screens.live_screen import RELOAD_ERRORS, LiveScreen
from festival.ui.widgets.record_table import RecordTable
from festival.ui.widgets.title_bar import TitleBar

OUTCOME_STYLE = {
    Outcome.FUNDED.value: "green",
    Outcome.PARTIAL.value: "yellow",
    Outcome.NOT_FUNDED.value: "dim",
}
#: Below this many columns the table drops the requested amount and the other rules move
#: behind a key (app.tcss: the -narrow class).
NARROW = 100
#: The other rules' panel beside the table (app.tcss #what-if, its border included).
WHAT_IF_WIDTH = 34
#: Room a DataTable needs besides its cells: the vertical scrollbar.
SCROLLBAR = 2


def _money(cents: int) -> str:
    return format_money_whole(cents) if cents else "–"


@dataclass(frozen=True)
class _Column:
    label: str
    cells: list[Text]


class AllocationScreen(LiveScreen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug"),
        Binding("i", "settings", "Regels"),
        Binding("a", "override", "Aanpassen"),
        Binding("w", "clear_override", "Aanpassing weg"),
        Binding("v", "lock", "Vaststellen"),
        Binding("p", "publish", "Publiceren"),
        Binding("o", "toggle_what_if", "Andere regels"),
    ]
    AUTO_FOCUS = "#allocation"

    @dataclass
    class Recomputed(Message):
        """A worker read the inputs once and ran every rule on them."""

        generation: int
        """which reload asked for it; an older one is dropped"""
        draft: Draft | str
        """the draft, or why the chosen rule cannot run"""
        outcomes: dict[Rule, Result | str]
        active: LockedAllocation | None
        drift: Drift | None = None
        """what changed since the active allocation was locked"""
        titles: dict[str, str] = field(default_factory=dict)
        """initiative id → title, to name the initiatives another rule would change"""
        rules_fixed: bool = False
        """the jury locked (or the allocation did): the rules can only be read"""

    @dataclass
    class RecomputeFailed(Message):
        """A worker could not read the inputs or run the rules (a Dutch sentence)."""

        generation: int
        text: str

    def __init__(self, session: Session, festival: Festival) -> None:
        super().__init__()
        self.session = session
        self.festival = festival
        self.current: Draft | None = None
        self.active: LockedAllocation | None = None
        self.drift: Drift | None = None
        self.rows: list[DecisionRow] = []
        self.rules_fixed = False
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="allocation-pot", markup=False)
        yield Static(id="allocation-state")
        with Horizontal(id="allocation-body"):
            yield RecordTable(id="allocation", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="what-if-box"):
                yield Static(id="what-if")
        yield Static(id="allocation-reason", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._set_width_class(self.app.size.width)
        self.reload()

    def on_resize(self, event: Resize) -> None:
        self._set_width_class(event.size.width)
        self._fill_table()

    def _set_width_class(self, width: int) -> None:
        if self.has_class("-narrow") != (width < NARROW):
            self.set_class(width < NARROW, "-narrow")
            self.refresh_bindings()

    def reload(self) -> None:
        """Recompute in a worker; the screen shows the result when it arrives."""
        self._generation += 1
        self._recompute(self._generation)

    @work(thread=True, exclusive=True, group="allocation-recompute")
    def _recompute(self, generation: int) -> None:
        # The rules (knapsack, Equal Shares) can take a while: off the UI thread, on a
        # connection of this thread's own.
        try:
            with self.session.db.reopen() as db, db.snapshot():
                inputs = read_inputs(db, self.festival)
                active = active_allocation(db, self.festival.id)
                jury_locked = jury.get_state(db, self.festival.id).status is jury.JuryStatus.LOCKED
            draft, outcomes = compare(inputs)
            changed = drift(active.record, inputs) if active is not None else None
        except RELOAD_ERRORS as exc:
            # A worker's exception would end the app: say it in Dutch instead (traceback: log).
            if not get_current_worker().is_cancelled:
                self.post_message(self.RecomputeFailed(generation, self.failure_message(exc)))
            return
        titles = {c.id: c.title for c in inputs.candidates}
        fixed = jury_locked or inputs.config.frozen or active is not None
        if not get_current_worker().is_cancelled:
            self.post_message(
                self.Recomputed(generation, draft, outcomes, active, changed, titles, fixed)
            )

    @on(RecomputeFailed)
    def _show_failure(self, message: RecomputeFailed) -> None:
        if message.generation == self._generation:
            self.notify(message.text, severity="error", markup=False)

    @on(Recomputed)
    def _show_recomputed(self, message: Recomputed) -> None:
        if message.generation != self._generation:
            return  # a newer reload is under way
        active = message.active
        self.rules_fixed = message.rules_fixed
        if isinstance(message.draft, str) and active is None:
            self.query_one("#allocation-pot", Static).update(message.draft)
            return
        self.current = message.draft if isinstance(message.draft, Draft) else None
        locked_changed = (self.active is None) != (active is None)
        self.active, self.drift = active, message.drift
        if locked_changed:
            self.refresh_bindings()
        if active is not None:
            # A locked decision is shown as it was locked, never as the live draft.
            record = active.record
            self.rows = decision_rows(active)
        else:
            assert self.current is not None
            record = None
            self.rows = draft_rows(self.current)
        self._show_pot(record)
        self._show_state()
        self._fill_table()
        self._show_reason()
        self._what_if(message.outcomes, message.titles)

    def _show_pot(self, record: AllocationRecord | None) -> None:
        if record is not None:
            pot, rule, config = record.pot, record.rule, record.config
            maximum, chain = config.max_award_cents, [t.value for t in record.settings.tie_break]
        else:
            assert self.current is not None
            pot, rule, config_now = self.current.pot, self.current.config.rule, self.current.config
            maximum, chain = config_now.max_award_cents, [t.value for t in config_now.tie_break]
        self.query_one("#allocation-pot", Static).update(
            f"{pot.sentence}.  Regel: {rule.label}; maximum per initiatief "
            f"{format_money_whole(maximum)}; bij gelijke score: {', '.join(chain)}."
        )

    def _show_state(self) -> None:
        active = self.active
        total = sum(r.amount for r in self.rows)
        pot = (
            active.record.pot.pot_cents
            if active
            else (self.current.pot.pot_cents if self.current else 0)
        )
        state = Text.assemble(("Verdeling: ", "bold"))
        if active is None:
            state.append("concept", style="yellow")
        else:
            state.append(f"vastgesteld #{active.id}", style="bold green")
            if active.published_at:
                state.append("  ·  gepubliceerd", style="bold")
        state.append(f"  ·  verdeeld {format_money_whole(total)} van {format_money_whole(pot)}")
        if active is not None:
            # In full, as on the college's paper, so the two can be compared character by
            # character ('festival verify --hash' checks it against the database).
            state.append("\nControlegetal (SHA-256): ")
            state.append(active.sha256, style="bold")
            if self.drift is not None and self.drift.stale:
                state.append(f"\n{self.drift.headline}: ", style="bold black on yellow")
                state.append(self.drift.details)  # titles: plain text, never markup
                state.append(f". {SUPERSEDE_HINT_SCREEN}", style="bold")
        self.query_one("#allocation-state", Static).update(state)

    def _columns(self, narrow: bool) -> list[_Column]:
        rows = self.rows
        outcome = []
        for r in rows:
            if r.overridden:
                outcome.append(Text("aangepast", style="bold magenta"))
            else:
                outcome.append(Text(r.outcome, style=OUTCOME_STYLE.get(r.outcome, "")))
        columns = [
            _Column("#", [Text(str(r.rank)) for r in rows]),
            _Column("Initiatief", [Text(r.title) for r in rows]),
            _Column("Score", [Text(score_text(r.score), justify="right") for r in rows]),
        ]
        if not narrow:
            columns.append(
                _Column(
                    "Gevraagd",
                    [Text(format_money_whole(r.requested), justify="right") for r in rows],
                )
            )
        columns += [
            _Column("Toekenning", [Text(_money(r.amount), justify="right") for r in rows]),
            _Column("Uitkomst", outcome),
        ]
        return columns

    def _fill_table(self) -> None:
        """The rows with every column but the title as wide as its widest cell; the title
        gets what is left (cut with … when it must), so an amount is never cut."""
        table = self.query_one("#allocation", RecordTable)
        keep = table.selected_id
        width = self.app.size.width
        narrow = width < NARROW
        columns = self._columns(narrow)
        widths = [max([len(c.label), *(len(t.plain) for t in c.cells)]) for c in columns]
        room = width - (0 if narrow else WHAT_IF_WIDTH) - SCROLLBAR
        others = sum(w for i, w in enumerate(widths) if i != 1)
        padding = 2 * table.cell_padding * len(columns)
        widths[1] = max(10, min(widths[1], room - others - padding))
        table.clear(columns=True)
        for column, column_width in zip(columns, widths, strict=True):
            table.add_column(column.label, width=column_width)
        for index, row in enumerate(self.rows):
            cells = [c.cells[index] for c in columns]
            cells[1] = cells[1].copy()
            cells[1].truncate(widths[1], overflow="ellipsis")
            table.add_row(*cells, key=row.initiative_id)
        table.select_id(keep)

    def _what_if(self, outcomes: dict[Rule, Result | str], titles: dict[str, str]) -> None:
        chosen = (
            self.active.record.rule
            if self.active
            else (self.current.config.rule if self.current else None)
        )
        shown = {r.initiative_id for r in self.rows if r.amount > 0}
        what = "de vastgestelde verdeling" if self.active else "het concept"
        lines = Text("Wat andere regels zouden geven\n", style="bold")
        lines.append(f"(vergeleken met {what})\n", style="dim")
        for rule, outcome in outcomes.items():
            lines.append(f"\n{rule.label}", style="bold" if rule is chosen else "")
            if isinstance(outcome, str):
                lines.append(f"\n  {outcome}\n", style="dim")
                continue
            other = set(outcome.funded)
            lines.append(f"\n  {len(other)} toekenningen, {format_money_whole(outcome.total)}")
            if other == shown:
                lines.append("\n  zelfde initiatieven\n", style="green")
                continue
            added = sorted(titles.get(i, i) for i in other - shown)
            dropped = sorted(titles.get(i, i) for i in shown - other)
            names = [f"+ {t}" for t in added] + [f"− {t}" for t in dropped]
            lines.append("\n  anders: ", style="yellow")
            lines.append(" / ".join(names) + "\n")  # titles: plain text, never markup
        self.query_one("#what-if", Static).update(lines)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_what_if":
            return self.has_class("-narrow")  # wide: the other rules are always in view
        if action in ("override", "clear_override"):
            return self.active is None  # locked: a change needs a new allocation
        return True

    def action_toggle_what_if(self) -> None:
        """On a narrow terminal the other rules take the table's place, and back."""
        self.toggle_class("-what-if")

    def on_data_table_row_highlighted(self) -> None:
        self._show_reason()

    def _show_reason(self) -> None:
        selected = self.query_one("#allocation", RecordTable).selected_id
        row = next((r for r in self.rows if r.initiative_id == str(selected)), None)
        if row is None:
            return
        text = row.reason
        if row.overridden:
            text += f" — aangepast door {row.override_by}."
        self.query_one("#allocation-reason", Static).update(text)

    # -- actions -----------------------------------------------------------------------------
    def _selected(self) -> int | None:
        return self.query_one("#allocation", RecordTable).selected_id

    def action_settings(self) -> None:
        if self.current is None:
            config = get_config(self.session.db, self.festival.id)
        else:
            config = self.current.config
        read_only = None
        if self.active is not None:
            read_only = (
                f"De verdeling is vastgesteld (#{self.active.id}): de regels liggen vast en "
                "zijn hier alleen te lezen. Een nieuwe verdeling vaststellen (V, met een reden) "
                "gebruikt dezelfde regels."
            )
        elif self.rules_fixed:
            read_only = (
                "De jury heeft het scoren vergrendeld: de regels liggen vast en zijn hier "
                "alleen te lezen."
            )
        self.app.push_screen(
            AllocationSettingsDialog(self.session, self.festival, config, read_only=read_only),
            lambda _: self.reload(),
        )

    def action_override(self) -> None:
        selected = self._selected()
        if selected is None or self.current is None:
            return
        if self.active is not None:
            self.notify(
                "De verdeling is vastgesteld; een aanpassing kan pas in een nieuwe verdeling.",
                severity="warning",
                markup=False,
            )
            return
        candidate = next(c for c in self.current.candidates if c.id == str(selected))
        self.app.push_screen(
            OverrideDialog(
                self.session,
                self.festival,
                int(candidate.id),
                candidate.title,
                self.current.amounts[int(candidate.id)],
            ),
            lambda _: self.reload(),
        )

    def action_clear_override(self) -> None:
        selected = self._selected()
        if selected is not None:
            try:
                clear_override(self.session.db, self.session.user, self.festival, selected)
            except (NotAllowed, NotFound) as exc:
                self.notify(exc.message, severity="error", markup=False)
                return
            self.reload()

    def action_lock(self) -> None:
        """Ask with the amounts (and for a reason when it replaces a locked one), then lock."""
        try:
            record, previous = lock_preview(self.session.db, self.festival)
        except NotAllowed as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        except RuleUnavailable as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        question = lock_question(record, previous)
        confirmed = record.sha256()
        if previous is None:
            self._ask(question, lambda: self._lock(None, confirmed))
            return

        def with_reason(reason: str | None) -> None:
            if reason:
                self._ask(question, lambda: self._lock(reason, confirmed))

        self.app.push_screen(
            ReasonDialog(
                question.title,
                f"{question.text}\n\nWaarom vervangt u de vastgestelde verdeling?",
            ),
            with_reason,
        )

    def _ask(self, question: Question, then: Callable[[], None]) -> None:
        """The question in a dialog whose Annuleren has the focus; ``then()`` on yes."""

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(
            ConfirmDialog(question.title, question.full_text, question.confirm), answered
        )

    def _lock(self, reason: str | None, confirmed: str) -> None:
        try:
            locked = lock_allocation(
                self.session.db,
                self.session.user,
                self.festival,
                supersede_reason=reason,
                confirmed_sha256=confirmed,
            )
        except (NotAllowed, ValidationErrors, NotFound) as exc:
            self.notify(getattr(exc, "message", str(exc)), severity="error", markup=False)
            return
        except RuleUnavailable as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        self.reload()
        self.notify(
            f"Vastgesteld als #{locked.id}; controlegetal {locked.sha256[:16]}…",
            timeout=8,
            markup=False,
        )

    def action_publish(self) -> None:
        active = active_allocation(self.session.db, self.festival.id)
        if active is None:
            self.notify("Stel de verdeling eerst vast.", severity="error", markup=False)
            return
        changed = drift(active.record, read_inputs(self.session.db, self.festival))
        self._ask(publish_question(active, changed), self._publish)

    def _publish(self) -> None:
        try:
            publish_allocation(self.session.db, self.session.user, self.festival)
        except NotAllowed as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        self.reload()
