"""The command line logs in: public commands, wrong PINs that change nothing, bootstrapping,
the hidden PIN prompt and the audit actor (every subcommand as every role: test_cli_roles)."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

import pytest
from login_support import as_user, copy_demo, snapshot

from festival.cli import run
from festival.cli.session import NO_USER, os_account
from festival.domain.demo_logins import DEMO_LOGINS, DemoLogin
from festival.domain.pin_key import forget_loaded_keys, key_path
from festival.store.database import Database

Capture = pytest.CaptureFixture[str]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("FESTIVAL_USER", "FESTIVAL_PIN", "FESTIVAL_NEW_PIN"):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    return copy_demo(demo_template, tmp_path / "demo.db")


def _code(path: Path) -> str:
    with Database(path) as db:
        return str(db.scalar("SELECT code FROM registrations WHERE checked_in_at IS NULL"))


def test_the_coordinator_runs_them(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    coordinator = DEMO_LOGINS[0]
    monkeypatch.setenv("FESTIVAL_NEW_PIN", "258025")
    for args in (
        ("users", "add", "Nieuw Lid", "--rol", "balie"),
        ("budget", "set", "--jaar", "2027", "--budget", "10.000", "--reserve", "500"),
        ("checkin", _code(demo), "--desk", "Balie 9"),
        ("attendance", "export", str(tmp_path / "aanwezig.csv")),
    ):
        assert as_user(monkeypatch, demo, coordinator, *args) == 0, capsys.readouterr().err


def test_public_commands_need_no_login(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for args in (
        ("kernen", "list"),
        ("festivals", "list"),
        ("budget", "summary"),
        ("verify",),
        ("agenda", "items", "Zoelen"),
    ):
        assert as_user(monkeypatch, demo, None, *args) == 0, args


def test_a_wrong_pin_refuses_and_changes_nothing(
    demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    before = snapshot(demo)
    wrong = DemoLogin(name=DEMO_LOGINS[0].name, role=DEMO_LOGINS[0].role, pin="999999")
    assert as_user(monkeypatch, demo, wrong, "budget", "set", "--jaar", "2027",
                   "--budget", "1", "--reserve", "0") == 1  # fmt: skip
    assert "Onbekende naam of onjuiste PIN" in capsys.readouterr().err
    assert snapshot(demo) == before


def test_the_audit_actor_is_the_user_and_the_real_account_not_logname(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGNAME", "wethouder")
    monkeypatch.setenv("USER", "wethouder")
    coordinator = DEMO_LOGINS[0]
    assert as_user(monkeypatch, demo, coordinator, "kernen", "add", "Nieuwdorp") == 0
    with Database(demo) as db:
        actor = db.scalar("SELECT actor FROM audit_log WHERE action = 'kern toegevoegd' "
                          "ORDER BY id DESC LIMIT 1")  # fmt: skip
    assert actor == f"{coordinator.name} (cli: {os_account()})"
    assert "wethouder" not in actor
    assert os_account() != "wethouder"


def test_the_pin_is_asked_hidden_and_never_in_argv(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def hidden(prompt: str = "") -> str:
        asked.append(prompt)
        return DEMO_LOGINS[0].pin if prompt.startswith("PIN van") else "135790"

    monkeypatch.setattr(getpass, "getpass", hidden)
    argv = ["--db", str(demo), "--als", DEMO_LOGINS[0].name, "users", "add", "Nieuw", "--rol",
            "balie"]  # fmt: skip
    assert run(argv) == 0
    assert asked == [f"PIN van {DEMO_LOGINS[0].name}: ", "Nieuwe PIN: ", "Nieuwe PIN nogmaals: "]
    assert not any(c.isdigit() for c in " ".join(argv[1:]).replace(str(demo), ""))
    assert DEMO_LOGINS[0].pin not in " ".join(sys.argv)
    with Database(demo) as db:
        from festival.domain.accounts import login

        assert login(db, "Nieuw", "135790").name == "Nieuw"


def test_pin_as_an_argument_is_refused(
    demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    coordinator = DEMO_LOGINS[0]
    assert as_user(monkeypatch, demo, coordinator, "users", "add", "X", "--rol", "balie",
                   "--pin", "2580") == 1  # fmt: skip
    assert "FESTIVAL_NEW_PIN" in capsys.readouterr().err
    with Database(demo) as db:
        assert not db.scalar("SELECT count(*) FROM users WHERE name = 'X'")


def test_bootstrapping_works_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    path = tmp_path / "leeg.db"
    monkeypatch.setenv("FESTIVAL_NEW_PIN", "246813")
    # Not as a desk: the first user is a coordinator.
    assert as_user(monkeypatch, path, None, "users", "add", "Bas", "--rol", "balie") == 1
    assert as_user(monkeypatch, path, None, "users", "add", "Eerste", "--rol", "coördinator") == 0
    assert as_user(monkeypatch, path, None, "users", "add", "Tweede", "--rol", "coördinator") == 1
    assert NO_USER in capsys.readouterr().err
    with Database(path) as db:
        names = [r["name"] for r in db.fetchall("SELECT name FROM users")]
        actor = db.scalar("SELECT actor FROM audit_log WHERE action = 'gebruiker toegevoegd'")
    assert names == ["Eerste"]
    assert actor.endswith(f"(cli: {os_account()})")


def test_reset_pin_without_login_only_for_a_copy_without_its_key(
    demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    monkeypatch.setenv("FESTIVAL_NEW_PIN", "975310")
    name = DEMO_LOGINS[0].name
    assert as_user(monkeypatch, demo, None, "users", "reset-pin", name) == 1
    assert NO_USER in capsys.readouterr().err
    os.remove(key_path(demo))  # a copy restored without its key file: no PIN works
    forget_loaded_keys()
    assert as_user(monkeypatch, demo, None, "users", "reset-pin", name) == 0, capsys.readouterr()
    with Database(demo) as db:
        from festival.domain.accounts import login

        assert login(db, name, "975310").name == name


def test_only_the_coordinator_reads_the_ranking_before_publication(
    demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    from festival.domain.festivals import current_festival
    from festival.domain.jury import get_state

    with Database(demo) as db:
        festival = current_festival(db)
        assert festival is not None and not get_state(db, festival.id).published
    coordinator, desk, juror = DEMO_LOGINS[0], DEMO_LOGINS[1], DEMO_LOGINS[2]
    assert as_user(monkeypatch, demo, juror, "jury", "ranking") == 1
    assert as_user(monkeypatch, demo, desk, "jury", "ranking") == 1
    assert as_user(monkeypatch, demo, None, "jury", "ranking") == 1
    capsys.readouterr()
    assert as_user(monkeypatch, demo, coordinator, "jury", "ranking") == 0
    assert capsys.readouterr().out.strip()
    # The allocation follows from the ranking.
    assert as_user(monkeypatch, demo, juror, "allocation", "show") == 1
    assert as_user(monkeypatch, demo, desk, "allocation", "show") == 1
    assert as_user(monkeypatch, demo, None, "allocation", "show") == 1
    capsys.readouterr()
    assert as_user(monkeypatch, demo, coordinator, "allocation", "show") == 0
    assert capsys.readouterr().out.strip()


def test_als_goes_before_or_after_the_subcommand(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FESTIVAL_PIN", DEMO_LOGINS[0].pin)
    name = DEMO_LOGINS[0].name
    assert run(["--db", str(demo), "--als", name, "kernen", "add", "Voordorp"]) == 0
    assert run(["--db", str(demo), "kernen", "add", "Nadorp", "--als", name]) == 0
    assert run(["--db", str(demo), "kernen", "add", "Geendorp"]) == 1
