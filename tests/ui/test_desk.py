"""The registration desk, driven as desk staff (and a hand scanner) would."""

from __future__ import annotations

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, OptionList, Select

from festival.app import KerngerichtApp
from festival.domain import checkin, permissions, registration, registration_search
from festival.domain.festivals import current_festival
from festival.domain.permissions import SystemCaller
from festival.domain.registration import Registration
from festival.store.database import Database
from festival.store.errors import DatabaseError
from festival.ui.dialogs.walk_in_dialog import WalkInDialog
from festival.ui.screens import desk as desk_screen
from festival.ui.screens.desk import DeskScreen
from festival.ui.widgets.desk_counts import DeskCounts
from tests.ui.helpers import COORDINATOR, DESK, click, log_in, static_text, wait_until


async def open_desk(pilot: Pilot[None], login: tuple[str, str] = DESK) -> DeskScreen:
    await log_in(pilot, *login)
    if login != DESK:
        await pilot.press("d")
        await pilot.pause()
    await pilot.press("enter")  # the desk name dialog: "Balie 1"
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, DeskScreen)
    return screen


def someone(db: Database, name_part: str) -> Registration:
    festival = current_festival(db)
    assert festival is not None
    return registration_search.search(db, permissions.SYSTEM, festival.id, name_part)[0]


async def scan(pilot: Pilot[None], text: str) -> None:
    """What a hand scanner does: type every character, then Enter."""
    await pilot.press(*text, "enter")
    await pilot.pause()


def burst(app: KerngerichtApp, text: str) -> None:
    """A hand scanner: every character and Enter handed to the app at once, as the terminal
    driver does when they arrive in one read (no pause between keys, unlike Pilot.press)."""
    driver = app._driver
    assert driver is not None
    for char in [*text, "enter"]:
        event = events.Key("enter", "\r") if char == "enter" else events.Key(char, char)
        event.set_sender(app)
        driver.send_message(event)


def notices(app: KerngerichtApp) -> list[str]:
    return [n.message for n in app._notifications]


def result_classes(screen: DeskScreen) -> set[str]:
    return set(screen.query_one("#result").classes)


