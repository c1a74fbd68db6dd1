"""Users: PIN hashing, login with lockout, roles and the last coordinator."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from core_support import CALLER, count

from festival.core.errors import InvalidInput, NotAllowed
from festival.domain import accounts as users
from festival.domain import permissions
from festival.domain.accounts import LoginFailed
from festival.domain.pin_key import PinKey, load_key
from festival.domain.roles import Role, User, role_from_label
from festival.store.database import Database

T0 = datetime(2023, 9, 2, 10, 0, 0, tzinfo=UTC)


def _coordinator(db: Database, name: str = "Carla Coördinator", pin: str = "111111") -> User:
    return users.add_user(db, CALLER, name=name, role=Role.COORDINATOR, pin=pin)


def _desk(db: Database, name: str = "Bas Balie", pin: str = "2468") -> User:
    return users.add_user(db, CALLER, name=name, role=Role.DESK, pin=pin)


# -- hashing -------------------------------------------------------------------------------


@pytest.fixture
def key(tmp_path: Path) -> PinKey:
    return load_key(tmp_path / "keys.db")


def test_hash_and_verify_pin(key: PinKey) -> None:
    stored = users.hash_pin("2468", key)
    assert stored.startswith("scrypt-hmac$")
    assert "2468" not in stored
    assert users.verify_pin("2468", stored, key)
    assert not users.verify_pin("2469", stored, key)
    assert not users.verify_pin("", stored, key)
    assert not users.verify_pin("24680", stored, key)


def test_hashes_are_salted(key: PinKey) -> None:
    first, second = users.hash_pin("2468", key), users.hash_pin("2468", key)
    assert first != second
    assert users.verify_pin("2468", first, key)
    assert users.verify_pin("2468", second, key)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain-text",
        "md5$abc$def",
        "scrypt$1$2$3",
        "scrypt$x$8$1$00$00",
        "scrypt$16384$8$1$zz$00",
        "scrypt-hmac$abc$16384$8$1$zz$00",
        "scrypt-hmac$16384$8$1$00$00",
    ],
)
def test_verify_pin_refuses_malformed_hashes(stored: str, key: PinKey) -> None:
    assert not users.verify_pin("2468", stored, key)


@pytest.mark.parametrize(
    "pin",
    # Arabic-Indic and full-width digits pass str.isdigit(), yet are no PIN.
    ["123", "1234567890123", "12a4", "    ", "", "12 34", "\u0661\u0662\u0663\u0664", "１２３４"],
)
def test_add_user_refuses_bad_pins(db: Database, pin: str) -> None:
    with pytest.raises(InvalidInput) as info:
        _desk(db, pin=pin)
    assert info.value.field == "pin"
    assert "cijfers" in info.value.message
    assert count(db, "users") == 0


@pytest.mark.parametrize("pin", ["1111", "12345", "١٢٣٤٥٦", "1234567890123"])
def test_a_coordinator_needs_six_to_twelve_ascii_digits(db: Database, pin: str) -> None:
    with pytest.raises(InvalidInput, match="coördinator bestaat uit 6 tot 12 cijfers"):
        _coordinator(db, pin=pin)
    assert count(db, "users") == 0


def test_six_digits_make_a_coordinator_and_four_make_a_desk(db: Database) -> None:
    assert _coordinator(db, pin="123456").role is Role.COORDINATOR
    assert _desk(db, pin="1234").role is Role.DESK


def test_a_coordinators_new_pin_needs_six_digits_too(db: Database) -> None:
    boss = _coordinator(db)
    desk = _desk(db)
    with pytest.raises(InvalidInput, match="6 tot 12"):
        users.reset_pin(db, boss, boss.id, "2222")
    users.reset_pin(db, boss, desk.id, "2222")  # four digits do for the desk
    assert users.login(db, "Carla Coördinator", "111111", now=T0).id == boss.id


def test_user_names_are_unique_regardless_of_case(db: Database) -> None:
    _desk(db, name="Bas Balie")
    with pytest.raises(InvalidInput) as info:
        _desk(db, name="bas balie")
    assert info.value.field == "name"
    assert count(db, "users") == 1


# -- login ---------------------------------------------------------------------------------


def test_login_with_the_right_pin(db: Database) -> None:
    desk = _desk(db)
    user = users.login(db, "Bas Balie", "2468", now=T0)
    assert user.id == desk.id
    assert user.role is Role.DESK
    assert user.actor.name == "Bas Balie"
    assert user.actor.user_id == desk.id


def test_login_ignores_surrounding_spaces_in_the_name(db: Database) -> None:
    _desk(db)
    assert users.login(db, "  Bas Balie ", "2468", now=T0).name == "Bas Balie"


def test_unknown_name_gets_the_same_words_as_a_wrong_pin(db: Database) -> None:
    _desk(db)
    with pytest.raises(LoginFailed) as unknown:
        users.login(db, "Niemand", "2468", now=T0)
    with pytest.raises(LoginFailed) as wrong:
        users.login(db, "Bas Balie", "0000", now=T0)
    assert unknown.value.message == wrong.value.message == "Onbekende naam of onjuiste PIN."


def test_wrong_pins_count_towards_the_lock_without_saying_how_many_are_left(
    db: Database,
) -> None:
    desk = _desk(db)
    for _ in range(4):
        with pytest.raises(LoginFailed) as info:
            users.login(db, "Bas Balie", "0000", now=T0)
        # A count here would tell that the name exists: an unknown name has none.
        assert info.value.message == "Onbekende naam of onjuiste PIN."
    assert users.get_user(db, desk.id).locked_until is None
    with pytest.raises(LoginFailed, match="Vijf keer een onjuiste PIN"):
        users.login(db, "Bas Balie", "0000", now=T0)


def test_a_good_login_resets_the_count(db: Database) -> None:
    desk = _desk(db)
    for _ in range(3):
        with pytest.raises(LoginFailed):
            users.login(db, "Bas Balie", "0000", now=T0)
    users.login(db, "Bas Balie", "2468", now=T0)
    # Had the count not been reset, the second of these would lock the user.
    for _ in range(4):
        with pytest.raises(LoginFailed, match=r"^Onbekende naam of onjuiste PIN\.$"):
            users.login(db, "Bas Balie", "0000", now=T0)
    assert users.get_user(db, desk.id).locked_until is None
    assert users.login(db, "Bas Balie", "2468", now=T0).name == "Bas Balie"


def _lock(db: Database, name: str = "Bas Balie") -> None:
    for attempt in range(1, 6):
        with pytest.raises(LoginFailed) as info:
            users.login(db, name, "0000", now=T0)
        if attempt < 5:
            assert "geblokkeerd" not in info.value.message
    assert "geblokkeerd" in info.value.message


def test_five_wrong_pins_lock_for_five_minutes(db: Database) -> None:
    desk = _desk(db)
    _lock(db)

    stored = users.get_user(db, desk.id).locked_until
    assert stored == T0 + timedelta(minutes=5)

    for later in (timedelta(0), timedelta(minutes=1), timedelta(minutes=4, seconds=59)):
        with pytest.raises(LoginFailed, match="geblokkeerd"):
            users.login(db, "Bas Balie", "2468", now=T0 + later)

    user = users.login(db, "Bas Balie", "2468", now=T0 + timedelta(minutes=5))
    assert user.id == desk.id
    assert users.get_user(db, desk.id).locked_until is None


def test_attempts_while_locked_do_not_extend_the_lock(db: Database) -> None:
    _desk(db)
    _lock(db)
    for _ in range(10):
        with pytest.raises(LoginFailed, match="geblokkeerd"):
            users.login(db, "Bas Balie", "0000", now=T0 + timedelta(minutes=2))
    assert users.login(db, "Bas Balie", "2468", now=T0 + timedelta(minutes=5)).name == "Bas Balie"


def test_after_the_lock_a_wrong_pin_starts_a_fresh_count(db: Database) -> None:
    _desk(db)
    _lock(db)
    later = T0 + timedelta(minutes=6)
    for _ in range(4):
        with pytest.raises(LoginFailed, match=r"^Onbekende naam of onjuiste PIN\.$"):
            users.login(db, "Bas Balie", "0000", now=later)
    with pytest.raises(LoginFailed, match="Vijf keer"):
        users.login(db, "Bas Balie", "0000", now=later)


def test_reset_pin_lifts_the_lock(db: Database) -> None:
    boss = _coordinator(db)
    desk = _desk(db)
    _lock(db)
    users.reset_pin(db, boss, desk.id, "8642")
    assert users.get_user(db, desk.id).locked_until is None
    # Still inside the five minutes, but the lock is gone; the old PIN no longer works.
    with pytest.raises(LoginFailed, match=r"^Onbekende naam of onjuiste PIN\.$"):
        users.login(db, "Bas Balie", "2468", now=T0 + timedelta(minutes=1))
    assert users.login(db, "Bas Balie", "8642", now=T0 + timedelta(minutes=1)).id == desk.id


def test_deactivated_users_cannot_log_in(db: Database) -> None:
    boss = _coordinator(db)
    desk = _desk(db)
    users.set_active(db, boss, desk.id, False)
    with pytest.raises(LoginFailed, match="Onbekende naam of onjuiste PIN"):
        users.login(db, "Bas Balie", "2468", now=T0)
    users.set_active(db, boss, desk.id, True)
    assert users.login(db, "Bas Balie", "2468", now=T0).id == desk.id


# -- roles ---------------------------------------------------------------------------------


@pytest.fixture
def regisseur(db: Database, kern_id: Callable[[str], int]) -> User:
    return users.add_user(
        db,
        CALLER,
        name="Karin Regisseur",
        role=Role.KERNREGISSEUR,
        pin="4444",
        kern_ids=frozenset({kern_id("Zoelen")}),
    )


def test_only_a_coordinator_manages_users(db: Database, regisseur: User) -> None:
    boss = _coordinator(db)
    desk = _desk(db)
    before = count(db, "users")

    with pytest.raises(NotAllowed):
        users.add_user(db, regisseur, name="Stiekem", role=Role.COORDINATOR, pin="999999")
    with pytest.raises(NotAllowed):
        users.reset_pin(db, regisseur, desk.id, "9999")
    with pytest.raises(NotAllowed):
        users.set_active(db, regisseur, boss.id, False)
    with pytest.raises(NotAllowed):
        users.add_user(db, desk, name="Stiekem", role=Role.DESK, pin="9999")

    assert count(db, "users") == before
    assert users.get_user(db, boss.id).active
    assert users.login(db, "Bas Balie", "2468", now=T0).id == desk.id

    added = users.add_user(db, boss, name="Julia Jury", role=Role.JURY, pin="3333")
    assert added.role is Role.JURY


def test_a_kernregisseur_needs_a_kern(db: Database) -> None:
    with pytest.raises(InvalidInput) as info:
        users.add_user(db, CALLER, name="Zonder Kern", role=Role.KERNREGISSEUR, pin="4444")
    assert info.value.field == "kernen"


def test_kernregisseur_may_edit_only_own_kernen(
    regisseur: User, kern_id: Callable[[str], int]
) -> None:
    assert regisseur.kern_ids == frozenset({kern_id("Zoelen")})
    edit = permissions.APPLICATION_EDIT
    assert permissions.allowed(regisseur, edit, kern_id=kern_id("Zoelen"))
    assert not permissions.allowed(regisseur, edit, kern_id=kern_id("Ingen"))


def test_the_last_active_coordinator_cannot_be_deactivated(db: Database) -> None:
    carla = _coordinator(db)
    with pytest.raises(NotAllowed, match="laatste actieve coördinator"):
        users.set_active(db, CALLER, carla.id, False)
    assert users.get_user(db, carla.id).active

    piet = _coordinator(db, name="Piet Coördinator", pin="777777")
    users.set_active(db, carla, piet.id, False)
    assert not users.get_user(db, piet.id).active
    # Piet is inactive, so Carla is the last one again.
    with pytest.raises(NotAllowed, match="laatste actieve coördinator"):
        users.set_active(db, CALLER, carla.id, False)
    users.set_active(db, carla, piet.id, True)
    users.set_active(db, piet, carla.id, False)
    assert not users.get_user(db, carla.id).active


def test_a_coordinator_cannot_deactivate_themself(db: Database) -> None:
    carla = _coordinator(db)
    _coordinator(db, name="Piet Coördinator", pin="777777")
    with pytest.raises(NotAllowed):
        users.set_active(db, carla, carla.id, False)


def test_other_roles_can_be_deactivated_while_one_coordinator_remains(db: Database) -> None:
    _coordinator(db)
    desk = _desk(db)
    users.set_active(db, CALLER, desk.id, False)
    assert not users.get_user(db, desk.id).active


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("coördinator", Role.COORDINATOR),
        ("coordinator", Role.COORDINATOR),
        ("Coördinator", Role.COORDINATOR),
        ("balie", Role.DESK),
        (" Balie ", Role.DESK),
        ("desk", Role.DESK),
        ("jury", Role.JURY),
        ("kernregisseur", Role.KERNREGISSEUR),
    ],
)
def test_role_from_label(label: str, role: Role) -> None:
    assert role_from_label(label) is role


@pytest.mark.parametrize("label", ["beheerder", "", "coordinatr"])
def test_role_from_label_refuses_unknown_roles(label: str) -> None:
    with pytest.raises(InvalidInput, match="Onbekende rol") as info:
        role_from_label(label)
    assert info.value.field == "role"
