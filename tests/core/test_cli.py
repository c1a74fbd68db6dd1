"""The ``festival`` command run in-process: demo, budget, users, backup, help."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_support import COORDINATOR, run

from festival.cli import build_parser
from festival.cli.main import _screen_options
from festival.cli.session import os_account
from festival.domain import accounts as users
from festival.domain.roles import Role
from festival.store.database import Database

Capture = pytest.CaptureFixture[str]


@pytest.fixture(autouse=True)
def _no_default_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Should a test forget --db, it must not touch the real database in the home folder.
    monkeypatch.setenv("FESTIVAL_DB", str(tmp_path / "vergeten.db"))


def cli(db_path: Path, *args: str) -> int:
    return run(["--db", str(db_path), *args])


def cli_new_pin(pin: str, db_path: Path, *args: str) -> int:
    """A subcommand that asks for a new PIN, given as scripts give it: in FESTIVAL_NEW_PIN."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FESTIVAL_NEW_PIN", pin)
        return cli(db_path, *args)


def test_demo_then_summary_json_pot(db_path: Path, capsys: Capture) -> None:
    assert cli(db_path, "demo") == 0
    shown = capsys.readouterr().out
    assert "Demodata geladen" in shown
    assert "Carla Coördinator" in shown

    assert cli(db_path, "budget", "summary", "--json") == 0
    figures = json.loads(capsys.readouterr().out)

    with Database(db_path) as db:
        year = db.scalar("SELECT max(year) FROM applications")
        granted = db.scalar(
            "SELECT sum(granted_cents) FROM applications WHERE year = ? AND status = 'gehonoreerd'",
            (year,),
        )
        received = db.scalar("SELECT count(*) FROM applications WHERE year = ?", (year,))
    assert figures["budget"]["year"] == year == 2026
    # The demo year: € 50.000 budget, € 2.500 reserve (as in the 2023 council letter).
    assert figures["budget"]["budget_cents"] == 5_000_000
    assert figures["budget"]["reserve_cents"] == 250_000
    assert granted > 0
    assert figures["granted_cents"] == granted
    assert figures["received"] == received
    assert figures["pot_cents"] == 5_000_000 - granted - 250_000


def test_summary_text_for_a_year_set_on_the_command_line(db_path: Path, capsys: Capture) -> None:
    assert cli(db_path, "budget", "set", "--jaar", "2023", "--budget", "50.000",
               "--reserve", "2.500") == 0  # fmt: skip
    assert "€\xa050.000,00" in capsys.readouterr().out
    assert cli(db_path, "budget", "summary", "--jaar", "2023") == 0
    text = capsys.readouterr().out
    assert "Leefbaarheidsbudget 2023" in text
    assert "pot festival" in text
    assert "€\xa047.500,00" in text  # 50.000 − 0 granted − 2.500

    # Changing only the budget keeps the reserve.
    assert cli(db_path, "budget", "set", "--jaar", "2023", "--budget", "60.000") == 0
    capsys.readouterr()
    assert cli(db_path, "budget", "summary", "--jaar", "2023", "--json") == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["budget"]["reserve_cents"] == 250_000
    assert figures["pot_cents"] == 6_000_000 - 250_000


def test_demo_refuses_a_database_with_users(db_path: Path, capsys: Capture) -> None:
    assert cli(db_path, "demo") == 0
    assert cli(db_path, "demo") == 1
    assert "lege database" in capsys.readouterr().err
    assert cli(db_path, "demo", "--if-empty") == 0


def test_budget_import_of_a_bad_file_fails_with_line_numbers(
    db_path: Path, tmp_path: Path, capsys: Capture
) -> None:
    bad = tmp_path / "aanvragen.csv"
    bad.write_text(
        "jaar;kern;titel;aanvrager;gevraagd;toegekend;status;besluitdatum\n"
        "2023;Zoelen;Goed;Dorpsbelangen;750;;;\n"
        "2023;Atlantis;Onbekend;Iemand;500;;;\n"
        "2023;Ingen;Te kort\n",
        encoding="utf-8",
    )
    assert cli(db_path, "budget", "import", str(bad)) == 1
    captured = capsys.readouterr()
    assert "regel 3" in captured.err
    assert "regel 4" in captured.err
    assert "Niets geïmporteerd" in captured.err
    assert "regel 2" not in captured.err
    with Database(db_path) as db:
        assert db.scalar("SELECT count(*) FROM applications") == 0


def test_budget_import_and_export(db_path: Path, tmp_path: Path, capsys: Capture) -> None:
    good = tmp_path / "goed.csv"
    good.write_bytes(
        b"jaar;kern;titel;aanvrager;gevraagd;toegekend;status;besluitdatum\r\n"
        b"2023;Zoelen;Bankjes;Dorpsbelangen;1.234,50;750;gehonoreerd;14-06-2023\r\n"
    )
    assert cli(db_path, "budget", "import", str(good)) == 0
    assert "1 aanvragen geïmporteerd (2023)" in capsys.readouterr().out
    out_file = tmp_path / "uit.csv"
    assert cli(db_path, "budget", "export", str(out_file)) == 0
    assert "1 aanvragen" in capsys.readouterr().out
    assert b"1234,50;750,00;gehonoreerd;14-06-2023\r\n" in out_file.read_bytes()
    # The same file again: refused, nothing doubled.
    assert cli(db_path, "budget", "import", str(good)) == 1
    assert "staat al in het overzicht" in capsys.readouterr().err


