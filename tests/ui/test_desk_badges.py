"""F4 at the desk: a badge on a real CUPS printer in one key, or a PDF beside the database; the
first print at any time, a reprint only by the coordinator with a reason; a name the fonts
cannot draw is caught before printing and offered in Latin letters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from textual.pilot import Pilot
from textual.widgets import Input

from festival.app import KerngerichtApp, make_app
from festival.core import fonts
from festival.domain import badges, permissions, registration
from festival.domain.festivals import current_festival
from festival.domain.registration import Registration
from festival.settings import Settings
from festival.ui.dialogs.badge_name_dialog import BadgeNameDialog
from festival.ui.dialogs.reason_dialog import ReasonDialog
from festival.ui.screens.desk import DeskScreen
from tests.cups_printer import PdfPrinter
from tests.ui.helpers import COORDINATOR, DESK, log_in, wait_until
from tests.ui.test_desk import burst, open_desk, scan, someone


def desk_app(db_path: Path, log_path: Path, printer: str | None = None) -> KerngerichtApp:
    return make_app(Settings(db=db_path, poll_interval=0.05, log=log_path, printer=printer))


def notices(app: KerngerichtApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def badge_done(pilot: Pilot[None], app: KerngerichtApp, words: str) -> str:
    """Wait for the notice that says where the badge went; returns it."""
    await wait_until(pilot, lambda: any(words in n for n in notices(app)), timeout=30)
    return next(n for n in notices(app) if words in n)


def qr_codes(data: bytes) -> list[str]:
    image = pdfium.PdfDocument(data)[0].render(scale=200 / 72).to_pil()
    return [found.text for found in zxingcpp.read_barcodes(image)]


def add_person(db_path: Path, name: str) -> Registration:
    from festival.store.database import Database

    with Database(db_path) as db:
        festival = current_festival(db)
        assert festival is not None
        return registration.register(
            db, permissions.SYSTEM, festival.id,
            registration.PersonInput(name=name, roles="bezoeker", organisation="Dorpsraad"),
        )  # fmt: skip


@pytest.fixture
def no_system_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(fonts, "FONT_DIRS", (tmp_path / "geen-fonts",))
    fonts.forget_fonts()
    yield
    fonts.forget_fonts()


async def test_f4_prints_the_badge_on_the_configured_cups_printer(
    db_path: Path, log_path: Path, pdf_queue: PdfPrinter
) -> None:
    app = desk_app(db_path, log_path, printer=pdf_queue.name)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk(pilot)
        zoe = someone(app.db, "Zoë van ’t Hof")
        await scan(pilot, zoe.code)
        await pilot.press("f4")
        said = await badge_done(pilot, app, "naar printer")
        assert said.startswith(f"Badge van {zoe.name} naar printer {pdf_queue.name} (opdracht ")
        job = said.split("(opdracht ")[1].rstrip(").")
        assert qr_codes(pdf_queue.printed(job)) == [zoe.code]
        assert not (db_path.parent / "badges").exists()


async def test_without_a_printer_f4_writes_the_badge_beside_the_database_and_says_where(
    app: KerngerichtApp, db_path: Path
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk(pilot)
        zoe = someone(app.db, "Zoë van ’t Hof")
        await scan(pilot, zoe.code)
        await pilot.press("f4")
        said = await badge_done(pilot, app, "opgeslagen als")
        path = db_path.parent / "badges" / f"{zoe.code}.pdf"
        assert said == (
            f"Geen printer ingesteld: badge van {zoe.name} opgeslagen als {zoe.code}.pdf "
            f"in {path.parent}"
        )
        assert qr_codes(path.read_bytes()) == [zoe.code]


async def test_the_desk_prints_a_first_badge_later_but_not_a_second(
    app: KerngerichtApp, db_path: Path
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        zoe = someone(app.db, "Zoë van ’t Hof")
        other = someone(app.db, "Kees")
        await scan(pilot, zoe.code)
        await pilot.press("escape")
        await scan(pilot, other.code)  # the next visitor: Zoë has left the WELKOM screen
        screen.guard = type(screen.guard)(window=0)
        await scan(pilot, zoe.code)  # "al ingecheckt": her badge was never printed
        await pilot.press("f4")
        await badge_done(pilot, app, "opgeslagen als")
        await pilot.press("f4")
        await wait_until(pilot, lambda: any("al geprint" in n for n in notices(app)))
        refused = next(n for n in notices(app) if "al geprint" in n)
        assert "alleen de coördinator, met een reden" in refused
        assert app.screen is screen
        assert [p.name for p in (db_path.parent / "badges").iterdir()] == [f"{zoe.code}.pdf"]


async def test_the_coordinator_reprints_with_a_reason_that_is_logged(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot, COORDINATOR)
        zoe = someone(app.db, "Zoë van ’t Hof")
        await scan(pilot, zoe.code)
        await pilot.press("f4")
        await badge_done(pilot, app, "badge van Zoë")
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        app.screen.query_one("#reason", Input).value = "badge in de regen"
        await pilot.press("enter")
        await badge_done(pilot, app, "opnieuw opgeslagen")
        assert app.screen is screen
        logged = app.db.fetchall(
            "SELECT reason FROM checkin_events WHERE registration_id = ? AND action = ?",
            (zoe.id, "badge herdrukt"),
        )
        assert [row["reason"] for row in logged] == ["badge in de regen"]


async def test_a_badge_scanned_while_the_reprint_reason_is_asked_checks_in(
    app: KerngerichtApp,
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk(pilot, COORDINATOR)
        zoe, daan = someone(app.db, "Zoë van ’t Hof"), someone(app.db, "Daan")
        await scan(pilot, zoe.code)
        await pilot.press("f4")
        await badge_done(pilot, app, "badge van Zoë")
        await pilot.press("f4")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReasonDialog)
        await pilot.press(*"regen")
        await pilot.pause(0.2)
        burst(app, daan.code)
        await wait_until(
            pilot, lambda: registration.get_registration(app.db, daan.id).checked_in_at is not None
        )
        await pilot.pause()
        # The dialog is still open with what was typed; the code is not the reason.
        assert app.screen is dialog
        assert dialog.query_one("#reason", Input).value == "regen"


async def test_a_name_no_font_can_draw_is_offered_in_latin_letters_before_printing(
    db_path: Path, log_path: Path, no_system_fonts: None
) -> None:
    li = add_person(db_path, "李小龙")
    app = desk_app(db_path, log_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        await scan(pilot, li.code)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, BadgeNameDialog), timeout=10)
        dialog = app.screen
        assert isinstance(dialog, BadgeNameDialog)
        assert dialog.problem.latin == "Li Xiao Long"
        folder = db_path.parent / "badges"
        assert not folder.exists()  # asked before anything was printed
        await pilot.press("escape")  # not now
        await pilot.pause()
        assert app.screen is screen and "Badge van 李小龙 niet geprint." in notices(app)
        assert badges.last_print(app.db, permissions.SYSTEM, li.id) is None
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, BadgeNameDialog), timeout=10)
        await pilot.press("enter")  # in Latin letters
        await badge_done(pilot, app, "opgeslagen als")
        page = pdfium.PdfDocument((folder / f"{li.code}.pdf").read_bytes())[0]
        assert "Li Xiao Long" in str(page.get_textpage().get_text_range())


async def test_the_latin_letters_dialog_fits_80_by_24(
    db_path: Path, log_path: Path, no_system_fonts: None, tmp_path: Path
) -> None:
    li = add_person(db_path, "李小龙")
    for size in ((80, 24), (160, 45)):
        app = desk_app(db_path, log_path)
        async with app.run_test(size=size) as pilot:
            await log_in(pilot, *DESK)
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, DeskScreen)
            screen.guard = type(screen.guard)(window=0)
            await scan(pilot, li.code)
            await pilot.press("f4")
            await wait_until(
                pilot, lambda: isinstance(pilot.app.screen, BadgeNameDialog), timeout=10
            )
            await pilot.pause()
            dialog = app.screen
            for button in dialog.query("Button"):
                region = button.region
                assert region.right <= size[0] and region.bottom <= size[1], button.id
                assert region.width > 0
            app.save_screenshot(str(tmp_path / f"latijns-{size[0]}x{size[1]}.svg"))
