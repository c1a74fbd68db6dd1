"""The jury's rules in the domain: who may score and read what, frozen criteria, locking, undo,
conflicts and one score per juror x initiative x criterion."""

from __future__ import annotations

import json

import pytest
from core_support import count
from jury_support import (
    COORDINATOR,
    DESK,
    JAN,
    JOKE,
    JULIA,
    OPERATOR,
    REGISSEUR,
    demo_festival,
    every,
    pitches,
    save,
    scores_of,
    user,
)

from festival.core.errors import NotAllowed, NotFound, ValidationErrors
from festival.domain import jury, permissions
from festival.domain.permissions import Caller
from festival.store.database import Database


@pytest.fixture
def fid(demo_db: Database) -> int:
    return demo_festival(demo_db)


def _save_as(
    db: Database, fid: int, juror: str, by: str | None, initiative: int, value: int, **kw: str
) -> None:
    # No user at all: a system caller, which may not score on a screen either.
    who: Caller = user(db, by) if by is not None else OPERATOR
    jury.save_scores(db, who, fid, user(db, juror), initiative, every(db, fid, value), **kw)


def _actors(db: Database, action: str) -> list[str]:
    rows = db.fetchall("SELECT actor FROM audit_log WHERE action = ? ORDER BY id", (action,))
    return [r["actor"] for r in rows]


def _audit(db: Database, action: str) -> list[dict[str, object]]:
    rows = db.fetchall(
        "SELECT before, after FROM audit_log WHERE action = ? ORDER BY id", (action,)
    )
    return [
        {
            "before": json.loads(r["before"]) if r["before"] else None,
            "after": json.loads(r["after"]) if r["after"] else None,
        }
        for r in rows
    ]


# -- who may write ---------------------------------------------------------------------------


def test_demo_jury_is_set_up(demo_db: Database, fid: int) -> None:
    assert len(jury.list_criteria(demo_db, fid)) == 5
    assert [j.name for j in jury.list_jurors(demo_db, fid)] == [JAN, JOKE, JULIA]
    assert len(jury.list_pitches(demo_db, fid)) == 8


def test_a_juror_writes_only_their_own_scores(demo_db: Database, fid: int) -> None:
    first = pitches(demo_db, fid)[0]
    _save_as(demo_db, fid, JULIA, JULIA, first, 7)
    assert scores_of(demo_db, JULIA, first) == every(demo_db, fid, 7)
    with pytest.raises(NotAllowed, match="jurylid zelf"):
        _save_as(demo_db, fid, JULIA, JAN, first, 1)
    with pytest.raises(NotAllowed, match="jurylid zelf"):
        _save_as(demo_db, fid, JAN, JULIA, first, 1)
    with pytest.raises(NotAllowed, match="jurylid zelf"):
        _save_as(demo_db, fid, JULIA, None, first, 1)  # screens always say who is working
    assert scores_of(demo_db, JULIA, first) == every(demo_db, fid, 7)
    assert scores_of(demo_db, JAN, first) == {}


@pytest.mark.parametrize("role_user", [DESK, REGISSEUR])
def test_desk_and_kernregisseur_cannot_score(demo_db: Database, fid: int, role_user: str) -> None:
    first = pitches(demo_db, fid)[0]
    with pytest.raises(NotAllowed):
        _save_as(demo_db, fid, JULIA, role_user, first, 5)
    with pytest.raises(NotAllowed):
        _save_as(demo_db, fid, role_user, role_user, first, 5)  # not even as "their own"
    with pytest.raises(NotAllowed):
        _save_as(demo_db, fid, JULIA, role_user, first, 5, source="papier")
    assert count(demo_db, "jury_scores") == 0


def test_the_coordinator_writes_scores_only_from_paper(demo_db: Database, fid: int) -> None:
    first = pitches(demo_db, fid)[0]
    with pytest.raises(NotAllowed):
        _save_as(demo_db, fid, JULIA, COORDINATOR, first, 5)
    with pytest.raises(NotAllowed, match="coördinator"):
        _save_as(demo_db, fid, JULIA, JULIA, first, 5, source="papier")
    _save_as(demo_db, fid, JULIA, COORDINATOR, first, 5, source="papier")
    sources = {r["source"] for r in demo_db.fetchall("SELECT source FROM jury_scores")}
    assert sources == {"papier"}
    assert len(_audit(demo_db, "scores opgeslagen (papier)")) == 1


