"""The hall screen (zaalscherm): the stage, its timer and the scoring count before
publication, the ranking and awards after; follows other terminals; never a score value."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import static_text, wait_until

from festival.domain import jury, permissions, stage
from festival.domain.accounts import list_users
from festival.domain.festivals import current_festival
from festival.domain.roles import User
from festival.settings import Settings
from festival.store.database import Database
from festival.ui.hall_app import HallApp, make_hall_app


def user(db: Database, name: str) -> User:
    return next(u for u in list_users(db, permissions.SYSTEM) if u.name == name)


@pytest.fixture
def hall(db_path: Path, log_path: Path) -> HallApp:
    return make_hall_app(Settings(db=db_path, poll_interval=0.05, log=log_path))


def screen_text(app: HallApp) -> str:
    """Everything the screen shows, as the projector would (from the screenshot's text)."""
    import re
    from html import unescape

    svg = app.export_screenshot()
    return unescape(" ".join(re.findall(r">([^<>]*)</text>", svg))).replace("\xa0", " ")


async def test_before_publication_the_stage_timer_and_count_follow_other_terminals(
    hall: HallApp, other_db: Database
) -> None:
    festival = current_festival(other_db)
    assert festival is not None
    pitches = jury.list_pitches(other_db, festival.id)
    carla, julia = user(other_db, "Carla Coördinator"), user(other_db, "Julia Jury")
    async with hall.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert "Programma" in static_text(pilot, "#hall-title")
        # The coordinator starts the second pitch on another terminal: the hall follows.
        stage.start_pitch(other_db, carla, festival.id, pitches[1].initiative_id)
        await wait_until(pilot, lambda: pitches[1].title in static_text(pilot, "#hall-stage-title"))
        assert static_text(pilot, "#hall-phase") == "pitch"
        assert "0 van 3 juryleden hebben gescoord" in static_text(pilot, "#hall-scored")
        assert f"▶  {pitches[1].position}. {pitches[1].title}" in static_text(
            pilot, "#hall-programme"
        )
        # A juror saves: the count moves, the value never shows.
        values = {c.id: 7 for c in jury.list_criteria(other_db, festival.id)}
        jury.save_scores(other_db, julia, festival.id, julia, pitches[1].initiative_id, values)
        await wait_until(pilot, lambda: "1 van 3 juryleden" in static_text(pilot, "#hall-scored"))
        text = screen_text(hall)
        assert "Julia" not in text
        pilot.app.save_screenshot("hall_before.svg", path=str(Path(other_db.path).parent))


async def test_the_timer_counts_down_and_turns_to_questions(
    hall: HallApp, other_db: Database
) -> None:
    from datetime import timedelta

    festival = current_festival(other_db)
    assert festival is not None
    first = jury.list_pitches(other_db, festival.id)[0]
    carla = user(other_db, "Carla Coördinator")
    stage.set_minutes(other_db, carla, festival.id, pitch="3", questions="2")
    stage.start_pitch(other_db, carla, festival.id, first.initiative_id)
    # Started 3 minutes 10 seconds ago: the pitch time is over, 1:50 of questions left.
    started = stage.now_utc() - timedelta(minutes=3, seconds=10)
    with other_db.write(carla.actor) as tx:
        tx.execute("UPDATE stage_timer SET started_at = ?", (started.isoformat(),))
    async with hall.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert static_text(pilot, "#hall-phase") == "vragen van de jury"
        timer = pilot.app.screen.query_one("#hall-timer")
        assert timer.has_class("-questions")
        clock = timer.value  # type: ignore[attr-defined]
        assert clock in ("1:50", "1:49", "1:48")
        await wait_until(pilot, lambda: timer.value != clock, timeout=2.5)  # type: ignore[attr-defined]


async def test_after_publication_the_ranking_without_scrolling(
    hall: HallApp, other_db: Database, db_path: Path, log_path: Path
) -> None:
    festival = current_festival(other_db)
    assert festival is not None
    carla = user(other_db, "Carla Coördinator")
    pitches = jury.list_pitches(other_db, festival.id)
    criteria = jury.list_criteria(other_db, festival.id)
    for n, name in enumerate(["Julia Jury", "Jan Jurylid", "Joke Jurylid"]):
        juror = user(other_db, name)
        for k, pitch in enumerate(pitches):
            value = 1 + (k * 3 + n) % 10
            jury.save_scores(
                other_db,
                juror,
                festival.id,
                juror,
                pitch.initiative_id,
                {c.id: value for c in criteria},
            )
    async with hall.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert "Uitslag" not in static_text(pilot, "#hall-title")
        jury.lock(other_db, carla, festival.id)
        jury.publish(other_db, carla, festival.id)
        await wait_until(pilot, lambda: "Uitslag" in static_text(pilot, "#hall-title"))
        results = static_text(pilot, "#hall-results")
        ranked, _ = jury.ranking(other_db, festival.id)
        assert f" 1. {ranked[0].title}" in results
        assert "De toekenningen volgen" in results
        assert (
            not pilot.app.screen.query_one("#hall-stage").display
            or not pilot.app.screen.query_one("#hall-before").display
        )
        pilot.app.save_screenshot("hall_after.svg", path=str(Path(other_db.path).parent))
    small = make_hall_app(Settings(db=db_path, poll_interval=0.05, log=log_path))
    async with small.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = pilot.app.screen.query_one("#hall-results")
        results = static_text(pilot, "#hall-results")
        # Every line fits the widget's own height at 80x24: nothing scrolls away.
        assert all(f"{n}. " in results for n in range(1, len(pitches) + 1))
        assert len(results.splitlines()) <= widget.content_size.height
        pilot.app.save_screenshot("hall_after_small.svg", path=str(Path(other_db.path).parent))


def test_a_long_programme_is_cut_around_the_stage() -> None:
    from festival.domain.hall import HallPitch
    from festival.ui.screens.hall import window

    pitches = [
        HallPitch(
            initiative_id=n,
            position=n,
            title=f"P{n}",
            kern_name=None,
            on_stage=n == 15,
            scored=0,
            may_score=3,
            closed=False,
        )
        for n in range(1, 31)
    ]
    shown, before, after = window(pitches, 12)
    assert len(shown) + (1 if before else 0) + (1 if after else 0) <= 12
    assert any(p.on_stage for p in shown)
    assert before + len(shown) + after == 30
    assert window(pitches[:5], 12) == (pitches[:5], 0, 0)
