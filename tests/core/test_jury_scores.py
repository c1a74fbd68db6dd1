"""The jury's arithmetic on hand-computed cases, each chosen so that a wrong rule gives another
number: weights, each criterion's own scale, a conflict, a missing or partial juror,
normalisation, the audience and the final score."""

from __future__ import annotations

import pytest
from jury_support import JAN, JOKE, JULIA, OPERATOR, save, small_festival, user

from festival.domain import jury, permissions
from festival.domain.jury_scores import (
    NormalisationRefused,
    Scale,
    audience_scores,
    final_score,
    juror_score,
    juror_scores,
    jury_means,
    normalised_means,
)
from festival.store.database import Database

approx = pytest.approx


# -- one juror's score -----------------------------------------------------------------------


def test_weights_count() -> None:
    scales = [Scale(1, 3, 1, 10), Scale(2, 1, 1, 10)]
    # 100 · (3 · 1 + 1 · 0) / 4 = 75; an unweighted mean of the values would say 55.
    assert juror_score({1: 10, 2: 1}, scales) == approx(75.0)
    assert juror_score({1: 1, 2: 10}, scales) == approx(25.0)


def test_each_criterion_is_rescaled_from_its_own_scale() -> None:
    scales = [Scale(1, 1, 0, 4), Scale(2, 1, 1, 10)]
    # 3 on 0–4 is 3/4, 4 on 1–10 is 3/9: 100 · (0.75 + 0.3333) / 2 = 54.17.
    score = juror_score({1: 3, 2: 4}, scales)
    assert score == approx(100 * (3 / 4 + 3 / 9) / 2)
    assert score == approx(54.1667, abs=1e-4)
    # Dividing by the maximum instead (3/4 and 4/10) would give 57.5.
    assert score != approx(57.5)


def test_the_ends_of_a_scale_are_0_and_100() -> None:
    scales = [Scale(1, 2, 0, 4), Scale(2, 1, 1, 10)]
    assert juror_score({1: 0, 2: 1}, scales) == approx(0.0)
    assert juror_score({1: 4, 2: 10}, scales) == approx(100.0)
    # Weight 2 on the full 0–4 criterion, nothing on the other: 100 · 2 / 3.
    assert juror_score({1: 4, 2: 1}, scales) == approx(200 / 3)


def test_a_missing_criterion_gives_no_score() -> None:
    scales = [Scale(1, 3, 1, 10), Scale(2, 1, 1, 10)]
    assert juror_score({1: 10}, scales) is None


# -- an initiative's jury score --------------------------------------------------------------

_TWO = [Scale(1, 1, 1, 10), Scale(2, 1, 1, 10)]


def test_a_conflict_is_left_out_of_the_mean() -> None:
    values = {(1, 9): {1: 9, 2: 9}, (2, 9): {1: 1, 2: 1}, (3, 9): {1: 7, 2: 7}}
    scores = juror_scores(values, _TWO, conflicts={(2, 9)})
    assert (2, 9) not in scores
    mean, jurors = jury_means(scores, [9])[9]
    # (100 · 8/9 + 100 · 6/9) / 2 = 77.78 on 2 jurors; counting juror 2 would give 51.85.
    assert mean == approx(700 / 9)
    assert jurors == 2


def test_a_juror_who_scored_part_of_the_criteria_does_not_count() -> None:
    values = {(1, 9): {1: 10, 2: 10}, (2, 9): {1: 1}, (3, 9): {1: 4, 2: 4}}
    mean, jurors = jury_means(juror_scores(values, _TWO, set()), [9])[9]
    # (100 + 33.33) / 2 = 66.67 on 2 jurors; juror 2 as a zero would give 44.44.
    assert mean == approx(200 / 3)
    assert jurors == 2


def test_nobody_scored_gives_no_mean() -> None:
    assert jury_means({}, [9]) == {9: (None, 0)}


# -- normalisation ---------------------------------------------------------------------------

# A harsh juror with a wide spread, a lenient one and a middle one with narrow spreads, in the
# opposite order. Worked by hand:
#   harsh:   10 20 30 40 50  mean 30, σ = √200  → z = −√2, −√2/2, 0, √2/2, √2
#   lenient: 98 96 94 92 90  mean 94, σ = √8    → z =  √2,  √2/2, 0, −√2/2, −√2
#   middle:  70 69 68 67 66  mean 68, σ = √2    → z =  √2,  √2/2, 0, −√2/2, −√2
#   mean z per initiative: √2/3, √2/6, 0, −√2/6, −√2/3 → rescaled 100, 75, 50, 25, 0
#   raw means: 59.33, 61.67, 64.00, 66.33, 68.67 (the harsh juror's spread decides)
HARSH = (10, 20, 30, 40, 50)
LENIENT = (98, 96, 94, 92, 90)
MIDDLE = (70, 69, 68, 67, 66)
RAW = (178 / 3, 185 / 3, 64.0, 199 / 3, 206 / 3)
NORMALISED = (100.0, 75.0, 50.0, 25.0, 0.0)


