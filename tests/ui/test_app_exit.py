"""An error the app meets while it ends: logged, one Dutch line on stderr, exit code 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from festival import app as app_module
from festival.app import KerngerichtApp
from festival.cli import run
from festival.settings import Settings
from festival.store.database import Database
from tests.ui.helpers import COORDINATOR, log_in


async def test_an_error_while_the_app_ends_is_logged_and_ends_it_with_code_1(
    app: KerngerichtApp,
    log_path: Path,
    app_errors: list[Exception],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def close_fails(self: Database) -> None:
        raise OSError(5, "Input/output error")

    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *COORDINATOR)
        monkeypatch.setattr(Database, "close", close_fails)  # the app closes it on unmount
    assert app.return_code == 1
    assert len(app.error_references) == 1
    log = log_path.read_text()
    assert f"foutcode {app.error_references[0]}" in log and "OSError: [Errno 5]" in log
    assert [type(e) for e in app_errors] == [OSError]
    app_errors.clear()


def fake_make_app(run_app: object) -> object:
    """A ``make_app`` whose app runs ``run_app`` instead of the terminal (none in a test)."""

    def make(settings: Settings, db: Database | None = None) -> KerngerichtApp:
        made = KerngerichtApp(settings, db)

        def run_instead(*_: object, **__: object) -> None:
            try:
                run_app(made)  # type: ignore[operator]
            finally:
                made.db.close()  # as the real app does when it ends

        made.run = run_instead  # type: ignore[method-assign,assignment]
        return made

    return make


def start_app(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run(["--db", str(tmp_path / "festival.db")])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_app_raising_when_it_ends_gives_one_dutch_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "log" / "kerngericht.log"
    monkeypatch.setenv("FESTIVAL_LOG", str(log))

    def raises(_: KerngerichtApp) -> None:
        secret = "80486413"  # noqa: F841  (a local a traceback would print)
        raise RuntimeError("de terminal is weg")

    monkeypatch.setattr(app_module, "make_app", fake_make_app(raises))
    code, out, err = start_app(tmp_path, capsys)
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Kerngericht is gestopt door een onverwachte fout (foutcode ")
    assert lines[0].endswith(f"de details staan in {log}.")
    assert "Traceback" not in err and "80486413" not in err
    text = log.read_text()
    assert "bij het afsluiten" in text and "RuntimeError: de terminal is weg" in text
    assert "secret = '***'" in text


def test_an_error_the_app_logged_while_ending_gives_the_same_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    app_errors: list[Exception],
) -> None:
    log = tmp_path / "log" / "kerngericht.log"
    monkeypatch.setenv("FESTIVAL_LOG", str(log))

    def ends_badly(made: KerngerichtApp) -> None:
        made._handle_exception(RuntimeError("database sluit niet"))  # not running: ending

    monkeypatch.setattr(app_module, "make_app", fake_make_app(ends_badly))
    code, _, err = start_app(tmp_path, capsys)
    assert code == 1
    reference = log.read_text().split("foutcode ")[1][:6]
    assert err == (
        f"Kerngericht is gestopt door een onverwachte fout (foutcode {reference}); "
        f"de details staan in {log}.\n"
    )
    app_errors.clear()


def test_an_app_that_ends_normally_exits_0_and_says_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FESTIVAL_LOG", str(tmp_path / "log" / "kerngericht.log"))
    monkeypatch.setattr(app_module, "make_app", fake_make_app(lambda _: None))
    assert start_app(tmp_path, capsys) == (0, "", "")
    assert not (tmp_path / "log").exists()


def test_a_log_that_cannot_be_written_is_named_in_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "kerngericht.log"
    log.mkdir()
    monkeypatch.setenv("FESTIVAL_LOG", str(log))

    def raises(_: KerngerichtApp) -> None:
        raise RuntimeError("de terminal is weg")

    monkeypatch.setattr(app_module, "make_app", fake_make_app(raises))
    code, _, err = start_app(tmp_path, capsys)
    assert code == 1
    assert err == (
        f"Kerngericht is gestopt door een onverwachte fout; het logbestand {log} kon niet "
        "worden bijgewerkt (dat is een map, geen bestand).\n"
    )
