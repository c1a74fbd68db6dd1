"""The stage: which pitch is on, its timer (pitch minutes, then question minutes), scoring
closed per pitch, and the spread of the jurors' scores per pitch for the chair.

The pitch on stage is the jury's ``current_initiative`` (:func:`festival.domain.jury.set_current`);
this module adds when it started and the timer's settings, in the festival day's own tables.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel

from festival.core.errors import InvalidInput, NotFound
from festival.domain import jury, jury_scores, permissions
from festival.domain.permissions import Caller
from festival.store.database import Database, Transaction, utc_now

DEFAULT_PITCH_MINUTES, DEFAULT_QUESTION_MINUTES = 4, 2


class TimerPhase(StrEnum):
    WAITING = "nog niet gestart"
    PITCH = "pitch"
    QUESTIONS = "vragen"
    OVER = "tijd voorbij"


class StageTimer(BaseModel):
    """The timer's settings and, once started, which pitch started when."""

    pitch_minutes: int = DEFAULT_PITCH_MINUTES
    question_minutes: int = DEFAULT_QUESTION_MINUTES
    initiative_id: int | None = None
    started_at: datetime | None = None


class TimerReading(BaseModel):
    """What a screen shows at one moment: the phase and the seconds left in it."""

    phase: TimerPhase
    seconds_left: int

    @property
    def clock(self) -> str:
        """``3:07`` (minutes and seconds left)."""
        minutes, seconds = divmod(max(self.seconds_left, 0), 60)
        return f"{minutes}:{seconds:02d}"


def read_timer(db: Database | Transaction, festival_id: int) -> StageTimer:
    """The timer of the festival (the defaults before anything was set). Public: a hall
    screen shows it without a login."""
    row = db.fetchone("SELECT * FROM stage_timer WHERE festival_id = ?", (festival_id,))
    if row is None:
        return StageTimer()
    return StageTimer(
        pitch_minutes=row["pitch_minutes"],
        question_minutes=row["question_minutes"],
        initiative_id=row["initiative_id"],
        started_at=datetime.fromisoformat(row["started_at"]) if row["started_at"] else None,
    )


def reading(timer: StageTimer, initiative_id: int | None, now: datetime) -> TimerReading:
    """The timer for the pitch on stage at ``now``: waiting until this pitch was started."""
    pitch = timer.pitch_minutes * 60
    if timer.started_at is None or initiative_id is None or timer.initiative_id != initiative_id:
        return TimerReading(phase=TimerPhase.WAITING, seconds_left=pitch)
    elapsed = int((now - timer.started_at).total_seconds())
    if elapsed < pitch:
        return TimerReading(phase=TimerPhase.PITCH, seconds_left=pitch - elapsed)
    questions = timer.question_minutes * 60
    if elapsed < pitch + questions:
        return TimerReading(phase=TimerPhase.QUESTIONS, seconds_left=pitch + questions - elapsed)
    return TimerReading(phase=TimerPhase.OVER, seconds_left=0)


def _ensure(tx: Transaction, festival_id: int) -> None:
    tx.execute("INSERT OR IGNORE INTO stage_timer (festival_id) VALUES (?)", (festival_id,))


def set_minutes(
    db: Database, caller: Caller, festival_id: int, *, pitch: str, questions: str
) -> StageTimer:
    """The pitch and question minutes (whole minutes; pitch 1-30, questions 0-30)."""
    permissions.require(caller, permissions.STAGE_RUN)
    values = {}
    for label, text, low in (("pitch", pitch, 1), ("vragen", questions, 0)):
        try:
            value = int(text.strip())
        except ValueError:
            raise InvalidInput(f"Minuten {label}: typ een heel getal, niet {text!r}.") from None
        if not low <= value <= 30:
            raise InvalidInput(f"Minuten {label}: kies {low} tot 30, niet {value}.")
        values[label] = value
    with db.write(caller.actor) as tx:
        _ensure(tx, festival_id)
        tx.execute(
            "UPDATE stage_timer SET pitch_minutes = ?, question_minutes = ? WHERE festival_id = ?",
            (values["pitch"], values["vragen"], festival_id),
        )
        tx.audit("pitchtimer ingesteld", "jury", festival_id, None, values)
    return read_timer(db, festival_id)


def start_pitch(db: Database, caller: Caller, festival_id: int, initiative_id: int) -> None:
    """Put ``initiative_id`` on stage and start its timer now (again, if it was running)."""
    permissions.require(caller, permissions.STAGE_RUN)
    if initiative_id not in {p.initiative_id for p in jury.list_pitches(db, festival_id)}:
        raise NotFound("Dat initiatief staat niet in het programma.")
    jury.set_current(db, caller, festival_id, initiative_id)
    with db.write(caller.actor) as tx:
        _ensure(tx, festival_id)
        tx.execute(
            "UPDATE stage_timer SET initiative_id = ?, started_at = ? WHERE festival_id = ?",
            (initiative_id, utc_now(), festival_id),
        )
        tx.audit("pitchtimer gestart", "jury", festival_id, None, {"initiatief": initiative_id})


