"""Badges on a real printer: CUPS with a cups-pdf queue prints them, and the test reads back the
PDF that came out. Without a printer a badge goes to a private folder beside the database. The
first print needs no reason; a reprint is the coordinator's, with a reason, logged."""

from __future__ import annotations

import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from cli_support import run
from core_support import CALLER

from festival.core.errors import NotAllowed
from festival.core.printer import PrinterError, send_to_printer
from festival.domain import badges
from festival.domain.festivals import Festival, add_festival
from festival.domain.registration import PersonInput, Registration, register
from festival.domain.roles import Role, User
from festival.settings import Settings
from festival.store.database import Database
from tests.cups_printer import PdfPrinter

COORDINATOR = User(id=901, name="Carla Coördinator", role=Role.COORDINATOR, active=True)
DESK = User(id=902, name="Bas Balie", role=Role.DESK, active=True)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "festival" / "kerngericht.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    db_path.parent.mkdir()
    with Database(db_path) as database:
        yield database


@pytest.fixture
def festival(db: Database) -> Festival:
    return add_festival(
        db, CALLER, name="Initiatievenfestival", day="12-09-2026", place="Lienden",
        retention="31-03-2027",
    )  # fmt: skip


def registered(
    db: Database, festival: Festival, name: str, roles: str = "bezoeker"
) -> Registration:
    return register(
        db, CALLER, festival.id, PersonInput(name=name, roles=roles, organisation="Dorpsraad")
    )


@pytest.fixture
def zoe(db: Database, festival: Festival) -> Registration:
    return registered(db, festival, "Zoë van ’t Hof")


def qr_codes(data: bytes, page: int = 0) -> list[str]:
    image = pdfium.PdfDocument(data)[page].render(scale=200 / 72).to_pil()
    return [found.text for found in zxingcpp.read_barcodes(image)]


def size_mm(data: bytes) -> tuple[int, int]:
    width, height = pdfium.PdfDocument(data)[0].get_size()
    return round(width / 72 * 25.4), round(height / 72 * 25.4)


def audit_actions(db: Database, registration: Registration) -> list[str]:
    rows = db.fetchall(
        "SELECT action FROM audit_log WHERE entity = 'registration' AND entity_id = ? ORDER BY id",
        (str(registration.id),),
    )
    return [row["action"] for row in rows]


# -- a real printer ----------------------------------------------------------------------------


def test_the_desk_prints_a_first_badge_on_a_real_cups_printer(
    db: Database, zoe: Registration, pdf_queue: PdfPrinter, tmp_path: Path
) -> None:
    folder = tmp_path / "geen-map"
    done = badges.print_badge(
        db, DESK, zoe.id, desk="Balie 1", printer=pdf_queue.name, folder=folder
    )
    assert done.printer == pdf_queue.name and done.job and not done.reprint
    assert done.message.startswith(f"Badge van {zoe.name} naar printer {pdf_queue.name}")
    printed = pdf_queue.printed(done.job)
    assert size_mm(printed) == (105, 148)
    assert qr_codes(printed) == [zoe.code]  # the QR still reads after the printer's round trip
    assert not folder.exists()  # printed: no file left behind
    last = badges.last_print(db, DESK, zoe.id)
    assert last is not None and last.actor == "Bas Balie"
    assert audit_actions(db, zoe)[-1] == badges.PRINTED


def test_a_printer_that_does_not_exist_is_a_dutch_message_and_nothing_is_recorded(
    db: Database, zoe: Registration, pdf_queue: PdfPrinter, tmp_path: Path
) -> None:
    with pytest.raises(PrinterError, match="niet aangenomen") as refused:
        badges.print_badge(
            db, DESK, zoe.id, desk="Balie 1", printer="bestaat-niet", folder=tmp_path
        )
    assert "lpstat -p" in refused.value.message
    assert badges.last_print(db, DESK, zoe.id) is None  # the next try is still a first print


