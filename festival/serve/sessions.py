"""The sessions the server runs right now: one per browser tab, each its own app process."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiohttp import web


#: The environment variable that tells an app process which served session it is.
SESSION_ENV = "FESTIVAL_SERVE_SESSION"


@dataclass
class Session:
    """One connected tab: who connected from where, since when, and its websocket."""

    id: str
    peer: str
    since: datetime
    websocket: web.WebSocketResponse = field(repr=False)
    #: The app process's id, once it runs.
    pid: int | None = None


class SessionRegistry:
    """At most ``limit`` sessions at once; the server asks before it starts an app process.

    Used on the server's one event loop only: :meth:`open` checks and adds between two awaits,
    so two tabs connecting at the same moment never both take the last place.
    """

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self._sessions: dict[str, Session] = {}

    def __len__(self) -> int:
        return len(self._sessions)

    def __iter__(self) -> Iterator[Session]:
        return iter(list(self._sessions.values()))

    @property
    def full(self) -> bool:
        return len(self._sessions) >= self.limit

    def open(self, peer: str, websocket: web.WebSocketResponse) -> Session | None:
        """A new session, or None when the maximum is reached."""
        if self.full:
            return None
        session = Session(secrets.token_hex(8), peer, datetime.now(UTC), websocket)
        self._sessions[session.id] = session
        return session

    def close(self, session_id: str) -> None:
        self._sessions.pop(session_id, None)

    def get(self, session_id: str) -> Session | None:
        return self._sessions.get(session_id)
