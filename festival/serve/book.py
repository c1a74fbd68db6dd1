"""The server's terminal book in the database: the coordinator's list of connected tabs.

Every write goes through :mod:`festival.domain.terminals` as the coordinator who started the
server. A failed write (a busy database) is logged and skipped: a tab must never fail because
the list of tabs could not be updated; the next start begins the list afresh.
"""

from __future__ import annotations

import logging

from festival.domain import terminals
from festival.domain.permissions import Caller
from festival.serve.sessions import Session
from festival.store.database import Database, Error
from festival.store.errors import DatabaseError

log = logging.getLogger("kerngericht.serve")


class DatabaseBook:
    def __init__(self, db: Database, caller: Caller) -> None:
        self.db = db
        self.caller = caller

    def start(self, link: str) -> None:
        try:
            terminals.start_run(self.db, self.caller, link)
        except (DatabaseError, Error) as exc:
            log.warning("the list of terminals could not be started: %s", exc)

    def stop(self) -> None:
        try:
            terminals.stop_run(self.db, self.caller)
        except (DatabaseError, Error) as exc:
            log.warning("the list of terminals could not be emptied: %s", exc)

    def opened(self, session: Session, kind: str) -> None:
        try:
            terminals.opened(self.db, self.caller, session.id, kind, session.peer)
        except (DatabaseError, Error) as exc:
            log.warning("tab %s not listed: %s", session.id, exc)

    def closed(self, session: Session) -> None:
        try:
            terminals.closed(self.db, self.caller, session.id)
        except (DatabaseError, Error) as exc:
            log.warning("tab %s not taken off the list: %s", session.id, exc)

    def end_requests(self) -> set[str]:
        return terminals.end_requests(self.db)