def test_only_jurors_of_this_festival_score(demo_db: Database, fid: int) -> None:
    first = pitches(demo_db, fid)[0]
    jury.set_juror(demo_db, OPERATOR, fid, user(demo_db, JOKE).id, False)
    with pytest.raises(NotAllowed, match="niet in de jury"):
        _save_as(demo_db, fid, JOKE, JOKE, first, 5)


def test_values_outside_the_scale_or_missing_are_refused(demo_db: Database, fid: int) -> None:
    first = pitches(demo_db, fid)[0]
    values = every(demo_db, fid, 5)
    a, b, *_ = values
    juror = user(demo_db, JULIA)
    with pytest.raises(ValidationErrors) as exc:
        jury.save_scores(demo_db, juror, fid, juror, first, {**values, a: 11, b: 0})
    assert set(exc.value.errors) == {f"criterion-{a}", f"criterion-{b}"}
    del values[a]
    with pytest.raises(ValidationErrors, match="vul een score in"):
        jury.save_scores(demo_db, juror, fid, juror, first, values)
    assert count(demo_db, "jury_scores") == 0


# -- who may read ----------------------------------------------------------------------------


def test_the_ranking_is_for_the_coordinator_and_for_jurors_after_publication(
    demo_db: Database, fid: int
) -> None:
    first = pitches(demo_db, fid)[0]
    _save_as(demo_db, fid, JULIA, JULIA, first, 8)
    coordinator = user(demo_db, COORDINATOR)
    assert jury.read_ranking(demo_db, coordinator, fid)[0][0].initiative_id == first
    for name in (JULIA, DESK, REGISSEUR):
        with pytest.raises(NotAllowed, match="publiceert"):
            jury.read_ranking(demo_db, user(demo_db, name), fid)
    jury.lock(demo_db, coordinator, fid)
    jury.publish(demo_db, coordinator, fid)
    assert jury.read_ranking(demo_db, user(demo_db, JULIA), fid)[0][0].initiative_id == first
    for name in (DESK, REGISSEUR):
        with pytest.raises(NotAllowed):
            jury.read_ranking(demo_db, user(demo_db, name), fid)
    # Opening the scoring again takes the publication back.
    jury.unlock(demo_db, coordinator, fid, "een score vergeten")
    with pytest.raises(NotAllowed):
        jury.read_ranking(demo_db, user(demo_db, JULIA), fid)


def test_a_juror_reads_only_their_own_scores(demo_db: Database, fid: int) -> None:
    first, second = pitches(demo_db, fid)[:2]
    save(demo_db, fid, JULIA, first, every(demo_db, fid, 9), "sterk plan")
    save(demo_db, fid, JAN, first, every(demo_db, fid, 2), "zwak plan")
    jan = user(demo_db, JAN)
    jury.declare_conflict(demo_db, jan, fid, jan, second, "mijn buren")
    own = jury.own_scores(demo_db, user(demo_db, JULIA), fid, user(demo_db, JULIA))
    assert own.values == {first: every(demo_db, fid, 9)}
    assert own.remarks == {first: "sterk plan"}
    assert own.conflicts == {}
    # The board says who scored, never what.
    board = jury.board(demo_db, permissions.SYSTEM, fid)
    assert board.cells[(user(demo_db, JULIA).id, first)] is jury.BoardCell.SCORED
    assert board.cells[(jan.id, second)] is jury.BoardCell.CONFLICT
    assert board.cells[(user(demo_db, JOKE).id, first)] is jury.BoardCell.OPEN
    assert board.behind(user(demo_db, JOKE).id) == 8
    assert board.behind(jan.id) == 6


def test_setup_is_for_the_coordinator(demo_db: Database, fid: int) -> None:
    for name in (JULIA, DESK, REGISSEUR):
        by = user(demo_db, name)
        with pytest.raises(NotAllowed):
            jury.add_criterion(demo_db, by, fid, jury.CriterionInput(name="Extra"))
        with pytest.raises(NotAllowed):
            jury.lock(demo_db, by, fid)
        with pytest.raises(NotAllowed):
            jury.set_audience(demo_db, by, fid, weight=50)
        with pytest.raises(NotAllowed):
            jury.set_selected(demo_db, by, fid, pitches(demo_db, fid)[0], False)