def test_budget_import_of_a_missing_file(db_path: Path, tmp_path: Path, capsys: Capture) -> None:
    assert cli(db_path, "budget", "import", str(tmp_path / "bestaat-niet.csv")) == 1
    assert "Kan" in capsys.readouterr().err


def test_users_add_list_deactivate(db_path: Path, capsys: Capture) -> None:
    assert cli_new_pin("111111", db_path, "users", "add", "Carla", "--rol", "coördinator") == 0
    assert cli_new_pin("2468", db_path, "users", "add", "Bas Balie", "--rol", "balie") == 0
    assert cli_new_pin("4444", db_path, "users", "add", "Karin", "--rol", "kernregisseur",
               "--kern", "Zoelen", "--kern", "ingen") == 0  # fmt: skip
    assert "Bas Balie (balie) toegevoegd" in capsys.readouterr().out

    assert cli(db_path, "users", "list") == 0
    listing = capsys.readouterr().out
    karin = next(line for line in listing.splitlines() if line.startswith("Karin"))
    assert "Ingen, Zoelen" in karin
    assert "actief" in karin

    with Database(db_path) as db:
        assert users.login(db, "Bas Balie", "2468").role is Role.DESK

    assert cli(db_path, "users", "deactivate", "bas balie") == 0
    assert "gedeactiveerd" in capsys.readouterr().out
    with Database(db_path) as db:
        with pytest.raises(users.LoginFailed):
            users.login(db, "Bas Balie", "2468")
        actors = {r["actor"] for r in db.fetchall("SELECT actor FROM audit_log")}
    assert f"{COORDINATOR.name} (cli: {os_account()})" in actors

    # The only coordinator stays.
    assert cli(db_path, "users", "deactivate", "Carla") == 0
    assert cli(db_path, "users", "deactivate", COORDINATOR.name) == 1
    assert "uzelf" in capsys.readouterr().err
    assert cli(db_path, "users", "deactivate", "Niemand") == 1
    assert "Niemand" in capsys.readouterr().err


def test_users_add_refusals_exit_1(db_path: Path, capsys: Capture) -> None:
    assert cli_new_pin("1111", db_path, "users", "add", "X", "--rol", "baas") == 1
    assert "Onbekende rol" in capsys.readouterr().err
    assert cli_new_pin("12", db_path, "users", "add", "X", "--rol", "balie") == 1
    assert "cijfers" in capsys.readouterr().err
    assert cli_new_pin("1234", db_path, "users", "add", "X", "--rol", "kernregisseur",
               "--kern", "Atlantis") == 1  # fmt: skip
    assert "Atlantis" in capsys.readouterr().err
    with Database(db_path) as db:  # only the coordinator who ran the commands
        assert db.scalar("SELECT count(*) FROM users") == 1


def test_reset_pin_on_the_command_line(db_path: Path, capsys: Capture) -> None:
    assert cli_new_pin("2468", db_path, "users", "add", "Bas", "--rol", "balie") == 0
    assert cli_new_pin("1357", db_path, "users", "reset-pin", "Bas") == 0
    with Database(db_path) as db:
        assert users.login(db, "Bas", "1357").name == "Bas"


def test_backup(db_path: Path, tmp_path: Path, capsys: Capture) -> None:
    assert cli(db_path, "demo") == 0
    target = tmp_path / "kopie.db"
    assert cli(db_path, "backup", str(target)) == 0
    assert str(target) in capsys.readouterr().out
    with Database(target) as copy, Database(db_path) as original:
        assert copy.integrity_check() == "ok"
        for table in ("applications", "users", "audit_log"):
            query = f"SELECT count(*) FROM {table}"
            assert copy.scalar(query) == original.scalar(query) > 0
    assert cli(db_path, "backup", str(target)) == 1
    assert "bestaat al" in capsys.readouterr().err


def test_a_non_database_file_exits_1_with_a_dutch_message(tmp_path: Path, capsys: Capture) -> None:
    path = tmp_path / "tekst.db"
    path.write_bytes(b"geen database\n" * 500)
    assert cli(path, "users", "list") == 1
    assert "geen bruikbaar" in capsys.readouterr().err


def test_kernen_are_seeded_on_first_use(db_path: Path, capsys: Capture) -> None:
    assert cli(db_path, "kernen", "list") == 0
    names = [line.split("  ")[0].strip() for line in capsys.readouterr().out.splitlines()]
    assert len(names) == 16
    assert {"Zoelen", "Ingen", "Ravenswaaij", "Kapel-Avezaath"} <= set(names)
    assert cli(db_path, "kernen", "pilot", "zoelen") == 0
    assert "Zoelen is een pilotkern" in capsys.readouterr().out


