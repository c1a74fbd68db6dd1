"""PINs that survive a stolen database: the key beside it, old hashes, the same answer for
every wrong name, parallel attempts against the lock, demo PINs, and backups with the key."""

from __future__ import annotations

import hashlib
import secrets
import shutil
import stat
import statistics
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cli_support import run
from core_support import CALLER

from festival.domain import accounts as users
from festival.domain.accounts import WRONG_LOGIN, LoginFailed
from festival.domain.demo_logins import DEMO_LOGINS, logins_with_demo_pin
from festival.domain.pin_key import (
    PinKey,
    PinKeyError,
    copy_key,
    forget_loaded_keys,
    key_path,
    load_key,
)
from festival.domain.roles import Role, User
from festival.store.database import Database

T0 = datetime(2023, 9, 2, 10, 0, 0, tzinfo=UTC)


def _desk(db: Database, name: str = "Bas Balie", pin: str = "2468") -> User:
    return users.add_user(db, CALLER, name=name, role=Role.DESK, pin=pin)


def _stored_hash(db: Database, user_id: int) -> str:
    return str(db.scalar("SELECT pin_hash FROM users WHERE id = ?", (user_id,)))


# -- the key -------------------------------------------------------------------------------


def test_the_key_is_made_beside_the_database_for_the_owner_only(db: Database) -> None:
    path = key_path(db.path)
    assert not path.exists()
    _desk(db)
    assert path == db.path.with_name(db.path.name + ".key")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = path.read_bytes()
    forget_loaded_keys()
    _desk(db, name="Tweede Balie")
    assert path.read_bytes() == first, "an existing key must never be replaced"


