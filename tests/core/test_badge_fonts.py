"""Every name prints: a badge for each script, read back from the PDF as text and as a QR code;
a name no font here can draw is caught before printing and offered in Latin letters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from cli_support import run
from core_support import CALLER

from festival.core import fonts
from festival.core.scripts import CJK, cjk_language, in_latin_letters, script_of, scripts_in
from festival.domain import badges
from festival.domain.festivals import Festival, add_festival
from festival.domain.registration import PersonInput, Registration, register
from festival.store.database import Database

NAMES = {
    "Latijn met accenten": "Zoë Ðặng-Łukasiewicz Ÿñez",
    "Grieks": "Ελένη Παπαδοπούλου",
    "Cyrillisch": "Олександр Шевченко",
    "Arabisch": "محمد العلي",
    "Chinees": "李小龙",
    "Japans": "田中 さくら",
    "Koreaans": "김민준",
    "Ethiopisch": "ሰላም ገብረ",
    "Hebreeuws": "דוד כהן",
}
#: The font each script is set in (as fpdf2 names it in the PDF).
FONT_IN_PDF = {
    "Latijn met accenten": b"DejaVu",
    "Grieks": b"DejaVu",
    "Cyrillisch": b"DejaVu",
    "Arabisch": b"NotoSansArabic",
    "Chinees": b"NotoSansCJK",
    "Japans": b"NotoSansCJK",
    "Koreaans": b"NotoSansCJK",
    "Ethiopisch": b"NotoSansEthiopic",
    "Hebreeuws": b"NotoSansHebrew",
}


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with Database(tmp_path / "badges.db") as database:
        yield database


@pytest.fixture
def festival(db: Database) -> Festival:
    return add_festival(
        db, CALLER, name="Initiatievenfestival", day="12-09-2026", place="Lienden",
        retention="31-03-2027",
    )  # fmt: skip


def registered(db: Database, festival: Festival, name: str) -> Registration:
    return register(
        db,
        CALLER,
        festival.id,
        PersonInput(name=name, roles="bezoeker", organisation="Dorpsraad"),
        allow_duplicate=True,
    )


def text_of(data: bytes) -> str:
    page = pdfium.PdfDocument(data)[0]
    return str(page.get_textpage().get_text_range())


def qr_codes(data: bytes) -> list[str]:
    image = pdfium.PdfDocument(data)[0].render(scale=200 / 72).to_pil()
    return [found.text for found in zxingcpp.read_barcodes(image)]


@pytest.fixture
def no_system_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A machine without Debian's Noto packages: DejaVu alone."""
    monkeypatch.setattr(fonts, "FONT_DIRS", (tmp_path / "geen-fonts",))
    fonts.forget_fonts()
    yield
    fonts.forget_fonts()


# -- scripts and Latin letters -----------------------------------------------------------------


def test_the_script_of_a_name_comes_from_its_letters() -> None:
    assert script_of("é") == "LATIN" and script_of("λ") == "GREEK"
    assert script_of("ж") == "CYRILLIC" and script_of("م") == "ARABIC"
    assert script_of("李") == CJK and script_of("さ") == CJK and script_of("김") == CJK
    assert script_of("ሰ") == "ETHIOPIC"
    # Digits, spaces, apostrophes and combining accents belong to no script of their own.
    assert [script_of(c) for c in "1 ’-\u0301"] == [None] * 5
    assert scripts_in("Zoë 李 محمد") == ["LATIN", CJK, "ARABIC"]
    assert [cjk_language(t) for t in ("李小龙", "田中 さくら", "김민준")] == ["zh", "ja", "ko"]


@pytest.mark.parametrize(
    ("name", "latin"),
    [
        ("李小龙", "Li Xiao Long"),
        ("김민준", "Gim Min Jun"),
        ("ሰላም ገብረ", "Selam Gebre"),
        ("Олександр Шевченко", "Oleksandr Shevchenko"),
        ("Zoë van ’t Hof", "Zoe van 't Hof"),
        ("Ελένη", "Eleni"),
    ],
)
def test_a_name_in_latin_letters(name: str, latin: str) -> None:
    assert in_latin_letters(name) == latin


# -- every name prints -----------------------------------------------------------------------


