"""``festival audit``: the last lines of the audit log, each with its reason where the logged
action has one."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from festival.cli.common import EXIT_OK, SubParsers, cli_caller, handles, out

if TYPE_CHECKING:
    from festival.store.audit import AuditEntry
    from festival.store.database import Database

#: The keys under which an action logs why it was done (Dutch in the log, English in older code).
REASON_KEYS = ("reden", "reason")


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser("audit", help="de laatste regels van het auditlog, met de reden erbij")
    p.add_argument("--aantal", type=int, default=30)
    handles(p, cmd_audit, needs="privacy.export")


def reason_of(entry: AuditEntry) -> str | None:
    """The reason logged with the action (in its new values, else its old ones), if any."""
    for values in (entry.after, entry.before):
        found = _reason_in(values)
        if found:
            return found
    return None


def _reason_in(values: dict[str, Any] | None) -> str | None:
    if not values:
        return None
    for key in REASON_KEYS:
        value = values.get(key)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def audit_line(entry: AuditEntry) -> str:
    """One line of the log as printed: moment, who, what, on what, and why."""
    from festival.core.text import printable

    target = f"{entry.entity} {entry.entity_id or ''}".strip()
    line = f"{entry.at}  {entry.actor:<22} {entry.action} ({target})"
    reason = reason_of(entry)
    if reason:
        line += f" — reden: {reason}"
    # A name or a reason is typed text: no escape sequence of it reaches the terminal.
    return printable(line)


def cmd_audit(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import permissions
    from festival.store import audit

    # The log names people: reading it is reading personal data.
    permissions.require(cli_caller(), permissions.PRIVACY_EXPORT)
    for entry in reversed(audit.entries(db, limit=args.aantal)):
        out(audit_line(entry))
    return EXIT_OK
