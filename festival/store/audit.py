"""Reading the append-only audit log (writing happens in :meth:`Transaction.audit`)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from festival.store.database import Database, Row


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
