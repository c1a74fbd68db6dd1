"""Settings from the environment (prefix ``FESTIVAL_``) and the command line."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "kerngericht"


def default_db_path() -> Path:
    """The shared database in the user's data directory (``~/.local/share/kerngericht``)."""
    return user_data_path(APP_NAME, appauthor=False) / "kerngericht.db"


class Settings(BaseSettings):
    """Everything the app needs to start; ``FESTIVAL_DB`` or ``--db`` choose the database."""

    model_config = SettingsConfigDict(env_prefix="FESTIVAL_", extra="ignore")

    db: Path = Field(default_factory=default_db_path)
    #: How often a screen looks for other terminals' commits (seconds).
    poll_interval: float = Field(default=0.2, gt=0, le=5)
    #: Which part of the app to open after login: "festival" or "kernagenda".
    start: str = "festival"