def next_pitch(db: Database, caller: Caller, festival_id: int) -> int | None:
    """Move the stage to the pitch after the current one (the first if none) and start its
    timer; None when the programme is through (the stage then stays as it was)."""
    permissions.require(caller, permissions.STAGE_RUN)
    pitches = jury.list_pitches(db, festival_id)
    current = jury.get_state(db, festival_id).current_initiative
    ids = [p.initiative_id for p in pitches]
    position = ids.index(current) + 1 if current in ids else 0
    if position >= len(ids):
        return None
    start_pitch(db, caller, festival_id, ids[position])
    return ids[position]


def close_scoring(db: Database, caller: Caller, festival_id: int, initiative_id: int) -> None:
    """Close the scoring of one pitch (the jurors' forms show it as closed)."""
    permissions.require(caller, permissions.STAGE_RUN)
    with db.write(caller.actor) as tx:
        tx.execute(
            "INSERT OR IGNORE INTO stage_closed (festival_id, initiative_id, closed_at, closed_by)"
            " VALUES (?, ?, ?, ?)",
            (festival_id, initiative_id, utc_now(), caller.actor.name),
        )
        tx.audit("scoren pitch gesloten", "initiative", initiative_id)


def closed_pitches(db: Database | Transaction, festival_id: int) -> set[int]:
    """The pitches whose scoring the coordinator closed."""
    return {
        r["initiative_id"]
        for r in db.fetchall(
            "SELECT initiative_id FROM stage_closed WHERE festival_id = ?", (festival_id,)
        )
    }


def scored_counts(db: Database, festival_id: int) -> dict[int, tuple[int, int]]:
    """Per pitch: how many jurors scored every criterion, and how many may score it (the
    jury without those who declared a conflict). Counts only, never values."""
    n_criteria = db.scalar("SELECT count(*) FROM criteria WHERE festival_id = ?", (festival_id,))
    jurors = db.scalar("SELECT count(*) FROM jurors WHERE festival_id = ?", (festival_id,))
    done = {
        r["initiative_id"]: r["n"]
        for r in db.fetchall(
            "SELECT initiative_id, count(*) AS n FROM ("
            "  SELECT s.initiative_id, s.juror_id FROM jury_scores s"
            "  JOIN jurors j ON j.user_id = s.juror_id AND j.festival_id = ?"
            "  GROUP BY s.initiative_id, s.juror_id HAVING count(*) >= ?"
            ") GROUP BY initiative_id",
            (festival_id, max(n_criteria, 1)),
        )
    }
    conflicts: dict[int, int] = {}
    for r in db.fetchall(
        "SELECT c.initiative_id, count(*) AS n FROM jury_conflicts c"
        " JOIN jurors j ON j.user_id = c.juror_id AND j.festival_id = ? GROUP BY c.initiative_id",
        (festival_id,),
    ):
        conflicts[r["initiative_id"]] = r["n"]
    return {
        p.initiative_id: (done.get(p.initiative_id, 0), jurors - conflicts.get(p.initiative_id, 0))
        for p in jury.list_pitches(db, festival_id)
    }


class Spread(BaseModel):
    """How far apart the jurors are on one pitch (weighted 0-100 per juror)."""

    initiative_id: int
    jurors: int
    lowest: float | None
    highest: float | None

    @property
    def spread(self) -> float | None:
        if self.lowest is None or self.highest is None:
            return None
        return self.highest - self.lowest


def spreads(db: Database, caller: Caller, festival_id: int) -> list[Spread]:
    """Per pitch, the lowest and highest complete juror score: for the chair (the jury board),
    never for a juror's screen."""
    permissions.require(caller, permissions.JURY_BOARD)
    scales = [c.scale for c in jury.list_criteria(db, festival_id)]
    values: dict[tuple[int, int], dict[int, int]] = {}
    for r in db.fetchall(
        "SELECT s.juror_id, s.initiative_id, s.criterion_id, s.value FROM jury_scores s"
        " JOIN jurors j ON j.user_id = s.juror_id AND j.festival_id = ?",
        (festival_id,),
    ):
        values.setdefault((r["juror_id"], r["initiative_id"]), {})[r["criterion_id"]] = r["value"]
    conflicts = {
        (r["juror_id"], r["initiative_id"])
        for r in db.fetchall("SELECT juror_id, initiative_id FROM jury_conflicts")
    }
    scores = jury_scores.juror_scores(values, scales, conflicts)
    out = []
    for pitch in jury.list_pitches(db, festival_id):
        mine = [v for (_, i), v in scores.items() if i == pitch.initiative_id]
        out.append(
            Spread(
                initiative_id=pitch.initiative_id,
                jurors=len(mine),
                lowest=min(mine) if mine else None,
                highest=max(mine) if mine else None,
            )
        )
    return out


def now_utc() -> datetime:
    return datetime.now(UTC)
