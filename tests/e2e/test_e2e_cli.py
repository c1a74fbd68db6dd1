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
