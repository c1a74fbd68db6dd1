"""One line with the pitch on stage and its timer, for the jury board and the jurors' screens.

Self-contained: it reads the stage itself, follows other terminals through the app's change
watch and counts down every second, so a screen only mounts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from festival.domain import jury, stage
from festival.domain.jury import Pitch
from festival.store.database import Database

if TYPE_CHECKING:
    from festival.app import KerngerichtApp

PHASE_WORDS = {
    stage.TimerPhase.WAITING: "timer nog niet gestart",
    stage.TimerPhase.PITCH: "pitch",
    stage.TimerPhase.QUESTIONS: "vragen",
    stage.TimerPhase.OVER: "tijd voorbij",
}


class PitchTimer(Static):
    """``Podium: 2. Titel · pitch 3:07`` — the colour says the phase."""

    @dataclass
    class StageMoved(Message):
        """Another pitch is on stage now (not sent for the pitch found at mount)."""

        initiative_id: int | None

    DEFAULT_CSS = """
    PitchTimer { height: 1; width: 100%; padding: 0 1; background: $boost; }
    PitchTimer.-pitch { color: $text-success; }
    PitchTimer.-questions { color: $text-warning; }
    PitchTimer.-over { color: $text-error; }
    """

    def __init__(self, db: Database, festival_id: int, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.db = db
        self.festival_id = festival_id
        self.timer = stage.StageTimer()
        self.pitch: Pitch | None = None
        self.closed = False
        self._seen: int | None = None
        self._read_once = False

    def on_mount(self) -> None:
        self.read()
        self.set_interval(1.0, self.show)
        cast("KerngerichtApp", self.app).follow_changes(self, lambda _: self.read())

    def read(self) -> None:
        """Read the stage again (another terminal moved it or started the timer)."""
        current = jury.get_state(self.db, self.festival_id).current_initiative
        self.pitch = next(
            (p for p in jury.list_pitches(self.db, self.festival_id) if p.initiative_id == current),
            None,
        )
        self.timer = stage.read_timer(self.db, self.festival_id)
        self.closed = current in stage.closed_pitches(self.db, self.festival_id)
        self.show()
        if self._read_once and current != self._seen:
            self.post_message(self.StageMoved(current))
        self._seen, self._read_once = current, True

    def show(self) -> None:
        if self.pitch is None:
            self.update("Podium: nog niemand")
            return
        reading = stage.reading(self.timer, self.pitch.initiative_id, stage.now_utc())
        text = Text("Podium: ", style="bold")
        text.append(f"{self.pitch.position}. {self.pitch.title}")
        text.append(f"  ·  {PHASE_WORDS[reading.phase]}", style="bold")
        if reading.phase in (stage.TimerPhase.PITCH, stage.TimerPhase.QUESTIONS):
            text.append(f" {reading.clock}", style="bold")
        if self.closed:
            text.append("  ·  scoren gesloten", style="bold")
        self.update(text)
        for phase in stage.TimerPhase:
            self.set_class(reading.phase is phase, f"-{phase.name.lower()}")
