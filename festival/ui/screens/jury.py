"""The juror's screen: the pitch programme, one's own progress, and scoring by keyboard alone.

A juror sees only their own scores. Nothing here shows another juror's values or any ranking,
until the coordinator publishes (then F5 shows the ranking).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from festival.core.errors import NotAllowed, NotFound, ValidationErrors
from festival.core.money import format_money
from festival.domain import jury
from festival.domain.festivals import Festival
from festival.domain.jury import Criterion, JuryStatus, OwnScores, Pitch
from festival.session import Session
from festival.store.database import Database
from festival.ui.dialogs.reason_dialog import ReasonDialog
from festival.ui.screens.live_screen import LiveScreen
from festival.ui.widgets.form_field import FormField
from festival.ui.widgets.pitch_timer import PitchTimer
from festival.ui.widgets.title_bar import TitleBar


def pitch_option(pitch: Pitch, own: OwnScores, current: int | None, n_criteria: int) -> Option:
    scored = len(own.values.get(pitch.initiative_id, {})) >= n_criteria > 0
    if pitch.initiative_id in own.conflicts:
        mark, style = "✗", "red"
    elif scored:
        mark, style = "✓", "green"
    else:
        mark, style = "·", "dim"
    now = pitch.initiative_id == current
    label = Text("▶ " if now else "  ", style="bold yellow")
    label.append(f"{mark} ", style=style)
    label.append(f"{pitch.position}. {pitch.title}", style="bold" if now else "")
    return Option(label, id=str(pitch.initiative_id))


def published_awards(db: Database, festival_id: int) -> dict[int, int] | None:
    """The amounts of the published allocation, or None while nothing is published."""
    from festival.domain.allocation.locking import active_allocation

    allocation = active_allocation(db, festival_id)
    if allocation is None or allocation.published_at is None:
        return None
    return allocation.record.amounts()


class JuryScreen(LiveScreen[None]):
    """Type a value per criterion (Tab or arrows to move), Enter saves."""

    BINDINGS = [
        Binding("pageup", "pitch(-1)", "Vorige pitch"),
        Binding("pagedown", "pitch(1)", "Volgende pitch"),
        Binding("down", "criterion(1)", "Volgend criterium", show=False),
        Binding("up", "criterion(-1)", "Vorig criterium", show=False),
        Binding("ctrl+z", "undo", "Laatste opslag terug"),
        Binding("f6", "conflict", "Belangenverstrengeling"),
        Binding("f5", "ranking", "Uitslag"),
        Binding("ctrl+l", "app.logout", "Uitloggen"),
    ]

    def __init__(self, session: Session, festival: Festival) -> None:
        super().__init__()
        self.session = session
        self.festival = festival
        self.criteria: list[Criterion] = jury.list_criteria(session.db, festival.id)
        self.pitches: list[Pitch] = []
        self.own = OwnScores(values={}, remarks={}, conflicts={})
        self.selected: int | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="jury-progress")
        yield PitchTimer(self.session.db, self.festival.id, id="jury-timer")
        with Horizontal(id="jury-body"):
            yield OptionList(id="pitches")
            with VerticalScroll(id="scoring"):
                yield Static(id="pitch-title")
                for c in self.criteria:
                    yield FormField(
                        f"{c.name} (×{c.weight}, {c.scale_min}–{c.scale_max})",
                        Input(
                            id=f"score-{c.id}",
                            compact=True,
                            restrict=r"\d{0,3}",
                            max_length=3,
                            placeholder=f"{c.scale_min}–{c.scale_max}",
                        ),
                        name=f"criterion-{c.id}",
                    )
                yield FormField(
                    "Opmerking",
                    Input(id="remark", compact=True, max_length=500, placeholder="niet verplicht"),
                    name="remark",
                )
                yield Static(id="level-help", markup=False)
                yield Static("", id="form-error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pitches", OptionList).can_focus = False
        self.reload()
        state = jury.get_state(self.session.db, self.festival.id)
        start = state.current_initiative or (
            self.pitches[0].initiative_id if self.pitches else None
        )
        self.select(start)

    # -- what the juror sees -----------------------------------------------------------------
    def reload(self) -> None:
        db = self.session.db
        self.pitches = jury.list_pitches(db, self.festival.id)
        self.own = jury.own_scores(db, self.session.user, self.festival.id, self.session.user)
        state = jury.get_state(db, self.festival.id)
        n = len(self.criteria)
        done = sum(
            1
            for p in self.pitches
            if len(self.own.values.get(p.initiative_id, {})) >= n > 0
            or p.initiative_id in self.own.conflicts
        )
        status = "vergrendeld" if state.status is JuryStatus.LOCKED else "open"
        text = Text.assemble(
            (self.session.user.name, "bold"),
            f"  ·  {done} van {len(self.pitches)} gescoord  ·  scoren {status}",
        )
        if state.published:
            text.append("  ·  uitslag gepubliceerd (F5)", style="bold green")
        self.query_one("#jury-progress", Static).update(text)
        options = self.query_one("#pitches", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(
            [pitch_option(p, self.own, state.current_initiative, n) for p in self.pitches]
        )
        if highlighted is not None and highlighted < len(self.pitches):
            options.highlighted = highlighted

    def select(self, initiative_id: int | None) -> None:
        """Show the scoring form for one pitch, filled with the juror's own saved values."""
        pitch = next((p for p in self.pitches if p.initiative_id == initiative_id), None)
        if pitch is None:
            self.query_one("#pitch-title", Static).update("Nog geen pitches op het programma.")
            return
        self.selected = pitch.initiative_id
        index = self.pitches.index(pitch)
        self.query_one("#pitches", OptionList).highlighted = index
        mine = self.own.values.get(pitch.initiative_id, {})
        title = Text(f"{pitch.position}. {pitch.title}", style="bold")
        title.append(f"\n{pitch.kern_name or ''} · gevraagd {format_money(pitch.requested_cents)}")
        conflict = self.own.conflicts.get(pitch.initiative_id)
        if conflict:
            title.append(f"\nBelangenverstrengeling gemeld: {conflict}", style="bold red")
        self.query_one("#pitch-title", Static).update(title)
        for c in self.criteria:
            field = self.query_one(f"#score-{c.id}", Input)
            field.value = str(mine[c.id]) if c.id in mine else ""
            field.disabled = bool(conflict)
        self.query_one("#remark", Input).value = self.own.remarks.get(pitch.initiative_id, "")
        self.show_errors({})
        if self.criteria and not conflict:
            first = self.query_one(f"#score-{self.criteria[0].id}", Input)
            first.focus()
            # Typing replaces a saved value, also when the field already had focus.
            first.select_all()

    @on(OptionList.OptionSelected, "#pitches")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.select(int(event.option.id))

    def on_descendant_focus(self) -> None:
        focused = self.focused
        criterion = next(
            (c for c in self.criteria if focused is not None and focused.id == f"score-{c.id}"),
            None,
        )
        help_text = ""
        if criterion is not None:
            raw = self.query_one(f"#score-{criterion.id}", Input).value
            value = int(raw) if raw.isdigit() else None
            help_text = f"{criterion.name}: {criterion.level_text(value)}"
        self.query_one("#level-help", Static).update(help_text)

    @on(Input.Changed)
    def _typed(self) -> None:
        self.on_descendant_focus()

    def show_errors(self, errors: dict[str, str], general: str = "") -> None:
        for form_field in self.query(FormField):
            form_field.error = errors.get(form_field.field_name, "")
        leftover = [m for f, m in errors.items() if not self.query(f"#field-{f}")]
        self.query_one("#form-error", Static).update("\n".join([*leftover, general]).strip())

    # -- actions -----------------------------------------------------------------------------
    def action_pitch(self, step: int) -> None:
        if not self.pitches:
            return
        ids = [p.initiative_id for p in self.pitches]
        index = ids.index(self.selected) if self.selected in ids else 0
        self.select(ids[max(0, min(len(ids) - 1, index + step))])

    def action_criterion(self, step: int) -> None:
        order = [f"score-{c.id}" for c in self.criteria] + ["remark"]
        focused = self.focused.id if self.focused is not None else None
        if focused in order:
            target = order[max(0, min(len(order) - 1, order.index(focused) + step))]
            self.query_one(f"#{target}", Input).focus()

    @on(Input.Submitted)
    def save(self) -> None:
        if self.selected is None:
            return
        values: dict[int, int] = {}
        errors: dict[str, str] = {}
        for c in self.criteria:
            raw = self.query_one(f"#score-{c.id}", Input).value.strip()
            if raw.isdigit():
                values[c.id] = int(raw)
            else:
                errors[f"criterion-{c.id}"] = f"{c.name}: vul een score in."
        if errors:
            self.show_errors(errors)
            return
        try:
            jury.save_scores(
                self.session.db,
                self.session.user,
                self.festival.id,
                self.session.user,
                self.selected,
                values,
                self.query_one("#remark", Input).value,
            )
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return
        except (NotAllowed, NotFound) as exc:
            self.show_errors({}, exc.message)
            return
        saved = self.selected
        self.reload()
        self.notify("Opgeslagen.", timeout=2)
        # Straight on to the next pitch not yet scored, as a juror works through the day.
        ids = [p.initiative_id for p in self.pitches]
        later = ids[ids.index(saved) + 1 :] if saved in ids else []
        n = len(self.criteria)
        following = next(
            (
                i
                for i in later
                if len(self.own.values.get(i, {})) < n and i not in self.own.conflicts
            ),
            None,
        )
        self.select(following if following is not None else saved)

    def action_undo(self) -> None:
        try:
            initiative = jury.undo_last_save(
                self.session.db, self.session.user, self.festival.id, self.session.user
            )
        except NotAllowed as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        if initiative is None:
            self.notify("Er is geen opslag om terug te draaien.")
            return
        self.reload()
        self.select(initiative)
        self.notify("De laatste opslag is teruggedraaid.")

    def action_conflict(self) -> None:
        pitch = next((p for p in self.pitches if p.initiative_id == self.selected), None)
        if pitch is None:
            return
        self.app.push_screen(
            ReasonDialog(
                f"Belangenverstrengeling: {pitch.title}",
                "U scoort dit initiatief dan niet; eerdere scores vervallen. "
                "Waarom? (bijvoorbeeld: familie van de aanvrager)",
            ),
            lambda reason: self._conflict(pitch, reason),
        )

    def _conflict(self, pitch: Pitch, reason: str | None) -> None:
        if not reason:
            return
        try:
            jury.declare_conflict(
                self.session.db,
                self.session.user,
                self.festival.id,
                self.session.user,
                pitch.initiative_id,
                reason,
            )
        except (NotAllowed, ValidationErrors) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.reload()
        self.select(pitch.initiative_id)

    def action_ranking(self) -> None:
        from festival.ui.screens.jury_ranking import JuryRankingScreen

        try:
            ranked, note = jury.read_ranking(self.session.db, self.session.user, self.festival.id)
        except NotAllowed as exc:
            self.notify(exc.message, markup=False)
            return
        self.app.push_screen(
            JuryRankingScreen(ranked, note, published_awards(self.session.db, self.festival.id))
        )

    # -- the stage (festival day) ------------------------------------------------------------
    @on(PitchTimer.StageMoved)
    def _follow_stage(self, event: PitchTimer.StageMoved) -> None:
        """The coordinator moved the stage: the form follows, unless it holds typed values
        that are not saved yet (those are never lost: Enter saves, PgDn goes on)."""
        if event.initiative_id is None or event.initiative_id == self.selected:
            return
        if self._unsaved():
            self.notify(
                "Er staat een volgende pitch op het podium; uw getypte waarden blijven staan. "
                "Enter slaat op, PgDn gaat verder.",
                markup=False,
            )
            return
        self.select(event.initiative_id)

    def _unsaved(self) -> bool:
        """Whether the form differs from what this juror saved for the pitch shown."""
        shown = self.selected if self.selected is not None else -1
        mine = self.own.values.get(shown, {})
        for c in self.criteria:
            saved = str(mine[c.id]) if c.id in mine else ""
            if self.query_one(f"#score-{c.id}", Input).value.strip() != saved:
                return True
        return self.query_one("#remark", Input).value != self.own.remarks.get(shown, "")
