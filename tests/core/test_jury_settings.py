"""Too few criteria refuse scoring; the audience and normalisation are set from the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import run
from jury_support import JULIA, OPERATOR, demo_festival, every, pitches, user

from festival.core.errors import NotAllowed
from festival.domain import jury
from festival.store.database import Database


def test_scoring_needs_at_least_three_criteria(demo_db: Database) -> None:
    fid = demo_festival(demo_db)
    criteria = jury.list_criteria(demo_db, fid)
    for criterion in criteria[2:]:
        jury.delete_criterion(demo_db, OPERATOR, fid, criterion.id)
    julia = user(demo_db, JULIA)
    with pytest.raises(NotAllowed, match="minstens 3"):
        jury.save_scores(
            demo_db, julia, fid, julia, pitches(demo_db, fid)[0], every(demo_db, fid, 5)
        )


def test_cli_sets_audience_weight_votes_and_normalisation(
    demo_db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fid = demo_festival(demo_db)
    first, second = pitches(demo_db, fid)[:2]
    title = jury.list_pitches(demo_db, fid)[1].title
    code = run(
        [
            "--db",
            str(db_path),
            "jury",
            "settings",
            "--publiek",
            "50",
            "--normaliseren",
            "aan",
            "--stemmen",
            "1=10",  # the pitch number, as on the sheet
            "--stemmen",
            f"{title}=4",
        ]
    )
    assert code == 0, capsys.readouterr().err
    state = jury.get_state(demo_db, fid)
    assert (state.audience_weight, state.normalise) == (50, True)
    julia = user(demo_db, JULIA)
    jury.save_scores(demo_db, julia, fid, julia, first, every(demo_db, fid, 10))
    ranked, note = jury.ranking(demo_db, fid)
    by_id = {r.initiative_id: r for r in ranked}
    assert by_id[first].audience_score == 100.0
    assert by_id[second].audience_score == 40.0
    assert by_id[first].final_score == pytest.approx(0.5 * 100 + 0.5 * 100)
    assert "minstens 3 juryleden" in note  # normalisation on, but refused with one juror


def test_cli_refuses_votes_for_an_initiative_not_on_the_programme(
    demo_db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["--db", str(db_path), "jury", "settings", "--stemmen", "Onbekend plan=3"])
    assert code == 1
    assert "staat niet op het programma" in capsys.readouterr().err
    assert jury.get_state(demo_db, demo_festival(demo_db)).audience_weight == 0
