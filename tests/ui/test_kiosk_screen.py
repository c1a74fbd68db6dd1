"""The voting kiosk screen: scan, tick (with the maximum), confirm, receipt; refusals in
Dutch; only the desk or the coordinator opens it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, SelectionList

from festival.domain import checkin, jury, kiosk, permissions
from festival.domain.accounts import list_users
from festival.domain.festivals import current_festival
from festival.domain.roles import User
from festival.settings import Settings
from festival.store.database import Database
from festival.ui.kiosk_app import KioskApp, make_kiosk_app
from festival.ui.screens.kiosk import KioskScreen
from tests.ui.helpers import DESK, JURY, log_in, static_text, wait_until


def user(db: Database, name: str) -> User:
    return next(u for u in list_users(db, permissions.SYSTEM) if u.name == name)


@pytest.fixture
def booth(db_path: Path, log_path: Path) -> KioskApp:
    return make_kiosk_app(Settings(db=db_path, poll_interval=0.05, log=log_path))


def two_badges(db: Database, festival_id: int) -> tuple[str, str]:
    """A checked-in badge and one that is not checked in."""
    rows = db.fetchall(
        "SELECT id, code FROM registrations WHERE festival_id = ? AND checked_in_at IS NULL"
        " ORDER BY id LIMIT 2",
        (festival_id,),
    )
    checkin.check_in(db, user(db, DESK[0]), rows[0]["id"], "Balie 1")
    return rows[0]["code"], rows[1]["code"]


async def scan(pilot, code: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*code, "enter")
    await pilot.pause()


async def test_a_visitor_votes_at_the_kiosk(booth: KioskApp, other_db: Database) -> None:
    festival = current_festival(other_db)
    assert festival is not None
    inside, outside = two_badges(other_db, festival.id)
    pitches = jury.list_pitches(other_db, festival.id)
    async with booth.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, *DESK)
        screen = booth.screen
        assert isinstance(screen, KioskScreen)
        assert "gesloten" in static_text(pilot, "#kiosk-status")
        await scan(pilot, inside)
        assert "niet open" in static_text(pilot, "#kiosk-message")
        # The coordinator opens voting on another terminal: the kiosk follows.
        kiosk.open_voting(other_db, user(other_db, "Carla Coördinator"), festival.id, max_choices=2)
        await wait_until(pilot, lambda: "hooguit 2" in static_text(pilot, "#kiosk-status"))
        await scan(pilot, outside)
        assert "nog niet ingecheckt" in static_text(pilot, "#kiosk-message")
        await scan(pilot, inside)
        assert screen.has_class("-ballot")
        choices = screen.query_one("#kiosk-choices", SelectionList)
        for index in (0, 1, 2):
            choices.select(pitches[index].initiative_id)
        await pilot.pause()
        assert "meer dan 2" in static_text(pilot, "#kiosk-count")
        assert screen.query_one("#kiosk-next", Button).disabled
        choices.deselect(pitches[2].initiative_id)
        await pilot.pause()
        pilot.app.save_screenshot("kiosk_ballot.svg", path=str(Path(other_db.path).parent))
        await pilot.click("#kiosk-next")
        await pilot.pause()
        assert screen.has_class("-confirm")
        assert pitches[0].title in static_text(pilot, "#kiosk-summary")
        await pilot.press("enter")  # Bevestigen has the focus
        await pilot.pause()
        assert screen.has_class("-receipt")
        assert "Dank u wel! Uw stem is opgeslagen" in static_text(pilot, "#kiosk-thanks")
        pilot.app.save_screenshot("kiosk_receipt.svg", path=str(Path(other_db.path).parent))
        assert kiosk.kiosk_ballots(other_db, festival.id) == [
            frozenset({pitches[0].initiative_id, pitches[1].initiative_id})
        ]
        await pilot.press("enter")  # the next visitor
        await pilot.pause()
        assert screen.has_class("-scan")
        # The same badge again: its own ballot comes back, to change.
        await scan(pilot, inside)
        assert set(choices.selected) == {pitches[0].initiative_id, pitches[1].initiative_id}
        assert "U stemde al" in static_text(pilot, "#kiosk-welcome")


async def test_a_juror_cannot_open_a_kiosk(booth: KioskApp) -> None:
    async with booth.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, *JURY)
        await pilot.pause()
        assert not isinstance(booth.screen, KioskScreen)
        assert booth.session is None
