"""The coordinator's table talks: settings, the schedule per round, its quality, planning and
re-planning around who checked in, and the slips per person."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from festival.core.files import os_error_text, write_private
from festival.domain import permissions
from festival.domain.festivals import Festival
from festival.session import Session
from festival.ui.dialogs.confirm_dialog import ConfirmDialog
from festival.ui.screens.live_screen import (
    RELOAD_ERRORS,
    LiveScreen,
    reload_failed_message,
)
from festival.ui.widgets.record_table import RecordTable
from festival.ui.widgets.title_bar import TitleBar
from matchmaking.domain import participants
from matchmaking.domain.models import Quality, Settings, Talk
from matchmaking.domain.permissions import PROFILES_EDIT, SCHEDULE_PLAN
from matchmaking.domain.schedule import (
    PlanResult,
    last_from_round,
    last_quality,
    plan,
    replan,
    talks,
)
from matchmaking.domain.settings import get_settings, next_round
from matchmaking.domain.slips import slips_pdf

#: How long before a round starts the automatic re-plan runs (minutes).
AUTO_LEAD = 3


def settings_text(settings: Settings | None) -> str:
    if settings is None:
        return (
            "Nog geen instellingen. Leg ze vast met: festival match settings --rondes 6 "
            "--minuten 15 --tafels 20 --start 13:30"
        )
    breaks = ", ".join(f"na ronde {r}: {m} min" for r, m in sorted(settings.breaks.items()))
    auto = "; herplant automatisch" if settings.auto_replan else ""
    return (
        f"{settings.rounds} rondes van {settings.minutes} min aan {settings.tables} tafels vanaf "
        f"{settings.start}" + (f" (pauze {breaks})" if breaks else "") + f"; minimaal "
        f"{settings.min_talks} gesprekken per initiatief{auto}"
    )


def quality_text(quality: Quality | None, present: str) -> Text:
    if quality is None:
        return Text("Nog geen rooster: p plant alle rondes.")
    text = Text(quality.summary(), style="bold")
    text.append(f"\n{present}")
    for line in quality.unmet:
        text.append(f"\nLet op: {line}", style="yellow")
    return text


class ScheduleScreen(LiveScreen[None]):
    """Plan (``p``), re-plan from the round shown or the next round (``r``), browse rounds
    (``[`` and ``]``), print every participant's slip (``x``), edit profiles (``o``)."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug"),
        Binding("p", "plan", "Plannen"),
        Binding("r", "replan", "Herplannen"),
        Binding("left_square_bracket", "round(-1)", "Vorige ronde"),
        Binding("right_square_bracket", "round(1)", "Volgende ronde"),
        Binding("x", "slips", "Briefjes (PDF)"),
        Binding("o", "profiles", "Profielen"),
    ]
    AUTO_FOCUS = "#match-talks"

    def __init__(self, session: Session, festival: Festival) -> None:
        super().__init__()
        self.session = session
        self.festival = festival
        #: The round shown; 0 shows every round.
        self.shown_round = 0
        self.settings: Settings | None = None
        self.busy = False
        self.shown: dict[int, Talk] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(
            f"Tafelgesprekken · {self.festival.name}", classes="screen-title", markup=False
        )
        yield Static(id="match-settings", markup=False)
        yield Static(id="match-quality", markup=False)
        yield Static(id="match-round", markup=False)
        yield RecordTable(id="match-talks", cursor_type="row", zebra_stripes=True)
        yield Static(id="match-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#match-talks", RecordTable)
        # Narrow enough for 80 columns; the selected talk is shown in full below the table.
        table.add_column("R", width=2)
        table.add_column("Tijd", width=5)
        table.add_column("Tafel", width=5)
        table.add_column("Fit", width=3)
        table.add_column("Subsidieverlener", width=26)
        table.add_column("Initiatief", width=36)
        table.add_column("Waarom", width=60)
        self.reload()
        self.set_interval(30, self._auto_replan)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("plan", "replan"):
            return permissions.allowed(self.session.user, SCHEDULE_PLAN)
        if action == "profiles":
            return permissions.allowed(self.session.user, PROFILES_EDIT)
        return True

    def reload(self) -> None:
        db, user = self.session.db, self.session.user
        self.settings = get_settings(db, self.festival.id)
        self.query_one("#match-settings", Static).update(settings_text(self.settings))
        initiatives = participants.initiatives(db, self.festival.id)
        funders = participants.funders(db, self.festival.id)
        present = (
            f"Ingecheckt: {sum(i.checked_in for i in initiatives)} van {len(initiatives)} "
            f"initiatieven, {sum(f.checked_in for f in funders)} van {len(funders)} "
            "subsidieverleners"
        )
        quality = last_quality(db, user, self.festival.id)
        self.query_one("#match-quality", Static).update(quality_text(quality, present))
        self._show(talks(db, user, self.festival.id))

    def _show(self, schedule: list[Talk]) -> None:
        rounds = self.settings.rounds if self.settings else 0
        self.shown_round = min(self.shown_round, rounds)
        label = "alle rondes" if self.shown_round == 0 else f"ronde {self.shown_round}"
        self.query_one("#match-round", Static).update(
            f"Getoond: {label}. [ en ] kiezen een ronde; r herplant vanaf de getoonde ronde."
        )
        table = self.query_one("#match-talks", RecordTable)
        current = table.selected_id
        table.clear()
        for t in schedule:
            if self.shown_round and t.round != self.shown_round:
                continue
            wish = Text(" (wens)", style="bold") if t.wish else Text("")
            table.add_row(
                Text(str(t.round)),
                Text(t.start),
                Text(str(t.table), justify="right"),
                Text(str(t.fit), justify="right"),
                Text(t.funder),
                Text(t.initiative) + wish,
                Text(t.reason, style="dim"),
                key=str(t.id),
            )
        self.shown = {t.id: t for t in schedule}
        table.select_id(current)
        self._detail()

    @on(DataTable.RowHighlighted, "#match-talks")
    def _detail(self) -> None:
        talk = self.shown.get(self.query_one("#match-talks", RecordTable).selected_id or 0)
        detail = self.query_one("#match-detail", Static)
        if talk is None:
            detail.update("")
            return
        wish = " (gevraagd)" if talk.wish else ""
        detail.update(
            f"Ronde {talk.round} {talk.start}–{talk.end}, tafel {talk.table}: {talk.funder} met "
            f"{talk.initiative}{wish}. Fit {talk.fit}, {talk.reason}"
        )

    def action_round(self, step: int) -> None:
        rounds = self.settings.rounds if self.settings else 0
        self.shown_round = (self.shown_round + step) % (rounds + 1)
        self.reload()

    # -- planning ----------------------------------------------------------------------------

    def action_plan(self) -> None:
        self.app.push_screen(
            ConfirmDialog(
                "Alle rondes opnieuw plannen?",
                "Het nieuwe rooster vervangt het huidige, ook gesprekken die al gehouden zijn. "
                "Op de festivaldag: gebruik r (herplannen vanaf een ronde).",
                "Plannen",
            ),
            self._confirmed_plan,
        )

    def _confirmed_plan(self, confirmed: bool | None) -> None:
        if confirmed:
            self._start(None)

    def action_replan(self) -> None:
        chosen = self.shown_round or (
            next_round(self.settings, self.festival.date, datetime.now()) if self.settings else None
        )
        if chosen is None:
            self.notify("Kies met [ en ] de ronde vanaf waar herpland wordt.", severity="warning")
            return
        self._start(chosen)

    def _auto_replan(self) -> None:
        """With the setting on: re-plan each round a few minutes before it starts, once."""
        settings = self.settings
        if settings is None or not settings.auto_replan or self.busy:
            return
        if not permissions.allowed(self.session.user, SCHEDULE_PLAN):
            return
        now = datetime.now()
        upcoming = next_round(settings, self.festival.date, now)
        if upcoming is None or upcoming == 1:
            return
        start = settings.round_times()[upcoming][0]
        minutes_left = int(start[:2]) * 60 + int(start[3:]) - (now.hour * 60 + now.minute)
        if (
            minutes_left > AUTO_LEAD
            or last_from_round(self.session.db, self.festival.id) >= upcoming
        ):
            return
        self._start(upcoming)

    def _start(self, from_round: int | None) -> None:
        if self.busy:
            return
        self.busy = True
        what = "Plannen" if from_round is None else f"Herplannen vanaf ronde {from_round}"
        self.notify(f"{what}…", timeout=2)
        self._solve(from_round)

    @work(thread=True, group="matchmaking")
    def _solve(self, from_round: int | None) -> None:
        # The solver may take seconds: off the UI thread, on its own connection.
        try:
            with self.session.db.reopen() as db:
                if from_round is None:  # confirmed in a dialog that says what it replaces
                    result = plan(db, self.session.user, self.festival.id, start_over=True)
                else:
                    result = replan(db, self.session.user, self.festival.id, from_round)
        except RELOAD_ERRORS as exc:
            message = reload_failed_message(exc).replace(
                "Dit scherm kon niet worden bijgewerkt", "Niet gepland"
            )
            self.app.call_from_thread(self._done, None, message)
            return
        self.app.call_from_thread(self._done, result, "")

    def _done(self, result: PlanResult | None, problem: str) -> None:
        self.busy = False
        if result is None:
            self.notify(problem, severity="error", markup=False)
            return
        self.notify(result.quality.summary(), markup=False, timeout=6)
        self.reload()

    def action_profiles(self) -> None:
        from matchmaking.ui.profiles_screen import ProfilesScreen

        self.app.push_screen(ProfilesScreen(self.session, self.festival))

    # -- slips -------------------------------------------------------------------------------

    def action_slips(self) -> None:
        path = Path.home() / f"tafelgesprekken-{self.festival.date:%Y-%m-%d}.pdf"
        try:
            data, pages = slips_pdf(self.session.db, self.session.user, self.festival.id)
            write_private(path, data)
        except OSError as exc:
            self.notify(f"Niet geschreven: {os_error_text(exc)}", severity="error", markup=False)
            return
        except RELOAD_ERRORS as exc:
            self.notify(reload_failed_message(exc), severity="error", markup=False)
            return
        self.notify(f"{pages} briefjes geschreven naar {path}", markup=False, timeout=8)
