"""The terminals that ``festival serve`` runs: one per browser tab, who is logged in on each
and since when, and the coordinator's request to end one.

The server records a tab when it opens and drops it when it ends; the tab's app process
records its login. The coordinator lists them and may end one: the server closes that tab.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from festival.core.errors import NotFound
from festival.domain import permissions
from festival.domain.permissions import Caller
from festival.domain.roles import Role, User
from festival.store.database import Database, utc_now

#: What each kind of tab is called on the coordinator's screen.
KINDS = {"app": "terminal", "zaal": "zaalscherm", "stemzuil": "stemzuil"}


class Terminal(BaseModel):
    session_id: str
    kind: str
    peer: str
    opened_at: datetime
    user_name: str | None
    role: Role | None
    logged_in_at: datetime | None
    ending: bool

    @property
    def label(self) -> str:
        return KINDS.get(self.kind, self.kind)


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def start_run(db: Database, caller: Caller, link: str) -> None:
    """A new server run: forget the terminals of an earlier run (it may have crashed) and keep
    this run's link for the coordinator's screen."""
    permissions.require(caller, permissions.SERVE_START)
    with db.write(caller.actor) as tx:
        tx.execute("DELETE FROM serve_terminals")
        tx.execute(
            "INSERT INTO serve_link (id, link, started_at) VALUES (1, ?, ?)"
            " ON CONFLICT (id) DO UPDATE"
            " SET link = excluded.link, started_at = excluded.started_at",
            (link, utc_now()),
        )


def stop_run(db: Database, caller: Caller) -> None:
    """The server stopped: no terminals, no link."""
    permissions.require(caller, permissions.SERVE_START)
    with db.write(caller.actor) as tx:
        tx.execute("DELETE FROM serve_terminals")
        tx.execute("DELETE FROM serve_link")


def opened(db: Database, caller: Caller, session_id: str, kind: str, peer: str) -> None:
    """A tab connected (recorded by the server, in the audit with its address)."""
    permissions.require(caller, permissions.SERVE_START)
    with db.write(caller.actor) as tx:
        tx.execute(
            "INSERT INTO serve_terminals (session_id, kind, peer, opened_at) VALUES (?, ?, ?, ?)",
            (session_id, kind, peer, utc_now()),
        )
        tx.audit("terminal verbonden", "terminal", session_id, None, {"adres": peer, "soort": kind})


def closed(db: Database, caller: Caller, session_id: str) -> None:
    """A tab ended (closed in the browser, quit, or ended by the coordinator)."""
    permissions.require(caller, permissions.SERVE_START)
    with db.write(caller.actor) as tx:
        tx.execute("DELETE FROM serve_terminals WHERE session_id = ?", (session_id,))
        tx.audit("terminal gesloten", "terminal", session_id)


def logged_in(db: Database, user: User, session_id: str) -> None:
    """The tab's app process: ``user`` logged in on this terminal."""
    permissions.require(user, permissions.TERMINAL_OWN)
    with db.write(user.actor) as tx:
        tx.execute(
            "UPDATE serve_terminals SET user_id = ?, logged_in_at = ? WHERE session_id = ?",
            (user.id, utc_now(), session_id),
        )


def logged_out(db: Database, user: User, session_id: str) -> None:
    permissions.require(user, permissions.TERMINAL_OWN)
    with db.write(user.actor) as tx:
        tx.execute(
            "UPDATE serve_terminals SET user_id = NULL, logged_in_at = NULL WHERE session_id = ?",
            (session_id,),
        )


def list_terminals(db: Database, caller: Caller) -> list[Terminal]:
    """Every connected tab, oldest first, with who is logged in (the coordinator only)."""
    permissions.require(caller, permissions.TERMINALS_MANAGE)
    rows = db.fetchall(
        "SELECT t.*, u.name AS user_name, u.role AS role FROM serve_terminals t"
        " LEFT JOIN users u ON u.id = t.user_id ORDER BY t.opened_at, t.session_id"
    )
    return [
        Terminal(
            session_id=r["session_id"],
            kind=r["kind"],
            peer=r["peer"],
            opened_at=datetime.fromisoformat(r["opened_at"]),
            user_name=r["user_name"],
            role=Role(r["role"]) if r["role"] else None,
            logged_in_at=_time(r["logged_in_at"]),
            ending=r["end_requested_at"] is not None,
        )
        for r in rows
    ]


def current_link(db: Database, caller: Caller) -> str | None:
    """The running server's link with its token (the coordinator only), or None."""
    permissions.require(caller, permissions.TERMINALS_MANAGE)
    row = db.fetchone("SELECT link FROM serve_link WHERE id = 1")
    return str(row["link"]) if row else None


def end_terminal(db: Database, caller: Caller, session_id: str) -> None:
    """Ask the server to end one tab (its app process quits; the browser says so)."""
    permissions.require(caller, permissions.TERMINALS_MANAGE)
    with db.write(caller.actor) as tx:
        changed = tx.execute(
            "UPDATE serve_terminals SET end_requested_at = ?, end_requested_by = ?"
            " WHERE session_id = ? AND end_requested_at IS NULL",
            (utc_now(), caller.actor.name, session_id),
        ).rowcount
        if not changed:
            raise NotFound("Deze terminal is al gesloten.")
        tx.audit("terminal beëindigd", "terminal", session_id)


def end_requests(db: Database) -> set[str]:
    """The tabs the coordinator asked to end (read by the server; no personal data)."""
    return {
        r["session_id"]
        for r in db.fetchall(
            "SELECT session_id FROM serve_terminals WHERE end_requested_at IS NOT NULL"
        )
    }
