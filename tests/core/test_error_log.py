"""The error log: owner-only, capped, tracebacks with locals but never a PIN."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from festival.core import error_log
from festival.core.error_log import format_error, new_reference, write_error


@pytest.fixture(autouse=True)
def _usual_umask() -> Iterator[None]:
    # The modes must not depend on the umask of whoever runs the app.
    old = os.umask(0o022)
    yield
    os.umask(old)


def failure(**local_values: object) -> Exception:
    """An exception raised in a frame whose only locals are ``local_values``."""
    source = "def raiser():\n"
    source += "".join(f"    {name} = {value!r}\n" for name, value in local_values.items())
    source += "    raise RuntimeError('mis')\n"
    namespace: dict[str, object] = {}
    exec(source, namespace)
    raiser = namespace.pop("raiser")
    del local_values, source, namespace  # this frame is in the traceback too
    try:
        raiser()  # type: ignore[operator]
    except RuntimeError as exc:
        return exc
    raise AssertionError("not raised")


SECRET = "80486413"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_reference_codes_are_short_and_easy_to_read_out() -> None:
    codes = {new_reference() for _ in range(200)}
    assert len(codes) > 190
    assert all(re.fullmatch(r"[A-HJ-NP-Z2-9]{6}", code) for code in codes)  # no 0/O, 1/I


def test_the_log_and_its_folder_are_for_the_owner_only(tmp_path: Path) -> None:
    log = tmp_path / "state" / "log" / "kerngericht.log"
    write_error(log, failure(naam="Zoë"), "ABC234")
    assert mode(log) == 0o600
    assert mode(log.parent) == 0o700
    assert mode(log.parent.parent) == 0o755  # only the log's own folder is narrowed
    text = log.read_text()
    assert text.startswith("=== ") and "foutcode ABC234" in text
    assert "Traceback" in text and "RuntimeError: mis" in text
    assert "naam = 'Zoë'" in text  # locals are what the log is for


def test_an_existing_log_made_readable_by_others_is_narrowed(tmp_path: Path) -> None:
    log = tmp_path / "kerngericht.log"
    log.write_text("eerder\n")
    log.chmod(0o644)
    write_error(log, failure(), "ABC234")
    assert mode(log) == 0o600
    assert log.read_text().startswith("eerder\n")  # appended, not replaced


@pytest.mark.parametrize("name", ["pin", "new_pin", "pin_code", "password", "pepper", "PIN"])
def test_locals_named_like_a_secret_are_hidden(name: str) -> None:
    text = format_error(failure(**{name: "80486413"}))
    assert f"{name} = '***'" in text
    assert "80486413" not in text


@pytest.mark.parametrize("name", ["spinner", "mapping", "shipping", "opinion", "tokens_left"])
def test_locals_that_only_contain_the_letters_are_shown(name: str) -> None:
    assert f"{name} = '80486413'" in format_error(failure(**{name: "80486413"}))


def test_text_a_password_field_holds_is_hidden_under_any_name() -> None:
    text = format_error(
        failure(message="Submitted(value='80486413')", count=7), hide=["80486413", ""]
    )
    assert "message = \"Submitted(value='***')\"" in text
    assert "count = 7" in text  # an empty text to hide hides nothing


def test_the_cause_of_an_error_has_its_secrets_hidden_too() -> None:
    try:
        try:
            raise failure(pin=SECRET)  # a name: this source line is in the traceback
        except RuntimeError as exc:
            raise ValueError("daarna") from exc
    except ValueError as exc:
        text = format_error(exc)
    assert "RuntimeError: mis" in text and "ValueError: daarna" in text
    assert SECRET not in text


def test_a_long_local_is_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(error_log, "MAX_LOCAL_CHARS", 50)
    text = format_error(failure(rows=list(range(10_000))))
    line = next(line for line in text.splitlines() if "rows = " in line)
    assert line.endswith(" …") and len(line) < 80


def test_the_log_is_capped_and_keeps_one_older_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(error_log, "MAX_BYTES", 5_000)
    log = tmp_path / "log" / "kerngericht.log"
    for number in range(40):
        write_error(log, failure(n=number), f"CODE{number:02d}")
    older = log.with_name("kerngericht.log.1")
    assert log.stat().st_size <= 5_000 and older.stat().st_size <= 5_000
    assert "CODE39" in log.read_text()  # the newest is always kept
    assert "CODE00" not in log.read_text() + older.read_text()  # the oldest are gone
    assert mode(older) == 0o600


def test_a_log_that_cannot_be_written_raises_os_error(tmp_path: Path) -> None:
    log = tmp_path / "kerngericht.log"
    log.mkdir()
    with pytest.raises(IsADirectoryError):
        write_error(log, failure(), "ABC234")
