"""The coordinator's jury board: who has scored what (never the values), live, plus the
programme's current pitch, locking and publishing (each after a question), unlocking with a
reason, withdrawing a juror's conflict with a reason, and keying in paper sheets."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.domain import jury, stage
from festival.domain.festivals import Festival
from festival.domain.jury import Board, BoardCell, JuryStatus
from festival.domain.roles import User
from festival.domain.stage import StageTimer
from festival.session import Session
from festival.ui.dialogs.confirm_dialog import ConfirmDialog
from festival.ui.dialogs.reason_dialog import ReasonDialog
from festival.ui.screens.live_screen import LiveScreen
from festival.ui.widgets.pitch_timer import PitchTimer
from festival.ui.widgets.record_table import RecordTable
from festival.ui.widgets.title_bar import TitleBar

CELL = {
    BoardCell.SCORED: Text("✓ gescoord", style="green"),
    BoardCell.PARTIAL: Text("… deels", style="yellow"),
    BoardCell.CONFLICT: Text("✗ belang", style="red"),
    BoardCell.OPEN: Text("·", style="dim"),
}


def spread_text(spread: stage.Spread | None, closed: bool) -> Text:
    """How far apart the jurors are (highest minus lowest score, 0-100), and "gesloten" when
    the pitch is closed. Only the distance: with two jurors the scores themselves would say
    what each gave."""
    text = Text()
    if spread is not None and spread.spread is not None:
        text.append(f"{spread.spread:.0f}", style="bold yellow" if spread.spread >= 30 else "")
        text.append(f" ({spread.jurors} jl.)", style="dim")
    if closed:
        text.append(" gesloten", style="bold")
    return text


class JuryBoardScreen(LiveScreen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug"),
        Binding("c", "current", "Nu op het podium"),
        Binding("l", "lock", "Vergrendelen"),
        Binding("o", "unlock", "Ontgrendelen"),
        Binding("p", "publish", "Publiceren"),
        Binding("r", "ranking", "Rangschikking"),
        Binding("k", "keying", "Papier"),
        Binding("b", "withdraw", "Belang intrekken"),
        Binding("s", "setup", "Instellen"),
        Binding("f7", "other_festival", "Festival"),
        # The stage (festival day): next pitch with its timer, restart the timer, close a pitch.
        Binding("n", "stage_next", "Volgende pitch"),
        Binding("t", "stage_timer", "Timer starten"),
        Binding("x", "stage_close", "Pitch sluiten"),
        Binding("m", "stage_minutes", "Minuten"),
    ]
    AUTO_FOCUS = "#board"

    def __init__(self, session: Session, festival: Festival) -> None:
        super().__init__()
        self.session = session
        self.festival = festival
        self.board: Board | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="board-status")
        yield PitchTimer(self.session.db, self.festival.id, id="board-timer")
        yield RecordTable(id="board", cursor_type="row", zebra_stripes=True)
        yield Static(id="board-behind", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        db = self.session.db
        self.board = jury.board(db, self.session.user, self.festival.id)
        state = jury.get_state(db, self.festival.id)
        status = Text.assemble(("Jury ", "bold"), self.festival.name, "  ·  scoren ")
        if state.status is JuryStatus.LOCKED:
            status.append("vergrendeld", style="bold yellow")
        else:
            status.append("open", style="bold green")
        if state.published:
            status.append("  ·  gepubliceerd", style="bold")
        if state.criteria_frozen:
            status.append("  ·  criteria liggen vast")
        self.query_one("#board-status", Static).update(status)
        table = self.query_one("#board", RecordTable)
        current = table.selected_id
        table.clear(columns=True)
        wide = 26 if self.size.width < 110 else 40 if self.size.width < 150 else 50
        table.add_column("Pitch", width=wide)
        for juror in self.board.jurors:
            table.add_column(juror.name, width=max(12, len(juror.name)))
        table.add_column("Klaar")
        table.add_column("Spreiding")  # the chair's view: how far apart the jurors are
        spread = {
            s.initiative_id: s for s in stage.spreads(db, self.session.user, self.festival.id)
        }
        closed = stage.closed_pitches(db, self.festival.id)
        for pitch in self.board.pitches:
            cells = [self.board.cells[(j.id, pitch.initiative_id)] for j in self.board.jurors]
            done = sum(c in (BoardCell.SCORED, BoardCell.CONFLICT) for c in cells)
            # The marker leads, so a narrow column never cuts it off.
            now = pitch.initiative_id == state.current_initiative
            title = Text("▶ " if now else "  ", style="bold yellow")
            title.append(f"{pitch.position}. {pitch.title}", style="bold" if now else "")
            table.add_row(
                title,
                *(CELL[c] for c in cells),
                Text(f"{done}/{len(cells)}", justify="right"),
                spread_text(spread.get(pitch.initiative_id), pitch.initiative_id in closed),
                key=str(pitch.initiative_id),
            )
        table.select_id(current)
        behind = [
            f"{j.name}: {self.board.behind(j.id)}"
            for j in self.board.jurors
            if self.board.behind(j.id)
        ]
        self.query_one("#board-behind", Static).update(
            "Nog te scoren per jurylid: " + ", ".join(behind)
            if behind
            else "Alle juryleden zijn bij."
        )

    def _run(self, action: str, reason: str | None = None) -> None:
        db, caller = self.session.db, self.session.user
        try:
            if action == "lock":
                jury.lock(db, caller, self.festival.id)
            elif action == "unlock" and reason:
                jury.unlock(db, caller, self.festival.id, reason)
            elif action == "publish":
                jury.publish(db, caller, self.festival.id)
        except (NotAllowed, ValidationErrors) as exc:
            self.notify(getattr(exc, "message", str(exc)), severity="error", markup=False)
            return
        self.reload()

    def action_current(self) -> None:
        selected = self.query_one("#board", RecordTable).selected_id
        if selected is not None:
            jury.set_current(self.session.db, self.session.user, self.festival.id, selected)
            self.reload()

    def action_lock(self) -> None:
        board = jury.board(self.session.db, self.session.user, self.festival.id)
        explanation = (
            "De juryleden kunnen daarna niets meer opslaan, terugdraaien of melden; de "
            "rangschikking rust op de scores van nu. Ontgrendelen kan alleen met een reden."
        )
        unscored = board.unscored()
        if unscored:
            names = ", ".join(f"{p.position}. {p.title}" for p in unscored[:6])
            if len(unscored) > 6:
                names += f" en nog {len(unscored) - 6}"
            explanation += (
                f"\n\nLet op: {len(unscored)} van {len(board.pitches)} pitches heeft nog van "
                f"niemand een score: {names}."
            )
        self.app.push_screen(
            ConfirmDialog("Het scoren vergrendelen?", explanation, "Vergrendelen"),
            self._lock,
        )

    def _lock(self, yes: bool | None) -> None:
        if yes:
            self._run("lock")
            self.notify("Scoren vergrendeld: juryleden kunnen niets meer wijzigen.")

    def action_unlock(self) -> None:
        self.app.push_screen(
            ReasonDialog(
                "Scoren ontgrendelen",
                "Waarom moet het scoren weer open? "
                "Dit wordt vastgelegd; een publicatie wordt ingetrokken.",
            ),
            lambda reason: self._run("unlock", reason),
        )

    def action_publish(self) -> None:
        if jury.get_state(self.session.db, self.festival.id).status is not JuryStatus.LOCKED:
            self.notify("Vergrendel het scoren voordat u de uitslag publiceert.", severity="error")
            return
        self.app.push_screen(
            ConfirmDialog(
                "De uitslag publiceren?",
                "Alle juryleden zien daarna de rangschikking met de eindscores. Terugnemen "
                "kan alleen door het scoren te ontgrendelen, met een reden.",
                "Publiceren",
            ),
            lambda yes: self._run("publish") if yes else None,
        )

    def action_withdraw(self) -> None:
        """The coordinator withdraws a juror's conflict on the pitch under the cursor."""
        selected = self.query_one("#board", RecordTable).selected_id
        if self.board is None or selected is None:
            return
        pitch = next(p for p in self.board.pitches if p.initiative_id == selected)
        declared = [
            j for j in self.board.jurors if self.board.cells[(j.id, selected)] is BoardCell.CONFLICT
        ]
        if not declared:
            self.notify(
                f"Op {pitch.position}. {pitch.title} is geen belangenverstrengeling gemeld."
            )
            return
        juror = declared[0]
        also = (
            f" (ook gemeld door {', '.join(j.name for j in declared[1:])}: daarna opnieuw b)"
            if len(declared) > 1
            else ""
        )
        self.app.push_screen(
            ReasonDialog(
                f"Belangenverstrengeling van {juror.name} intrekken",
                f"{pitch.position}. {pitch.title}{also}. {juror.name} kan deze pitch daarna "
                "weer scoren. Waarom wordt de melding ingetrokken? Dit wordt vastgelegd.",
            ),
            lambda reason: self._withdraw(juror, selected, reason),
        )

    def _withdraw(self, juror: User, initiative_id: int, reason: str | None) -> None:
        if not reason:
            return
        try:
            jury.withdraw_conflict(
                self.session.db, self.session.user, self.festival.id, juror, initiative_id, reason
            )
        except (NotAllowed, NotFound, ValidationErrors) as exc:
            self.notify(getattr(exc, "message", str(exc)), severity="error", markup=False)
            return
        self.reload()
        self.notify(f"De belangenverstrengeling van {juror.name} is ingetrokken.", markup=False)

    def _other_festivals(self) -> list[Festival]:
        """The other festivals (not purged), the next one first (going round the list)."""
        from festival.domain.festivals import list_festivals

        every = [f for f in list_festivals(self.session.db) if not f.purged]
        here = next((i for i, f in enumerate(every) if f.id == self.festival.id), -1)
        return [f for f in every[here + 1 :] + every[: max(here, 0)] if f.id != self.festival.id]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "other_festival":
            return bool(self._other_festivals())
        return True

    def action_other_festival(self) -> None:
        """The jury of another festival (the newest other one): e.g. the demo's practice round."""
        others = self._other_festivals()
        if others:
            self.app.switch_screen(JuryBoardScreen(self.session, others[0]))

    def action_keying(self) -> None:
        from festival.ui.screens.jury_keying import JuryKeyingScreen

        self.app.push_screen(JuryKeyingScreen(self.session, self.festival))

    def action_ranking(self) -> None:
        from festival.ui.screens.jury_ranking import JuryRankingScreen

        ranked, note = jury.read_ranking(self.session.db, self.session.user, self.festival.id)
        self.app.push_screen(JuryRankingScreen(ranked, note))

    def action_setup(self) -> None:
        from festival.ui.screens.jury_setup import JurySetupScreen

        self.app.push_screen(JurySetupScreen(self.session, self.festival))

    # -- the stage (festival day) ----------------------------------------------------------

    def _stage(self, act: str) -> None:
        db, caller, fid = self.session.db, self.session.user, self.festival.id
        selected = self.query_one("#board", RecordTable).selected_id
        try:
            if act == "next":
                if stage.next_pitch(db, caller, fid) is None:
                    self.notify("Het programma is rond: er is geen volgende pitch.")
            elif selected is not None and act == "timer":
                stage.start_pitch(db, caller, fid, selected)
            elif selected is not None and act == "close":
                stage.close_scoring(db, caller, fid, selected)
        except (NotAllowed, NotFound, InvalidInput) as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        self.reload()
        # This terminal's own commit is no change to its watch: read the stage again here.
        self.query_one("#board-timer", PitchTimer).read()

    def action_stage_next(self) -> None:
        self._stage("next")

    def action_stage_timer(self) -> None:
        self._stage("timer")

    def action_stage_close(self) -> None:
        self._stage("close")

    def action_stage_minutes(self) -> None:
        from festival.ui.dialogs.stage_timer_dialog import StageTimerDialog

        def done(timer: StageTimer | None) -> None:
            if timer is None:
                return
            self.notify(
                f"Pitchtimer: {timer.pitch_minutes} minuten pitch, {timer.question_minutes} "
                "vragen.",
                markup=False,
            )
            self.query_one("#board-timer", PitchTimer).read()

        self.app.push_screen(StageTimerDialog(self.session, self.festival.id), done)
