"""The hall screen's view: only what may be shown to everyone in the hall.

Before the jury publishes: the programme, the pitch on stage with its timer, and how many
jurors scored it (never a value, never a name). After publication: the ranking, and the awards
once the allocation is published. No caller: nothing here is personal or unpublished.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from festival.domain import jury, stage
from festival.domain.allocation.locking import active_allocation
from festival.domain.festivals import current_festival
from festival.store.database import Database


class HallPitch(BaseModel):
    initiative_id: int
    position: int
    title: str
    kern_name: str | None
    on_stage: bool
    scored: int
    may_score: int
    closed: bool


class HallResult(BaseModel):
    rank: int
    title: str
    kern_name: str | None
    final_score: float | None
    awarded_cents: int | None


class HallView(BaseModel):
    festival_name: str
    published: bool
    pitches: list[HallPitch]
    timer: stage.TimerReading
    timer_settings: stage.StageTimer
    results: list[HallResult]
    awards_published: bool
    #: What installed features show the hall (e.g. the tables of the current round of talks).
    notices: list[str] = []

    @property
    def on_stage(self) -> HallPitch | None:
        return next((p for p in self.pitches if p.on_stage), None)


def hall_view(db: Database, now: datetime) -> HallView | None:
    """What the hall screen shows at ``now`` for the current festival (None without one)."""
    festival = current_festival(db)
    if festival is None:
        return None
    state = jury.get_state(db, festival.id)
    counts = stage.scored_counts(db, festival.id)
    closed = stage.closed_pitches(db, festival.id)
    pitches = [
        HallPitch(
            initiative_id=p.initiative_id,
            position=p.position,
            title=p.title,
            kern_name=p.kern_name,
            on_stage=p.initiative_id == state.current_initiative,
            scored=counts.get(p.initiative_id, (0, 0))[0],
            may_score=counts.get(p.initiative_id, (0, 0))[1],
            closed=p.initiative_id in closed,
        )
        for p in jury.list_pitches(db, festival.id)
    ]
    timer = stage.read_timer(db, festival.id)
    results: list[HallResult] = []
    awards_published = False
    if state.published:
        ranked, _ = jury.ranking(db, festival.id)
        allocation = active_allocation(db, festival.id)
        amounts: dict[int, int] = {}
        if allocation is not None and allocation.published_at is not None:
            awards_published = True
            amounts = allocation.record.amounts()
        results = [
            HallResult(
                rank=n,
                title=r.title,
                kern_name=r.kern_name,
                final_score=r.final_score,
                awarded_cents=amounts.get(r.initiative_id) if awards_published else None,
            )
            for n, r in enumerate(ranked, start=1)
        ]
    from festival.features import hall_lines

    return HallView(
        notices=hall_lines(db, festival.id, now.astimezone()),
        festival_name=festival.name,
        published=state.published,
        pitches=pitches,
        timer=stage.reading(timer, state.current_initiative, now),
        timer_settings=timer,
        results=results,
        awards_published=awards_published,
    )
