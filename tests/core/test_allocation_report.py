"""The decision document for the college (CSV, XLSX, PDF), the pabulib export and the
``festival allocation`` commands, on the demo festival with every pitch scored and locked."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from core_support import ADMIN as ADMIN_ACTOR
from jury_support import JAN, JOKE, JULIA, OPERATOR, demo_festival, pitches, save
from openpyxl import load_workbook
from people_support import cli

from festival.domain import jury
from festival.domain.allocation import config as allocation_config
from festival.domain.allocation import (
    locking,
    overrides,
    pabulib,
    pabulib_run,
    proposal,
    record,
    report_pdf,
    report_sheets,
    report_text,
)
from festival.domain.allocation.model import Outcome, Rule
from festival.domain.allocation.pabulib_export import pabulib_instance
from festival.domain.allocation.record import AllocationRecord, LockedAllocation
from festival.domain.festivals import Festival, list_festivals
from festival.domain.permissions import SystemCaller
from festival.store.database import Database

Capture = pytest.CaptureFixture[str]
ADMIN = SystemCaller(ADMIN_ACTOR.name)
BESLUIT = (
    "positie",
    "initiatief",
    "titel",
    "kern",
    "eindscore",
    "juryscore",
    "gevraagd",
    "kosten",
    "bedrag",
    "uitkomst",
    "reden_code",
    "reden",
    "aangepast",
)


def demo(db: Database) -> Festival:
    fid = demo_festival(db)
    return next(f for f in list_festivals(db) if f.id == fid)


def score_and_lock_jury(db: Database) -> Festival:
    """Each of the three jurors scores every pitch (earlier pitches higher); scoring locks."""
    f = demo(db)
    criteria = jury.list_criteria(db, f.id)
    for rank, initiative in enumerate(pitches(db, f.id)):
        for juror in (JULIA, JAN, JOKE):
            save(db, f.id, juror, initiative, {c.id: max(1, 10 - rank) for c in criteria})
    jury.lock(db, OPERATOR, f.id)
    return f


@pytest.fixture
def locked(demo_db: Database) -> LockedAllocation:
    f = score_and_lock_jury(demo_db)
    return locking.lock_allocation(demo_db, ADMIN, f)


@pytest.fixture
def overridden(demo_db: Database) -> tuple[LockedAllocation, str, str]:
    """Locked after the coordinator gave the first unfunded initiative € 1.000 by hand."""
    f = score_and_lock_jury(demo_db)
    current = proposal.draft(demo_db, f)
    first_unfunded = next(
        d.candidate_id for d in current.result.decisions if d.outcome is Outcome.NOT_FUNDED
    )
    assert current.pot.pot_cents - current.total >= 100_000
    reason = "buurtbudget vult de rest aan"
    overrides.set_override(demo_db, ADMIN, f, int(first_unfunded), "1.000", reason)
    return locking.lock_allocation(demo_db, ADMIN, f), first_unfunded, reason


def euros(cents: int) -> str:
    return f"{cents / 100:.2f}".replace(".", ",")


def csv_parts(data: bytes) -> dict[str, list[list[str]]]:
    """The CSV's parts by title: the column names first, then the rows."""
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data[3:].decode("utf-8")), delimiter=";"))
    parts: dict[str, list[list[str]]] = {}
    title = lines[0][0]
    parts[title] = []
    for index, line in enumerate(lines[1:], start=1):
        if not line:
            continue
        if len(line) == 1 and index > 1 and not lines[index - 1]:
            title = line[0]
            parts[title] = []
            continue
        parts[title].append(line)
    return parts


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    return " ".join(" ".join(pages).split())


def flat(text: str) -> str:
    return " ".join(text.split())


# -- the rows come from the locked record ----------------------------------------------------


def test_rows_follow_the_locked_record_in_rank_order(
    demo_db: Database, locked: LockedAllocation
) -> None:
    rows = report_text.decision_rows(locked)
    decisions = locked.record.decisions
    assert isinstance(decisions, list)
    assert [r.initiative_id for r in rows] == [d.candidate_id for d in decisions]
    assert [r.rank for r in rows] == list(range(1, len(rows) + 1))
    assert [r.amount for r in rows] == [d.amount for d in decisions]
    assert len(rows) == len(pitches(demo_db, locked.festival_id)) == 8
    # The same sentences as the draft the coordinator saw before locking.
    assert rows == report_text.draft_rows(proposal.draft(demo_db, demo(demo_db)))
    funded = [r for r in rows if r.amount]
    assert funded and all(r.reason.startswith("Toegekend: ") for r in funded)
    assert all(r.reason.startswith("Niet toegekend") for r in rows if not r.amount)
    assert sum(r.amount for r in rows) <= report_text.pot_of(locked.record).pot_cents


