"""Before the day: the criteria, the pitch programme and its order, and who is on the jury."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Static

from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.domain import jury
from festival.domain.accounts import list_users
from festival.domain.festivals import Festival
from festival.domain.jury import Criterion
from festival.domain.roles import Role
from festival.session import Session
from festival.ui.dialogs.criterion_dialog import CriterionDialog
from festival.ui.dialogs.reason_dialog import ReasonDialog
from festival.ui.screens.live_screen import LiveScreen
from festival.ui.widgets.record_table import RecordTable
from festival.ui.widgets.title_bar import TitleBar


class JurySetupScreen(LiveScreen[None]):
    """Tab moves between the three lists; each list's keys are in the footer."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug"),
        Binding("n", "new_criterion", "Nieuw criterium"),
        Binding("e", "edit_criterion", "Criterium wijzigen"),
        Binding("x", "delete_criterion", "Criterium weg"),
        Binding("v", "release", "Criteria vrijgeven"),
        Binding("space", "toggle_member", "Aan/uit"),
        Binding("plus", "move(-1)", "Eerder"),
        Binding("minus", "move(1)", "Later"),
    ]
    AUTO_FOCUS = "#criteria"

    def __init__(self, session: Session, festival: Festival) -> None:
        super().__init__()
        self.session = session
        self.festival = festival
        self.criteria: dict[int, Criterion] = {}
        self.programme_order: list[int] = []
        """The initiatives' rows in the order shown: Space leaves it, + and − re-sort it."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="setup-status")
        yield Static("Criteria (n nieuw, e wijzigen, x weg)", classes="screen-title")
        yield RecordTable(id="criteria", cursor_type="row")
        with Horizontal(id="setup-lists"):
            with Vertical():
                yield Static(
                    "Initiatieven (spatie: op/van het programma, + en −: volgorde)",
                    classes="screen-title",
                )
                yield RecordTable(id="programme", cursor_type="row")
            with Vertical(id="setup-jurors"):
                yield Static("Jury (spatie: erin/eruit)", classes="screen-title")
                yield RecordTable(id="jurors", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#criteria", RecordTable).add_columns(
            "Criterium", "Gewicht", "Schaal", "Niveaus"
        )
        self.query_one("#programme", RecordTable).add_columns("Pitch", "Initiatief", "Kern")
        self.query_one("#jurors", RecordTable).add_columns("Jury", "Naam")
        self.reload()

    def reload(self) -> None:
        db, fid = self.session.db, self.festival.id
        state = jury.get_state(db, fid)
        status = Text.assemble(("Jury instellen ", "bold"), self.festival.name)
        if state.criteria_frozen:
            status.append("  ·  criteria liggen vast (v: vrijgeven met reden)", style="yellow")
        self.query_one("#setup-status", Static).update(status)
        criteria = self.query_one("#criteria", RecordTable)
        keep = criteria.selected_id
        criteria.clear()
        self.criteria = {c.id: c for c in jury.list_criteria(db, fid)}
        for c in self.criteria.values():
            criteria.add_row(
                Text(c.name),
                Text(f"×{c.weight}"),
                Text(f"{c.scale_min}–{c.scale_max}"),
                Text(", ".join(str(k) for k in sorted(c.levels))),
                key=str(c.id),
            )
        criteria.select_id(keep)
        programme = self.query_one("#programme", RecordTable)
        keep = programme.selected_id
        programme.clear()
        found = {p.initiative_id: p for p in jury.list_initiatives(db, fid)}
        fresh = sorted(found.values(), key=lambda p: (p.position == 0, p.position, p.title))
        # Rows stay where they are when one goes on or off the programme, so the row under
        # the cursor is still the one just toggled (a second Space takes it back).
        kept = [i for i in self.programme_order if i in found]
        self.programme_order = kept + [
            p.initiative_id for p in fresh if p.initiative_id not in kept
        ]
        for p in (found[i] for i in self.programme_order):
            programme.add_row(
                Text(str(p.position) if p.position else "–"),
                Text(p.title),
                Text(p.kern_name or ""),
                key=str(p.initiative_id),
            )
        programme.select_id(keep)
        jurors = self.query_one("#jurors", RecordTable)
        keep = jurors.selected_id
        jurors.clear()
        members = {u.id for u in jury.list_jurors(db, fid)}
        for u in list_users(db, self.session.user):
            if u.role is Role.JURY and u.active:
                jurors.add_row(Text("✓" if u.id in members else "·"), Text(u.name), key=str(u.id))
        jurors.select_id(keep)

    def _focused_table(self) -> str | None:
        return self.focused.id if isinstance(self.focused, RecordTable) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        table = self._focused_table()
        if action in ("new_criterion", "edit_criterion", "delete_criterion"):
            return table == "criteria"
        if action == "move":
            return table == "programme"
        if action == "toggle_member":
            return table in ("programme", "jurors")
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def _guard(self, work: Callable[[], object]) -> None:
        try:
            work()
        except (NotAllowed, NotFound, InvalidInput, ValidationErrors) as exc:
            self.notify(getattr(exc, "message", str(exc)), severity="error", markup=False)
        self.reload()

    def action_new_criterion(self) -> None:
        self.app.push_screen(CriterionDialog(self.session, self.festival), lambda _: self.reload())

    def action_edit_criterion(self) -> None:
        selected = self.query_one("#criteria", RecordTable).selected_id
        if selected is not None:
            self.app.push_screen(
                CriterionDialog(self.session, self.festival, self.criteria[selected]),
                lambda _: self.reload(),
            )

    def action_delete_criterion(self) -> None:
        selected = self.query_one("#criteria", RecordTable).selected_id
        if selected is not None:
            self._guard(
                lambda: jury.delete_criterion(
                    self.session.db, self.session.user, self.festival.id, selected
                )
            )

    def action_release(self) -> None:
        self.app.push_screen(
            ReasonDialog(
                "Criteria vrijgeven",
                "Er zijn al scores gegeven. Waarom moeten de "
                "criteria nog veranderen? Dit wordt vastgelegd.",
            ),
            self._release,
        )

    def _release(self, reason: str | None) -> None:
        if reason:
            self._guard(
                lambda: jury.reset_criteria(
                    self.session.db, self.session.user, self.festival.id, reason
                )
            )

    def action_toggle_member(self) -> None:
        table = self._focused_table()
        db, caller, fid = self.session.db, self.session.user, self.festival.id
        if table == "programme":
            selected = self.query_one("#programme", RecordTable).selected_id
            if selected is None:
                return
            initiative: int = selected
            on_programme = any(p.initiative_id == initiative for p in jury.list_pitches(db, fid))
            self._guard(lambda: jury.set_selected(db, caller, fid, initiative, not on_programme))
        elif table == "jurors":
            selected = self.query_one("#jurors", RecordTable).selected_id
            if selected is None:
                return
            user_id: int = selected
            member = any(u.id == user_id for u in jury.list_jurors(db, fid))
            self._guard(lambda: jury.set_juror(db, caller, fid, user_id, not member))

    def action_move(self, step: int) -> None:
        selected = self.query_one("#programme", RecordTable).selected_id
        if selected is not None:
            self.programme_order = []  # a new order is asked for: show it
            self._guard(
                lambda: jury.move_pitch(
                    self.session.db, self.session.user, self.festival.id, selected, step
                )
            )
