"""The juror's screen: the pitch programme, one's own progress, and scoring by keyboard alone.

A juror sees only their own scores. Nothing here shows another juror's values or any ranking,
until the coordinator publishes (then F5 shows the ranking). Values typed but not saved stay
with their pitch as a draft (in memory) when the juror pages to another pitch; Ctrl+Z undoes
only the last save on the pitch on screen; after the jury lock the form is read-only.
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
from festival.domain.jury import Criterion, JuryState, JuryStatus, OwnScores, Pitch
from festival.session import Session
from festival.store.database import Database
from festival.ui.dialogs.confirm_dialog import ConfirmDialog
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
        Binding("f7", "other_festival", "Ander festival"),
        Binding("ctrl+l", "logout", "Uitloggen"),
    ]

    def __init__(self, session: Session, festival: Festival) -> None:
        super().__init__()
        self.session = session
        self.festival = festival
        self.criteria: list[Criterion] = jury.list_criteria(session.db, festival.id)
        self.pitches: list[Pitch] = []
        self.own = OwnScores(values={}, remarks={}, conflicts={})
        self.selected: int | None = None
        self.locked = False
        self.state: JuryState | None = None
        self.others = False
        self.drafts: dict[int, dict[str, str]] = {}
        """pitch → field id → typed text, for pitches left with unsaved values"""

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
                            # A comma or point may be typed so "7,5" is refused with a
                            # message instead of silently becoming 75.
                            restrict=r"[\d,.]{0,4}",
                            max_length=4,
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
        state = self.state = jury.get_state(db, self.festival.id)
        self.others = bool(self._other_festivals())
        n = len(self.criteria)
        locked = state.status is JuryStatus.LOCKED
        changed = locked != self.locked and self.selected is not None
        if changed:
            self._keep_draft()  # what was typed when the lock came stays visible, read-only
        self.locked = locked
        self._show_progress()
        options = self.query_one("#pitches", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(
            [pitch_option(p, self.own, state.current_initiative, n) for p in self.pitches]
        )
        if highlighted is not None and highlighted < len(self.pitches):
            options.highlighted = highlighted
        if changed:
            shown, self.selected = self.selected, None
            self.select(shown)

    def _other_festivals(self) -> list[Festival]:
        """The other festivals (not purged) on whose jury this juror sits, the next one first
        (in the order of the festival list, going round)."""
        from festival.domain.festivals import list_festivals

        mine = jury.festivals_of_juror(self.session.db, self.session.user.id)
        sits = [f for f in list_festivals(self.session.db) if f.id in mine and not f.purged]
        here = next((i for i, f in enumerate(sits) if f.id == self.festival.id), -1)
        return [f for f in sits[here + 1 :] + sits[: max(here, 0)] if f.id != self.festival.id]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "other_festival":
            return bool(self._other_festivals())
        return True

    def action_other_festival(self) -> None:
        others = self._other_festivals()
        if not others:
            return
        self._keep_draft()
        target = others[0]

        def go(yes: bool | None = True) -> None:
            if yes:
                self.app.switch_screen(JuryScreen(self.session, target))

        if not self.drafts:
            go()
            return
        self.app.push_screen(
            ConfirmDialog(
                f"Naar {target.name} zonder op te slaan?",
                "Wat u hier typte en niet opsloeg, gaat dan verloren.",
                "Toch wisselen",
            ),
            go,
        )

    def _show_progress(self) -> None:
        n = len(self.criteria)
        done = sum(
            1
            for p in self.pitches
            if len(self.own.values.get(p.initiative_id, {})) >= n > 0
            or p.initiative_id in self.own.conflicts
        )
        status = "vergrendeld (alleen bekijken)" if self.locked else "open"
        text = Text.assemble((self.session.user.name, "bold"))
        if self.others:
            # On more than one jury: say which festival this is, and how to reach the other.
            text.append(f"  ·  {self.festival.name} (F7: ander festival)")
        text.append(f"  ·  {done} van {len(self.pitches)} gescoord  ·  scoren {status}")
        if self.state is not None and self.state.published:
            text.append("  ·  uitslag gepubliceerd (F5)", style="bold green")
        if self.drafts and not self.locked:
            text.append(f"  ·  {len(self.drafts)} niet opgeslagen", style="bold yellow")
        self.query_one("#jury-progress", Static).update(text)

    def _field_ids(self) -> list[str]:
        return [f"score-{c.id}" for c in self.criteria] + ["remark"]

    def _saved_form(self, initiative_id: int) -> dict[str, str]:
        mine = self.own.values.get(initiative_id, {})
        form = {f"score-{c.id}": str(mine[c.id]) if c.id in mine else "" for c in self.criteria}
        form["remark"] = self.own.remarks.get(initiative_id, "")
        return form

    def _keep_draft(self) -> None:
        """Keep what is typed on the pitch on screen, if it differs from what is saved."""
        if self.selected is None or self.locked:
            return
        typed = {f: self.query_one(f"#{f}", Input).value for f in self._field_ids()}
        if typed != self._saved_form(self.selected):
            self.drafts[self.selected] = typed
        else:
            self.drafts.pop(self.selected, None)

    def select(self, initiative_id: int | None) -> None:
        """Show the scoring form for one pitch: the juror's own saved values, or the draft
        typed there earlier and not saved yet."""
        pitch = next((p for p in self.pitches if p.initiative_id == initiative_id), None)
        if pitch is None:
            self.query_one("#pitch-title", Static).update("Nog geen pitches op het programma.")
            return
        if pitch.initiative_id != self.selected:
            self._keep_draft()
        self.selected = pitch.initiative_id
        index = self.pitches.index(pitch)
        self.query_one("#pitches", OptionList).highlighted = index
        title = Text(f"{pitch.position}. {pitch.title}", style="bold")
        title.append(f"\n{pitch.kern_name or ''} · gevraagd {format_money(pitch.requested_cents)}")
        conflict = self.own.conflicts.get(pitch.initiative_id)
        if conflict:
            title.append(f"\nBelangenverstrengeling gemeld: {conflict}", style="bold red")
            if not self.locked:
                title.append("  (F6: intrekken)", style="red")
        draft = None if self.locked else self.drafts.get(pitch.initiative_id)
        if self.locked:
            title.append(
                "\nHet scoren is vergrendeld: u kunt uw scores alleen bekijken.",
                style="bold yellow",
            )
        elif draft is not None:
            title.append(
                "\nNiet opgeslagen: hier staat wat u eerder typte. Enter slaat op.",
                style="bold yellow",
            )
        self.query_one("#pitch-title", Static).update(title)
        form = draft if draft is not None else self._saved_form(pitch.initiative_id)
        for field_id in self._field_ids():
            field = self.query_one(f"#{field_id}", Input)
            field.value = form[field_id]
            field.disabled = self.locked or (bool(conflict) and field_id != "remark")
        self.query_one("#remark", Input).disabled = self.locked or bool(conflict)
        self.show_errors({})
        self._show_progress()
        if self.criteria and not conflict and not self.locked:
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
            elif raw:
                errors[f"criterion-{c.id}"] = (
                    f"{c.name}: {raw} is geen heel getal; typ een heel getal van "
                    f"{c.scale_min} tot {c.scale_max} (geen komma of punt)."
                )
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
        self.drafts.pop(saved, None)
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
        pitch = next((p for p in self.pitches if p.initiative_id == self.selected), None)
        if pitch is None:
            return
        try:
            undone = jury.undo_last_save(
                self.session.db,
                self.session.user,
                self.festival.id,
                self.session.user,
                pitch.initiative_id,
            )
        except NotAllowed as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        if undone is None:
            self.notify(
                f"Op pitch {pitch.position}. {pitch.title} is geen opslag van u om terug te "
                "draaien. Ctrl+Z werkt alleen op de pitch die u ziet.",
                markup=False,
            )
            return
        self.drafts.pop(pitch.initiative_id, None)
        self.reload()
        self.selected = None  # show the restored values, not a draft
        self.select(pitch.initiative_id)
        when = undone.saved_at[11:16]
        if undone.restored:
            values = ", ".join(
                str(undone.restored[c.id]) for c in self.criteria if c.id in undone.restored
            )
            now = f"de scores zijn weer {values}"
        else:
            now = "deze pitch heeft weer geen scores van u"
        self.notify(
            f"Teruggedraaid: uw opslag van {when} (UTC) op pitch {pitch.position}. "
            f"{pitch.title}; {now}.",
            markup=False,
        )

    def action_conflict(self) -> None:
        pitch = next((p for p in self.pitches if p.initiative_id == self.selected), None)
        if pitch is None:
            return
        if self.locked:
            self.notify("Het scoren is vergrendeld.", severity="error")
            return
        if pitch.initiative_id in self.own.conflicts:
            self.app.push_screen(
                ConfirmDialog(
                    f"Belangenverstrengeling intrekken: {pitch.title}",
                    "U kunt dit initiatief daarna weer scoren. Het intrekken wordt vastgelegd.",
                    "Intrekken",
                ),
                lambda yes: self._withdraw(pitch, bool(yes)),
            )
            return
        self.app.push_screen(
            ReasonDialog(
                f"Belangenverstrengeling: {pitch.title}",
                "U scoort dit initiatief dan niet; eerdere scores vervallen. "
                "Waarom? (bijvoorbeeld: familie van de aanvrager)",
            ),
            lambda reason: self._conflict(pitch, reason),
        )

    def _withdraw(self, pitch: Pitch, yes: bool) -> None:
        if not yes:
            return
        try:
            jury.withdraw_conflict(
                self.session.db,
                self.session.user,
                self.festival.id,
                self.session.user,
                pitch.initiative_id,
            )
        except (NotAllowed, NotFound, ValidationErrors) as exc:
            self.notify(getattr(exc, "message", str(exc)), severity="error", markup=False)
            return
        self.reload()
        self.selected = None
        self.select(pitch.initiative_id)
        self.notify("De belangenverstrengeling is ingetrokken; u kunt deze pitch nu scoren.")

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
        self.drafts.pop(pitch.initiative_id, None)
        self.reload()
        self.selected = None
        self.select(pitch.initiative_id)

    def action_logout(self) -> None:
        self._keep_draft()
        if not self.drafts:
            self.kerngericht_app.action_logout()
            return
        names = ", ".join(
            f"{p.position}. {p.title}" for p in self.pitches if p.initiative_id in self.drafts
        )
        self.app.push_screen(
            ConfirmDialog(
                "Uitloggen zonder op te slaan?",
                f"Getypt maar niet opgeslagen: {names}. Bij uitloggen gaat dat verloren.",
                "Toch uitloggen",
            ),
            lambda yes: self.kerngericht_app.action_logout() if yes else None,
        )

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
