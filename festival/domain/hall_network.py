"""The festival day on the hall network: opening the app to the browsers of the hall.

Textual-free: ``festival serve`` asks here before it listens, so opening the hall network is
the coordinator's decision and stands in the audit log (never with the access token).
"""

from __future__ import annotations

from festival.domain import permissions
from festival.domain.permissions import Caller
from festival.store.database import Database


def open_hall_network(
    db: Database, caller: Caller, *, public_url: str, max_sessions: int, tls: bool
) -> None:
    """Record that ``caller`` opens the app on ``public_url``; refused unless allowed."""
    permissions.require(caller, permissions.SERVE_START)
    with db.write(caller.actor) as tx:
        tx.audit(
            "festivaldag-server gestart",
            "serve",
            None,
            None,
            {"adres": public_url, "max_sessies": max_sessions, "tls": tls},
        )
