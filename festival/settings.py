"""Settings from the environment (prefix ``FESTIVAL_``) and the command line.

A plain dataclass rather than pydantic-settings: it sits on the path to the first frame, and
pydantic costs tens of milliseconds to import (measured in ``make bench``, startup row).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_path, user_log_path

from festival.features import installed

APP_NAME = "kerngericht"
ENV_PREFIX = "FESTIVAL_"


class SettingsError(ValueError):
    """A setting has a value the app cannot use (message in Dutch)."""


def default_db_path() -> Path:
    """The shared database in the user's data directory (``~/.local/share/kerngericht``)."""
    return user_data_path(APP_NAME, appauthor=False) / "kerngericht.db"


def default_badge_dir(db: Path | None = None) -> Path:
    """Where the desk writes badge PDFs when no printer is set: the folder ``badges`` beside
    the database ``db`` (by default ``~/.local/share/kerngericht/badges``)."""
    return (db or default_db_path()).expanduser().parent / "badges"


def default_log_path() -> Path:
    """The error log, for the owner only (``~/.local/state/kerngericht/log/kerngericht.log``)."""
    return user_log_path(APP_NAME, appauthor=False) / "kerngericht.log"


@dataclass(frozen=True)
class Settings:
    """Everything the app needs to start; ``FESTIVAL_DB`` or ``--db`` choose the database."""

    db: Path = field(default_factory=default_db_path)
    #: How often a screen looks for other terminals' commits (seconds).
    poll_interval: float = 0.2
    #: Which part of the app to open after login: "festival" or "kernagenda".
    start: str = "festival"
    #: The name of this terminal's desk ("Balie 1"); asked on the desk screen when not set.
    desk: str | None = None
    #: Where the desk writes a badge PDF when no printer is set; None: beside the database.
    badge_dir: Path | None = None
    #: The CUPS printer the desk prints badges on (``FESTIVAL_PRINTER``); None: to badge_dir.
    printer: str | None = None
    #: Where tracebacks of unexpected errors go (never to the screen); ``FESTIVAL_LOG``.
    log: Path = field(default_factory=default_log_path)

    def __post_init__(self) -> None:
        object.__setattr__(self, "db", Path(self.db).expanduser())
        object.__setattr__(self, "log", Path(self.log).expanduser())
        if not 0 < self.poll_interval <= 5:
            raise SettingsError(
                f"De verversingstijd moet tussen 0 en 5 seconden liggen, niet {self.poll_interval}."
            )
        starts = ["festival", *(f.name for f in installed() if f.start_section is not None)]
        if self.start not in starts:
            raise SettingsError(f"Onbekend startpunt {self.start!r}; kies uit {', '.join(starts)}.")

    @property
    def badge_folder(self) -> Path:
        """Where the desk writes badge PDFs: ``badge_dir``, else ``badges`` beside the database."""
        return self.badge_dir.expanduser() if self.badge_dir else default_badge_dir(self.db)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from ``FESTIVAL_DB``, ``FESTIVAL_POLL_INTERVAL``, ``FESTIVAL_DESK``,
        ``FESTIVAL_LOG`` and ``FESTIVAL_PRINTER``; ``overrides`` win."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        if env.get(f"{ENV_PREFIX}DB"):
            values["db"] = Path(env[f"{ENV_PREFIX}DB"])
        if env.get(f"{ENV_PREFIX}POLL_INTERVAL"):
            raw = env[f"{ENV_PREFIX}POLL_INTERVAL"]
            try:
                values["poll_interval"] = float(raw.replace(",", "."))
            except ValueError as exc:
                raise SettingsError(
                    f"{ENV_PREFIX}POLL_INTERVAL={raw!r} is geen getal (seconden)."
                ) from exc
        if env.get(f"{ENV_PREFIX}DESK", "").strip():
            values["desk"] = env[f"{ENV_PREFIX}DESK"].strip()
        if env.get(f"{ENV_PREFIX}LOG"):
            values["log"] = Path(env[f"{ENV_PREFIX}LOG"])
        if env.get(f"{ENV_PREFIX}PRINTER", "").strip():
            values["printer"] = env[f"{ENV_PREFIX}PRINTER"].strip()
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
