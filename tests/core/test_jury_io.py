"""The jury's files: initiatives and paper scores in (all or nothing, bad lines by number), the
scores out as CSV and XLSX, the paper score sheets, and the ``festival jury`` commands."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from core_support import ADMIN, count
from jury_support import (
    COORDINATOR,
    DESK,
    JAN,
    JOKE,
    JULIA,
    OPERATOR,
    demo_festival,
    every,
    pitches,
    save,
    scores_of,
    user,
)
from openpyxl import load_workbook
from people_support import cli, csv_bytes, festival, person

from festival.core.csv_io import ImportFailed
from festival.core.errors import InvalidInput, NotAllowed
from festival.domain import jury, permissions
from festival.domain.jury import scoring
from festival.store.database import Database

Capture = pytest.CaptureFixture[str]
HEADER = "titel;kern;initiatiefnemer;omschrijving;gevraagd;thema"
SCORES = "jurylid;initiatief;criterium;score"


@pytest.fixture(autouse=True)
def _no_default_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FESTIVAL_DB", str(tmp_path / "vergeten.db"))


def _problems(exc: pytest.ExceptionInfo[ImportFailed]) -> dict[int, str]:
    return {p.line: p.message for p in exc.value.problems}


def _initiatives(db: Database, festival_id: int) -> list[tuple[object, ...]]:
    rows = db.fetchall(
        "SELECT i.title, k.name AS kern, i.registration_id, i.description, i.requested_cents,"
        " i.themes FROM initiatives i LEFT JOIN kernen k ON k.id = i.kern_id"
        " WHERE i.festival_id = ? ORDER BY i.id",
        (festival_id,),
    )
    return [tuple(r) for r in rows]


# -- importing initiatives -------------------------------------------------------------------


def test_initiatives_link_to_exactly_one_registration_by_name(db: Database) -> None:
    fid = festival(db).id
    zoe = person(db, fid, "Zoë van ’t Hof", "initiatiefnemer")
    person(db, fid, "Kees Kerkhof", kern="Ingen")
    person(db, fid, "Kees Kerkhof", kern="Zoelen")
    data = csv_bytes(
        HEADER,
        "Bankjes langs de dijk;Zoelen;zoe van t hof;Drie bankjes;1.234,50;groen, ouderen",
        "Buurtmoestuin;Ingen;Kees Kerkhof;;750;",
        "Repair café;Ingen;Onbekende Inwoner;;;",
        "Jeu-de-boulesbaan;;Zoë van ’t Hof;;€ 400,-;",
    )
    report = jury.import_initiatives(db, OPERATOR, fid, data)
    assert (report.imported, report.linked) == (4, 2)
    assert report.unlinked == [
        ("Buurtmoestuin", "Kees Kerkhof", "2 aanmeldingen met deze naam"),
        ("Repair café", "Onbekende Inwoner", "niet aangemeld voor dit festival"),
    ]
    assert _initiatives(db, fid) == [
        ("Bankjes langs de dijk", "Zoelen", zoe.id, "Drie bankjes", 123_450, "groen, ouderen"),
        ("Buurtmoestuin", "Ingen", None, "", 75_000, ""),
        ("Repair café", "Ingen", None, "", 0, ""),
        # No kern in the file: the kern the initiatiefnemer registered with.
        ("Jeu-de-boulesbaan", "Zoelen", zoe.id, "", 40_000, ""),
    ]
    line = db.fetchone("SELECT after FROM audit_log WHERE action = 'initiatieven geïmporteerd'")
    assert line is not None
    after = json.loads(line["after"])
    assert (after["aantal"], after["gekoppeld"]) == (4, 2)
    assert "Kees" not in line["after"]  # names of initiatiefnemers stay out of the log


def test_initiatives_comma_crlf_windows_1252_any_column_order(db: Database) -> None:
    fid = festival(db).id
    data = csv_bytes(
        "Gevraagd,Initiatiefnemer,KERN,Titel",
        '"€ 1.500,00",Zoë Zonderland,Zoelen,Kerstmarkt op het plein',
        newline="\r\n",
        encoding="cp1252",
    )
    report = jury.import_initiatives(db, OPERATOR, fid, data)
    assert report.imported == 1
    assert _initiatives(db, fid) == [("Kerstmarkt op het plein", "Zoelen", None, "", 150_000, "")]


def test_initiatives_progress_reaches_the_end(db: Database) -> None:
    fid = festival(db).id
    seen: list[tuple[int, int]] = []
    data = csv_bytes(HEADER, "A;Zoelen;Iemand;;;", "B;Zoelen;Iemand;;;")
    jury.import_initiatives(db, OPERATOR, fid, data, progress=lambda n, t: seen.append((n, t)))
    assert seen[-1] == (4, 4)


def test_initiatives_bad_lines_by_number_and_nothing_stored(db: Database) -> None:
    fid = festival(db).id
    jury.import_initiatives(db, OPERATOR, fid, csv_bytes(HEADER, "Tiny forest;Asch;Iemand;;;"))
    before = count(db, "initiatives"), count(db, "audit_log")
    data = csv_bytes(
        HEADER,
        "Goed plan;Zoelen;Iemand;;100;",  # 2: fine on its own
        ";Zoelen;Iemand;;100;",  # 3: no title
        "Plan B;Atlantis;Iemand;;100;",  # 4: unknown kern
        "Plan C;Zoelen;Iemand;;veel;",  # 5: not an amount
        "Plan D;Zoelen;Iemand;;-5;",  # 6: negative
        "Plan E;Zoelen;;;100;",  # 7: no initiatiefnemer
        "goed  PLAN;Zoelen;Iemand;;100;",  # 8: the title of line 2 again
        "Tiny Forest;Asch;Iemand;;;",  # 9: already in the festival
        "Plan F;Zoelen;Iemand;;100",  # 10: a field short
        "Plan G;Zoelen;Iemand;met\x07bel;100;",  # 11: a control character
    )
    with pytest.raises(ImportFailed) as exc:
        jury.import_initiatives(db, OPERATOR, fid, data)
    problems = _problems(exc)
    assert sorted(problems) == list(range(3, 12))
    assert problems[3].startswith("titel:")
    assert "Atlantis" in problems[4]
    assert problems[5].startswith("gevraagd:")
    assert "negatief" in problems[6]
    assert problems[7].startswith("initiatiefnemer:")
    assert "regel 2" in problems[8]
    assert "al een initiatief" in problems[9]
    assert "velden" in problems[10]
    assert "stuurteken" in problems[11]
    assert (count(db, "initiatives"), count(db, "audit_log")) == before


def test_initiatives_file_without_a_required_column_or_lines(db: Database) -> None:
    fid = festival(db).id
    with pytest.raises(ImportFailed) as exc:
        jury.import_initiatives(db, OPERATOR, fid, csv_bytes("titel;kern;gevraagd", "A;Asch;1"))
    assert "initiatiefnemer" in _problems(exc)[1]
    with pytest.raises(ImportFailed, match="geen initiatieven"):
        jury.import_initiatives(db, OPERATOR, fid, csv_bytes(HEADER))


def test_initiatives_refused_for_a_purged_festival(db: Database) -> None:
    fid = festival(db).id
    with db.write(ADMIN) as tx:
        tx.execute("UPDATE festivals SET purged_at = '2027-04-01' WHERE id = ?", (fid,))
    with pytest.raises(InvalidInput, match="gewist"):
        jury.import_initiatives(db, OPERATOR, fid, csv_bytes(HEADER, "A;Asch;Iemand;;;"))


# -- importing paper scores ------------------------------------------------------------------


@pytest.fixture
def fid(demo_db: Database) -> int:
    return demo_festival(demo_db)


def _sheet(
    db: Database, fid: int, juror: str, pitch: int, value: int, *, by_number: bool = False
) -> list[str]:
    """One juror's paper sheet for one pitch: a line per criterion, the initiative named by
    its title or by its pitch number (the sheet's "Nr")."""
    found = next(p for p in jury.list_pitches(db, fid) if p.initiative_id == pitch)
    key = str(found.position) if by_number else found.title
    return [f"{juror};{key};{c.name};{value}" for c in jury.list_criteria(db, fid)]


def test_paper_scores_are_stored_as_the_coordinators_in_one_go(demo_db: Database, fid: int) -> None:
    first, second = pitches(demo_db, fid)[:2]
    criteria = jury.list_criteria(demo_db, fid)
    lines = [
        *_sheet(demo_db, fid, JAN, first, 7),
        *_sheet(demo_db, fid, "jan jurylid", second, 4, by_number=True),
        # Names without case or accents; the criterion in capitals.
        *[f"JOKE JURYLID;1;{c.name.upper()};{c.scale_max}" for c in criteria],
    ]
    report = jury.import_paper_scores(
        demo_db, user(demo_db, COORDINATOR), fid, csv_bytes(SCORES, *lines)
    )
    assert (report.saves, report.scores, report.jurors) == (3, 15, 2)
    assert scores_of(demo_db, JAN, first) == every(demo_db, fid, 7)
    assert scores_of(demo_db, JAN, second) == every(demo_db, fid, 4)
    assert scores_of(demo_db, JOKE, first) == every(demo_db, fid, 10)
    assert {r["source"] for r in demo_db.fetchall("SELECT source FROM jury_scores")} == {"papier"}
    assert count(demo_db, "jury_saves") == 3
    logged = demo_db.fetchall(
        "SELECT action, actor FROM audit_log WHERE action LIKE '%papier%' ORDER BY id"
    )
    assert [r["action"] for r in logged] == ["scores opgeslagen (papier)"] * 3 + [
        "papieren scores geïmporteerd"
    ]
    board = jury.board(demo_db, permissions.SYSTEM, fid)
    assert board.cells[(user(demo_db, JAN).id, second)] is jury.BoardCell.SCORED


def test_paper_remarks_and_a_screen_remark_that_stays(demo_db: Database, fid: int) -> None:
    first, second = pitches(demo_db, fid)[:2]
    save(demo_db, fid, JULIA, first, every(demo_db, fid, 2), "op het scherm getypt")
    jury.import_paper_scores(
        demo_db, OPERATOR, fid, csv_bytes(SCORES, *_sheet(demo_db, fid, JULIA, first, 8))
    )
    julia = jury.own_scores(demo_db, user(demo_db, JULIA), fid, user(demo_db, JULIA))
    assert julia.values[first] == every(demo_db, fid, 8)
    assert julia.remarks == {first: "op het scherm getypt"}

    lines = [f"{line};" for line in _sheet(demo_db, fid, JAN, second, 6)]
    lines[2] = lines[2] + "mooi plan, weinig draagvlak"
    data = csv_bytes(SCORES + ";opmerking", *lines)
    jury.import_paper_scores(demo_db, OPERATOR, fid, data)
    assert jury.own_scores(demo_db, user(demo_db, JAN), fid, user(demo_db, JAN)).remarks == {
        second: "mooi plan, weinig draagvlak"
    }


def test_paper_scores_bad_lines_by_number_and_nothing_stored(demo_db: Database, fid: int) -> None:
    first, second, third = pitches(demo_db, fid)[:3]
    joke = user(demo_db, JOKE)
    jury.declare_conflict(demo_db, joke, fid, joke, second, "mijn neef")
    off_programme = next(p for p in jury.list_initiatives(demo_db, fid) if p.position == 0)
    title = next(p.title for p in jury.list_pitches(demo_db, fid) if p.initiative_id == first)
    name = jury.list_criteria(demo_db, fid)[0].name
    jan_first = _sheet(demo_db, fid, JAN, first, 5)
    data = csv_bytes(
        SCORES,
        f"Piet Puk;{title};{name};5",  # 2
        f"{DESK};{title};{name};5",  # 3
        f"{JULIA};Een plan dat niet bestaat;{name};5",  # 4
        f"{JULIA};{off_programme.title};{name};5",  # 5
        f"{JULIA};{title};Schoonheid;5",  # 6
        f"{JULIA};{title};{name};11",  # 7
        f"{JULIA};{title};{name};7,5",  # 8
        f"{JULIA};{title};{name};",  # 9
        *_sheet(demo_db, fid, JOKE, second, 5)[:1],  # 10
        *jan_first,  # 11-15: a complete, good sheet
        jan_first[0],  # 16: its first line again
        *_sheet(demo_db, fid, JAN, third, 5)[:2],  # 17-18: two of five criteria
        f"{JULIA};{title};{name}",  # 19
    )
    saves_before = count(demo_db, "audit_log")
    with pytest.raises(ImportFailed) as exc:
        jury.import_paper_scores(demo_db, OPERATOR, fid, data)
    problems = _problems(exc)
    assert sorted(problems) == [2, 3, 4, 5, 6, 7, 8, 9, 10, 16, 17, 19]
    assert "onbekende gebruiker" in problems[2]
    assert "niet in de jury" in problems[3]
    assert "onbekend initiatief" in problems[4]
    assert "niet op het programma" in problems[5]
    assert "onbekend criterium" in problems[6]
    assert "buiten de schaal" in problems[7]
    assert "geen heel getal" in problems[8]
    assert "vul een score in" in problems[9]
    assert "belangenverstrengeling" in problems[10]
    assert "regel 11" in problems[16]
    assert "ontbreekt" in problems[17]
    assert "velden" in problems[19]
    assert count(demo_db, "jury_scores") == 0
    assert count(demo_db, "jury_saves") == 0
    assert count(demo_db, "audit_log") == saves_before


def test_paper_scores_are_one_transaction(
    demo_db: Database, fid: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = pitches(demo_db, fid)[:2]
    data = csv_bytes(
        SCORES, *_sheet(demo_db, fid, JAN, first, 5), *_sheet(demo_db, fid, JAN, second, 5)
    )
    original = scoring.store_scores
    calls: list[int] = []

    def fail_second(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("schijf vol")
        original(*args, **kwargs)

    monkeypatch.setattr(scoring, "store_scores", fail_second)
    with pytest.raises(RuntimeError, match="schijf vol"):
        jury.import_paper_scores(demo_db, OPERATOR, fid, data)
    assert count(demo_db, "jury_scores") == 0


def test_paper_scores_only_by_the_coordinator_and_not_when_locked(
    demo_db: Database, fid: int
) -> None:
    data = csv_bytes(SCORES, *_sheet(demo_db, fid, JAN, pitches(demo_db, fid)[0], 5))
    for name in (JAN, DESK):
        with pytest.raises(NotAllowed, match="coördinator"):
            jury.import_paper_scores(demo_db, user(demo_db, name), fid, data)
    jury.lock(demo_db, OPERATOR, fid)
    with pytest.raises(NotAllowed, match="vergrendeld"):
        jury.import_paper_scores(demo_db, OPERATOR, fid, data)
    assert count(demo_db, "jury_scores") == 0


# -- export ----------------------------------------------------------------------------------


def _scored(db: Database, fid: int) -> tuple[int, int]:
    """Screen and paper scores, a conflict, remarks (one that looks like a formula)."""
    first, second = pitches(db, fid)[:2]
    save(db, fid, JULIA, first, every(db, fid, 10), "=1+1 is geen formule")
    save(db, fid, JULIA, second, every(db, fid, 4), "sterk verhaal")
    save(db, fid, JOKE, first, every(db, fid, 7))
    jury.import_paper_scores(db, OPERATOR, fid, csv_bytes(SCORES, *_sheet(db, fid, JAN, second, 6)))
    jan = user(db, JAN)
    jury.declare_conflict(db, jan, fid, jan, first, "mijn dochter pitcht")
    return first, second


def _db_scores(db: Database) -> set[tuple[str, int, str, int, str]]:
    rows = db.fetchall(
        "SELECT u.name, s.initiative_id, c.name AS criterion, s.value, s.source FROM jury_scores s"
        " JOIN users u ON u.id = s.juror_id JOIN criteria c ON c.id = s.criterion_id"
    )
    return {(r[0], r[1], r[2], r[3], r[4]) for r in rows}


def _csv_sections(data: bytes) -> dict[str, list[list[str]]]:
    assert data.startswith(b"\xef\xbb\xbf")
    sections: dict[str, list[list[str]]] = {}
    for block in data[3:].decode("utf-8").split("\r\n\r\n"):
        rows = list(csv.reader(io.StringIO(block, newline=""), delimiter=";"))
        sections[rows[0][0]] = rows[1:]
    return sections


def test_export_csv_has_every_score_conflict_remark_and_the_ranking(
    demo_db: Database, fid: int, tmp_path: Path
) -> None:
    first, second = _scored(demo_db, fid)
    report = jury.export_scores(demo_db, OPERATOR, fid, tmp_path / "jury.csv")
    assert (report.format, report.scores, report.conflicts, report.remarks) == ("csv", 20, 1, 2)
    sections = _csv_sections((tmp_path / "jury.csv").read_bytes())
    assert list(sections) == [
        "Scores", "Belangenverstrengeling", "Opmerkingen", "Rangschikking", "Regels"
    ]  # fmt: skip
    header, *rows = sections["Scores"]
    assert header == ["jurylid", "initiatief", "titel", "criterium", "gewicht", "schaal_min",
                      "schaal_max", "score", "opgeslagen", "bron"]  # fmt: skip
    code = jury.initiative_code
    assert {(r[0], r[1], r[3], int(r[7]), r[9]) for r in rows} == {
        (a, code(b), c, d, e) for a, b, c, d, e in _db_scores(demo_db)
    }
    weights = {c.name: str(c.weight) for c in jury.list_criteria(demo_db, fid)}
    assert all(r[4] == weights[r[3]] for r in rows)
    datetime.strptime(rows[0][8], "%d-%m-%Y %H:%M:%S")  # local time, as people read it
    assert sections["Belangenverstrengeling"][1][:4] == [
        JAN, code(first), sections["Belangenverstrengeling"][1][2], "mijn dochter pitcht"
    ]  # fmt: skip
    remarks = {r[3] for r in sections["Opmerkingen"][1:]}
    assert remarks == {"'=1+1 is geen formule", "sterk verhaal"}  # quoted against Excel
    ranking = sections["Rangschikking"]
    assert ranking[0][:6] == ["positie", "initiatief", "titel", "kern", "gevraagd", "jury"]
    top = ranking[1]
    # First: Julia 100 and Joke 66.67 (Jan has a conflict) → 83.33 on 2 jurors.
    assert (top[0], top[1], top[5], top[9]) == ("1", code(first), "83,33", "2")
    assert ranking[2][1] == code(second)
    assert ranking[3][0] == ""  # unscored: no position
    rules = {r[0]: r[1] for r in sections["Regels"][1:]}
    assert "gewicht 3, schaal 1–10" in rules["Criterium 1: Bijdrage aan leefbaarheid"]


def test_export_xlsx_sheets_bold_headers_and_real_numbers(
    demo_db: Database, fid: int, tmp_path: Path
) -> None:
    first, _ = _scored(demo_db, fid)
    path = tmp_path / "jury.XLSX"
    assert jury.export_scores(demo_db, OPERATOR, fid, path).format == "xlsx"
    book = load_workbook(path)
    assert book.sheetnames == [
        "Scores", "Belangenverstrengeling", "Opmerkingen", "Rangschikking", "Regels"
    ]  # fmt: skip
    for sheet in book.worksheets:
        assert all(cell.font.bold for cell in sheet[1])
    scores = list(book["Scores"].iter_rows(min_row=2, values_only=True))
    code = jury.initiative_code
    assert {(r[0], r[1], r[3], r[7], r[9]) for r in scores} == {
        (a, code(b), c, d, e) for a, b, c, d, e in _db_scores(demo_db)
    }
    assert all(isinstance(r[7], int) and isinstance(r[8], datetime) for r in scores)
    conflict = next(book["Belangenverstrengeling"].iter_rows(min_row=2, values_only=True))
    assert (conflict[0], conflict[1], conflict[3]) == (JAN, code(first), "mijn dochter pitcht")
    remark_cells = [row[3] for row in book["Opmerkingen"].iter_rows(min_row=2)]
    formula = next(c for c in remark_cells if str(c.value).startswith("="))
    assert formula.value == "=1+1 is geen formule"
    assert formula.data_type == "s"  # text, not a formula
    top = next(book["Rangschikking"].iter_rows(min_row=2, values_only=True))
    assert top[:2] == (1, code(first))
    assert top[5] == pytest.approx(250 / 3)
    assert top[9] == 2


# -- paper score sheets ----------------------------------------------------------------------


def _texts(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def test_score_sheets_one_page_per_juror(demo_db: Database, fid: int) -> None:
    jan = user(demo_db, JAN)
    second = pitches(demo_db, fid)[1]
    jury.declare_conflict(demo_db, jan, fid, jan, second, "mijn neef")
    pages = _texts(jury.score_sheets_pdf(demo_db, permissions.SYSTEM, fid))
    assert len(pages) == 3
    for page, name in zip(pages, (JAN, JOKE, JULIA), strict=True):
        assert f"Jurylid: {name}" in page
        assert "Initiatievenfestival Buren 2026" in page
        assert "Handtekening" in page
        assert "Opmerking" in page
        assert "Bijdrage aan leefbaarheid (schaal 1–10, gewicht 3)" in page
        assert "10 = voor de hele kern en lang" in page  # the levels as a legend
        assert ("belangenverstrengeling gemeld" in page) == (name == JAN)


def test_score_sheets_go_on_over_a_page_for_a_long_programme(demo_db: Database, fid: int) -> None:
    for p in jury.list_initiatives(demo_db, fid):
        if p.position == 0:
            jury.set_selected(demo_db, OPERATOR, fid, p.initiative_id, True)
    assert len(jury.list_pitches(demo_db, fid)) > 20
    pages = _texts(jury.score_sheets_pdf(demo_db, permissions.SYSTEM, fid))
    assert len(pages) > 3
    continued = [p for p in pages if "(vervolg)" in p]
    assert continued
    assert sum("Handtekening" in p for p in pages) == 3


def test_score_sheets_need_jurors(db: Database) -> None:
    fid = festival(db).id
    with pytest.raises(InvalidInput, match="juryleden"):
        jury.score_sheets_pdf(db, permissions.SYSTEM, fid)


# -- the commands ----------------------------------------------------------------------------


def test_cli_ranking_json_and_text(
    demo_db: Database, fid: int, db_path: Path, capsys: Capture
) -> None:
    first, second = pitches(demo_db, fid)[:2]
    save(demo_db, fid, JULIA, first, every(demo_db, fid, 10))
    save(demo_db, fid, JAN, first, every(demo_db, fid, 1))
    save(demo_db, fid, JULIA, second, every(demo_db, fid, 7))  # 100 · 6/9 = 66.666…
    assert cli(db_path, "jury", "ranking", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 8
    assert set(rows[0]) == {"initiative", "code", "title", "jury_score", "normalised_score",
                            "audience_score", "final_score", "jurors"}  # fmt: skip
    assert rows[0]["code"] == jury.initiative_code(second)
    assert [
        (r["initiative"], r["jury_score"], r["final_score"], r["jurors"]) for r in rows[:2]
    ] == [
        (second, 66.67, 66.67, 1),
        (first, 50.0, 50.0, 2),
    ]
    assert rows[2]["jury_score"] is None and rows[2]["final_score"] is None
    assert rows[2]["jurors"] == 0
    assert rows[0]["normalised_score"] is None

    assert cli(db_path, "jury", "ranking") == 0
    text = capsys.readouterr().out
    assert text.split("\n")[0].split() == ["positie", "code", "titel", "jury", "publiek",
                                          "eind", "juryleden"]  # fmt: skip
    assert text.split("\n")[1].split()[1] == jury.initiative_code(second)
    assert "66,67" in text

    jury.set_audience(demo_db, OPERATOR, fid, normalise=True)
    assert cli(db_path, "jury", "ranking") == 0
    assert "minstens 3 juryleden" in capsys.readouterr().out


def test_cli_sheets_import_export_lock_publish(
    demo_db: Database, fid: int, db_path: Path, tmp_path: Path, capsys: Capture
) -> None:
    pdf = tmp_path / "formulieren.pdf"
    assert cli(db_path, "jury", "sheets", "--out", str(pdf)) == 0
    assert len(pdfium.PdfDocument(pdf.read_bytes())) == 3

    first = pitches(demo_db, fid)[0]
    good = tmp_path / "papier.csv"
    good.write_bytes(csv_bytes(SCORES, *_sheet(demo_db, fid, JOKE, first, 6)))
    bad = tmp_path / "fout.csv"
    bad.write_bytes(csv_bytes(SCORES, *_sheet(demo_db, fid, JOKE, first, 6)[:4]))
    capsys.readouterr()
    assert cli(db_path, "jury", "import", str(bad)) == 1
    assert "regel 2:" in capsys.readouterr().err
    assert cli(db_path, "jury", "import", str(good)) == 0
    assert "5 papieren scores" in capsys.readouterr().out
    assert scores_of(demo_db, JOKE, first) == every(demo_db, fid, 6)

    for name in ("jury.csv", "jury.xlsx"):
        assert cli(db_path, "jury", "export", str(tmp_path / name)) == 0
        assert "5 scores" in capsys.readouterr().out
    assert load_workbook(tmp_path / "jury.xlsx").sheetnames[0] == "Scores"

    assert cli(db_path, "jury", "publish", "--ja") == 1
    assert "Vergrendel" in capsys.readouterr().err
    assert cli(db_path, "jury", "lock", "--ja") == 0
    assert cli(db_path, "jury", "import", str(good)) == 1
    assert "vergrendeld" in capsys.readouterr().err
    assert cli(db_path, "jury", "publish", "--ja") == 0
    assert jury.get_state(demo_db, fid).published
    with pytest.raises(SystemExit):
        cli(db_path, "jury", "unlock")  # --reden is required
    assert cli(db_path, "jury", "unlock", "--reden", "  ") == 1
    assert cli(db_path, "jury", "unlock", "--reden", "Joke miste een pitch") == 0
    assert jury.get_state(demo_db, fid).status is jury.JuryStatus.OPEN
    assert cli(db_path, "jury", "lock", "--ja", "--festival", "99") == 1
    assert "bestaat niet" in capsys.readouterr().err


def test_cli_initiatives_import(
    demo_db: Database, fid: int, db_path: Path, tmp_path: Path, capsys: Capture
) -> None:
    path = tmp_path / "initiatieven.csv"
    path.write_bytes(csv_bytes(HEADER, "Tiny forest bij het dorpshuis;Asch;Onbekend;;900;groen"))
    assert cli(db_path, "initiatives", "import", str(path)) == 0
    out = capsys.readouterr().out
    assert "1 initiatieven geïmporteerd" in out
    assert "Onbekend (niet aangemeld voor dit festival)" in out
    assert cli(db_path, "initiatives", "import", str(path)) == 1  # the same title again
    assert "regel 2: titel:" in capsys.readouterr().err
    assert cli(db_path, "initiatives", "import", str(tmp_path / "weg.csv")) == 1
    assert "niet lezen" in capsys.readouterr().err


# -- the sheet's number and code, read back ---------------------------------------------------


def _sheet_rows(pdf: bytes, page: int) -> list[tuple[int, str, str]]:
    """(Nr, code, title) of every row on one page of the printed sheets, as printed."""
    text = pdfium.PdfDocument(pdf)[page].get_textpage().get_text_range()
    lines = [line.strip() for line in text.splitlines()]
    rows: list[tuple[int, str, str]] = []
    for above, line in pairwise(lines):
        coded = re.match(r"^code ([A-Z]+)\b", line)
        numbered = re.match(r"^(\d+) (.+)$", above)
        if coded and numbered:
            rows.append((int(numbered.group(1)), coded.group(1), numbered.group(2)))
    return rows


def test_sheet_numbers_and_codes_round_trip_where_pitch_order_differs_from_ids(
    demo_db: Database, fid: int
) -> None:
    programme = jury.list_pitches(demo_db, fid)
    # The trap: an initiative whose id is the pitch number of another initiative.
    trap = next(
        p for p in programme if p.initiative_id != p.position and p.initiative_id <= len(programme)
    )
    rows = _sheet_rows(
        jury.score_sheets_pdf(demo_db, permissions.SYSTEM, fid), 0
    )  # Jan's sheet comes first
    assert [nr for nr, _, _ in rows] == list(range(1, len(programme) + 1))
    criteria = jury.list_criteria(demo_db, fid)
    # Each row keyed as printed, half by number and code, half by number and title; the
    # value is the pitch number, so a score that lands on the wrong initiative shows.
    lines = []
    for nr, code, title in rows:
        key = f"{nr} {code}" if nr % 2 else f"{nr} {title}"
        lines += [f"{JAN};{key};{c.name};{nr}" for c in criteria]
    jury.import_paper_scores(demo_db, OPERATOR, fid, csv_bytes(SCORES, *lines))
    for pitch in programme:
        assert scores_of(demo_db, JAN, pitch.initiative_id) == every(demo_db, fid, pitch.position)

    # "8 Dorpsfeest": the trap's id as a number with its title is refused, not stored.
    before = count(demo_db, "jury_saves")
    name = criteria[0].name
    wrong_code = jury.initiative_code(trap.initiative_id)
    other = next(p for p in programme if p.position == trap.initiative_id)
    with pytest.raises(ImportFailed) as exc:
        jury.import_paper_scores(
            demo_db,
            OPERATOR,
            fid,
            csv_bytes(
                SCORES + ";nr;code",
                f"{JULIA};{trap.initiative_id} {trap.title};{name};5;;",  # 2
                f"{JULIA};;{name};5;{trap.initiative_id};{wrong_code}",  # 3
                f"{JULIA};{trap.initiative_id};{name};5;;{wrong_code}",  # 4
                f"{JULIA};{wrong_code[:-1]}X;{name};5;;",  # 5: a wrong check letter
                f"{JULIA};{len(programme) + 1};{name};5;;",  # 6
                f"{JULIA};#{trap.initiative_id};{name};5;;",  # 7: an id written as one
            ),
        )
    problems = _problems(exc)
    assert sorted(problems) == [2, 3, 4, 5, 6, 7]
    for line in (2, 3, 4):
        assert "spreken elkaar tegen" in problems[line]
        assert other.title in problems[line] and trap.title in problems[line]
    assert "onbekende code" in problems[5]
    assert f"geen pitch nummer {len(programme) + 1}" in problems[6]
    assert "gebruik het pitchnummer" in problems[7]
    assert count(demo_db, "jury_saves") == before


def test_an_ambiguous_pitch_number_is_refused_the_code_still_works(
    demo_db: Database, fid: int
) -> None:
    first, second = jury.list_pitches(demo_db, fid)[:2]
    # Two pitches on one number (as two terminals adding at once could leave them).
    with demo_db.write(ADMIN) as tx:
        tx.execute(
            "UPDATE pitches SET position = 1 WHERE initiative_id = ?", (second.initiative_id,)
        )
    criteria = jury.list_criteria(demo_db, fid)
    with pytest.raises(ImportFailed) as exc:
        jury.import_paper_scores(
            demo_db, OPERATOR, fid, csv_bytes(SCORES, *[f"{JAN};1;{c.name};5" for c in criteria])
        )
    assert "niet eenduidig" in _problems(exc)[2]
    code = jury.initiative_code(second.initiative_id)
    lines = [f"{JAN};{code.lower()};{c.name};5" for c in criteria]
    jury.import_paper_scores(demo_db, OPERATOR, fid, csv_bytes(SCORES, *lines))
    assert scores_of(demo_db, JAN, second.initiative_id) == every(demo_db, fid, 5)
    assert scores_of(demo_db, JAN, first.initiative_id) == {}


def test_a_decimal_paper_score_is_refused_never_multiplied(demo_db: Database, fid: int) -> None:
    criteria = jury.list_criteria(demo_db, fid)
    lines = [f"{JAN};1;{c.name};{'7,5' if i == 0 else '7'}" for i, c in enumerate(criteria)]
    with pytest.raises(ImportFailed) as exc:
        jury.import_paper_scores(demo_db, OPERATOR, fid, csv_bytes(SCORES, *lines))
    assert "geen decimalen" in _problems(exc)[2]
    assert count(demo_db, "jury_scores") == 0


def test_keying_one_sheet_row_stores_paper_scores_as_the_coordinator(
    demo_db: Database, fid: int
) -> None:
    first = pitches(demo_db, fid)[0]
    save(demo_db, fid, JAN, first, every(demo_db, fid, 3), "op het scherm")
    coordinator = user(demo_db, COORDINATOR)
    jury.key_sheet_row(demo_db, coordinator, fid, user(demo_db, JAN), first, every(demo_db, fid, 8))
    assert scores_of(demo_db, JAN, first) == every(demo_db, fid, 8)
    rows = demo_db.fetchall("SELECT DISTINCT source FROM jury_scores")
    assert [r["source"] for r in rows] == ["papier"]
    jan = user(demo_db, JAN)
    assert jury.own_scores(demo_db, jan, fid, jan).remarks == {first: "op het scherm"}
    last = demo_db.fetchone("SELECT action, actor FROM audit_log ORDER BY id DESC LIMIT 1")
    assert (last["action"], last["actor"]) == ("scores opgeslagen (papier)", COORDINATOR)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_cli_lock_and_publish_ask_first(
    demo_db: Database,
    fid: int,
    db_path: Path,
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, *rest = jury.list_pitches(demo_db, fid)
    save(demo_db, fid, JAN, first.initiative_id, every(demo_db, fid, 6))
    # No terminal and no --ja: refused, nothing locked.
    assert cli(db_path, "jury", "lock") == 1
    said = capsys.readouterr().err
    assert "--ja" in said
    assert f"{len(rest)} van {len(rest) + 1} pitches" in said
    assert rest[0].title in said and first.title not in said.split("niemand")[1]
    assert jury.get_state(demo_db, fid).status is jury.JuryStatus.OPEN
    # A terminal: "nee" leaves it open, "ja" locks.
    monkeypatch.setattr("sys.stdin", _Terminal("nee\n"))
    assert cli(db_path, "jury", "lock") == 1
    assert "Niet gedaan" in capsys.readouterr().out
    assert jury.get_state(demo_db, fid).status is jury.JuryStatus.OPEN
    monkeypatch.setattr("sys.stdin", _Terminal("ja\n"))
    assert cli(db_path, "jury", "lock") == 0
    assert jury.get_state(demo_db, fid).status is jury.JuryStatus.LOCKED
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli(db_path, "jury", "publish") == 1
    assert "--ja" in capsys.readouterr().err
    assert not jury.get_state(demo_db, fid).published
    assert cli(db_path, "jury", "publish", "--ja") == 0
    assert jury.get_state(demo_db, fid).published


def test_cli_withdraws_a_conflict_with_a_reason(
    demo_db: Database, fid: int, db_path: Path, capsys: Capture
) -> None:
    first = jury.list_pitches(demo_db, fid)[0]
    joke = user(demo_db, JOKE)
    jury.declare_conflict(demo_db, joke, fid, joke, first.initiative_id, "vergissing")
    code = jury.initiative_code(first.initiative_id)
    args = ("jury", "withdraw-conflict", "--jurylid", "joke jurylid", "--initiatief", code)
    assert cli(db_path, *args, "--reden", " ") == 1
    assert cli(db_path, *args, "--reden", "Joke belde") == 0
    assert jury.own_scores(demo_db, joke, fid, joke).conflicts == {}
    assert "ingetrokken" in capsys.readouterr().out