# -- criteria freeze at the first score ------------------------------------------------------


def test_criteria_freeze_at_the_first_score_and_reset_with_a_reason(
    demo_db: Database, fid: int
) -> None:
    coordinator = user(demo_db, COORDINATOR)
    criterion = jury.list_criteria(demo_db, fid)[0]
    changed = jury.CriterionInput(name=criterion.name, weight="5")
    jury.update_criterion(demo_db, coordinator, fid, criterion.id, changed)
    assert not jury.get_state(demo_db, fid).criteria_frozen

    save(demo_db, fid, JULIA, pitches(demo_db, fid)[0], every(demo_db, fid, 6))
    assert jury.get_state(demo_db, fid).criteria_frozen
    with pytest.raises(NotAllowed, match="liggen vast"):
        jury.add_criterion(demo_db, coordinator, fid, jury.CriterionInput(name="Extra"))
    with pytest.raises(NotAllowed, match="liggen vast"):
        jury.update_criterion(demo_db, coordinator, fid, criterion.id, changed)
    with pytest.raises(NotAllowed, match="liggen vast"):
        jury.delete_criterion(demo_db, coordinator, fid, criterion.id)
    with pytest.raises(ValidationErrors):
        jury.reset_criteria(demo_db, coordinator, fid, "  ")
    with pytest.raises(NotAllowed):
        jury.reset_criteria(demo_db, user(demo_db, JULIA), fid, "mag ik")
    assert jury.get_state(demo_db, fid).criteria_frozen

    jury.reset_criteria(demo_db, coordinator, fid, "gewicht verkeerd overgenomen")
    assert _audit(demo_db, "criteria vrijgegeven") == [
        {"before": None, "after": {"reden": "gewicht verkeerd overgenomen"}}
    ]
    updated = jury.update_criterion(
        demo_db,
        coordinator,
        fid,
        criterion.id,
        jury.CriterionInput(name=criterion.name, weight="4"),
    )
    assert updated.weight == 4
    # The next score freezes them again.
    save(demo_db, fid, JAN, pitches(demo_db, fid)[0], every(demo_db, fid, 6))
    assert jury.get_state(demo_db, fid).criteria_frozen


# -- locking ---------------------------------------------------------------------------------


def test_lock_refuses_saves_and_unlock_needs_a_reason(demo_db: Database, fid: int) -> None:
    first = pitches(demo_db, fid)[0]
    coordinator = user(demo_db, COORDINATOR)
    with pytest.raises(NotAllowed, match="Vergrendel"):
        jury.publish(demo_db, coordinator, fid)
    jury.lock(demo_db, coordinator, fid)
    assert jury.get_state(demo_db, fid).status is jury.JuryStatus.LOCKED
    with pytest.raises(NotAllowed, match="vergrendeld"):
        _save_as(demo_db, fid, JULIA, JULIA, first, 5)
    with pytest.raises(NotAllowed, match="vergrendeld"):
        _save_as(demo_db, fid, JULIA, COORDINATOR, first, 5, source="papier")
    julia = user(demo_db, JULIA)
    with pytest.raises(NotAllowed, match="vergrendeld"):
        jury.undo_last_save(demo_db, julia, fid, julia, first)
    with pytest.raises(NotAllowed, match="vergrendeld"):
        jury.declare_conflict(demo_db, julia, fid, julia, first, "buurvrouw")
    for empty in ("", "   "):
        with pytest.raises(ValidationErrors):
            jury.unlock(demo_db, coordinator, fid, empty)
    assert jury.get_state(demo_db, fid).status is jury.JuryStatus.LOCKED

    jury.unlock(demo_db, coordinator, fid, "Joke was nog bezig")
    assert jury.get_state(demo_db, fid).status is jury.JuryStatus.OPEN
    assert _audit(demo_db, "scoren ontgrendeld")[-1]["after"] == {"reden": "Joke was nog bezig"}
    _save_as(demo_db, fid, JULIA, JULIA, first, 5)


# -- saving twice, undo and conflicts --------------------------------------------------------


