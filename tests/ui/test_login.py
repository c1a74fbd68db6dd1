"""Login: good PIN, wrong PIN, lockout, and each role's home."""

from __future__ import annotations

from festival.app import KerngerichtApp
from festival.domain.accounts import list_users, reset_pin
from festival.domain.permissions import SYSTEM
from festival.store.database import Database
from festival.ui.dialogs.desk_name_dialog import DeskNameDialog
from festival.ui.screens.desk import DeskScreen
from festival.ui.screens.home import HomeScreen
from festival.ui.screens.login import LoginScreen
from tests.ui.helpers import (
    COORDINATOR,
    DESK,
    JURY,
    KERNREGISSEUR,
    log_in,
    rendered_text,
    static_text,
)


async def test_good_pin_opens_the_coordinators_home(app: KerngerichtApp) -> None:
    async with app.run_test() as pilot:
        assert isinstance(app.screen, LoginScreen)
        await log_in(pilot, *COORDINATOR)
        assert isinstance(app.screen, HomeScreen)
        assert app.session is not None and app.session.user.name == COORDINATOR[0]
        assert "Carla Coördinator" in static_text(pilot, "#home-welcome")


async def test_typing_name_enter_pin_enter_logs_in(app: KerngerichtApp) -> None:
    async with app.run_test() as pilot:
        await pilot.press(*"Karin Regisseur", "enter", *"4444", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_wrong_pin_keeps_the_login_and_says_what_an_unknown_name_gets(
    app: KerngerichtApp,
) -> None:
    async with app.run_test() as pilot:
        await log_in(pilot, COORDINATOR[0], "999999")
        assert isinstance(app.screen, LoginScreen)
        wrong_pin = static_text(pilot, "#login-error")
        await log_in(pilot, "Niemand Bekend", "999999")
        # No count of tries left: an unknown name has none, so a count would tell.
        assert wrong_pin == static_text(pilot, "#login-error") == "Onbekende naam of onjuiste PIN."
        assert app.session is None


async def test_five_wrong_pins_lock_the_user_even_for_the_right_pin(app: KerngerichtApp) -> None:
    async with app.run_test() as pilot:
        for _ in range(5):
            await log_in(pilot, COORDINATOR[0], "000000")
        assert "geblokkeerd tot" in static_text(pilot, "#login-error")
        await log_in(pilot, *COORDINATOR)
        assert isinstance(app.screen, LoginScreen)
        assert "geblokkeerd tot" in static_text(pilot, "#login-error")
        # Another user is not affected by the lock.
        await log_in(pilot, *KERNREGISSEUR)
        assert isinstance(app.screen, HomeScreen)


async def test_unknown_name_gets_the_same_words_as_a_wrong_pin(app: KerngerichtApp) -> None:
    async with app.run_test() as pilot:
        await log_in(pilot, "Niemand", "111111")
        assert static_text(pilot, "#login-error") == "Onbekende naam of onjuiste PIN."


async def test_demo_logins_are_shown_while_demo_data_is_present(app: KerngerichtApp) -> None:
    async with app.run_test() as pilot:
        assert pilot.app.screen.query("#demo-logins")
        table = rendered_text(pilot, "#demo-logins")
        assert "Carla Coördinator" in table and "111111" in table


async def test_a_demo_user_whose_pin_was_changed_is_not_listed(
    app: KerngerichtApp, other_db: Database
) -> None:
    bas = next(u for u in list_users(other_db, SYSTEM) if u.name == DESK[0])
    reset_pin(other_db, SYSTEM, bas.id, "97531")
    async with app.run_test() as pilot:
        table = rendered_text(pilot, "#demo-logins")
        assert "Carla Coördinator" in table
        assert DESK[0] not in table and DESK[1] not in table


def _section_ids(app: KerngerichtApp) -> set[str]:
    home = next(s for s in app.screen_stack if isinstance(s, HomeScreen))
    return {b.id or "" for b in home.query(".section")}


def test_every_section_has_its_own_key() -> None:
    from festival.ui.sections import all_sections

    keys = [s.key for s in all_sections()]
    assert len(keys) == len(set(keys)), keys


async def test_each_role_sees_only_its_own_sections(app: KerngerichtApp) -> None:
    expected = {
        COORDINATOR: {
            "section-a",
            "section-b",
            "section-d",
            "section-e",
            "section-g",
            "section-j",
            "section-k",
            "section-n",
            "section-t",
            "section-o",
            "section-v",
        },
        # o: what needs attention in the kernagendas (the kernagenda's second section).
        KERNREGISSEUR: {"section-b", "section-e", "section-k", "section-o"},
        # Everyone may read the kernagenda; only its kernregisseur and the coordinator edit.
        DESK: {"section-d", "section-k"},
        JURY: {"section-j", "section-k"},
    }
    async with app.run_test() as pilot:
        for login, sections in expected.items():
            await log_in(pilot, *login)
            assert app.session is not None
            assert _section_ids(app) == sections, login
            app.action_logout()
            await pilot.pause()
            assert isinstance(app.screen, LoginScreen)


async def test_a_key_for_another_roles_section_does_nothing(app: KerngerichtApp) -> None:
    async with app.run_test() as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        home = app.screen
        await pilot.press("g")  # users: coordinator only
        await pilot.pause()
        assert app.screen is home
        await pilot.press("b")
        await pilot.pause()
        assert type(app.screen).__name__ == "BudgetScreen"


async def test_the_desk_lands_on_the_desk_screen_and_names_its_desk(app: KerngerichtApp) -> None:
    async with app.run_test() as pilot:
        await log_in(pilot, *DESK)
        assert isinstance(app.screen, DeskNameDialog)
        await pilot.press("enter")  # accepts the suggested "Balie 1"
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        assert app.session is not None and app.session.desk == "Balie 1"
        assert "Balie 1" in static_text(pilot, "#desk-title")
