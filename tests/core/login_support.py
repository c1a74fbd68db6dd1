"""Running subcommands as the demo users, and telling whether a run changed anything."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from festival.cli import run
from festival.domain.demo_logins import DemoLogin
from festival.domain.pin_key import key_path
from festival.store.database import Database

#: Audit lines every run with a login writes; they are not changes the subcommand made.
LOGIN_ACTIONS = ("ingelogd", "inlogpoging mislukt")


def copy_demo(template: Path, path: Path) -> Path:
    """A copy of the demo database at ``path``, with the PIN key its PINs need."""
    shutil.copyfile(template, path)
    shutil.copyfile(key_path(template), key_path(path))
    return path


def remove_copy(path: Path) -> None:
    for suffix in ("", ".key", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, leaving out the audit lines of logins (a login is not a
    change the subcommand made) and the users' attempt counters."""
    with Database(path) as db:
        names = [
            r["name"]
            for r in db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not str(r["name"]).startswith("sqlite_")
        ]
        rows: dict[str, list[tuple[object, ...]]] = {}
        for name in names:
            if name == "audit_log":
                sql = "SELECT * FROM audit_log WHERE action NOT IN (?, ?) ORDER BY id"
                found = db.fetchall(sql, LOGIN_ACTIONS)
            else:
                found = db.fetchall(f'SELECT * FROM "{name}"')
            rows[name] = sorted((tuple(r) for r in found), key=repr)
        rows["users"] = [r[:4] for r in rows["users"]]
    return rows


def as_user(
    monkeypatch: pytest.MonkeyPatch, path: Path, login: DemoLogin | None, *args: str
) -> int:
    """``festival --db path ARGS`` as ``login`` (name and PIN from the environment, as a
    script gives them), or without a login."""
    with monkeypatch.context() as patch:
        if login is not None:
            patch.setenv("FESTIVAL_USER", login.name)
            patch.setenv("FESTIVAL_PIN", login.pin)
        return run(["--db", str(path), *args])