def test_the_document_shows_what_was_locked_not_what_changed_later(
    demo_db: Database, locked: LockedAllocation, tmp_path: Path
) -> None:
    first = report_text.decision_rows(locked)[0]
    with demo_db.write(ADMIN_ACTOR) as tx:
        tx.execute(
            "UPDATE initiatives SET title = 'Later hernoemd' WHERE id = ?",
            (int(first.initiative_id),),
        )
    again = locking.active_allocation(demo_db, locked.festival_id)
    assert again is not None
    path = tmp_path / "besluit.csv"
    report_sheets.export_decision(again, path)
    text = path.read_bytes().decode("utf-8")
    assert first.title in text
    assert "Later hernoemd" not in text


# -- CSV and XLSX ----------------------------------------------------------------------------


def test_csv_has_every_initiative_with_its_amount_and_reason(
    locked: LockedAllocation, tmp_path: Path
) -> None:
    path = tmp_path / "besluit.csv"
    assert report_sheets.export_decision(locked, path, festival=None) == "csv"
    parts = csv_parts(path.read_bytes())
    assert list(parts) == ["Besluit", "Instellingen", "Aanpassingen"]
    header, *lines = parts["Besluit"]
    assert tuple(header) == BESLUIT
    by_id = {line[1]: dict(zip(header, line, strict=True)) for line in lines}
    rows = report_text.decision_rows(locked)
    assert set(by_id) == {r.initiative_id for r in rows}
    for r in rows:
        line = by_id[r.initiative_id]
        assert line["titel"] == r.title
        assert line["bedrag"] == euros(r.amount)  # decimal comma
        assert line["gevraagd"] == euros(r.requested)
        assert line["uitkomst"] == r.outcome
        assert line["reden"] == r.reason
        assert line["reden_code"] == r.reason_code
    settings = {line[0]: line[1] for line in parts["Instellingen"][1:]}
    assert settings["SHA-256"] == locked.sha256
    assert settings["Pot"] == report_text.pot_sentence(locked.record)
    assert settings["Verdeelregel"].startswith("greedy: ")
    assert settings["Gepubliceerd"] == "nee"
    assert parts["Aanpassingen"] == [["initiatief", "titel", "bedrag", "reden", "door", "op"]]


def test_xlsx_has_the_three_sheets_with_amounts_reasons_and_overrides(
    overridden: tuple[LockedAllocation, str, str], tmp_path: Path
) -> None:
    locked, changed, reason = overridden
    path = tmp_path / "besluit.xlsx"
    assert report_sheets.export_decision(locked, path) == "xlsx"
    book = load_workbook(path)
    assert book.sheetnames == ["Besluit", "Instellingen", "Aanpassingen"]
    sheet = book["Besluit"]
    header = tuple(c.value for c in sheet[1])
    assert header == BESLUIT
    lines = {
        str(values[1]): dict(zip(header, values, strict=True))
        for values in sheet.iter_rows(min_row=2, values_only=True)
    }
    rows = report_text.decision_rows(locked)
    assert len(lines) == len(rows) == 8
    for r in rows:
        line = lines[r.initiative_id]
        assert line["titel"] == r.title
        assert line["bedrag"] == pytest.approx(r.amount / 100)
        assert line["reden"] == r.reason
        assert line["aangepast"] == ("ja" if r.initiative_id == changed else "nee")
    assert lines[changed]["bedrag"] == pytest.approx(1000.0)
    assert lines[changed]["uitkomst"] == Outcome.FUNDED.value
    assert lines[changed]["reden"] == f"Handmatig toegekend: €\xa01.000 ({reason})"
    settings = dict(book["Instellingen"].iter_rows(min_row=2, values_only=True))
    assert settings["SHA-256"] == locked.sha256
    assert settings["Maximum aantal toekenningen"] == "geen"
    assert settings["Deels financieren van het eerste dat niet past"] == "nee"
    assert settings["Bij gelijke score"] == "hogere juryscore, dan lager bedrag, dan loting"
    assert settings["Totaal toegekend"] == pytest.approx(sum(r.amount for r in rows) / 100)
    overrides = list(book["Aanpassingen"].iter_rows(min_row=2, values_only=True))
    assert len(overrides) == 1
    initiative, _title, amount, why, by, _when = overrides[0]
    assert (str(initiative), amount, why, by) == (changed, 1000.0, reason, ADMIN.name)


