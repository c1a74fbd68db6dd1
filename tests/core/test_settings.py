"""Settings: environment, command-line overrides and refused values."""

from __future__ import annotations

from pathlib import Path

import pytest

from festival.settings import Settings, SettingsError, default_db_path, default_log_path


def test_default_database_lives_in_the_users_data_directory() -> None:
    settings = Settings.from_env({})
    assert settings.db == default_db_path()
    assert settings.db.name == "kerngericht.db"
    assert "kerngericht" in settings.db.parent.parts


def test_environment_chooses_database_and_poll_interval(tmp_path: Path) -> None:
    env = {"FESTIVAL_DB": str(tmp_path / "x.db"), "FESTIVAL_POLL_INTERVAL": "0,5"}
    settings = Settings.from_env(env)
    assert settings.db == tmp_path / "x.db"
    assert settings.poll_interval == 0.5


def test_command_line_db_wins_over_the_environment(tmp_path: Path) -> None:
    env = {"FESTIVAL_DB": str(tmp_path / "env.db")}
    assert Settings.from_env(env, db=tmp_path / "cli.db").db == tmp_path / "cli.db"
    assert Settings.from_env(env, db=None).db == tmp_path / "env.db"


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"FESTIVAL_POLL_INTERVAL": "snel"}, "geen getal"),
        ({"FESTIVAL_POLL_INTERVAL": "0"}, "tussen 0 en 5"),
        ({"FESTIVAL_POLL_INTERVAL": "60"}, "tussen 0 en 5"),
    ],
)
def test_unusable_values_are_refused_in_dutch(env: dict[str, str], words: str) -> None:
    with pytest.raises(SettingsError, match=words):
        Settings.from_env(env)


def test_unknown_start_is_refused() -> None:
    with pytest.raises(SettingsError, match="Onbekend startpunt"):
        Settings(start="balie")


def test_the_error_log_lives_in_the_users_log_directory_unless_chosen(tmp_path: Path) -> None:
    default = Settings.from_env({}).log
    assert default == default_log_path()
    assert default.name == "kerngericht.log" and "kerngericht" in default.parent.parts
    assert default.parent != default_db_path().parent  # never beside a database to copy
    chosen = Settings.from_env({"FESTIVAL_LOG": str(tmp_path / "fouten.log")})
    assert chosen.log == tmp_path / "fouten.log"
