"""Fit between a funder's offer and an initiative's need, on hand-made profiles."""

from __future__ import annotations

from matchmaking.domain.fit import fit
from matchmaking.domain.models import Need, Offer, SupportKind

MONEY, ADVICE, SPACE = SupportKind.MONEY, SupportKind.ADVICE, SupportKind.SPACE


def offer(**kw: object) -> Offer:
    values: dict[str, object] = {
        "registration_id": 1,
        "name": "Femke Wolters",
        "organisation": "Dorpsfonds Maurik",
        "kinds": (MONEY,),
        "themes": ("Groen",),
        "kernen": ("Maurik",),
        "min_cents": 50_000,
        "max_cents": 500_000,
        "capacity": 4,
    }
    values.update(kw)
    return Offer.model_validate(values)


def need(**kw: object) -> Need:
    values: dict[str, object] = {
        "initiative_id": 7,
        "title": "Buurtmoestuin",
        "kinds": (MONEY,),
        "theme": "Groen",
        "kern": "Maurik",
        "amount_cents": 120_000,
    }
    values.update(kw)
    return Need.model_validate(values)


def test_everything_fits_scores_full_marks_with_the_reason_in_one_line() -> None:
    # The space after € is a non-breaking one, as everywhere amounts are written.
    assert fit(offer(), need()) == (
        100,
        "past: geld, thema Groen, bedrag binnen €\xa0500–5.000, Maurik",
    )


def test_no_shared_kind_of_support_is_no_fit_whatever_else_matches() -> None:
    score, reason = fit(offer(kinds=(ADVICE,)), need(kinds=(MONEY, SPACE)))
    assert score == 0
    assert reason == "past niet: biedt geen geld, ruimte"


def test_a_kern_outside_the_funders_area_is_no_fit() -> None:
    assert fit(offer(), need(kern="Zoelen")) == (0, "past niet: werkt niet in Zoelen")


def test_the_whole_municipality_counts_but_less_than_the_own_kern() -> None:
    local, _ = fit(offer(), need())
    wide, reason = fit(offer(kernen=()), need(kern="Zoelen"))
    assert wide == local - 10
    assert reason.endswith("hele gemeente")


def test_an_amount_outside_the_range_loses_its_points_and_says_so() -> None:
    score, reason = fit(offer(), need(amount_cents=900_000))
    assert score == 85
    assert "bedrag buiten €\xa0500–5.000" in reason


def test_the_amount_does_not_count_when_no_money_is_asked() -> None:
    score, reason = fit(offer(kinds=(MONEY, ADVICE)), need(kinds=(ADVICE,), amount_cents=0))
    assert score == 85  # kind 40 + theme 25 + kern 20, no amount part
    assert "bedrag" not in reason


def test_a_theme_match_outweighs_an_open_theme_list_and_a_miss_scores_least() -> None:
    matched, _ = fit(offer(), need())
    open_list, _ = fit(offer(themes=()), need())
    missed, reason = fit(offer(themes=("Jeugd",)), need())
    assert matched > open_list > missed
    assert "thema" not in reason