# -- the PDF ---------------------------------------------------------------------------------


def test_pdf_has_the_pot_every_title_the_reasons_and_the_hash(
    demo_db: Database, overridden: tuple[LockedAllocation, str, str]
) -> None:
    locked, _changed, reason = overridden
    data = report_pdf.decision_pdf(locked, demo(demo_db))
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert flat(report_text.pot_sentence(locked.record)) in text
    for r in report_text.decision_rows(locked):
        assert flat(r.title) in text
        assert flat(r.reason) in text
    assert locked.sha256 in text
    assert not re.search(r"festival (allocation|pabulib|verify)", text)  # no command lines
    assert reason in text
    assert "nog niet gepubliceerd" in text
    assert "Pagina 1 van" in text
    for sentence in report_text.settings_sentences(locked.record):
        assert flat(sentence) in text


# -- verifying -------------------------------------------------------------------------------


def test_verify_detects_a_changed_record(locked: LockedAllocation) -> None:
    assert locked.verify()
    assert record.recomputed_sha256(locked) == locked.sha256
    stored = json.loads(json.dumps(locked.record.stored()))
    stored["decisions"][-1]["amount"] += 100
    tampered = locked.model_copy(update={"record": AllocationRecord.model_validate(stored)})
    assert not tampered.verify()
    assert record.recomputed_sha256(tampered) != locked.sha256