def test_the_database_alone_does_not_check_a_pin(db: Database, tmp_path: Path) -> None:
    desk = _desk(db)
    stored = _stored_hash(db, desk.id)
    assert stored.startswith(f"scrypt-hmac${load_key(db.path).id}$")
    _, _, n, r, p, salt, digest = stored.split("$")
    # Even knowing the right PIN, scrypt over the PIN and the stored salt does not give the
    # stored digest: a brute force over all PINs finds nothing without the key.
    plain = hashlib.scrypt(b"2468", salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
    assert plain.hex() != digest
    other = PinKey(secret=secrets.token_bytes(32), path=tmp_path / "ander.key")
    assert not users.verify_pin("2468", stored, other)
    assert users.verify_pin("2468", stored, load_key(db.path))


def _legacy_hash(pin: str) -> str:
    """A hash as stored before the key existed."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt${2**14}$8$1${salt.hex()}${digest.hex()}"


def test_an_old_hash_still_logs_in_and_is_then_hashed_with_the_key(db: Database) -> None:
    desk = _desk(db)
    db.conn.execute("UPDATE users SET pin_hash = ? WHERE id = ?", (_legacy_hash("2468"), desk.id))

    with pytest.raises(LoginFailed):
        users.login(db, "Bas Balie", "0000", now=T0)
    assert _stored_hash(db, desk.id).startswith("scrypt$"), "a wrong PIN re-hashes nothing"

    assert users.login(db, "Bas Balie", "2468", now=T0).id == desk.id
    stored = _stored_hash(db, desk.id)
    assert stored.startswith(f"scrypt-hmac${load_key(db.path).id}$")
    assert users.verify_pin("2468", stored, load_key(db.path))
    assert users.login(db, "Bas Balie", "2468", now=T0).id == desk.id
    assert _stored_hash(db, desk.id) == stored, "a current hash is left alone"


def _copy_without_key(db: Database, tmp_path: Path) -> Path:
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = tmp_path / "kopie" / "zonder-sleutel.db"
    copy.parent.mkdir()
    shutil.copyfile(db.path, copy)
    return copy


def test_a_copy_without_its_key_says_so_and_the_coordinator_is_reset(
    db: Database, tmp_path: Path
) -> None:
    boss = users.add_user(db, CALLER, name="Carla", role=Role.COORDINATOR, pin="111111")
    _desk(db)
    copy = _copy_without_key(db, tmp_path)
    assert not users.pins_need_reset(db)
    with Database(copy) as restored:
        assert users.pins_need_reset(restored)
        for name, pin in (("Carla", "111111"), ("Niemand", "111111")):
            with pytest.raises(LoginFailed, match="ander sleutelbestand") as info:
                users.login(restored, name, pin, now=T0)
            assert "festival users reset-pin" in info.value.message
        # The recovery: the host's administrator sets the coordinator's PIN anew ...
        users.reset_pin(restored, CALLER, boss.id, "246810")
        assert not users.pins_need_reset(restored)
        assert users.login(restored, "Carla", "246810", now=T0).id == boss.id
        # ... and every other PIN waits for the coordinator to reset it.
        with pytest.raises(LoginFailed, match=f"^{WRONG_LOGIN}$"):
            users.login(restored, "Bas Balie", "2468", now=T0)


def test_a_damaged_key_file_is_named_not_a_crash(db: Database) -> None:
    _desk(db)
    forget_loaded_keys()
    key_path(db.path).write_text("geen sleutel\n")
    with pytest.raises(PinKeyError, match=r"PIN-sleutelbestand .* is onleesbaar"):
        users.login(db, "Bas Balie", "2468", now=T0)


# -- the same answer for every wrong name ----------------------------------------------------


def _attempt_ms(db: Database, name: str) -> float:
    started = time.perf_counter()
    with pytest.raises(LoginFailed) as info:
        users.login(db, name, "0000", now=T0)
    assert info.value.message == WRONG_LOGIN
    return (time.perf_counter() - started) * 1000


def test_an_unknown_name_takes_as_long_as_a_wrong_pin(db: Database) -> None:
    _desk(db)
    known: list[float] = []
    unknown: list[float] = []
    for n in range(11):
        known.append(_attempt_ms(db, "Bas Balie"))
        # A new name each time: an unknown name is locked after five failures like a user's.
        unknown.append(_attempt_ms(db, f"Niemand {n}"))
        users.login(db, "Bas Balie", "2468", now=T0)  # keeps the count below the lock
    fast, slow = sorted((statistics.median(known), statistics.median(unknown)))
    # Both check one scrypt hash (about 30 ms); answering an unknown name at once took well
    # under a millisecond. Tries alternate, so other load on the machine hits both alike;
    # the margin is generous for a shared machine and still a hundredfold short of that gap.
    assert slow < 2 * fast, (known, unknown)


def _answers(db: Database, name: str, pins: list[str], now: datetime) -> list[str]:
    answers = []
    for pin in pins:
        with pytest.raises(LoginFailed) as info:
            users.login(db, name, pin, now=now)
        answers.append(info.value.message.replace(name, "NAAM"))
    return answers


def test_an_unknown_name_gets_the_same_answers_as_a_user_up_to_the_lock_and_after(
    db: Database,
) -> None:
    _desk(db)
    # Five wrong PINs, then the right one (refused: locked), then a wrong one later on.
    pins = ["0000", "0001", "0002", "0003", "0004", "2468"]
    known = _answers(db, "Bas Balie", pins, T0)
    unknown = _answers(db, "Bas Ballie", pins, T0)
    assert known == unknown
    assert known[:4] == [WRONG_LOGIN] * 4
    assert known[4].startswith("Vijf keer een onjuiste PIN: NAAM is geblokkeerd tot")
    assert known[5].startswith("Te veel onjuiste pogingen: NAAM is geblokkeerd tot")
    later = T0 + timedelta(minutes=5)
    assert _answers(db, "Bas Balie", ["0000"], later) == _answers(db, "Bas Ballie", ["0000"], later)
    # The typed name is not stored for an unknown name, only a keyed hash of it.
    assert "Ballie" not in str([tuple(r) for r in db.fetchall("SELECT * FROM app_meta")])
    assert "Ballie" not in str([tuple(r) for r in db.fetchall("SELECT * FROM audit_log")])


def test_ended_locks_of_unknown_names_are_cleared_away(db: Database) -> None:
    _answers(db, "Niemand", ["0000"] * 5, T0)
    _answers(db, "Iemand Anders", ["0000"], T0 + timedelta(minutes=6))
    rows = db.fetchall("SELECT key FROM app_meta WHERE key LIKE 'login%'")
    assert len(rows) == 1  # only the name tried last


def test_a_deactivated_user_is_answered_like_an_unknown_name(db: Database) -> None:
    desk = _desk(db)
    users.set_active(db, CALLER, desk.id, False)
    with pytest.raises(LoginFailed) as info:
        users.login(db, "Bas Balie", "2468", now=T0)
    assert info.value.message == WRONG_LOGIN


# -- parallel attempts against the lock ------------------------------------------------------


def test_sixteen_parallel_wrong_pins_lock_the_user_and_check_at_most_five(
    db: Database,
) -> None:
    desk = _desk(db)
    attempts = 16
    start = threading.Barrier(attempts)
    messages: list[str] = []
    guard = threading.Lock()

    def attempt(n: int) -> None:
        with db.reopen() as own:  # each attempt its own connection, as a terminal would
            start.wait()
            try:
                users.login(own, "Bas Balie", f"{n:04d}", now=T0)
            except LoginFailed as exc:
                with guard:
                    messages.append(exc.message)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(messages) == attempts
    checked = [m for m in messages if not m.startswith("Te veel onjuiste pogingen")]
    assert len(checked) == 5, messages
    assert sum(m.startswith("Vijf keer een onjuiste PIN") for m in messages) == 1
    with pytest.raises(LoginFailed, match="Te veel onjuiste pogingen"):
        users.login(db, "Bas Balie", "2468", now=T0 + timedelta(minutes=4))
    assert users.login(db, "Bas Balie", "2468", now=T0 + timedelta(minutes=5)).id == desk.id


# -- demo PINs -------------------------------------------------------------------------------


def test_the_login_screen_lists_only_demo_users_whose_pin_is_still_the_demo_pin(
    demo_db: Database,
) -> None:
    assert logins_with_demo_pin(demo_db, DEMO_LOGINS) == list(DEMO_LOGINS)
    carla = next(d for d in DEMO_LOGINS if d.role is Role.COORDINATOR)
    assert carla.pin == "111111"
    assert users.login(demo_db, carla.name, carla.pin).name == carla.name  # a good login keeps it

    by_name = {u.name: u for u in users.list_users(demo_db, CALLER)}
    users.reset_pin(demo_db, CALLER, by_name["Bas Balie"].id, "97531")
    users.set_active(demo_db, CALLER, by_name["Julia Jury"].id, False)
    shown = [d.name for d in logins_with_demo_pin(demo_db, DEMO_LOGINS)]
    assert "Bas Balie" not in shown
    assert "Julia Jury" not in shown
    assert shown == [d.name for d in DEMO_LOGINS if d.name not in ("Bas Balie", "Julia Jury")]


def test_no_demo_logins_are_listed_without_demo_pins(db: Database) -> None:
    _desk(db, name="Bas Balie", pin="2222")  # the demo's name and PIN, but not the demo
    assert logins_with_demo_pin(db, DEMO_LOGINS) == []


# -- backups -----------------------------------------------------------------------------------


def test_backup_copies_the_key_only_when_asked(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _desk(db)
    db.close()
    plain, keyed = tmp_path / "kopie.db", tmp_path / "met-sleutel.db"

    assert run(["--db", str(db.path), "backup", str(plain)]) == 0
    assert not key_path(plain).exists()
    assert "niet meegekopieerd" in capsys.readouterr().out

    assert run(["--db", str(db.path), "backup", str(keyed), "--met-sleutel"]) == 0
    assert key_path(keyed).read_bytes() == key_path(db.path).read_bytes()
    assert stat.S_IMODE(key_path(keyed).stat().st_mode) == 0o600
    with Database(keyed) as copy:
        assert users.login(copy, "Bas Balie", "2468", now=T0).name == "Bas Balie"

    # An existing key file is never overwritten, and then no copy is made at all.
    again = tmp_path / "nogmaals.db"
    key_path(again).write_text("van iemand anders\n")
    assert run(["--db", str(db.path), "backup", str(again), "--met-sleutel"]) == 1
    assert "bestaat al" in capsys.readouterr().err
    assert not again.exists()
    assert key_path(again).read_text() == "van iemand anders\n"


def test_copy_key_refuses_to_overwrite(db: Database, tmp_path: Path) -> None:
    _desk(db)
    target = tmp_path / "doel.db"
    copy_key(db.path, target)
    with pytest.raises(PinKeyError, match="bestaat al"):
        copy_key(db.path, target)
