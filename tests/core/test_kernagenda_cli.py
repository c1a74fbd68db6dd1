"""The kernagenda subcommands: import, export and progress from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from festival.cli import run

CSV = (
    "thema;onderwerp;omschrijving;prioriteit;trekker;status;streefdatum\n"
    "Wonen;Starters;;speerpunt 2;samen;gepland;31-12-2026\n"
    "Wonen;Hofje;Voor ouderen;speerpunt 1;samen;gepland;31-12-2026\n"
    "Jeugd;JOP;;overig;inwoners;idee;\n"
)


def test_import_export_progress(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "agenda.csv"
    source.write_text(CSV, encoding="utf-8")
    db = ["--db", str(db_path)]
    assert run([*db, "import", "Zoelen", str(source)], prog="kernagenda") == 0
    assert "3 agendapunten" in capsys.readouterr().out
    assert run([*db, "import", "Zoelen", str(source)], prog="kernagenda") == 1
    assert "speerpunt 2 is al 'Starters'" in capsys.readouterr().err

    assert run([*db, "export", "zoelen", "--format", "md"], prog="kernagenda") == 0
    text = capsys.readouterr().out
    assert text.index("Hofje") < text.index("Starters") < text.index("JOP")
    target = tmp_path / "zoelen.pdf"
    assert run([*db, "agenda", "export", "Zoelen", "--format", "pdf", "--out", str(target)]) == 0
    assert target.read_bytes().startswith(b"%PDF")

    assert run([*db, "kernen", "pilot", "Zoelen"]) == 0
    assert run([*db, "progress", "--since", "01-01-2020"], prog="kernagenda") == 0
    report = capsys.readouterr().out
    assert "Zoelen" in report and "gepland: 2" in report and "Nieuw: Hofje, Starters, JOP" in report


def test_top_level_forms_only_for_kernagenda(db_path: Path) -> None:
    with pytest.raises(SystemExit):
        run(["--db", str(db_path), "progress"])
    assert run(["--db", str(db_path), "agenda", "progress"]) == 0


def test_unknown_kern(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", str(db_path), "export", "Atlantis"], prog="kernagenda") == 1
    assert "Onbekende kern 'Atlantis'" in capsys.readouterr().err
