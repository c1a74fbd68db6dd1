"""The audit log's hash chain: every line stores the SHA-256 of its own content and of the line
before it, so an edited, removed or inserted line breaks the chain from that line on.

The hash is taken over canonical JSON (sorted keys, no spaces, UTF-8) of the line's columns as
stored (``before`` and ``after`` are the stored JSON text) plus ``prev_hash``. The first line's
``prev_hash`` is :data:`GENESIS`.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3

#: The ``prev_hash`` of the first line of the log.
GENESIS = "0" * 64

#: The columns a line's hash covers, besides ``prev_hash``.
CONTENT_COLUMNS = ("at", "actor", "user_id", "action", "entity", "entity_id", "before", "after")


def line_hash(content: dict[str, Any], prev_hash: str) -> str:
    """The SHA-256 of one line: its content columns and the hash of the line before it."""
    values = {column: content[column] for column in CONTENT_COLUMNS}
    values["prev_hash"] = prev_hash
    canonical = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def row_content(row: Any) -> dict[str, Any]:
    """The content columns of a stored line (a row read with ``SELECT *``)."""
    return {column: row[column] for column in CONTENT_COLUMNS}


def head(conn: sqlite3.Connection) -> str:
    """The hash of the newest line (:data:`GENESIS` for an empty log).

    Read it inside the write transaction that appends the next line: another process may have
    appended one since the last look.
    """
    rows = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchall()
    if not rows or rows[0][0] is None:
        return GENESIS
    return str(rows[0][0])


def chain_existing_lines(conn: sqlite3.Connection) -> None:
    """Schema step 9: chain the lines an older database already holds, in id order.

    The log refuses updates, so the guard is lifted for this step only and put back exactly as
    it was stored; the step runs in the runner's own ``BEGIN IMMEDIATE``, so no other process
    sees the log unguarded.
    """
    guard = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_update'"
    ).fetchall()
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    previous = GENESIS
    for row in conn.execute("SELECT * FROM audit_log ORDER BY id").fetchall():
        digest = line_hash(row_content(row), previous)
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (previous, digest, row[0])
        )
        previous = digest
    if guard:
        conn.execute(guard[0][0])
