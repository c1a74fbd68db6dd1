"""The jury's models: what the screens, the command line and the exports get, never rows."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from festival.domain.jury_scores import Scale
from festival.domain.roles import User

MIN_CRITERIA, MAX_CRITERIA = 3, 6


class JuryStatus(StrEnum):
    OPEN = "open"
    LOCKED = "vergrendeld"


class Criterion(BaseModel):
    id: int
    position: int
    name: str
    description: str
    weight: int
    scale_min: int
    scale_max: int
    levels: dict[int, str]

    @property
    def scale(self) -> Scale:
        return Scale(self.id, self.weight, self.scale_min, self.scale_max)

    def level_text(self, value: int | None) -> str:
        """The description of the highest level at or below ``value`` (all levels if None)."""
        if not self.levels:
            return self.description
        if value is None:
            return "  ".join(f"{k}: {v}" for k, v in sorted(self.levels.items()))
        below = [k for k in self.levels if k <= value]
        return self.levels[max(below)] if below else self.levels[min(self.levels)]


class CriterionInput(BaseModel):
    name: str
    description: str = ""
    weight: str = "1"
    scale_min: str = "1"
    scale_max: str = "10"
    levels: str = ""
    """``1=nauwelijks; 5=redelijk; 10=uitstekend``"""


class Pitch(BaseModel):
    initiative_id: int
    position: int
    title: str
    kern_name: str | None
    requested_cents: int


class JuryState(BaseModel):
    status: JuryStatus
    criteria_frozen: bool
    published: bool
    current_initiative: int | None
    audience_weight: int
    normalise: bool


class BoardCell(StrEnum):
    SCORED = "gescoord"
    PARTIAL = "deels"
    CONFLICT = "belangenverstrengeling"
    OPEN = "nog niet"


class Board(BaseModel):
    """Who has scored what — never the values."""

    pitches: list[Pitch]
    jurors: list[User]
    cells: dict[tuple[int, int], BoardCell]
    """(juror id, initiative id) → state"""

    def unscored(self) -> list[Pitch]:
        """Pitches no juror has fully scored (nothing for the ranking to rest on)."""
        return [
            p
            for p in self.pitches
            if not any(
                self.cells.get((j.id, p.initiative_id)) is BoardCell.SCORED for j in self.jurors
            )
        ]

    def behind(self, juror_id: int) -> int:
        return sum(
            1 for p in self.pitches if self.cells.get((juror_id, p.initiative_id)) is BoardCell.OPEN
        )


class RankedInitiative(BaseModel):
    initiative_id: int
    title: str
    kern_name: str | None
    requested_cents: int
    jury_score: float | None
    normalised_score: float | None
    audience_score: float
    final_score: float | None
    jurors: int


class OwnScores(BaseModel):
    values: dict[int, dict[int, int]]
    """initiative → criterion → value"""
    remarks: dict[int, str]
    conflicts: dict[int, str]


class UndoneSave(BaseModel):
    """What an undo put back: the pitch, when the undone save was made, and the values it
    restored (empty: the pitch has no scores of this juror again)."""

    initiative_id: int
    saved_at: str
    restored: dict[int, int]