def test_cli_verify_says_klopt_and_klopt_niet(
    db_path: Path,
    locked: LockedAllocation,
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert cli(db_path, "allocation", "verify") == 0
    assert "klopt" in capsys.readouterr().out
    stored = json.loads(json.dumps(locked.record.stored()))
    stored["total"] = 1
    tampered = locked.model_copy(update={"record": AllocationRecord.model_validate(stored)})
    monkeypatch.setattr(locking, "active_allocation", lambda db, festival_id: tampered)
    assert cli(db_path, "allocation", "verify") == 1
    assert "klopt NIET" in capsys.readouterr().out


# -- pabulib ---------------------------------------------------------------------------------


def test_pabulib_instance_round_trips_and_marks_what_was_selected(
    demo_db: Database, locked: LockedAllocation
) -> None:
    f = demo(demo_db)
    instance = pabulib_instance(locked, f)
    back = pabulib.parse(pabulib.write(instance))
    rows = report_text.decision_rows(locked)
    assert back.meta["country"] == "Nederland"
    assert back.meta["unit"] == "Buren"
    assert back.meta["instance"] == f.name
    assert back.meta["vote_type"] == "scoring"
    assert back.meta["rule"] == "greedy"
    assert back.meta["num_projects"] == str(len(rows))
    assert back.budget == Decimal(report_text.pot_of(locked.record).pot_cents) / 100
    assert [p.id for p in back.projects] == [r.initiative_id for r in rows]
    for project, r in zip(back.projects, rows, strict=True):
        assert project.cost == Decimal(r.cost) / 100
        assert project.name == r.title
        assert project.extra["selected"] == ("1" if r.amount else "0")
    assert pabulib_run.run(back, Rule.GREEDY).selected == [
        r.initiative_id for r in rows if r.amount
    ]


def test_cli_pabulib_export_then_run_greedy_selects_the_funded(
    db_path: Path, locked: LockedAllocation, tmp_path: Path, capsys: Capture
) -> None:
    path = tmp_path / "verdeling.pb"
    assert cli(db_path, "pabulib", "export", str(path)) == 0
    assert "festival pabulib run" in capsys.readouterr().out
    assert cli(db_path, "pabulib", "run", str(path), "--rule", "greedy", "--json") == 0
    answer = json.loads(capsys.readouterr().out)
    funded = [r for r in report_text.decision_rows(locked) if r.amount]
    assert answer["selected"] == [r.initiative_id for r in funded]
    assert answer["cost"] == sum(r.amount for r in funded) / 100


# -- the commands ----------------------------------------------------------------------------


def test_cli_settings_override_lock_publish_export(
    demo_db: Database, db_path: Path, tmp_path: Path, capsys: Capture
) -> None:
    fid = str(demo_festival(demo_db))
    assert cli(db_path, "allocation", "export", str(tmp_path / "te-vroeg.pdf")) == 1
    assert "nog geen vastgestelde verdeling" in capsys.readouterr().err
    assert cli(db_path, "pabulib", "export", str(tmp_path / "te-vroeg.pb")) == 1
    assert "nog geen vastgestelde verdeling" in capsys.readouterr().err
    assert not (tmp_path / "te-vroeg.pdf").exists()

    assert cli(
        db_path, "allocation", "settings", "--regel", "greedy", "--max-toekenning", "4.000",
        "--max-aantal", "5", "--gelijk", "hogere juryscore, lager bedrag, loting",
        "--festival", fid,
    ) == 0  # fmt: skip
    assert "Maximum per initiatief: € 4.000" in flat(capsys.readouterr().out)
    config = allocation_config.get_config(demo_db, int(fid))
    assert (config.rule, config.max_award_cents, config.max_awards) == (Rule.GREEDY, 400_000, 5)
    # What is left out stays as it was.
    assert cli(db_path, "allocation", "settings", "--deels") == 0
    config = allocation_config.get_config(demo_db, int(fid))
    assert (config.max_award_cents, config.max_awards, config.partial_last) == (400_000, 5, True)
    assert cli(db_path, "allocation", "settings", "--regel", "greedy-threshold") == 1
    assert "drempel" in capsys.readouterr().err

    f = score_and_lock_jury(demo_db)
    assert cli(db_path, "allocation", "settings", "--max-toekenning", "9.000") == 1
    assert "liggen vast" in capsys.readouterr().err

    last = proposal.draft(demo_db, f).result.decisions[-1].candidate_id
    assert cli(db_path, "allocation", "override", last, "0") == 1
    assert "Reden" in capsys.readouterr().err
    assert cli(db_path, "allocation", "override", last, "0", "--reden", "plan ingetrokken") == 0
    capsys.readouterr()

    assert cli(db_path, "allocation", "show") == 0
    shown = capsys.readouterr().out
    assert "Concept" in shown
    assert "Handmatig niet toegekend (plan ingetrokken)" in shown

    assert cli(db_path, "allocation", "lock", "--festival", fid) == 1
    assert "--ja" in capsys.readouterr().err  # no terminal to ask on, and no --ja
    assert locking.active_allocation(demo_db, f.id) is None
    assert cli(db_path, "allocation", "lock", "--festival", fid, "--ja") == 0
    said = capsys.readouterr().out
    active = locking.active_allocation(demo_db, f.id)
    assert active is not None
    assert active.sha256 in said
    assert cli(db_path, "allocation", "lock") == 1
    assert "reden" in capsys.readouterr().err
    assert cli(db_path, "allocation", "override", last, "100", "--reden", "toch") == 1
    assert "vastgesteld" in capsys.readouterr().err

    assert cli(db_path, "allocation", "publish", "--ja") == 0
    capsys.readouterr()
    published = locking.active_allocation(demo_db, f.id)
    assert published is not None and published.published_at is not None

    assert cli(db_path, "allocation", "show") == 0
    shown = capsys.readouterr().out
    assert "gepubliceerd op" in shown
    assert flat(report_text.pot_sentence(published.record)) in flat(shown)
    for r in report_text.decision_rows(published):
        assert r.title in shown
        assert r.reason in shown

    for name in ("besluit.csv", "besluit.xlsx", "besluit.pdf"):
        assert cli(db_path, "allocation", "export", str(tmp_path / name)) == 0
        assert name in capsys.readouterr().out
    assert load_workbook(tmp_path / "besluit.xlsx").sheetnames[0] == "Besluit"
    assert "plan ingetrokken" in pdf_text((tmp_path / "besluit.pdf").read_bytes())
    assert cli(db_path, "allocation", "export", str(tmp_path / "besluit.txt")) == 1
    assert ".csv, .xlsx of .pdf" in capsys.readouterr().err

    assert cli(
        db_path, "allocation", "lock", "--vervangt-reden", "rekenfout in de begroting", "--ja"
    ) == 0  # fmt: skip
    capsys.readouterr()
    assert len(locking.history(demo_db, f.id)) == 2


def test_allocation_help_lists_every_action(capsys: Capture) -> None:
    from cli_support import run

    with pytest.raises(SystemExit) as info:
        run(["allocation", "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    for action in ("show", "settings", "override", "lock", "publish", "verify", "export"):
        assert f"    {action}" in text
