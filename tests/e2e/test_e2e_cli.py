"""The installed command without a terminal: its help and an import that refuses a bad file."""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_support import festival, summary

pytestmark = pytest.mark.e2e


def test_cli_help_lists_the_subcommands() -> None:
    result = festival("--help")
    assert result.returncode == 0, result.stderr
    for command in ("demo", "users", "kernen", "budget", "backup"):
        assert command in result.stdout, f"{command!r} missing from --help:\n{result.stdout}"


def test_cli_import_of_a_broken_file_stores_nothing(demo_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "jaar;kern;titel;aanvrager;gevraagd;toegekend;status;besluitdatum\n"
        "2026;Buren;kapot\n"
        "2026;Buren;Speeltuin opknappen;Speeltuinvereniging Buren;400;0;in behandeling;\n",
        encoding="utf-8",
    )
    before = summary(demo_db)
    result = festival("budget", "import", str(bad), db=demo_db)
    assert result.returncode == 1
    assert "regel 2" in result.stderr, result.stderr
    assert "regel 3" not in result.stderr, "the good line 3 was refused too"
    assert summary(demo_db) == before, "a refused import changed the ledger"


def test_output_piped_into_a_reader_that_stops_is_not_an_error(
    demo_db: Path, tmp_path: Path
) -> None:
    """``kernagenda items KERN | head``: the reader closes the pipe early."""
    import subprocess

    from e2e_support import FESTIVAL

    # More lines than a pipe holds (64 KiB), so the writer meets the closed pipe.
    rows = "".join(
        f"Jeugd;Activiteit nummer {n:04d} voor de jongeren;;overig;inwoners;idee;\n"
        for n in range(1500)
    )
    csv = tmp_path / "veel.csv"
    csv.write_text("thema;onderwerp;omschrijving;prioriteit;trekker;status;streefdatum\n" + rows)
    assert festival("agenda", "import", "Zoelen", str(csv), db=demo_db).returncode == 0
    process = subprocess.Popen(
        [str(FESTIVAL), "--db", str(demo_db), "agenda", "items", "Zoelen"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(10)  # like `head -c 10`, then stop reading
    process.stdout.close()
    errors = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=60) == 0, errors
    assert "Traceback" not in errors and "BrokenPipe" not in errors


def test_cli_without_a_login_changes_nothing_and_with_one_it_does(demo_db: Path) -> None:
    before = summary(demo_db)
    args = ("budget", "set", "--jaar", "2026", "--budget", "1", "--reserve", "0")
    refused = festival(*args, db=demo_db, login=None)
    assert refused.returncode == 1
    assert "FESTIVAL_USER" in refused.stderr and "Traceback" not in refused.stderr
    wrong = festival(
        *args, db=demo_db, login={"FESTIVAL_USER": "Carla Coördinator", "FESTIVAL_PIN": "000000"}
    )
    assert wrong.returncode == 1
    assert "Onbekende naam of onjuiste PIN" in wrong.stderr
    assert summary(demo_db) == before
    assert festival("kernen", "list", db=demo_db, login=None).returncode == 0
    assert festival("kernen", "add", "Nieuwdorp", db=demo_db).returncode == 0
    audit = festival("audit", "--aantal", "3", db=demo_db)
    assert "Carla Coördinator (cli: " in audit.stdout