def _three_jurors() -> dict[tuple[int, int], float]:
    return {
        (juror, initiative): float(row[initiative - 1])
        for juror, row in ((1, HARSH), (2, LENIENT), (3, MIDDLE))
        for initiative in range(1, 6)
    }


def test_normalisation_worked_by_hand_reverses_the_raw_order() -> None:
    scores = _three_jurors()
    means = jury_means(scores, range(1, 6))
    assert [means[i][0] for i in range(1, 6)] == approx(list(RAW))
    normalised = normalised_means(scores, [1, 2, 3, 4, 5])
    assert [normalised[i] for i in range(1, 6)] == approx(list(NORMALISED))
    by_raw = sorted(range(1, 6), key=lambda i: -(means[i][0] or 0))
    by_normalised = sorted(range(1, 6), key=lambda i: -(normalised[i] or 0))
    assert by_raw == [5, 4, 3, 2, 1]
    assert by_normalised == [1, 2, 3, 4, 5]


def test_a_juror_who_gave_everything_the_same_adds_zeros() -> None:
    scores = _three_jurors()
    scores.update({(4, i): 70.0 for i in range(1, 6)})
    normalised = normalised_means(scores, [1, 2, 3, 4, 5])
    # Mean z is divided by 4 now, but rescaling to 0–100 gives the same figures.
    assert [normalised[i] for i in range(1, 6)] == approx(list(NORMALISED))


def test_normalisation_is_refused_below_3_jurors_or_5_initiatives() -> None:
    scores = _three_jurors()
    two_jurors = {k: v for k, v in scores.items() if k[0] != 3}
    with pytest.raises(NormalisationRefused, match="minstens 3 juryleden"):
        normalised_means(two_jurors, [1, 2, 3, 4, 5])
    four = {k: v for k, v in scores.items() if k[1] != 5}
    with pytest.raises(NormalisationRefused, match="minstens 5 gescoorde initiatieven"):
        normalised_means(four, [1, 2, 3, 4, 5])


# -- audience and final score ----------------------------------------------------------------


def test_audience_share_is_against_the_favourite() -> None:
    # 100 · votes / most votes: 40 → 100, 10 → 25 (a share of all 50 votes would be 20).
    assert audience_scores({1: 40, 2: 10, 3: 0}, [1, 2, 3, 4]) == {
        1: 100.0,
        2: 25.0,
        3: 0.0,
        4: 0.0,
    }
    assert audience_scores({}, [1, 2]) == {1: 0.0, 2: 0.0}


def test_final_score_mixes_jury_and_audience_by_weight() -> None:
    assert final_score(60.0, 25.0, 50) == approx(42.5)
    assert final_score(60.0, 25.0, 0) == approx(60.0)
    assert final_score(60.0, 25.0, 30) == approx(0.7 * 60 + 0.3 * 25)
    assert final_score(None, 100.0, 50) is None


# -- the same rules through the database ------------------------------------------------------

_CRITERIA = [("Leefbaarheid", 3, 1, 10), ("Originaliteit", 1, 1, 10), ("Haalbaarheid", 2, 0, 4)]


def _ranked(db: Database, festival_id: int) -> tuple[dict[int, jury.RankedInitiative], str]:
    ranked, note = jury.ranking(db, festival_id)
    return {r.initiative_id: r for r in ranked}, note


def test_ranking_weights_scales_a_conflict_and_a_missing_juror(demo_db: Database) -> None:
    fid, (leef, orig, haal), (plan, other, *_) = small_festival(demo_db, _CRITERIA, 5)
    # Julia: 100 · (3 · 9/9 + 1 · 0/9 + 2 · 2/4) / 6 = 66.67
    save(demo_db, fid, JULIA, plan, {leef: 10, orig: 1, haal: 2})
    # Jan:   100 · (3 · 3/9 + 1 · 6/9 + 2 · 1/4) / 6 = 36.11
    save(demo_db, fid, JAN, plan, {leef: 4, orig: 7, haal: 1})
    # Joke scored 100 and then declared a conflict: her score no longer counts.
    save(demo_db, fid, JOKE, plan, {leef: 10, orig: 10, haal: 4})
    joke = user(demo_db, JOKE)
    jury.declare_conflict(demo_db, joke, fid, joke, plan, "mijn zus")
    # Only Julia scored the other initiative: Jan and Joke are missing, not zero.
    save(demo_db, fid, JULIA, other, {leef: 1, orig: 10, haal: 0})

    ranked, note = _ranked(demo_db, fid)
    assert note == ""
    assert ranked[plan].jury_score == approx((200 / 3 + 1300 / 36) / 2)  # 51.39
    assert ranked[plan].jurors == 2
    assert ranked[plan].final_score == approx(ranked[plan].jury_score)
    assert ranked[other].jury_score == approx(100 / 6)
    assert ranked[other].jurors == 1
    unscored = [r for r in ranked.values() if r.initiative_id not in (plan, other)]
    assert all(r.jury_score is None and r.final_score is None for r in unscored)
    assert [r.initiative_id for r in jury.ranking(demo_db, fid)[0]][:2] == [plan, other]


