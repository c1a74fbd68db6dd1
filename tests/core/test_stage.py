"""The stage: moving it, the pitch timer, closing a pitch, counts and spread for the chair."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from jury_support import JAN, JOKE, JULIA, demo_festival, user

from festival.core.errors import InvalidInput, NotAllowed
from festival.domain import jury, stage
from festival.domain.stage import StageTimer, TimerPhase
from festival.store.database import Database

T0 = datetime(2026, 6, 13, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("after", "phase", "left"),
    [
        (timedelta(0), TimerPhase.PITCH, 240),
        (timedelta(minutes=3, seconds=59), TimerPhase.PITCH, 1),
        (timedelta(minutes=4), TimerPhase.QUESTIONS, 120),
        (timedelta(minutes=5, seconds=30), TimerPhase.QUESTIONS, 30),
        (timedelta(minutes=6), TimerPhase.OVER, 0),
        (timedelta(hours=2), TimerPhase.OVER, 0),
    ],
)
def test_the_timer_runs_pitch_then_questions(
    after: timedelta, phase: TimerPhase, left: int
) -> None:
    timer = StageTimer(pitch_minutes=4, question_minutes=2, initiative_id=7, started_at=T0)
    reading = stage.reading(timer, 7, T0 + after)
    assert (reading.phase, reading.seconds_left) == (phase, left)


def test_the_timer_waits_for_the_pitch_on_stage() -> None:
    timer = StageTimer(initiative_id=7, started_at=T0)
    assert stage.reading(timer, 8, T0).phase is TimerPhase.WAITING
    assert stage.reading(StageTimer(), 7, T0).phase is TimerPhase.WAITING
    assert stage.reading(timer, 7, T0 + timedelta(seconds=65)).clock == "2:55"


def test_next_pitch_moves_the_stage_and_starts_the_timer(demo_db: Database) -> None:
    fid = demo_festival(demo_db)
    carla = user(demo_db, "Carla Coördinator")
    ids = [p.initiative_id for p in jury.list_pitches(demo_db, fid)]
    jury.set_current(demo_db, carla, fid, None)
    assert stage.next_pitch(demo_db, carla, fid) == ids[0]
    assert stage.next_pitch(demo_db, carla, fid) == ids[1]
    assert jury.get_state(demo_db, fid).current_initiative == ids[1]
    timer = stage.read_timer(demo_db, fid)
    assert timer.initiative_id == ids[1] and timer.started_at is not None
    stage.start_pitch(demo_db, carla, fid, ids[-1])
    assert stage.next_pitch(demo_db, carla, fid) is None  # the programme is through
    assert jury.get_state(demo_db, fid).current_initiative == ids[-1]
    actions = [r["action"] for r in demo_db.fetchall("SELECT action FROM audit_log")]
    assert actions.count("pitchtimer gestart") == 3


def test_only_the_coordinator_runs_the_stage(demo_db: Database) -> None:
    fid = demo_festival(demo_db)
    julia = user(demo_db, JULIA)
    with pytest.raises(NotAllowed):
        stage.next_pitch(demo_db, julia, fid)
    with pytest.raises(NotAllowed):
        stage.set_minutes(demo_db, julia, fid, pitch="3", questions="1")
    with pytest.raises(NotAllowed):
        stage.spreads(demo_db, julia, fid)  # a juror never sees others' scores


@pytest.mark.parametrize(
    ("pitch", "questions", "words"),
    [("0", "2", "kies 1 tot 30"), ("drie", "2", "heel getal"), ("3", "31", "kies 0 tot 30")],
)
def test_timer_minutes_are_checked(
    demo_db: Database, pitch: str, questions: str, words: str
) -> None:
    fid = demo_festival(demo_db)
    carla = user(demo_db, "Carla Coördinator")
    with pytest.raises(InvalidInput, match=words):
        stage.set_minutes(demo_db, carla, fid, pitch=pitch, questions=questions)
    timer = stage.set_minutes(demo_db, carla, fid, pitch=" 5 ", questions="0")
    assert (timer.pitch_minutes, timer.question_minutes) == (5, 0)


def test_counts_leave_out_conflicts_and_partial_scores(demo_db: Database) -> None:
    fid = demo_festival(demo_db)
    pitch = jury.list_pitches(demo_db, fid)[0].initiative_id
    criteria = jury.list_criteria(demo_db, fid)
    julia, jan, joke = (user(demo_db, n) for n in (JULIA, JAN, JOKE))
    jury.save_scores(demo_db, julia, fid, julia, pitch, {c.id: 8 for c in criteria})
    jury.declare_conflict(demo_db, jan, fid, jan, pitch, "mijn buurman")
    assert stage.scored_counts(demo_db, fid)[pitch] == (1, 2)
    jury.save_scores(demo_db, joke, fid, joke, pitch, {c.id: 4 for c in criteria})
    assert stage.scored_counts(demo_db, fid)[pitch] == (2, 2)


def test_the_chair_sees_the_spread_per_pitch(demo_db: Database) -> None:
    fid = demo_festival(demo_db)
    pitches = jury.list_pitches(demo_db, fid)
    criteria = jury.list_criteria(demo_db, fid)
    carla = user(demo_db, "Carla Coördinator")
    julia, joke = user(demo_db, JULIA), user(demo_db, JOKE)
    low, high = criteria[0].scale_min, criteria[0].scale_max
    jury.save_scores(
        demo_db, julia, fid, julia, pitches[0].initiative_id, {c.id: c.scale_max for c in criteria}
    )
    jury.save_scores(
        demo_db, joke, fid, joke, pitches[0].initiative_id, {c.id: c.scale_min for c in criteria}
    )
    spread = {s.initiative_id: s for s in stage.spreads(demo_db, carla, fid)}
    first = spread[pitches[0].initiative_id]
    assert first.jurors == 2
    assert first.highest == pytest.approx(100.0) and first.lowest == pytest.approx(0.0)
    assert first.spread == pytest.approx(100.0)
    assert spread[pitches[1].initiative_id].spread is None
    assert low < high


def test_closing_a_pitch_is_recorded(demo_db: Database) -> None:
    fid = demo_festival(demo_db)
    pitch = jury.list_pitches(demo_db, fid)[2].initiative_id
    carla = user(demo_db, "Carla Coördinator")
    assert stage.closed_pitches(demo_db, fid) == set()
    stage.close_scoring(demo_db, carla, fid, pitch)
    stage.close_scoring(demo_db, carla, fid, pitch)  # twice is once
    assert stage.closed_pitches(demo_db, fid) == {pitch}


def test_a_closed_pitch_takes_no_more_screen_scores(demo_db: Database) -> None:
    fid = demo_festival(demo_db)
    pitches = jury.list_pitches(demo_db, fid)
    criteria = jury.list_criteria(demo_db, fid)
    carla, julia = user(demo_db, "Carla Coördinator"), user(demo_db, JULIA)
    values = {c.id: 6 for c in criteria}
    stage.close_scoring(demo_db, carla, fid, pitches[0].initiative_id)
    with pytest.raises(NotAllowed, match="gesloten door de coördinator"):
        jury.save_scores(demo_db, julia, fid, julia, pitches[0].initiative_id, values)
    jury.save_scores(demo_db, julia, fid, julia, pitches[1].initiative_id, values)  # others go on
    # The coordinator may still key in a paper sheet for the closed pitch.
    jury.save_scores(demo_db, carla, fid, julia, pitches[0].initiative_id, values, source="papier")
