"""The command line logs in: the role table through every action group, refusals that change
nothing, public commands, bootstrapping, the hidden PIN prompt and the audit actor."""

from __future__ import annotations

import getpass
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from festival.cli import run
from festival.cli.session import NO_USER, os_account
from festival.domain import permissions
from festival.domain.demo_logins import DEMO_LOGINS, DemoLogin
from festival.domain.pin_key import forget_loaded_keys, key_path
from festival.domain.roles import User
from festival.features import installed
from festival.store.database import Database

Capture = pytest.CaptureFixture[str]
LOGIN_ACTIONS = ("ingelogd", "inlogpoging mislukt")
BUDGET_CSV = (
    "jaar;kern;titel;aanvrager;gevraagd;toegekend;status;besluitdatum\n"
    "2026;Buren;Speeltuin opknappen;Speeltuinvereniging Buren;400;0;in behandeling;\n"
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("FESTIVAL_USER", "FESTIVAL_PIN", "FESTIVAL_NEW_PIN"):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    shutil.copyfile(key_path(demo_template), key_path(path))  # the PINs need their key
    return path


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
    with monkeypatch.context() as patch:
        if login is not None:
            patch.setenv("FESTIVAL_USER", login.name)
            patch.setenv("FESTIVAL_PIN", login.pin)
        return run(["--db", str(path), *args])


def _user(login: DemoLogin, path: Path) -> User:
    from festival.domain.accounts import login as log_in

    with Database(path) as db:
        return log_in(db, login.name, login.pin)


def _kern_id(path: Path, name: str) -> int:
    with Database(path) as db:
        return int(db.scalar("SELECT id FROM kernen WHERE name = ?", (name,)))


def _code(path: Path) -> str:
    with Database(path) as db:
        return str(db.scalar("SELECT code FROM registrations WHERE checked_in_at IS NULL"))


def _cases(tmp: Path, demo: Path) -> Iterator[tuple[str, tuple[str, ...], str, str | None]]:
    """(label, argv, action key, kern for a per-kern action): a representative subcommand of
    every action group."""
    budget = tmp / "aanvragen.csv"
    budget.write_text(BUDGET_CSV, encoding="utf-8")
    yield "users add", ("users", "add", "Nieuw Lid", "--rol", "balie"), "users.manage", None
    yield (
        "budget set",
        ("budget", "set", "--jaar", "2027", "--budget", "10.000", "--reserve", "500"),
        "budget.set",
        None,
    )
    yield "budget import", ("budget", "import", str(budget)), "budget.import", None
    people = tmp / "aanmeldingen.csv"
    people.write_text(
        "naam;rol;kern;organisatie;email;telefoon;initiatief;gevraagd\n"
        "Nieuwe Naam;bezoeker;Zoelen;;;;;\n",
        encoding="utf-8",
    )
    yield (
        "registrations import",
        ("registrations", "import", str(people)),
        "registrations.import",
        None,
    )
    yield "registrations merge", ("registrations", "merge", "1", "2"), "registrations.merge", None
    out = str(tmp / "uit")
    yield "privacy export", ("privacy", "export", "1", "--out", out), "privacy.export", None
    yield "privacy purge", ("privacy", "purge"), "privacy.purge", None
    yield "checkin", ("checkin", _code(demo), "--desk", "Balie 9"), "desk.checkin", None
    paper = tmp / "scores.csv"
    paper.write_text("jurylid;pitch;criterium;score\n", encoding="utf-8")
    yield "jury import", ("jury", "import", str(paper)), "jury.paper", None
    yield "jury lock", ("jury", "lock"), "jury.lock", None
    yield "jury publish", ("jury", "publish"), "jury.publish", None
    yield "allocation lock", ("allocation", "lock"), "allocation.lock", None
    yield (
        "allocation override",
        ("allocation", "override", "1", "0", "--reden", "test"),
        "allocation.override",
        None,
    )
    yield "attendance export", ("attendance", "export", out), "attendance.export", None
    # The badge sheet lists every registration first: that is the action it meets.
    yield "badges", ("badges", "--out", out), "registrations.list", None
    yield "agenda set", ("agenda", "set", "Zoelen", "--versie", "x"), "agenda.edit", "Zoelen"
    # The audit log and a copy of the database hold personal data.
    yield "audit", ("audit",), "privacy.export", None
    yield "backup", ("backup", str(tmp / "kopie.db")), "privacy.export", None


def test_the_role_table_applies_through_the_command_line(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    installed()
    monkeypatch.setenv("FESTIVAL_NEW_PIN", "258025")
    table = {act.key: act for act in permissions.table()}
    users = {login.name: _user(login, demo) for login in DEMO_LOGINS}
    for label, argv, key, kern in _cases(tmp_path, demo):
        act = table[key]
        refusal = act.refusal.split("{")[0]
        kern_id = _kern_id(demo, kern) if kern else None
        for login in (None, *DEMO_LOGINS):
            fresh = tmp_path / "run.db"
            shutil.copyfile(demo, fresh)
            shutil.copyfile(key_path(demo), key_path(fresh))
            before = snapshot(fresh)
            code = as_user(monkeypatch, fresh, login, *argv)
            err = capsys.readouterr().err
            who = login.name if login else "zonder login"
            if login is None:
                assert (code, err.strip()) == (1, NO_USER), label
            elif permissions.allowed(users[login.name], act, kern_id=kern_id):
                assert refusal not in err, (label, who, err)
                continue
            else:
                assert code == 1, (label, who)
                assert refusal in err, (label, who, err)
            assert snapshot(fresh) == before, (label, who)
            for suffix in ("", ".key"):
                Path(f"{fresh}{suffix}").unlink()


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