def test_a_second_save_updates_and_is_logged(demo_db: Database, fid: int) -> None:
    first = pitches(demo_db, fid)[0]
    _save_as(demo_db, fid, JULIA, JULIA, first, 4)
    _save_as(demo_db, fid, JULIA, JULIA, first, 8)  # e.g. from a second terminal
    assert count(demo_db, "jury_scores") == 5
    assert scores_of(demo_db, JULIA, first) == every(demo_db, fid, 8)
    lines = _audit(demo_db, "scores opgeslagen")
    assert len(lines) == 2
    assert lines[0]["before"] is None
    assert lines[1]["before"] == {"scores": {str(c): 4 for c in every(demo_db, fid, 4)}}
    assert lines[1]["after"]["scores"] == {str(c): 8 for c in every(demo_db, fid, 8)}


def test_undo_puts_back_the_previous_values(demo_db: Database, fid: int) -> None:
    first, second = pitches(demo_db, fid)[:2]
    julia = user(demo_db, JULIA)
    save(demo_db, fid, JULIA, first, every(demo_db, fid, 5), "eerste indruk")
    save(demo_db, fid, JULIA, second, every(demo_db, fid, 3))
    save(demo_db, fid, JULIA, first, every(demo_db, fid, 9), "na de vragen")

    undone = jury.undo_last_save(demo_db, julia, fid, julia, first)
    assert undone is not None and undone.initiative_id == first
    assert undone.restored == every(demo_db, fid, 5)
    assert scores_of(demo_db, JULIA, first) == every(demo_db, fid, 5)
    assert jury.own_scores(demo_db, julia, fid, julia).remarks[first] == "eerste indruk"
    # The next undo on the same pitch takes back its first save, entirely; the save on the
    # second pitch, made in between, is not touched.
    undone = jury.undo_last_save(demo_db, julia, fid, julia, first)
    assert undone is not None and undone.restored == {}
    assert scores_of(demo_db, JULIA, first) == {}
    assert jury.own_scores(demo_db, julia, fid, julia).remarks == {}
    assert scores_of(demo_db, JULIA, second) == every(demo_db, fid, 3)
    assert jury.undo_last_save(demo_db, julia, fid, julia, first) is None
    assert scores_of(demo_db, JULIA, second) == every(demo_db, fid, 3)
    undone = jury.undo_last_save(demo_db, julia, fid, julia, second)
    assert undone is not None and undone.initiative_id == second
    assert scores_of(demo_db, JULIA, second) == {}
    assert len(_audit(demo_db, "laatste score ongedaan gemaakt")) == 3
    with pytest.raises(NotAllowed):
        jury.undo_last_save(demo_db, user(demo_db, JAN), fid, julia, first)


def test_undo_never_reaches_another_pitch(demo_db: Database, fid: int) -> None:
    """The issue's case: pitch 1 saved, a conflict declared on pitch 3, Ctrl+Z there."""
    first, _, third = pitches(demo_db, fid)[:3]
    julia = user(demo_db, JULIA)
    save(demo_db, fid, JULIA, first, every(demo_db, fid, 6))
    save(demo_db, fid, JULIA, third, every(demo_db, fid, 4))
    jury.declare_conflict(demo_db, julia, fid, julia, third, "mijn broer")
    assert jury.undo_last_save(demo_db, julia, fid, julia, third) is None
    assert scores_of(demo_db, JULIA, first) == every(demo_db, fid, 6)
    board = jury.board(demo_db, OPERATOR, fid)
    assert board.cells[(julia.id, first)] is jury.BoardCell.SCORED
    assert board.cells[(julia.id, third)] is jury.BoardCell.CONFLICT


def test_undo_restores_where_a_value_came_from(demo_db: Database, fid: int) -> None:
    first = pitches(demo_db, fid)[0]
    _save_as(demo_db, fid, JULIA, COORDINATOR, first, 6, source="papier")
    before = demo_db.fetchall("SELECT criterion_id, value, source, saved_at FROM jury_scores")
    _save_as(demo_db, fid, JULIA, JULIA, first, 2)
    julia = user(demo_db, JULIA)
    jury.undo_last_save(demo_db, julia, fid, julia, first)
    after = demo_db.fetchall("SELECT criterion_id, value, source, saved_at FROM jury_scores")
    assert sorted(map(tuple, after)) == sorted(map(tuple, before))


