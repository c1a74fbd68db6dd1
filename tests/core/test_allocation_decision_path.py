"""One truth for a locked decision: what was locked is what every view shows; when the jury's
scores or the pot no longer match it, the views say so, naming what changed; vaststellen,
vervangen and publiceren ask first, with the amounts."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from core_support import ADMIN as ADMIN_ACTOR
from jury_support import JAN, JOKE, JULIA, OPERATOR, demo_festival, pitches, save
from people_support import cli

from festival.core.errors import NotAllowed
from festival.domain import jury
from festival.domain.allocation import locking, proposal, report_text
from festival.domain.allocation.drift import drift
from festival.domain.allocation.inputs import read_inputs
from festival.domain.allocation.questions import lock_question, publish_question
from festival.domain.festivals import Festival, list_festivals
from festival.domain.permissions import SystemCaller
from festival.store.database import Database

Capture = pytest.CaptureFixture[str]
ADMIN = SystemCaller(ADMIN_ACTOR.name)


def demo(db: Database) -> Festival:
    fid = demo_festival(db)
    return next(f for f in list_festivals(db) if f.id == fid)


def score_all(db: Database, f: Festival, last_gets: int | None = None) -> None:
    """Every juror scores every pitch, earlier pitches higher (the last one ``last_gets``)."""
    criteria = jury.list_criteria(db, f.id)
    order = pitches(db, f.id)
    for rank, initiative in enumerate(order):
        value = max(1, 10 - rank)
        if last_gets is not None and initiative == order[-1]:
            value = last_gets
        for juror in (JULIA, JAN, JOKE):
            save(db, f.id, juror, initiative, {c.id: value for c in criteria})


def locked_then_rescored(db: Database) -> tuple[Festival, str]:
    """Locked with the last pitch lowest; then the jury unlocks, the last pitch is rescored to
    the top, and the jury locks again. Returns the festival and the last pitch's title."""
    f = demo(db)
    score_all(db, f)
    jury.lock(db, OPERATOR, f.id)
    locking.lock_allocation(db, ADMIN, f)
    jury.unlock(db, OPERATOR, f.id, "Joke had pitch 8 op het verkeerde formulier")
    score_all(db, f, last_gets=10)
    jury.lock(db, OPERATOR, f.id)
    last = str(pitches(db, f.id)[-1])
    title = next(c.title for c in read_inputs(db, f).candidates if c.id == last)
    return f, title


def test_after_unlock_and_rescoring_the_locked_decision_is_shown_and_called_stale(
    demo_db: Database, db_path: Path, capsys: Capture
) -> None:
    f, title = locked_then_rescored(demo_db)
    locked = locking.active_allocation(demo_db, f.id)
    assert locked is not None
    changed = drift(locked.record, read_inputs(demo_db, f))
    assert changed.headline == "verouderd: 1 score gewijzigd na vaststellen"
    assert [c.text for c in changed.changes] == [f"{title}: eindscore 22,2 → 100,0"]
    # The live draft now differs from the decision: the rescored pitch moved up.
    draft_rows = {r.initiative_id: r for r in report_text.draft_rows(proposal.draft(demo_db, f))}
    locked_rows = {r.initiative_id: r for r in report_text.decision_rows(locked)}
    last = next(i for i, r in locked_rows.items() if r.title == title)
    assert draft_rows[last].rank <= 2 and locked_rows[last].rank == len(locked_rows)
    assert draft_rows[last].amount > 0 and locked_rows[last].amount == 0

    assert cli(db_path, "allocation", "show") == 0
    shown = capsys.readouterr().out
    assert f"Verdeling {locked.id} van" in shown
    assert "Let op, verouderd: 1 score gewijzigd na vaststellen:" in shown
    assert f"- {title}: eindscore 22,2 → 100,0" in shown
    assert "--vervangt-reden" in shown
    lines = shown.splitlines()
    at = next(n for n, x in enumerate(lines) if f"{title} (#{last}" in x)
    assert lines[at].split()[0] == str(locked_rows[last].rank)  # the locked rank
    assert "niet toegekend" in lines[at]
    assert lines[at + 1].strip() == locked_rows[last].reason != draft_rows[last].reason


def test_nothing_stale_right_after_locking(demo_db: Database) -> None:
    f = demo(demo_db)
    score_all(demo_db, f)
    jury.lock(demo_db, OPERATOR, f.id)
    locked = locking.lock_allocation(demo_db, ADMIN, f)
    assert not drift(locked.record, read_inputs(demo_db, f)).stale
    assert publish_question(locked, None).warning == ""


def test_a_lock_refuses_amounts_nobody_confirmed(demo_db: Database) -> None:
    f = demo(demo_db)
    score_all(demo_db, f)
    jury.lock(demo_db, OPERATOR, f.id)
    record, previous = locking.lock_preview(demo_db, f)
    assert previous is None
    with pytest.raises(NotAllowed, match="veranderd sinds de vraag"):
        locking.lock_allocation(demo_db, ADMIN, f, confirmed_sha256="0" * 64)
    assert locking.active_allocation(demo_db, f.id) is None
    locked = locking.lock_allocation(demo_db, ADMIN, f, confirmed_sha256=record.sha256())
    assert locked.record.sha256() == record.sha256()