@pytest.mark.parametrize("script", list(NAMES))
def test_a_badge_prints_the_name_in_every_script_and_its_qr_still_reads(
    db: Database, festival: Festival, script: str
) -> None:
    person = registered(db, festival, NAMES[script])
    assert fonts.missing_glyphs(person.name) == []
    assert badges.unprintable(person) is None
    data = badges.badges_pdf([person], festival)
    assert NAMES[script] in text_of(data)
    assert FONT_IN_PDF[script] in data  # set in the font of its script
    assert qr_codes(data) == [person.code]


def test_a_sheet_with_every_script_at_once(db: Database, festival: Festival) -> None:
    people = [registered(db, festival, name) for name in NAMES.values()]
    data = badges.badges_pdf(people, festival, "a4x4")
    document = pdfium.PdfDocument(data)
    text = "".join(str(page.get_textpage().get_text_range()) for page in document)
    for name in NAMES.values():
        assert name in text


def test_arabic_letters_are_joined_not_drawn_one_by_one() -> None:
    """Shaped, "محمد" (no dots, every letter joins the next) is one connected stroke; drawn
    letter by letter it is four separate letters. Counted as runs of inked columns."""
    from fpdf import FPDF

    from festival.core.printing import A6, new_document, set_font_for, to_bytes

    def ink_runs(data: bytes) -> int:
        image = pdfium.PdfDocument(data)[0].render(scale=4).to_pil().convert("L")
        width, height = image.size
        pixels = image.load()
        assert pixels is not None
        inked = [any(pixels[x, y] < 128 for y in range(height)) for x in range(width)]
        return sum(1 for x in range(1, width) if inked[x] and not inked[x - 1])

    shaped = new_document(A6, title="t", texts=["محمد"])
    shaped.add_page()
    set_font_for(shaped, "محمد", "B", 28)
    shaped.cell(80, 10, "محمد")
    plain = FPDF(unit="mm", format=A6)  # the same font, without text shaping
    plain.add_font("x", "B", fonts.main_face("محمد").bold)
    plain.add_page()
    plain.set_font("x", "B", 28)
    plain.cell(80, 10, "محمد")
    assert ink_runs(to_bytes(shaped)) == 1
    assert ink_runs(bytes(plain.output())) == 4


def test_without_the_system_fonts_chinese_is_caught_and_offered_in_latin_letters(
    db: Database, festival: Festival, no_system_fonts: None
) -> None:
    person = registered(db, festival, "李小龙")
    problem = badges.unprintable(person)
    assert problem is not None
    assert problem.characters == ("李", "小", "龙")
    assert problem.latin == "Li Xiao Long"
    assert "李, 小, 龙" in problem.message and "leeg vakje" in problem.message
    # Greek and Cyrillic still print: DejaVu comes with the app.
    assert badges.unprintable(registered(db, festival, NAMES["Grieks"])) is None
    data = badges.badges_pdf([badges.with_printed_name(person, problem.latin)], festival)
    assert "Li Xiao Long" in text_of(data)
    assert qr_codes(data) == [person.code]


def test_a_badge_without_consent_shows_the_role_so_nothing_is_missing(
    db: Database, festival: Festival, no_system_fonts: None
) -> None:
    person = registered(db, festival, "李小龙").model_copy(update={"consent_badge": False})
    assert badges.unprintable(person) is None


# -- the command line --------------------------------------------------------------------------


def test_cli_warns_in_dutch_and_prints_latin_letters_on_request(
    db: Database,
    festival: Festival,
    tmp_path: Path,
    no_system_fonts: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    registered(db, festival, "李小龙")
    registered(db, festival, "Zoë van ’t Hof")
    path = tmp_path / "badges.db"
    out = tmp_path / "badges.pdf"
    assert run(["--db", str(path), "badges", "--out", str(out)]) == 0
    said = capsys.readouterr()
    assert "李小龙" in said.err and "--latijns" in said.err and "Li Xiao Long" in said.err
    assert not re.search(r"missing|glyph|font", said.err + said.out, re.IGNORECASE)
    assert run(["--db", str(path), "badges", "--out", str(out), "--latijns"]) == 0
    said = capsys.readouterr()
    assert "in Latijnse letters" in said.out
    text = "".join(
        str(page.get_textpage().get_text_range()) for page in pdfium.PdfDocument(out.read_bytes())
    )
    assert "Li Xiao Long" in text and "Zoë van ’t Hof" in text
