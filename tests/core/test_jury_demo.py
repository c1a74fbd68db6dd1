"""The demo shows the whole day: every juror's scores, one declared conflict, the audience's
ballots, the jury locked and the ranking published; eight different plans in eight kernen; and
a practice festival nobody has scored yet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from festival.domain import jury, permissions
from festival.domain.demo import DEMO_FESTIVAL, DEMO_PITCHES
from festival.domain.demo_day import PRACTICE_FESTIVAL
from festival.domain.festivals import current_festival, list_festivals
from festival.features import fill_demo
from festival.store.database import Database


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = Database(tmp_path_factory.mktemp("finished") / "demo.db")
    fill_demo(database)
    yield database
    database.close()


def _scores(db: Database) -> list[tuple[int, int, int, int]]:
    rows = db.fetchall(
        "SELECT juror_id, initiative_id, criterion_id, value FROM jury_scores ORDER BY 1, 2, 3"
    )
    return [tuple(r) for r in rows]


def test_the_current_festival_is_the_finished_day(finished: Database) -> None:
    current = current_festival(finished)
    assert current is not None and current.name == DEMO_FESTIVAL
    state = jury.get_state(finished, current.id)
    assert state.status is jury.JuryStatus.LOCKED and state.published
    board = jury.board(finished, permissions.SYSTEM, current.id)
    cells = list(board.cells.values())
    assert cells.count(jury.BoardCell.CONFLICT) == 1
    assert cells.count(jury.BoardCell.SCORED) == len(cells) - 1 == 3 * 8 - 1
    assert board.unscored() == []
    voters = finished.scalar(
        "SELECT count(DISTINCT voter) FROM audience_ballots WHERE festival_id = ?", (current.id,)
    )
    assert voters == 60


def test_the_demo_ranking_is_ordered_by_final_score(finished: Database) -> None:
    current = current_festival(finished)
    assert current is not None
    ranked, _ = jury.read_ranking(finished, permissions.SYSTEM, current.id)
    finals = [r.final_score for r in ranked]
    assert len(ranked) == 8 and all(f is not None for f in finals)
    assert finals == sorted(finals, reverse=True)  # type: ignore[type-var]
    assert len(set(finals)) == 8, "a varied day: no two plans end on the same score"
    assert finals[0] - finals[-1] > 30  # type: ignore[operator]
    # The conflict: that pitch rests on two jurors, every other on three.
    assert sorted(r.jurors for r in ranked) == [2] + [3] * 7
    # A juror sees it too, now that it is published.
    julia = next(u for u in jury.list_jurors(finished, current.id) if u.name == "Julia Jury")
    assert jury.read_ranking(finished, julia, current.id)[0] == ranked


def test_eight_different_plans_in_eight_kernen(finished: Database) -> None:
    current = current_festival(finished)
    assert current is not None
    pitches = jury.list_pitches(finished, current.id)
    assert [(p.title, p.kern_name) for p in pitches] == list(DEMO_PITCHES)
    assert len({p.kern_name for p in pitches}) == 8
    assert sum("AED" in p.title for p in pitches) == 1


def test_the_practice_festival_is_open_and_unscored(finished: Database) -> None:
    practice = next(f for f in list_festivals(finished) if f.name == PRACTICE_FESTIVAL)
    state = jury.get_state(finished, practice.id)
    assert state.status is jury.JuryStatus.OPEN and state.current_initiative is not None
    board = jury.board(finished, permissions.SYSTEM, practice.id)
    assert len(board.jurors) == 3 and len(board.pitches) == 4
    assert set(board.cells.values()) == {jury.BoardCell.OPEN}
    assert len(jury.list_criteria(finished, practice.id)) == 5
    # A juror can score it right away (on the command line: --festival).
    julia = next(u for u in board.jurors if u.name == "Julia Jury")
    values = {c.id: 7 for c in jury.list_criteria(finished, practice.id)}
    jury.save_scores(finished, julia, practice.id, julia, board.pitches[0].initiative_id, values)
    jury.undo_last_save(finished, julia, practice.id, julia, board.pitches[0].initiative_id)


def test_the_demo_is_the_same_every_time(finished: Database, tmp_path: Path) -> None:
    with Database(tmp_path / "again.db") as again:
        fill_demo(again)
        assert _scores(again) == _scores(finished)
