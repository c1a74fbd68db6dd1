"""``festival audit``: the last lines of the audit log."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from festival.cli.common import EXIT_OK, SubParsers, cli_caller, handles, out

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser("audit", help="de laatste regels van het auditlog")
    p.add_argument("--aantal", type=int, default=30)
    handles(p, cmd_audit, needs="privacy.export")


def cmd_audit(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import permissions
    from festival.store import audit

    # The log names people: reading it is reading personal data.
    permissions.require(cli_caller(), permissions.PRIVACY_EXPORT)
    for entry in reversed(audit.entries(db, limit=args.aantal)):
        target = f"{entry.entity} {entry.entity_id or ''}".strip()
        out(f"{entry.at}  {entry.actor:<22} {entry.action} ({target})")
    return EXIT_OK