async def test_a_scanned_code_welcomes_then_says_already_checked_in(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        zoe = someone(app.db, "Zoë van ’t Hof")
        await scan(pilot, zoe.code)
        assert "-welcome" in result_classes(screen)
        assert "WELKOM" in static_text(pilot, "#result")
        assert zoe.name in static_text(pilot, "#result")
        screen.guard = type(screen.guard)(window=0)  # the next scan is a new one, not a bounce
        await scan(pilot, zoe.code)
        assert "-already" in result_classes(screen)
        text = static_text(pilot, "#result")
        assert "AL INGECHECKT" in text and "Balie 1" in text and "Bas Balie" in text


async def test_an_unknown_code_is_red_and_shows_what_was_read(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        await scan(pilot, "QQ-123")
        assert "-unknown" in result_classes(screen)
        assert "QQ-123" in static_text(pilot, "#result")
        # A valid-looking code that nobody has is unknown too.
        from festival.domain.codes import check_character

        body = "BBBBBBBBB"
        await scan(pilot, body + check_character(body))
        assert "-unknown" in result_classes(screen)
        assert "niet aangemeld" in static_text(pilot, "#result")


async def test_lowercase_and_a_trailing_line_feed_are_normalised(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        person = someone(app.db, "Zoë van ’t Hof")
        screen.query_one("#scan", Input).value = person.code.lower() + " \r"
        await pilot.press("enter")
        await pilot.pause()
        assert "-welcome" in result_classes(screen)


async def test_a_double_scan_within_three_seconds_is_ignored(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        person = someone(app.db, "Zoë van ’t Hof")
        await scan(pilot, person.code)
        await scan(pilot, person.code)  # the scanner sends it again at once
        assert "-welcome" in result_classes(screen), "the bounce must not turn it yellow"
        assert screen.query_one("#result").display, "the welcome stays in view"
        events = app.db.scalar(
            "SELECT count(*) FROM checkin_events WHERE registration_id = ?", (person.id,)
        )
        assert events == 1


async def test_scanner_letters_never_trigger_a_command(app: KerngerichtApp) -> None:
    """Codes contain letters such as D, K, G, B, N that are keys elsewhere in the app."""
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot, COORDINATOR)
        await pilot.press(*"DKGBNXE")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#scan", Input).value == "DKGBNXE"
        assert app.focused is screen.query_one("#scan", Input)


async def test_typing_a_name_shows_at_most_ten_matches_and_enter_checks_in(
    app: KerngerichtApp,
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        await pilot.press("v")
        await pilot.pause()
        assert screen.matches == []  # one letter: no list of everyone
        await pilot.press("a", "n")
        await pilot.pause()
        assert 0 < len(screen.matches) <= 10
        await pilot.press("down")
        chosen = screen.matches[1]
        await pilot.press("enter")
        await pilot.pause()
        assert "-welcome" in result_classes(screen)
        assert chosen.name in static_text(pilot, "#result")


async def test_matches_never_show_email_or_phone(app: KerngerichtApp) -> None:
    festival = current_festival(app.db)
    assert festival is not None
    registration.register(
        app.db,
        SystemCaller("test"),
        festival.id,
        registration.PersonInput(
            name="Wieke Privé",
            roles="bezoeker",
            kern="Ingen",
            email="wieke@example.org",
            phone="06 12345678",
        ),
    )
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        await pilot.press(*"Wieke")
        await pilot.pause()
        options = screen.query_one("#matches", OptionList)
        text = " ".join(
            str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
        )
        assert "Wieke Privé" in text
        assert "example.org" not in text and "12345678" not in text


async def test_walk_in_is_registered_checked_in_and_counted(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_desk(pilot)
        festival = current_festival(app.db)
        assert festival is not None
        present, expected = registration.totals(app.db, festival.id)
        await pilot.press("f2")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, WalkInDialog)
        dialog.query_one("#name", Input).value = "Teun Nieuwkomer"
        dialog.query_one("#kern", Select).value = "Maurik"
        dialog.query_one("#consent-contact", Checkbox).value = True
        await click(pilot, "#save")
        assert app.screen is screen
        assert "-welcome" in result_classes(screen)
        assert "Teun Nieuwkomer" in static_text(pilot, "#result")
        assert registration.totals(app.db, festival.id) == (present + 1, expected + 1)
        assert f"Aanwezig {present + 1} / {expected + 1}" in static_text(pilot, "#desk-counts")


async def test_walk_in_finds_a_duplicate_and_checks_in_the_existing_person(
    app: KerngerichtApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_desk(pilot)
        zoe = someone(app.db, "Zoë van ’t Hof")
        festival = current_festival(app.db)
        assert festival is not None
        _, expected = registration.totals(app.db, festival.id)
        await pilot.press("f2")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, WalkInDialog)
        dialog.query_one("#name", Input).value = "zoe van 't hof"  # other case, accents, quote
        dialog.query_one("#kern", Select).value = "Zoelen"
        await click(pilot, "#save")
        assert app.screen is dialog
        assert "Lijkt al aangemeld" in static_text(pilot, "#duplicates")
        await click(pilot, "#use-existing")
        assert app.screen is screen
        assert zoe.name in static_text(pilot, "#result")
        assert registration.totals(app.db, festival.id)[1] == expected  # nobody added


async def test_walk_in_refuses_a_missing_name_beside_the_field(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_desk(pilot)
        await pilot.press("f2")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, WalkInDialog)
        await click(pilot, "#save")
        assert app.screen is dialog
        assert "verplicht" in dialog.query_one("#field-name").error
        assert "kern of een organisatie" in dialog.query_one("#field-kern_id").error


async def test_counts_follow_another_desk(app: KerngerichtApp, other_db: Database) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk(pilot)
        festival = current_festival(app.db)
        assert festival is not None
        present, expected = registration.totals(app.db, festival.id)
        person = someone(other_db, "Zoë van ’t Hof")
        checkin.check_in(other_db, SystemCaller("Balie 2 staf"), person.id, "Balie 2")
        await wait_until(
            pilot,
            lambda: f"Aanwezig {present + 1} / {expected}" in static_text(pilot, "#desk-counts"),
        )


async def test_undo_needs_the_coordinator_and_a_reason(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot, COORDINATOR)
        person = someone(app.db, "Zoë van ’t Hof")
        await scan(pilot, person.code)
        await pilot.press("f8")
        await pilot.pause()
        reason = app.screen.query_one("#reason", Input)
        await pilot.press("enter")  # empty reason: refused
        await pilot.pause()
        assert app.screen is not screen
        reason.value = "verkeerde persoon gescand"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert registration.get_registration(app.db, person.id).checked_in_at is None
        logged = app.db.scalar(
            "SELECT reason FROM checkin_events WHERE registration_id = ? AND action = 'ongedaan'",
            (person.id,),
        )
        assert logged == "verkeerde persoon gescand"


async def test_the_desk_undoes_its_own_recent_check_in_with_a_reason(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        person = someone(app.db, "Zoë van ’t Hof")
        await scan(pilot, person.code)
        assert screen.query_one("#result-qr").display
        await pilot.press("f8")
        await pilot.pause()
        assert app.screen is not screen
        app.screen.query_one("#reason", Input).value = "verkeerde Zoë gekozen"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert registration.get_registration(app.db, person.id).checked_in_at is None
        logged = app.db.scalar(
            "SELECT reason FROM checkin_events WHERE registration_id = ? AND action = 'ongedaan'",
            (person.id,),
        )
        assert logged == "verkeerde Zoë gekozen"
        # The undone visitor's outcome and QR code are gone.
        assert not screen.query_one("#result").display
        assert not screen.query_one("#result-qr").display


async def test_the_desk_cannot_undo_a_check_in_by_someone_else(app: KerngerichtApp) -> None:
    person = someone(app.db, "Zoë van ’t Hof")
    checkin.check_in(app.db, SystemCaller("Carla Coördinator"), person.id, "Balie 2")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        await scan(pilot, person.code)
        assert "-already" in result_classes(screen)
        await pilot.press("f8")
        await pilot.pause()
        assert app.screen is screen  # no reason asked: the answer is no
        assert any("alleen de coördinator" in n for n in notices(app))
        assert registration.get_registration(app.db, person.id).checked_in_at is not None


async def test_a_badge_scanned_into_the_walk_in_form_checks_in_and_the_form_keeps_its_text(
    app: KerngerichtApp,
) -> None:
    festival = current_festival(app.db)
    assert festival is not None
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_desk(pilot)
        zoe = someone(app.db, "Zoë van ’t Hof")
        _, expected = registration.totals(app.db, festival.id)
        await pilot.press("f2")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, WalkInDialog)
        dialog.query_one("#name", Input).value = "Teun Nieuwkomer"
        dialog.query_one("#kern", Select).value = "Ingen"
        organisation = dialog.query_one("#organisation", Input)
        organisation.focus()
        await pilot.press(*"Dorpsraad Ingen")
        await pilot.pause(0.2)  # staff stop typing; the scanner fires
        burst(app, zoe.code)
        await wait_until(
            pilot, lambda: registration.get_registration(app.db, zoe.id).checked_in_at is not None
        )
        await pilot.pause()
        assert app.screen is dialog, "the form stays open"
        assert organisation.value == "Dorpsraad Ingen", "the code is not typed into the field"
        assert any(n.startswith(f"Welkom: {zoe.name}") for n in notices(app))
        assert "-welcome" in result_classes(screen)
        assert registration.totals(app.db, festival.id)[1] == expected, "the form was not sent"

        # With a button in focus the scanner's Enter does not press it either.
        other = someone(app.db, "Daan")
        dialog.query_one("#save", Button).focus()
        await pilot.pause(0.2)
        burst(app, other.code)
        await wait_until(
            pilot,
            lambda: registration.get_registration(app.db, other.id).checked_in_at is not None,
        )
        await pilot.pause()
        assert app.screen is dialog
        assert registration.totals(app.db, festival.id)[1] == expected
        assert dialog.query_one("#name", Input).value == "Teun Nieuwkomer"


async def test_fast_typing_that_is_no_code_still_submits_the_walk_in(app: KerngerichtApp) -> None:
    festival = current_festival(app.db)
    assert festival is not None
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_desk(pilot)
        _, expected = registration.totals(app.db, festival.id)
        await pilot.press("f2")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, WalkInDialog)
        dialog.query_one("#kern", Select).value = "Ingen"
        dialog.query_one("#name", Input).focus()
        burst(app, "Teun Snel")
        await wait_until(pilot, lambda: app.screen is screen)
        assert registration.totals(app.db, festival.id)[1] == expected + 1


async def test_an_ambiguous_name_and_enter_shows_the_choices(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        await pilot.press(*"daan")
        await pilot.pause()
        assert len(screen.matches) > 1
        await pilot.press("enter")
        await pilot.pause()
        assert not screen.query_one("#result").display, "nobody was checked in"
        assert all(m.checked_in_at is None for m in screen.matches)
        assert screen.query_one("#scan", Input).value == "daan"
        assert any("treffers: kies" in n for n in notices(app))
        await pilot.press("down", "enter")  # staff choose the second Daan
        await pilot.pause()
        assert "-welcome" in result_classes(screen)


async def test_a_list_cut_at_ten_says_there_are_more(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        await pilot.press(*"an")
        await pilot.pause()
        options = screen.query_one("#matches", OptionList)
        assert len(screen.matches) == 10
        assert options.option_count == 11
        assert str(options.get_option_at_index(10).prompt) == desk_screen.MORE_MATCHES
        await pilot.press(*"nemiek")
        await pilot.pause()
        assert len(screen.matches) < 10
        assert options.option_count == len(screen.matches)


async def test_escape_takes_the_previous_visitors_qr_away(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        await scan(pilot, someone(app.db, "Zoë van ’t Hof").code)
        assert screen.query_one("#result-qr").display
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.query_one("#result").display
        assert not screen.query_one("#result-qr").display


async def test_typing_a_code_in_capitals_searches_no_names(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        await pilot.press(*"VAN")  # capitals without spaces: a scanner at work
        await pilot.pause()
        assert screen.matches == []
        await pilot.press("backspace", "backspace", "backspace", *"van")
        await pilot.pause()
        assert screen.matches  # the same letters typed by staff do search


async def test_a_badge_that_cannot_be_made_is_a_dutch_notice_and_the_desk_goes_on(
    app: KerngerichtApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*_: object, **__: object) -> None:
        raise DatabaseError("De database is bezet; probeer het zo nog eens.")

    monkeypatch.setattr(desk_screen, "print_badge", locked)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        zoe = someone(app.db, "Zoë van ’t Hof")
        await scan(pilot, zoe.code)
        await pilot.press("f4")  # the badge of whoever was just welcomed
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        notices = [n.message for n in app._notifications]
        assert any(n.startswith("Badge niet gemaakt: De database is bezet") for n in notices)
        assert app.screen is screen  # the desk is still there for the next visitor
        screen.guard = type(screen.guard)(window=0)
        await scan(pilot, zoe.code)
        assert "-already" in result_classes(screen)


async def test_the_next_visitors_qr_replaces_the_previous_one(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        first, second = someone(app.db, "Zoë van ’t Hof"), someone(app.db, "Daan")
        await scan(pilot, first.code)
        qr = screen.query_one("#result-qr", desk_screen.QrCode)
        assert qr.code == first.code
        await scan(pilot, second.code)
        await pilot.pause()
        assert qr.code == second.code and qr.display


async def test_the_desk_name_is_refused_while_another_desk_uses_it_and_kept_after_logout(
    app: KerngerichtApp,
) -> None:
    zoe = someone(app.db, "Zoë van ’t Hof")
    checkin.check_in(app.db, SystemCaller("Koen"), zoe.id, "Balie 1")  # Balie 1 is at work
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, *DESK)
        name = app.screen.query_one("#desk", Input)
        assert name.value == "Balie 2", "the prompt offers a free name"
        name.value = "balie 1"
        await pilot.press("enter")
        await pilot.pause()
        assert "Balie 1 is in gebruik" in app.screen.query_one("#field-desk").error
        name.value = "Balie 3"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen) and app.screen.desk == "Balie 3"
        # Another terminal sees Balie 3 taken before its first check-in.
        assert "Balie 3" in checkin.live_desks(app.db)
        await pilot.press("ctrl+l")
        await pilot.pause()
        await log_in(pilot, *DESK)
        assert isinstance(app.screen, DeskScreen), "not asked again after Ctrl+L"
        assert app.screen.desk == "Balie 3"


async def test_the_counts_line_wraps_between_counts_never_inside_one(app: KerngerichtApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        counts = screen.query_one("#desk-counts", DeskCounts)
        present, expected, per_role = counts.counts or (0, 0, [])
        # Four-digit figures, as a big festival has them: the line no longer fits in 80.
        counts.show(
            present + 1400,
            expected + 5000,
            [c.model_copy(update={"present": 1400, "expected": 5000}) for c in per_role],
        )
        await pilot.pause()
        rows = [
            strip.text.strip()
            for strip in counts.render_lines(counts.content_region.reset_offset)
            if strip.text.strip()
        ]
        assert len(rows) > 1, rows
        for row in rows:
            assert row.endswith(("/5000", "/5080")), f"a count cut in two: {rows}"


async def test_at_80x24_the_duplicate_warnings_buttons_are_in_view(app: KerngerichtApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_desk(pilot)
        await pilot.press("f2")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, WalkInDialog)
        dialog.query_one("#name", Input).value = "ZOE  van t HOF"  # Zoë van ’t Hof, Zoelen
        dialog.query_one("#kern", Select).value = "Ingen"
        dialog.query_one("#name", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "Zoë van ’t Hof" in static_text(pilot, "#duplicates")
        for button in ("#use-existing", "#add-anyway"):
            region = dialog.query_one(button).region
            assert region.height and region.bottom <= 24, (button, region)
            assert dialog.get_widget_at(*region.center)[0] is dialog.query_one(button)
        assert not dialog.query_one("#save").parent.display  # type: ignore[union-attr]
        # Another name typed: the warning goes, the form's own buttons are back.
        dialog.query_one("#name", Input).value = "Teun Nieuwkomer"
        await pilot.pause()
        assert not dialog.query_one("#duplicate-buttons").display
        assert dialog.query_one("#save").parent.display  # type: ignore[union-attr]


async def test_a_badge_scanned_while_the_undo_reason_is_asked_checks_in(
    app: KerngerichtApp,
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot)
        zoe, daan = someone(app.db, "Zoë van ’t Hof"), someone(app.db, "Daan")
        await scan(pilot, zoe.code)
        await pilot.press("f8")
        await pilot.pause()
        dialog = app.screen
        assert dialog is not screen
        await pilot.press(*"verkeerd")
        await pilot.pause(0.2)
        burst(app, daan.code)
        await wait_until(
            pilot, lambda: registration.get_registration(app.db, daan.id).checked_in_at is not None
        )
        await pilot.pause()
        assert app.screen is dialog
        assert dialog.query_one("#reason", Input).value == "verkeerd"
        # Zoë's check-in is still there: the reason was not sent by the scanner's Enter.
        assert registration.get_registration(app.db, zoe.id).checked_in_at is not None