def test_the_cli_prints_the_badges_on_the_printer(
    db_path: Path,
    db: Database,
    festival: Festival,
    pdf_queue: PdfPrinter,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    people = [registered(db, festival, f"Jurylid {i}", "jury") for i in range(3)]
    registered(db, festival, "Bezoeker Eén")
    assert run(["--db", str(db_path), "badges", "--printer", pdf_queue.name, "--role", "jury"]) == 0
    said = capsys.readouterr().out
    assert f"3 badges (A6) naar printer {pdf_queue.name}" in said
    job = said.split("(opdracht ")[1].split(")")[0]
    printed = pdf_queue.printed(job)
    assert len(pdfium.PdfDocument(printed)) == 3
    assert [qr_codes(printed, i) for i in range(3)] == [[p.code] for p in people]
    # A bare --printer takes the configured printer.
    monkeypatch.setenv("FESTIVAL_PRINTER", pdf_queue.name)
    assert run(["--db", str(db_path), "badges", "--printer", "--role", "jury"]) == 0
    assert "naar printer" in capsys.readouterr().out


def test_the_cli_says_when_there_is_nowhere_to_put_the_badges(
    db_path: Path, db: Database, zoe: Registration, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--db", str(db_path), "badges"]) == 2
    assert "--printer" in capsys.readouterr().err
    assert run(["--db", str(db_path), "badges", "--printer", "bestaat-niet"]) == 1
    assert "niet geprint" in capsys.readouterr().err


# -- when lp cannot print ----------------------------------------------------------------------


def test_lp_missing_is_a_dutch_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrinterError, match="'lp' \\(CUPS\\) ontbreekt"):
        send_to_printer("Balie", b"%PDF-1.4", title="Badge X")


def test_a_print_server_that_does_not_answer_is_a_dutch_message_after_the_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A real lp against a socket that accepts connections and never answers. (Not under
    # tmp_path: a Unix socket path may be at most about 100 characters.)
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="kg-lp-"))
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.bind(str(folder / "s"))
    silent.listen(5)
    monkeypatch.setenv("CUPS_SERVER", str(folder / "s"))
    try:
        with pytest.raises(PrinterError, match="antwoordt niet"):
            send_to_printer("Balie", b"%PDF-1.4", title="Badge X", timeout=2)
    finally:
        silent.close()
        (folder / "s").unlink()
        folder.rmdir()


@pytest.mark.parametrize("name", ["Balie 1", "a/b", "", "x\x1b[2J"])
def test_a_name_that_cannot_be_a_printer_is_refused_before_lp(name: str) -> None:
    with pytest.raises(PrinterError, match="geen printernaam"):
        send_to_printer(name, b"%PDF-1.4", title="Badge X")


# -- without a printer, and reprints -----------------------------------------------------------


def test_without_a_printer_the_badge_goes_to_a_private_folder_beside_the_database(
    db_path: Path, db: Database, zoe: Registration
) -> None:
    settings = Settings.from_env({"FESTIVAL_DB": str(db_path)})
    assert settings.printer is None
    assert settings.badge_folder == db_path.parent / "badges"
    done = badges.print_badge(
        db, DESK, zoe.id, desk="Balie 1", printer=None, folder=settings.badge_folder
    )
    assert done.path == db_path.parent / "badges" / f"{zoe.code}.pdf"
    assert done.message.endswith(f"opgeslagen als {zoe.code}.pdf in {done.path.parent}")
    assert stat.S_IMODE(done.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(done.path.parent.stat().st_mode) == 0o700
    assert qr_codes(done.path.read_bytes()) == [zoe.code]


def test_the_printer_setting_comes_from_the_environment() -> None:
    assert Settings.from_env({"FESTIVAL_PRINTER": " Balie-Noord "}).printer == "Balie-Noord"
    assert Settings.from_env({"FESTIVAL_PRINTER": "  "}).printer is None


def test_the_first_print_is_free_a_reprint_needs_the_coordinator_and_a_reason(
    db: Database, zoe: Registration, tmp_path: Path
) -> None:
    def print_as(caller: User, reason: str | None = None) -> badges.PrintedBadge:
        return badges.print_badge(
            db, caller, zoe.id, desk="Balie 1", printer=None, folder=tmp_path, reason=reason
        )

    assert badges.last_print(db, DESK, zoe.id) is None
    assert not print_as(DESK).reprint  # the desk, any time after check-in
    with pytest.raises(badges.ReprintNeedsReason, match="al geprint") as asked:
        print_as(DESK)
    assert "coördinator" in asked.value.message
    with pytest.raises(NotAllowed, match="alleen de coördinator"):
        print_as(DESK, reason="badge kwijt")
    with pytest.raises(badges.ReprintNeedsReason):
        print_as(COORDINATOR)  # the coordinator too gives a reason
    again = print_as(COORDINATOR, reason="badge in de regen")
    assert again.reprint and "opnieuw" in again.message
    logged = db.fetchall(
        "SELECT action, reason, desk FROM checkin_events WHERE registration_id = ?", (zoe.id,)
    )
    assert [tuple(row) for row in logged] == [("badge herdrukt", "badge in de regen", "Balie 1")]
    assert audit_actions(db, zoe)[-2:] == [badges.PRINTED, badges.REPRINTED]
    last = badges.last_print(db, DESK, zoe.id)
    assert last is not None and last.actor == "Carla Coördinator"


def test_a_badge_in_latin_letters_changes_only_the_print(
    db: Database, festival: Festival, tmp_path: Path
) -> None:
    li = registered(db, festival, "李小龙")
    done = badges.print_badge(
        db, DESK, li.id, desk="Balie 1", printer=None, folder=tmp_path, printed_name="Li Xiao Long"
    )
    assert done.path is not None
    text = str(pdfium.PdfDocument(done.path.read_bytes())[0].get_textpage().get_text_range())
    assert "Li Xiao Long" in text and "李" not in text
    assert badges.get_registration(db, li.id).name == "李小龙"
