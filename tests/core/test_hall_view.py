"""The hall screen's view: nothing unpublished before publication; the ranking after, and the
awards only once the allocation is published."""

from __future__ import annotations

from jury_support import JAN, JOKE, JULIA, OPERATOR, demo_festival, pitches, save

from festival.domain import jury, stage
from festival.domain.allocation import locking
from festival.domain.festivals import list_festivals
from festival.domain.hall import hall_view
from festival.store.database import Database


def test_before_publication_only_the_stage_and_counts(demo_db: Database) -> None:
    fid = demo_festival(demo_db)
    criteria = jury.list_criteria(demo_db, fid)
    ids = pitches(demo_db, fid)
    stage.start_pitch(demo_db, OPERATOR, fid, ids[1])
    save(demo_db, fid, JULIA, ids[1], {c.id: 9 for c in criteria})
    view = hall_view(demo_db, stage.now_utc())
    assert view is not None and not view.published
    assert view.results == []  # no ranking before publication
    on_stage = view.on_stage
    assert on_stage is not None and on_stage.initiative_id == ids[1]
    assert (on_stage.scored, on_stage.may_score) == (1, 3)
    assert view.timer.phase is stage.TimerPhase.PITCH


def test_after_publication_the_ranking_then_the_awards(demo_db: Database) -> None:
    fid = demo_festival(demo_db)
    criteria = jury.list_criteria(demo_db, fid)
    for rank, initiative in enumerate(pitches(demo_db, fid)):
        for juror in (JULIA, JAN, JOKE):
            save(demo_db, fid, juror, initiative, {c.id: max(1, 10 - rank) for c in criteria})
    jury.lock(demo_db, OPERATOR, fid)
    jury.publish(demo_db, OPERATOR, fid)
    view = hall_view(demo_db, stage.now_utc())
    assert view is not None and view.published and not view.awards_published
    ranked, _ = jury.ranking(demo_db, fid)
    assert [r.title for r in view.results] == [r.title for r in ranked]
    assert all(r.awarded_cents is None for r in view.results)
    festival = next(f for f in list_festivals(demo_db) if f.id == fid)
    locked = locking.lock_allocation(demo_db, OPERATOR, festival)
    assert hall_view(demo_db, stage.now_utc()).awards_published is False  # type: ignore[union-attr]
    locking.publish_allocation(demo_db, OPERATOR, festival)
    view = hall_view(demo_db, stage.now_utc())
    assert view is not None and view.awards_published
    amounts = locked.record.amounts()
    by_title = {r.title: r.initiative_id for r in ranked}
    assert {r.title: r.awarded_cents for r in view.results} == {
        title: amounts.get(initiative) for title, initiative in by_title.items()
    }
    assert any(r.awarded_cents for r in view.results)


def test_the_hall_shows_the_tables_of_the_current_round_of_talks(demo_db: Database) -> None:
    from datetime import datetime

    from festival.domain.festivals import current_festival

    festival = current_festival(demo_db)
    assert festival is not None
    day = festival.date
    during = datetime(day.year, day.month, day.day, 14, 20).astimezone()
    view = hall_view(demo_db, during)
    assert view is not None
    assert view.notices[0] == "Tafelgesprekken ronde 2  14:15–14:30"
    assert all(line.startswith("Tafel ") for line in view.notices[1:]) and view.notices[1:]
    evening = hall_view(demo_db, datetime(day.year, day.month, day.day, 21, 0).astimezone())
    assert evening is not None and evening.notices == []