def test_an_allocation_that_awards_nothing_says_why(demo_db: Database) -> None:
    f = demo(demo_db)
    jury.lock(demo_db, OPERATOR, f.id)  # nobody scored anything
    record, previous = locking.lock_preview(demo_db, f)
    question = lock_question(record, previous)
    assert record.total == 0
    assert question.warning == (
        "deze verdeling kent niets toe, omdat geen enkel initiatief heeft een score: de jury "
        "heeft niets gescoord."
    )
    assert "€\xa00 aan 0 van 8 initiatieven" in question.text


class Terminal(io.StringIO):
    """Standard input as a terminal where the user types ``answer``."""

    def isatty(self) -> bool:
        return True


def test_the_command_line_asks_with_the_amounts_and_no_means_nothing(
    demo_db: Database, db_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = demo(demo_db)
    score_all(demo_db, f)
    jury.lock(demo_db, OPERATOR, f.id)
    record, _ = locking.lock_preview(demo_db, f)
    monkeypatch.setattr("sys.stdin", Terminal("nee\n"))
    assert cli(db_path, "allocation", "lock") == 1
    said = capsys.readouterr()
    assert "Verdeling vaststellen?" in said.out
    funded = sum(1 for d in record.decisions if d.amount)
    assert f"aan {funded} van 8 initiatieven" in said.out
    assert "Niets gedaan." in said.err
    assert locking.active_allocation(demo_db, f.id) is None

    monkeypatch.setattr("sys.stdin", Terminal("j\n"))
    assert cli(db_path, "allocation", "lock") == 0
    assert locking.active_allocation(demo_db, f.id) is not None

    jury.unlock(demo_db, OPERATOR, f.id, "herscoren")
    score_all(demo_db, f, last_gets=10)
    jury.lock(demo_db, OPERATOR, f.id)
    monkeypatch.setattr("sys.stdin", Terminal("ja\n"))
    assert cli(db_path, "allocation", "publish") == 0
    said = capsys.readouterr()
    assert "Let op: verouderd: 1 score gewijzigd na vaststellen" in said.out

    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    assert cli(db_path, "allocation", "lock", "--vervangt-reden", "herscoord") == 1
    said = capsys.readouterr()
    assert "Verdeling 1 vervangen?" in said.out
    assert "Anders: + " in said.out  # names who gets money now
    assert len(locking.history(demo_db, f.id)) == 1


def test_without_a_terminal_only_ja_locks_and_the_warning_is_still_said(
    demo_db: Database, db_path: Path, capsys: Capture
) -> None:
    f = demo(demo_db)
    jury.lock(demo_db, OPERATOR, f.id)
    assert cli(db_path, "allocation", "lock") == 1
    assert "herhaal de opdracht met --ja" in capsys.readouterr().err
    assert locking.active_allocation(demo_db, f.id) is None
    assert cli(db_path, "allocation", "lock", "--ja") == 0
    assert "kent niets toe, omdat geen enkel initiatief heeft een score" in (
        capsys.readouterr().err
    )


# -- the advice to the college ---------------------------------------------------------------


def test_the_college_document_reads_as_an_advice(
    demo_db: Database, db_path: Path, tmp_path: Path, capsys: Capture
) -> None:
    import pypdfium2 as pdfium

    from festival.domain.allocation.college import reference

    f = demo(demo_db)
    criteria = jury.list_criteria(demo_db, f.id)
    order = pitches(demo_db, f.id)
    jan = next(u for u in jury.list_jurors(demo_db, f.id) if u.name == JAN)
    jury.declare_conflict(demo_db, jan, f.id, jan, order[2], "mijn zus is de aanvrager")
    for rank, initiative in enumerate(order):
        for juror in (JULIA, JAN, JOKE):
            if juror == JAN and initiative == order[2]:
                continue
            save(demo_db, f.id, juror, initiative, {c.id: max(1, 10 - rank) for c in criteria})
    jury.lock(demo_db, OPERATOR, f.id)
    jury.unlock(demo_db, OPERATOR, f.id, "Joke scoorde pitch 5 op papier anders")
    jury.lock(demo_db, OPERATOR, f.id)
    locked = locking.lock_allocation(demo_db, ADMIN, f)
    path = tmp_path / "advies.pdf"
    assert cli(db_path, "allocation", "export", str(path)) == 0
    document = pdfium.PdfDocument(path.read_bytes())
    text = " ".join(
        " ".join(document[i].get_textpage().get_text_range() for i in range(len(document))).split()
    )
    assert "Advies aan het college van burgemeester en wethouders" in text
    assert f"Kenmerk: {reference(f, locked)}" in text
    assert "Festival: " in text and f.name in text
    for name in (JULIA, JAN, JOKE):
        assert name in text
    title = next(c.title for c in locked.record.candidates if c.id == str(order[2]))
    assert f"{JAN} bij {title}: mijn zus is de aanvrager" in " ".join(text.split())
    assert "Joke scoorde pitch 5 op papier anders" in text
    assert "Wat het publiek bijdroeg" in text
    assert f"{len(locked.record.ballots)} bezoekers" in text
    assert locked.sha256 in text
    assert "Handtekening:" in text and "Besluit van het college" in text
    for r in report_text.decision_rows(locked):
        assert " ".join(r.reason.split()) in text
    assert not re.search(r"festival (allocation|pabulib|verify)", text)  # no command lines
