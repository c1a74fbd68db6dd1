"""The hall screen (zaalscherm) for the projector: read-only, public information only.

Before publication: the pitch on stage in large letters with its timer in large digits and how
many jurors scored it, next to the programme. After publication: the ranking, with the awards
once the allocation is published. Follows the database within a second (the app's change
watch) and counts the timer down every second; it never scrolls: lists are cut to the room
there is, around the pitch on stage.
"""

from __future__ import annotations

from rich.columns import Columns
from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Static

from festival.core.money import format_money_whole
from festival.domain import stage
from festival.domain.hall import HallPitch, HallView, hall_view
from festival.store.database import Database
from festival.ui.screens.live_screen import LiveScreen

PHASE_TEXT = {
    stage.TimerPhase.WAITING: "de pitch begint zo",
    stage.TimerPhase.PITCH: "pitch",
    stage.TimerPhase.QUESTIONS: "vragen van de jury",
    stage.TimerPhase.OVER: "tijd voorbij",
}


def window(pitches: list[HallPitch], rows: int) -> tuple[list[HallPitch], int, int]:
    """The pitches that fit in ``rows`` lines, around the one on stage; and how many were left
    out before and after (each shown as one line when there are any)."""
    if len(pitches) <= rows:
        return pitches, 0, 0
    rows = max(rows - 2, 1)  # room for the "… N eerder" and "… N later" lines
    current = next((n for n, p in enumerate(pitches) if p.on_stage), 0)
    start = max(0, min(current - rows // 3, len(pitches) - rows))
    return pitches[start : start + rows], start, len(pitches) - start - rows


class HallScreen(LiveScreen[None]):
    """The public screen in the hall; no login, nothing personal, nothing unpublished."""

    CSS_PATH = "hall.tcss"
    BINDINGS = [Binding("ctrl+q", "app.quit", "Afsluiten", show=False)]

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.view: HallView | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="hall-title", markup=False)
        with Horizontal(id="hall-before"):
            with Vertical(id="hall-stage"):
                yield Static("Nu op het podium", id="hall-stage-label")
                yield Static(id="hall-stage-title", markup=False)
                yield Static(id="hall-stage-kern", markup=False)
                yield Digits("0:00", id="hall-timer")
                yield Static(id="hall-phase")
                yield Static(id="hall-scored")
            yield Static(id="hall-programme")
        yield Static(id="hall-results")
        yield Static(id="hall-notices")

    def on_mount(self) -> None:
        self.reload()
        self.set_interval(1.0, self._tick)

    def on_resize(self) -> None:
        self._show()

    def reload(self) -> None:
        self.view = hall_view(self.db, stage.now_utc())
        self._show()

    def _tick(self) -> None:
        view = self.view
        if view is None or view.published:
            return
        pitch = view.on_stage
        view.timer = stage.reading(
            view.timer_settings, pitch.initiative_id if pitch else None, stage.now_utc()
        )
        self._show_timer(view)

    def _show(self) -> None:
        view = self.view
        title = self.query_one("#hall-title", Static)
        if view is None:
            title.update("Er is nog geen festival.")
            self.set_class(False, "-published")
            return
        self.set_class(view.published, "-published")
        heading = "Uitslag" if view.published else "Programma"
        title.update(f"{view.festival_name} · {heading}")
        if view.published:
            self._show_results(view)
        else:
            self._show_stage(view)
        self._show_notices(view)

    def _show_stage(self, view: HallView) -> None:
        pitch = view.on_stage
        self.query_one("#hall-stage-title", Static).update(
            pitch.title if pitch else "Nog niemand op het podium"
        )
        self.query_one("#hall-stage-kern", Static).update((pitch.kern_name or "") if pitch else "")
        scored = ""
        if pitch is not None:
            scored = f"{pitch.scored} van {pitch.may_score} juryleden hebben gescoord"
            if pitch.closed:
                scored += " · scoren gesloten"
        self.query_one("#hall-scored", Static).update(scored)
        self._show_timer(view)
        programme = self.query_one("#hall-programme", Static)
        rows = max(programme.size.height - 2, 3) if programme.size.height else 20
        shown, before, after = window(view.pitches, rows)
        # One line per pitch, cut with an ellipsis: a wrapped title would push the list out.
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("Programma\n", style="bold")
        if before:
            text.append(f"… {before} eerder\n", style="dim")
        for p in shown:
            mark = "▶ " if p.on_stage else "  "
            line = Text(f"{mark}{p.position:>2}. ", style="bold" if p.on_stage else "")
            line.append(p.title, style="bold reverse" if p.on_stage else "")
            text.append_text(line)
            text.append("\n")
        if after:
            text.append(f"… {after} later\n", style="dim")
        programme.update(text)

    def _show_notices(self, view: HallView) -> None:
        """The features' lines: a heading, then the rest side by side (thirty tables of a
        round of talks fit in a few rows, not one long list)."""
        notices = self.query_one("#hall-notices", Static)
        notices.display = bool(view.notices)
        if not view.notices:
            return
        heading, *rest = view.notices
        longest = max((len(line) for line in rest), default=20) + 2
        # Two columns where the lines are long, more where they are short; never one so wide
        # that the second column falls off the screen.
        room = max((notices.size.width or self.size.width) - 6, 20)
        width = min(longest, max((room - 1) // 2, 20))
        # What fits in the panel (at most 40 % of the screen, see hall.tcss); the rest counted.
        rows = max(int(self.size.height * 0.4) - 2, 1)
        fits = rows * max((room + 1) // (width + 1), 1)  # a space between the columns
        if len(rest) > fits:
            rest = [*rest[: fits - 1], f"… en nog {len(rest) - fits + 1}"]
        cells = [Text(line, no_wrap=True, overflow="ellipsis") for line in rest]
        notices.update(Group(Text(heading, style="bold"), Columns(cells, width=width)))

    def _show_timer(self, view: HallView) -> None:
        reading = view.timer
        self.query_one("#hall-timer", Digits).update(reading.clock)
        self.query_one("#hall-phase", Static).update(PHASE_TEXT[reading.phase])
        timer = self.query_one("#hall-timer", Digits)
        for phase in stage.TimerPhase:
            timer.set_class(reading.phase is phase, f"-{phase.name.lower()}")

    def _show_results(self, view: HallView) -> None:
        results = self.query_one("#hall-results", Static)
        rows = max(results.size.height - 2, 3) if results.size.height else 20
        text = Text(no_wrap=True, overflow="ellipsis")
        shown = view.results[:rows]
        width = max((len(r.title) for r in shown), default=10)
        for r in shown:
            style = "bold" if r.rank <= 3 else ""
            line = Text(f"{r.rank:>2}. ", style=style)
            line.append(r.title.ljust(width), style=style)
            score = "–" if r.final_score is None else f"{r.final_score:.1f}".replace(".", ",")
            line.append(f"  {score:>5}")
            if view.awards_published:
                awarded = r.awarded_cents or 0
                line.append(
                    f"  {format_money_whole(awarded) if awarded else 'geen toekenning':>16}",
                    style="bold green" if awarded else "dim",
                )
            text.append_text(line)
            text.append("\n")
        if len(view.results) > len(shown):
            text.append(f"… en nog {len(view.results) - len(shown)}", style="dim")
        if not view.awards_published:
            text.append("\nDe toekenningen volgen zodra de verdeling is gepubliceerd.", style="dim")
        results.update(text)
