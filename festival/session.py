"""What a screen needs to act for the logged-in user: the database, the user (the caller of
every service the screen uses), the settings."""

from __future__ import annotations

from dataclasses import dataclass

from festival.domain.roles import User
from festival.settings import Settings
from festival.store.database import Database


@dataclass
class Session:
    db: Database
    user: User
    settings: Settings
    #: This terminal's desk name, from the settings or asked once on the desk screen.
    desk: str | None = None
