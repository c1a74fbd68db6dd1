"""Badges, QR codes, the attendance CSV and the fallback list: read back as a phone, a PDF
viewer and Excel would read them."""

from __future__ import annotations

import math
import re
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from cli_support import run
from core_support import ADMIN, CALLER
from PIL import Image

from festival.core.errors import InvalidInput
from festival.domain import badges
from festival.domain.attendance import ATTENDANCE_HEADERS, attendance_csv, fallback_list_pdf
from festival.domain.checkin import check_in
from festival.domain.festivals import Festival, add_festival, current_festival
from festival.domain.pin_key import key_path
from festival.domain.registration import FestivalRole, Registration, list_registrations
from festival.features import fill_demo
from festival.store.database import Database

ZOE = "Zoë van ’t Hof"
EMAIL = "zoe.geheim@example.org"
PHONE = "0612345678"

Capture = pytest.CaptureFixture[str]


# -- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo festival, made once (PIN hashing takes about a second) and copied per test."""
    path = tmp_path_factory.mktemp("template") / "demo.db"
    with Database(path) as db:
        fill_demo(db)
        # Fold the WAL into the main file so a plain file copy carries everything.
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    shutil.copyfile(key_path(demo_template), key_path(path))  # the PINs need their key
    return path


@pytest.fixture
def demo_db(demo_path: Path) -> Iterator[Database]:
    database = Database(demo_path)
    yield database
    database.close()


@pytest.fixture
def festival(demo_db: Database) -> Festival:
    found = current_festival(demo_db)
    assert found is not None
    return found


@pytest.fixture
def people(demo_db: Database, festival: Festival) -> list[Registration]:
    return list_registrations(demo_db, CALLER, festival.id)


def person(people: list[Registration], name: str) -> Registration:
    return next(r for r in people if r.name == name)


@pytest.fixture(autouse=True)
def _no_default_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FESTIVAL_DB", str(tmp_path / "vergeten.db"))


# -- reading PDFs and pictures back ----------------------------------------------------------


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def page_image(data: bytes, index: int = 0, dpi: int = 200) -> Image.Image:
    document = pdfium.PdfDocument(data)
    return document[index].render(scale=dpi / 72).to_pil()


