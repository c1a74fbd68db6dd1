"""The allocation: the chosen rule's outcome with a reason per initiative, what the other
rules would give, overrides with reasons, vaststellen (with a hash) and publiceren."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from festival.core.errors import NotAllowed, NotFound, ValidationErrors
from festival.core.money import format_money_whole
from festival.domain.allocation.config import get_config
from festival.domain.allocation.inputs import read_inputs
from festival.domain.allocation.locking import (
    active_allocation,
    lock_allocation,
    publish_allocation,
)
from festival.domain.allocation.model import Outcome, Result, Rule
from festival.domain.allocation.overrides import clear_override
from festival.domain.allocation.proposal import Draft, compare
from festival.domain.allocation.reasons import explain
from festival.domain.allocation.record import LockedAllocation
from festival.domain.festivals import Festival
from festival.session import Session
from festival.ui.dialogs.allocation_settings_dialog import AllocationSettingsDialog
from festival.ui.dialogs.override_dialog import OverrideDialog
from festival.ui.dialogs.reason_dialog import ReasonDialog
from festival.ui.screens.live_screen import RELOAD_ERRORS, LiveScreen, reload_failed_message
from festival.ui.widgets.record_table import RecordTable
from festival.ui.widgets.title_bar import TitleBar

OUTCOME_STYLE = {Outcome.FUNDED: "green", Outcome.PARTIAL: "yellow", Outcome.NOT_FUNDED: "dim"}


def _score(value: float | None) -> Text:
    return Text("–" if value is None else f"{value:.1f}".replace(".", ","), justify="right")


class AllocationScreen(LiveScreen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug"),
        Binding("i", "settings", "Regels"),
        Binding("a", "override", "Aanpassen"),
        Binding("w", "clear_override", "Aanpassing weg"),
        Binding("v", "lock", "Vaststellen"),
        Binding("p", "publish", "Publiceren"),
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
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="allocation-pot", markup=False)
        yield Static(id="allocation-state")
        with Horizontal(id="allocation-body"):
            yield RecordTable(id="allocation", cursor_type="row", zebra_stripes=True)
            yield Static(id="what-if")
        yield Static(id="allocation-reason", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#allocation", RecordTable)
        table.add_columns("#", "Initiatief", "Score", "Gevraagd", "Toekenning", "Uitkomst")
        self.reload()

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
            draft, outcomes = compare(inputs)
        except RELOAD_ERRORS as exc:
            # A worker's exception would end the app: say it in Dutch instead (traceback: log).
            self.log.error(exc)
            if not get_current_worker().is_cancelled:
                self.post_message(self.RecomputeFailed(generation, reload_failed_message(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Recomputed(generation, draft, outcomes, active))

    @on(RecomputeFailed)
    def _show_failure(self, message: RecomputeFailed) -> None:
        if message.generation == self._generation:
            self.notify(message.text, severity="error", markup=False)

    @on(Recomputed)
    def _show_recomputed(self, message: Recomputed) -> None:
        if message.generation != self._generation:
            return  # a newer reload is under way
        if isinstance(message.draft, str):
            self.query_one("#allocation-pot", Static).update(message.draft)
            return
        self.current = d = message.draft
        self.query_one("#allocation-pot", Static).update(
            f"{d.pot.sentence}.  Regel: {d.config.rule.label}; maximum per initiatief "
            f"{format_money_whole(d.config.max_award_cents)}; bij gelijke score: "
            f"{', '.join(t.value for t in d.config.tie_break)}."
        )
        active = message.active
        state = Text.assemble(("Verdeling: ", "bold"))
        if active is None:
            state.append("concept", style="yellow")
        else:
            state.append(f"vastgesteld #{active.id}", style="bold green")
            if active.published_at:
                state.append("  ·  gepubliceerd", style="bold")
        state.append(
            f"  ·  verdeeld {format_money_whole(d.total)} van {format_money_whole(d.pot.pot_cents)}"
        )
        if active is not None:
            # In full, as on the college's paper, so the two can be compared character by
            # character ('festival verify --hash' checks it against the database).
            state.append("\nControlegetal (SHA-256): ")
            state.append(active.sha256, style="bold")
        self.query_one("#allocation-state", Static).update(state)
        table = self.query_one("#allocation", RecordTable)
        keep = table.selected_id
        table.clear()
        by_id = {c.id: c for c in d.candidates}
        for decision in d.result.decisions:
            c = by_id[decision.candidate_id]
            amount = d.amounts[int(c.id)]
            override = d.overrides.get(int(c.id))
            outcome = Text(decision.outcome.value, style=OUTCOME_STYLE[decision.outcome])
            if override is not None:
                outcome = Text("aangepast", style="bold magenta")
            table.add_row(
                Text(str(decision.rank)),
                Text(c.title),
                _score(c.score),
                Text(format_money_whole(c.requested), justify="right"),
                Text(format_money_whole(amount) if amount else "–", justify="right"),
                outcome,
                key=c.id,
            )
        table.select_id(keep)
        self._show_reason()
        self._what_if(d.result, message.outcomes)

    def _what_if(self, chosen: Result, outcomes: dict[Rule, Result | str]) -> None:
        lines = Text("Wat andere regels zouden geven\n", style="bold")
        funded = set(chosen.funded)
        for rule, outcome in outcomes.items():
            lines.append(f"\n{rule.value}", style="bold" if rule is chosen.rule else "")
            if isinstance(outcome, str):
                lines.append(f"\n  {outcome}\n", style="dim")
                continue
            other = set(outcome.funded)
            lines.append(f"\n  {len(other)} toekenningen, {format_money_whole(outcome.total)}")
            if other == funded:
                lines.append("\n  zelfde initiatieven\n", style="green")
            else:
                lines.append(
                    f"\n  anders: +{len(other - funded)} / −{len(funded - other)}\n", style="yellow"
                )
        self.query_one("#what-if", Static).update(lines)

    def on_data_table_row_highlighted(self) -> None:
        self._show_reason()

    def _show_reason(self) -> None:
        if self.current is None:
            return
        selected = self.query_one("#allocation", RecordTable).selected_id
        decision = next(
            (d for d in self.current.result.decisions if d.candidate_id == str(selected)), None
        )
        if decision is None:
            return
        candidate = next(c for c in self.current.candidates if c.id == decision.candidate_id)
        text = explain(decision, candidate, self.current.result)
        override = self.current.overrides.get(int(candidate.id))
        if override is not None:
            text = (
                f"Aangepast naar {format_money_whole(override.amount_cents)} door "
                f"{override.made_by}: {override.reason}. (Regel: {text})"
            )
        self.query_one("#allocation-reason", Static).update(text)

    # -- actions -----------------------------------------------------------------------------
    def _selected(self) -> int | None:
        return self.query_one("#allocation", RecordTable).selected_id

    def action_settings(self) -> None:
        if self.current is None:
            config = get_config(self.session.db, self.festival.id)
        else:
            config = self.current.config
        self.app.push_screen(
            AllocationSettingsDialog(self.session, self.festival, config), lambda _: self.reload()
        )

    def action_override(self) -> None:
        selected = self._selected()
        if selected is None or self.current is None:
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
            clear_override(self.session.db, self.session.user, self.festival, selected)
            self.reload()

    def action_lock(self) -> None:
        if active_allocation(self.session.db, self.festival.id) is None:
            self._lock(None)
            return
        self.app.push_screen(
            ReasonDialog(
                "Nieuwe verdeling vaststellen",
                "Er is al een vastgestelde verdeling. De nieuwe vervangt haar; beide "
                "blijven bewaard. Waarom?",
            ),
            self._supersede,
        )

    def _supersede(self, reason: str | None) -> None:
        if reason:
            self._lock(reason)

    def _lock(self, reason: str | None) -> None:
        try:
            locked = lock_allocation(
                self.session.db, self.session.user, self.festival, supersede_reason=reason
            )
        except (NotAllowed, ValidationErrors, NotFound) as exc:
            self.notify(getattr(exc, "message", str(exc)), severity="error", markup=False)
            return
        self.reload()
        self.notify(
            f"Vastgesteld als #{locked.id}; controlegetal {locked.sha256[:16]}…",
            timeout=8,
            markup=False,
        )

    def action_publish(self) -> None:
        try:
            publish_allocation(self.session.db, self.session.user, self.festival)
        except NotAllowed as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        self.reload()
