"""Login: checking a PIN hashed with the key (scrypt after HMAC-SHA256), a wrong PIN against an
unknown name, and what the login screen would pay to check the demo PINs by hash."""

from __future__ import annotations

import time
from pathlib import Path

from bench.common import demo_database, progress
from bench.figures import Figure, Ratio, Row
from festival.domain import accounts
from festival.domain.accounts import LoginFailed
from festival.domain.demo_logins import DEMO_LOGINS, logins_with_demo_pin
from festival.domain.pin_key import load_key
from festival.store.database import Database

RUNS = 25
WARM_UP = 2


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _wrong(db: Database, name: str) -> float:
    started = time.perf_counter()
    try:
        accounts.login(db, name, "000000")
    except LoginFailed:
        return _ms(started)
    raise RuntimeError("login bench: a wrong PIN was accepted")


def login_time(workdir: Path) -> list[Row]:
    carla = next(d for d in DEMO_LOGINS if d.name == "Carla Coördinator")
    with Database(demo_database(workdir / "login.db")) as db:
        key = load_key(db.path)
        stored = str(db.scalar("SELECT pin_hash FROM users WHERE name = ?", (carla.name,)))
        assert stored.startswith(f"scrypt-hmac${key.id}$"), "the demo PINs are not peppered"
        good: list[float] = []
        wrong: list[float] = []
        unknown: list[float] = []
        for run in range(WARM_UP + RUNS):
            progress(f"login {run + 1}/{WARM_UP + RUNS}")
            # Interleaved, so drift in machine load hits all three alike.
            wrong_ms = _wrong(db, carla.name)
            # A new name each run: an unknown name is locked after five, like a user's.
            unknown_ms = _wrong(db, f"Niemand {run}")
            started = time.perf_counter()
            accounts.login(db, carla.name, carla.pin)  # also resets the count: no lock
            good_ms = _ms(started)
            if run >= WARM_UP:
                good.append(good_ms)
                wrong.append(wrong_ms)
                unknown.append(unknown_ms)
        # What the login screen would pay to check every demo user's hash against the demo
        # PIN, against the flag it reads instead.
        hashes = [
            (d.pin, str(db.scalar("SELECT pin_hash FROM users WHERE name = ?", (d.name,))))
            for d in DEMO_LOGINS
        ]
        by_hash: list[float] = []
        by_flag: list[float] = []
        for _ in range(5):
            started = time.perf_counter()
            assert all(accounts.verify_pin(pin, h, key) for pin, h in hashes)
            by_hash.append(_ms(started))
            started = time.perf_counter()
            assert len(logins_with_demo_pin(db, DEMO_LOGINS)) == len(DEMO_LOGINS)
            by_flag.append(_ms(started))
    known_wrong = Figure("login: wrong PIN, existing name (scrypt with key)", wrong)
    unknown_wrong = Figure("login: wrong PIN, unknown name (dummy hash)", unknown)
    return [
        Figure("login: right PIN, hash with key (scrypt after HMAC-SHA256)", good),
        known_wrong,
        unknown_wrong,
        # Near 1.00x both ways: a ratio far below 1 would tell an unknown name by its speed.
        Ratio("login: unknown name / existing name (ratio)", unknown_wrong, known_wrong),
        Figure(f"login screen: demo PINs checked by hash ({len(hashes)} users)", by_hash),
        Figure(f"login screen: demo PINs read from the flag ({len(hashes)} users)", by_flag),
    ]