def page_texts(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def page_count(data: bytes) -> int:
    return len(pdfium.PdfDocument(data))


def page_size_mm(data: bytes, index: int = 0) -> tuple[float, float]:
    width, height = pdfium.PdfDocument(data)[index].get_size()
    return round(width / 72 * 25.4), round(height / 72 * 25.4)


def matrix_image(matrix: list[list[bool]], scale: int = 8) -> Image.Image:
    height, width = len(matrix), len(matrix[0])
    pixels = bytes(
        0 if matrix[y // scale][x // scale] else 255
        for y in range(height * scale)
        for x in range(width * scale)
    )
    return Image.frombytes("L", (width * scale, height * scale), pixels)


def half_blocks_to_matrix(lines: list[str]) -> list[list[bool]]:
    """Each character is one module wide and two modules high: the drawn part is dark."""
    top = {" ": False, "▀": True, "▄": False, "█": True}
    bottom = {" ": False, "▀": False, "▄": True, "█": True}
    matrix: list[list[bool]] = []
    for line in lines:
        matrix.append([top[c] for c in line])
        matrix.append([bottom[c] for c in line])
    return matrix


# -- QR --------------------------------------------------------------------------------------


def test_qr_matrix_has_a_quiet_zone_and_decodes() -> None:
    matrix = badges.qr_matrix("3EET4CN9")
    size = len(matrix)
    assert all(len(row) == size for row in matrix)
    zone = badges.QUIET_ZONE
    assert zone == 4
    for i in range(zone):
        assert not any(matrix[i]) and not any(matrix[size - 1 - i])
        assert not any(row[i] or row[size - 1 - i] for row in matrix)
    assert matrix[zone][zone]  # the finder pattern starts right after the quiet zone
    assert decode(matrix_image(matrix)) == ["3EET4CN9"]


def test_half_blocks_decode_back_to_the_code() -> None:
    code = "DSEDNXS3"
    lines = badges.qr_half_blocks(code)
    matrix = badges.qr_matrix(code)
    assert len(lines) == math.ceil(len(matrix) / 2)
    assert all(len(line) == len(matrix) for line in lines)
    assert set("".join(lines)) <= {" ", "▀", "▄", "█"}
    # Rasterised as a terminal draws it (black glyphs on white) it reads as the code again.
    back = half_blocks_to_matrix(lines)
    assert back[: len(matrix)] == matrix
    assert not any(any(row) for row in back[len(matrix) :])  # an odd last row pairs with light
    assert decode(matrix_image(back)) == [code]


# -- badges ----------------------------------------------------------------------------------


def test_a6_badge_prints_the_name_and_its_qr_reads_as_the_code(
    people: list[Registration], festival: Festival
) -> None:
    zoe = person(people, ZOE)
    data = badges.badges_pdf([zoe], festival, "a6")
    assert data.startswith(b"%PDF")
    assert page_count(data) == 1
    assert page_size_mm(data) == (105, 148)
    assert decode(page_image(data)) == [zoe.code]
    text = page_texts(data)[0]
    assert ZOE in text
    assert festival.name in text
    assert "Zoelen" in text
    assert "Initiatiefnemer" in text
    assert zoe.code in text


def test_a4_sheet_holds_four_badges_whose_qr_codes_all_read(
    people: list[Registration], festival: Festival
) -> None:
    five = people[:5]
    data = badges.badges_pdf(five, festival, "a4x4")
    assert page_count(data) == 2
    assert page_size_mm(data) == (210, 297)
    assert sorted(decode(page_image(data, 0))) == sorted(r.code for r in five[:4])
    assert decode(page_image(data, 1)) == [five[4].code]
    first, second = page_texts(data)
    assert all(r.name in first for r in five[:4])
    assert five[4].name in second


def test_two_roles_give_one_badge_with_both_bands(
    people: list[Registration], festival: Festival
) -> None:
    both = next(r for r in people if len(r.roles) == 2)
    assert set(both.roles) == {FestivalRole.FUNDER, FestivalRole.JURY}
    data = badges.badges_pdf([both], festival)
    assert page_count(data) == 1
    text = page_texts(data)[0]
    assert "Subsidieverlener" in text and "Jury" in text
    assert len({badges.ROLE_COLOURS[r] for r in FestivalRole}) == len(FestivalRole)


def test_without_consent_the_badge_shows_the_role_not_the_name(
    people: list[Registration], festival: Festival
) -> None:
    zoe = person(people, ZOE).model_copy(update={"consent_badge": False})
    assert zoe.badge_name == ""
    data = badges.badges_pdf([zoe], festival)
    text = page_texts(data)[0]
    assert "Zoë" not in text
    assert "Initiatiefnemer" in text
    assert decode(page_image(data)) == [zoe.code]


def test_a_long_name_still_fits_and_the_qr_still_reads(
    people: list[Registration], festival: Festival
) -> None:
    long = person(people, ZOE).model_copy(
        update={"name": "Maria-Anna Josephina Cornelia van der Heijden-Vermeulen"}
    )
    data = badges.badges_pdf([long], festival)
    text = page_texts(data)[0]
    assert "Maria-Anna Josephina Cornelia" in text and "van der Heijden-Vermeulen" in text
    assert decode(page_image(data)) == [long.code]


def test_badges_refuse_an_unknown_layout_and_an_empty_list(
    people: list[Registration], festival: Festival
) -> None:
    with pytest.raises(InvalidInput, match="indeling"):
        badges.badges_pdf(people[:1], festival, "a5")
    with pytest.raises(InvalidInput, match="geen badges"):
        badges.badges_pdf([], festival)


def test_text_colour_contrasts_with_the_band() -> None:
    assert badges.text_colour_on("#000000") == (255, 255, 255)
    assert badges.text_colour_on("#E69F00") == (0, 0, 0)


def test_single_badge_for_the_desk_is_written_as_code_pdf(
    demo_db: Database, people: list[Registration], tmp_path: Path
) -> None:
    zoe = person(people, ZOE)
    data = badges.badge_pdf_for(demo_db, CALLER, zoe.id)
    assert decode(page_image(data)) == [zoe.code]
    folder = tmp_path / "badges" / "nieuw"
    done = badges.print_badge(demo_db, CALLER, zoe.id, desk="Balie 1", printer=None, folder=folder)
    assert done.path == folder / f"{zoe.code}.pdf"
    assert [p.name for p in folder.iterdir()] == [done.path.name]  # no temporary file left
    assert ZOE in page_texts(done.path.read_bytes())[0]


# -- attendance ------------------------------------------------------------------------------


def give_contact_details(db: Database, registration: Registration) -> None:
    with db.write(ADMIN) as tx:
        tx.execute(
            "UPDATE people SET email = ?, phone = ? WHERE id = ?",
            (EMAIL, PHONE, registration.person_id),
        )


def test_fallback_list_has_everyone_by_name_with_codes_and_no_contact_details(
    demo_db: Database, people: list[Registration], festival: Festival
) -> None:
    zoe = person(people, ZOE)
    give_contact_details(demo_db, zoe)
    check_in(demo_db, CALLER, zoe.id, "Balie 1")
    everyone = list_registrations(demo_db, CALLER, festival.id)
    printed = datetime(2026, 9, 12, 8, 45).astimezone()
    data = fallback_list_pdf(list(reversed(everyone)), festival, printed_at=printed)
    pages = page_texts(data)
    assert page_size_mm(data) == (210, 297)
    text = "\n".join(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Pagina {number} van {len(pages)}" in page
        assert "Afgedrukt op 12-09-2026 om 08:45" in page
    assert all(r.code in text for r in everyone)
    assert ZOE in text
    assert EMAIL not in text and PHONE not in text and "@" not in text
    # Sorted by name whatever order came in: Anna before Zoë, each on the list once.
    positions = [text.index(r.name) for r in everyone]
    assert positions == sorted(positions)
    assert f"{len(everyone)} verwacht, 1 toen al ingecheckt" in pages[0]


def test_attendance_csv_has_desk_and_time_and_no_contact_details(
    demo_db: Database, people: list[Registration], festival: Festival
) -> None:
    zoe = person(people, ZOE)
    give_contact_details(demo_db, zoe)
    result = check_in(demo_db, CALLER, zoe.id, "Balie 2")
    assert result.registration is not None and result.registration.checked_in_at is not None
    data = attendance_csv(demo_db, CALLER, festival.id)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    assert EMAIL not in text and PHONE not in text and "@" not in text
    lines = text.split("\r\n")
    assert lines[0] == ";".join(ATTENDANCE_HEADERS)
    assert lines[0] == "naam;rollen;kern;organisatie;code;ingecheckt_om;balie;door"
    assert lines[-1] == ""
    assert len(lines) - 2 == len(people)
    row = next(line for line in lines if line.startswith(ZOE)).split(";")
    when = result.registration.checked_in_at.astimezone().strftime("%d-%m-%Y %H:%M")
    assert row == [ZOE, "initiatiefnemer", "Zoelen", "", zoe.code, when, "Balie 2", ADMIN.name]
    assert re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d", row[5])
    # Someone who has not come has empty check-in columns.
    other = next(line for line in lines[1:] if line and not line.startswith(ZOE)).split(";")
    assert other[5:] == ["", "", ""]
    both = next(line for line in lines if "subsidieverlener+jury" in line)
    assert both


# -- the command line ------------------------------------------------------------------------


def cli(db_path: Path, *args: str) -> int:
    return run(["--db", str(db_path), *args])


def test_cli_badges_a6_for_everyone(demo_path: Path, tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "badges.pdf"
    assert cli(demo_path, "badges", "--out", str(out)) == 0
    with Database(demo_path) as db:
        fest = current_festival(db)
        assert fest is not None
        expected = list_registrations(db, CALLER, fest.id)
    assert f"{len(expected)} badges" in capsys.readouterr().out
    data = out.read_bytes()
    assert page_count(data) == len(expected)
    assert decode(page_image(data, 0, dpi=150)) == [expected[0].code]


def test_cli_badges_a4x4_for_one_role(demo_path: Path, tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "jury.pdf"
    assert cli(demo_path, "badges", "--out", str(out), "--layout", "a4x4", "--role", "Jury") == 0
    with Database(demo_path) as db:
        fest = current_festival(db)
        assert fest is not None
        jury = list_registrations(db, CALLER, fest.id, role=FestivalRole.JURY)
    assert len(jury) == 5
    data = out.read_bytes()
    assert page_count(data) == 2
    assert sorted(decode(page_image(data, 0, dpi=150))) == sorted(r.code for r in jury[:4])
    assert "5 badges (vier per A4)" in capsys.readouterr().out


def test_cli_badges_refuses_unknown_role_and_no_festival(
    demo_path: Path, tmp_path: Path, capsys: Capture
) -> None:
    out = tmp_path / "x.pdf"
    assert cli(demo_path, "badges", "--out", str(out), "--role", "clown") == 1
    assert "Onbekende rol" in capsys.readouterr().err
    empty = tmp_path / "leeg.db"
    assert cli(empty, "badges", "--out", str(out)) == 1
    assert "nog geen festival" in capsys.readouterr().err
    assert cli(empty, "attendance", "export", str(tmp_path / "a.csv")) == 1
    assert "nog geen festival" in capsys.readouterr().err
    assert cli(empty, "attendance", "fallback", "--out", str(out)) == 1
    assert "nog geen festival" in capsys.readouterr().err
    assert not out.exists()


def test_cli_badges_with_nobody_registered(tmp_path: Path, capsys: Capture) -> None:
    path = tmp_path / "alleen-festival.db"
    with Database(path) as db:
        add_festival(db, CALLER, name="Leeg festival", day="12-09-2026", place="",
                     retention="31-03-2027")  # fmt: skip
    out = tmp_path / "x.pdf"
    assert cli(path, "badges", "--out", str(out)) == 1
    assert "Niemand aangemeld voor Leeg festival" in capsys.readouterr().err
    assert cli(path, "attendance", "fallback", "--out", str(out)) == 1
    assert cli(path, "attendance", "export", str(tmp_path / "a.csv")) == 1
    assert not out.exists()


def test_cli_attendance_export_and_fallback(
    demo_path: Path, tmp_path: Path, capsys: Capture
) -> None:
    with Database(demo_path) as db:
        fest = current_festival(db)
        assert fest is not None
        zoe = person(list_registrations(db, CALLER, fest.id), ZOE)
    assert cli(demo_path, "checkin", zoe.code, "--desk", "Balie 3") == 0
    capsys.readouterr()
    csv_path = tmp_path / "aanwezig.csv"
    assert cli(demo_path, "attendance", "export", str(csv_path)) == 0
    assert "1 van 87 ingecheckt" in capsys.readouterr().out
    text = csv_path.read_bytes().decode("utf-8-sig")
    assert ";Balie 3;Carla Coördinator (cli: " in next(
        line for line in text.splitlines() if line.startswith(ZOE)
    )

    pdf_path = tmp_path / "noodlijst.pdf"
    assert cli(demo_path, "attendance", "fallback", "--out", str(pdf_path)) == 0
    assert "Noodlijst met 87 namen" in capsys.readouterr().out
    assert zoe.code in "".join(page_texts(pdf_path.read_bytes()))


def test_cli_reports_a_file_it_cannot_write(
    demo_path: Path, tmp_path: Path, capsys: Capture
) -> None:
    out = tmp_path / "bestaat-niet" / "badges.pdf"
    assert cli(demo_path, "badges", "--out", str(out)) == 1
    assert "Kan" in capsys.readouterr().err
