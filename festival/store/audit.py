"""Reading the append-only audit log (writing happens in :meth:`Transaction.audit`) and
checking its hash chain (:mod:`festival.store.chain`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from festival.store.chain import GENESIS, line_hash, row_content
from festival.store.database import Database, Row, Transaction


class AuditEntry(BaseModel):
    id: int
    at: str
    actor: str
    user_id: int | None
    action: str
    entity: str
    entity_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _entry(row: Row) -> AuditEntry:
    return AuditEntry(
        id=row["id"],
        at=row["at"],
        actor=row["actor"],
        user_id=row["user_id"],
        action=row["action"],
        entity=row["entity"],
        entity_id=row["entity_id"],
        before=json.loads(row["before"]) if row["before"] else None,
        after=json.loads(row["after"]) if row["after"] else None,
    )


def entries(
    db: Database, *, entity: str | None = None, entity_id: object = None, limit: int = 200
) -> list[AuditEntry]:
    """The newest audit lines first, optionally for one entity."""
    where, params = [], []
    if entity is not None:
        where.append("entity = ?")
        params.append(entity)
    if entity_id is not None:
        where.append("entity_id = ?")
        params.append(str(entity_id))
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = db.fetchall(
        f"SELECT * FROM audit_log {clause} ORDER BY id DESC LIMIT ?", [*params, limit]
    )
    return [_entry(r) for r in rows]


def count(db: Database) -> int:
    return int(db.scalar("SELECT count(*) FROM audit_log"))


# -- the hash chain --------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One thing a check found wrong (in Dutch); ``line`` is the audit line from which on it
    is wrong, when it is about the log."""

    text: str
    line: int | None = None


def chain_head(db: Database | Transaction) -> str:
    """The hash of the newest audit line (:data:`~festival.store.chain.GENESIS` when empty);
    in a write transaction, the line the next one will follow."""
    row = db.fetchone("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
    return GENESIS if row is None or row[0] is None else str(row[0])


def line_with_hash(db: Database | Transaction, digest: str) -> int | None:
    """The id of the audit line whose hash is ``digest``, if the log holds one."""
    row = db.fetchone("SELECT id FROM audit_log WHERE hash = ? ORDER BY id LIMIT 1", (digest,))
    return None if row is None else int(row[0])


def verify_chain(db: Database) -> list[Finding]:
    """Walk the whole log in id order: every line must hash to its stored hash, and follow the
    line before it. An edited line shows at that line; a removed, inserted or rewritten line at
    the first line that no longer follows on."""
    findings: list[Finding] = []
    previous, previous_id = GENESIS, None
    for row in db.fetchall("SELECT * FROM audit_log ORDER BY id"):
        line = int(row["id"])
        stored, linked = row["hash"], row["prev_hash"]
        if stored is None:
            findings.append(Finding(f"Auditregel {line} heeft geen controlegetal.", line))
        else:
            if linked != previous:
                after = "het begin van het log" if previous_id is None else f"regel {previous_id}"
                findings.append(
                    Finding(
                        f"Auditregel {line} sluit niet aan op {after}: daartussen is een regel "
                        "verwijderd, toegevoegd of herschreven.",
                        line,
                    )
                )
            if line_hash(row_content(row), linked or "") != stored:
                findings.append(
                    Finding(f"Auditregel {line} is veranderd nadat hij is geschreven.", line)
                )
        previous, previous_id = stored, line
    return findings