def test_audit_lists_recent_lines(db_path: Path, capsys: Capture) -> None:
    assert cli_new_pin("2468", db_path, "users", "add", "Bas", "--rol", "balie") == 0
    capsys.readouterr()
    assert cli(db_path, "audit", "--aantal", "2") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2  # the addition, then the login of the audit command itself
    assert "gebruiker toegevoegd" in lines[0]
    assert "ingelogd" in lines[1]


def test_help_lists_every_subcommand(capsys: Capture) -> None:
    with pytest.raises(SystemExit) as info:
        run(["--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    for command in ("demo", "users", "kernen", "budget", "backup", "audit"):
        assert re.search(rf"^ {{4}}{command}\b", text, re.MULTILINE), command


@pytest.mark.parametrize(
    ("group", "actions"),
    [
        ("users", ("list", "add", "reset-pin", "deactivate", "activate")),
        ("kernen", ("list", "add", "pilot")),
        ("budget", ("summary", "set", "import", "export")),
    ],
)
def test_group_help_lists_every_action(
    group: str, actions: tuple[str, ...], capsys: Capture
) -> None:
    with pytest.raises(SystemExit) as info:
        run([group, "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    for action in actions:
        assert re.search(rf"^ {{4}}{action}(\s|$)", text, re.MULTILINE), action


def test_unknown_subcommand_is_a_usage_error(capsys: Capture) -> None:
    with pytest.raises(SystemExit) as info:
        run(["toverij"])
    assert info.value.code == 2
    assert "toverij" in capsys.readouterr().err


def _leaves(
    parser: argparse.ArgumentParser, path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not groups:
        yield path, parser
    for group in groups:
        for name, child in group.choices.items():
            yield from _leaves(child, (*path, name))


@pytest.mark.parametrize("prog", ["festival", "kernagenda"])
def test_every_subcommand_is_linked_to_its_handler_function(prog: str) -> None:
    """Each parser names the function that does its work, in its own group's module."""
    leaves = list(_leaves(build_parser(prog), (prog,)))
    assert len(leaves) > 60
    for path, parser in leaves:
        handler = parser.get_default("handler")
        assert callable(handler), path
        assert handler.__name__.startswith("cmd_"), path
        command = path[1]
        expected = "kernagenda.cli." if command == "agenda" else f"festival.cli.{command}"
        if command == "match":  # matchmaking's subcommands live in the feature's package
            expected = "matchmaking.cli."
        if prog == "kernagenda" and handler.__module__.startswith("kernagenda.cli."):
            expected = "kernagenda.cli."
        assert handler.__module__.startswith(expected), (path, handler.__module__)


@pytest.mark.parametrize(
    "argv",
    [[], ["--db", "x.db"], ["--desk", "Balie 1", "--db=x.db"], ["--de", "Balie 2"]],
)
def test_the_app_path_reads_the_options_as_the_full_parser_does(argv: list[str]) -> None:
    """Without a subcommand only the top-level options are read (the first frame comes sooner);
    they come out as the full parser reads them."""
    quick = _screen_options(argv, "festival")
    assert quick is not None
    full = build_parser("festival").parse_args(argv)
    assert (quick.db, quick.desk, quick.command) == (full.db, full.desk, full.command)


@pytest.mark.parametrize(
    "argv", [["demo"], ["-h"], ["--help"], ["--db"], ["--d", "x"], ["--db", "x", "toverij"], ["--"]]
)
def test_a_subcommand_help_or_mistake_goes_to_the_full_parser(argv: list[str]) -> None:
    assert _screen_options(argv, "festival") is None


# -- user mistakes end in a Dutch sentence and exit 1, never a traceback --------------------


def test_backup_into_a_missing_folder(db_path: Path, tmp_path: Path, capsys: Capture) -> None:
    target = tmp_path / "bestaat-niet" / "kopie.db"
    assert cli(db_path, "backup", str(target)) == 1
    assert "kopie" in capsys.readouterr().err.lower()
    assert not target.exists()


def test_export_into_a_missing_folder(db_path: Path, tmp_path: Path, capsys: Capture) -> None:
    assert cli(db_path, "budget", "export", str(tmp_path / "bestaat-niet" / "uit.csv")) == 1
    assert "Kan" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ("budget", "summary", "--jaar", "abc"),
        ("budget", "set", "--jaar", "twintig", "--budget", "1.000"),
        ("budget", "export", "uit.csv", "--jaar", "vorig"),
    ],
)
def test_a_year_that_is_not_a_number(
    db_path: Path, tmp_path: Path, capsys: Capture, args: tuple[str, ...]
) -> None:
    args = tuple(str(tmp_path / a) if a == "uit.csv" else a for a in args)
    assert cli(db_path, *args) == 1
    assert "geen geldig jaar" in capsys.readouterr().err
