"""File errors read in Dutch, on the command line as in the dialogs."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_support import run

from festival.core.files import is_existing_file, os_error_text

Capture = pytest.CaptureFixture[str]


def _error(kind: type[OSError], action: Callable[[], object]) -> OSError:
    with pytest.raises(kind) as caught:
        action()
    return caught.value


def test_real_errors_read_in_dutch(tmp_path: Path) -> None:
    a_file = tmp_path / "bestand.txt"
    a_file.write_text("x", encoding="utf-8")
    assert os_error_text(_error(FileNotFoundError, (tmp_path / "weg.csv").read_bytes)) == (
        "de map of het bestand bestaat niet"
    )
    assert os_error_text(_error(IsADirectoryError, tmp_path.read_bytes)) == (
        "dat is een map, geen bestand"
    )
    assert os_error_text(_error(NotADirectoryError, (a_file / "x.csv").read_bytes)) == (
        "een deel van het pad is geen map"
    )


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (errno.EACCES, "geen toestemming"),
        (errno.EPERM, "geen toestemming"),
        (errno.ENOSPC, "de schijf is vol"),
        (errno.EROFS, "alleen-lezen"),
        (errno.EIO, f"fout bij het lezen of schrijven (errno {errno.EIO})"),
    ],
)
def test_each_errno_has_its_text(code: int, text: str) -> None:
    assert os_error_text(OSError(code, "English text")) == text


def test_an_error_without_errno_does_not_show_english() -> None:
    assert os_error_text(OSError("something")) == "fout bij het lezen of schrijven"


def test_is_existing_file(tmp_path: Path) -> None:
    a_file = tmp_path / "bestand.txt"
    a_file.write_text("x", encoding="utf-8")
    assert is_existing_file(a_file)
    assert not is_existing_file(tmp_path)
    assert not is_existing_file(tmp_path / "weg.txt")
    assert not is_existing_file(a_file / "onder-een-bestand.txt")


def test_the_commands_say_why_in_dutch(tmp_path: Path, capsys: Capture) -> None:
    db = ["--db", str(tmp_path / "t.db")]
    target = tmp_path / "weg" / "zoelen.md"
    assert run([*db, "demo"]) == 0
    capsys.readouterr()
    assert run([*db, "budget", "export", str(tmp_path)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"Kan {tmp_path} niet schrijven: dat is een map, geen bestand."
    )
    assert run([*db, "import", "Zoelen", str(tmp_path / "weg.csv")], prog="kernagenda") == 1
    assert capsys.readouterr().err.strip() == (
        f"Kan {tmp_path / 'weg.csv'} niet lezen: de map of het bestand bestaat niet."
    )
    assert run([*db, "agenda", "export", "Zoelen", "--format", "md", "--out", str(target)]) == 1
    err = capsys.readouterr().err
    # First what the publication leaves out (nothing here), then why nothing was written.
    assert err.strip().splitlines()[-1] == (
        f"Kan {target} niet schrijven: de map of het bestand bestaat niet."
    )