def test_scores_made_partial_by_a_new_criterion_do_not_count(demo_db: Database) -> None:
    fid, (leef, orig, haal), (plan, *_) = small_festival(demo_db, _CRITERIA, 5)
    save(demo_db, fid, JULIA, plan, {leef: 10, orig: 10, haal: 4})
    save(demo_db, fid, JAN, plan, {leef: 1, orig: 1, haal: 0})
    jury.reset_criteria(demo_db, OPERATOR, fid, "duurzaamheid vergeten")
    extra = jury.add_criterion(demo_db, OPERATOR, fid, jury.CriterionInput(name="Duurzaamheid"))
    ranked, _ = _ranked(demo_db, fid)
    assert (ranked[plan].jury_score, ranked[plan].jurors) == (None, 0)
    board = jury.board(demo_db, permissions.SYSTEM, fid)
    assert board.cells[(user(demo_db, JULIA).id, plan)] is jury.BoardCell.PARTIAL

    save(demo_db, fid, JULIA, plan, {leef: 10, orig: 10, haal: 4, extra.id: 1})
    ranked, _ = _ranked(demo_db, fid)
    # 100 · (3 + 1 + 2 + 0) / 7 on Julia alone; Jan's three old values still do not count.
    assert ranked[plan].jury_score == approx(600 / 7)
    assert ranked[plan].jurors == 1


_OPEN = [("Een", 1, 0, 100), ("Twee", 1, 0, 100), ("Drie", 1, 0, 100)]


def _score_all(db: Database, fid: int, plans: list[int], rows: dict[str, tuple[int, ...]]) -> None:
    criteria = [c.id for c in jury.list_criteria(db, fid)]
    for name, row in rows.items():
        for plan, value in zip(plans, row, strict=False):
            save(db, fid, name, plan, dict.fromkeys(criteria, value))


def test_ranking_shows_normalisation_beside_the_raw_mean(demo_db: Database) -> None:
    fid, _, plans = small_festival(demo_db, _OPEN, 5)
    _score_all(demo_db, fid, plans, {JULIA: HARSH, JAN: LENIENT, JOKE: MIDDLE})
    ranked, _ = _ranked(demo_db, fid)
    assert all(r.normalised_score is None for r in ranked.values())  # off by default

    jury.set_audience(demo_db, OPERATOR, fid, normalise=True)
    order, note = jury.ranking(demo_db, fid)
    assert note == ""
    # The order follows the raw mean; the normalised figure stands beside it.
    assert [r.initiative_id for r in order] == list(reversed(plans))
    ranked = {r.initiative_id: r for r in order}
    assert [ranked[p].jury_score for p in plans] == approx(list(RAW))
    assert [ranked[p].normalised_score for p in plans] == approx(list(NORMALISED))


def test_ranking_refuses_normalisation_with_a_message(demo_db: Database) -> None:
    fid, _, plans = small_festival(demo_db, _OPEN, 5)
    jury.set_audience(demo_db, OPERATOR, fid, normalise=True)
    _score_all(demo_db, fid, plans, {JULIA: HARSH, JAN: LENIENT})
    ranked, note = _ranked(demo_db, fid)
    assert "minstens 3 juryleden" in note
    assert all(r.normalised_score is None for r in ranked.values())
    assert ranked[plans[0]].jury_score == approx((10 + 98) / 2)

    _score_all(demo_db, fid, plans[:4], {JOKE: MIDDLE})
    ranked, note = _ranked(demo_db, fid)
    assert note == ""  # Julia and Jan scored all five

    fid2, _, plans2 = small_festival(demo_db, _OPEN, 4)
    jury.set_audience(demo_db, OPERATOR, fid2, normalise=True)
    _score_all(demo_db, fid2, plans2, {JULIA: HARSH, JAN: LENIENT, JOKE: MIDDLE})
    _, note = _ranked(demo_db, fid2)
    assert "minstens 5 gescoorde initiatieven" in note


def test_ranking_with_the_audience_at_half_weight(demo_db: Database) -> None:
    fid, _, plans = small_festival(demo_db, _OPEN, 5)
    _score_all(demo_db, fid, plans, {JULIA: (60, 80, 40)})
    jury.set_audience(
        demo_db, OPERATOR, fid, weight=50, votes={plans[0]: 10, plans[1]: 0, plans[2]: 40}
    )
    ranked, _ = _ranked(demo_db, fid)
    # Audience: 100 · votes / 40. Final: 50 % jury + 50 % audience.
    assert [ranked[p].audience_score for p in plans[:3]] == approx([25.0, 0.0, 100.0])
    assert ranked[plans[0]].final_score == approx(0.5 * 60 + 0.5 * 25)  # 42.5
    assert ranked[plans[1]].final_score == approx(40.0)
    assert ranked[plans[2]].final_score == approx(70.0)
    assert ranked[plans[3]].final_score is None  # no jury score, no final score
    order = [r.initiative_id for r in jury.ranking(demo_db, fid)[0]]
    assert order[:3] == [plans[2], plans[0], plans[1]]