def test_a_conflict_removes_the_jurors_scores_and_blocks_saving(
    demo_db: Database, fid: int
) -> None:
    first, second = pitches(demo_db, fid)[:2]
    jan = user(demo_db, JAN)
    save(demo_db, fid, JAN, second, every(demo_db, fid, 4))
    save(demo_db, fid, JAN, first, every(demo_db, fid, 2))
    save(demo_db, fid, JAN, first, every(demo_db, fid, 3))
    save(demo_db, fid, JULIA, first, every(demo_db, fid, 10))
    with pytest.raises(ValidationErrors):
        jury.declare_conflict(demo_db, jan, fid, jan, first, "")
    with pytest.raises(NotAllowed):
        jury.declare_conflict(demo_db, user(demo_db, JULIA), fid, jan, first, "namens Jan")

    jury.declare_conflict(demo_db, jan, fid, jan, first, "mijn dochter pitcht")
    assert scores_of(demo_db, JAN, first) == {}
    assert scores_of(demo_db, JULIA, first) == every(demo_db, fid, 10)
    assert jury.own_scores(demo_db, jan, fid, jan).conflicts == {first: "mijn dochter pitcht"}
    with pytest.raises(NotAllowed, match="belangenverstrengeling"):
        save(demo_db, fid, JAN, first, every(demo_db, fid, 5))
    ranked = {r.initiative_id: r for r in jury.ranking(demo_db, fid)[0]}
    assert (ranked[first].jury_score, ranked[first].jurors) == (100.0, 1)
    assert _audit(demo_db, "belangenverstrengeling gemeld")[0]["after"] == {
        "reden": "mijn dochter pitcht"
    }
    # Undo on the conflicted pitch does not bring his scores back, nor reach the other pitch.
    assert jury.undo_last_save(demo_db, jan, fid, jan, first) is None
    assert scores_of(demo_db, JAN, first) == {}
    assert scores_of(demo_db, JAN, second) == every(demo_db, fid, 4)


def test_a_juror_withdraws_a_conflict_until_the_lock(demo_db: Database, fid: int) -> None:
    first = pitches(demo_db, fid)[0]
    jan = user(demo_db, JAN)
    jury.declare_conflict(demo_db, jan, fid, jan, first, "dacht dat het mijn buurman was")
    with pytest.raises(NotAllowed, match="coördinator"):
        jury.withdraw_conflict(demo_db, user(demo_db, JULIA), fid, jan, first)
    jury.withdraw_conflict(demo_db, jan, fid, jan, first)
    assert jury.own_scores(demo_db, jan, fid, jan).conflicts == {}
    save(demo_db, fid, JAN, first, every(demo_db, fid, 7))  # he may score it again
    line = _audit(demo_db, "belangenverstrengeling ingetrokken")[-1]
    assert _actors(demo_db, "belangenverstrengeling ingetrokken") == [JAN]
    assert line["before"] == {"reden": "dacht dat het mijn buurman was"}

    jury.declare_conflict(demo_db, jan, fid, jan, first, "toch wel familie")
    jury.lock(demo_db, OPERATOR, fid)
    with pytest.raises(NotAllowed, match="vergrendeld"):
        jury.withdraw_conflict(demo_db, jan, fid, jan, first)
    assert jury.own_scores(demo_db, jan, fid, jan).conflicts == {first: "toch wel familie"}


def test_the_coordinator_withdraws_a_conflict_only_with_a_reason(
    demo_db: Database, fid: int
) -> None:
    first = pitches(demo_db, fid)[0]
    joke = user(demo_db, JOKE)
    coordinator = user(demo_db, COORDINATOR)
    jury.declare_conflict(demo_db, joke, fid, joke, first, "verkeerde pitch aangeklikt")
    for empty in ("", "  "):
        with pytest.raises(ValidationErrors):
            jury.withdraw_conflict(demo_db, coordinator, fid, joke, first, empty)
    jury.withdraw_conflict(
        demo_db, coordinator, fid, joke, first, "Joke belde: zij koos de verkeerde pitch"
    )
    assert jury.own_scores(demo_db, joke, fid, joke).conflicts == {}
    line = _audit(demo_db, "belangenverstrengeling ingetrokken")[-1]
    assert _actors(demo_db, "belangenverstrengeling ingetrokken") == [COORDINATOR]
    assert line["after"] == {
        "jurylid": JOKE,
        "reden": "Joke belde: zij koos de verkeerde pitch",
    }
    with pytest.raises(NotFound):
        jury.withdraw_conflict(demo_db, coordinator, fid, joke, first, "nog een keer")
