"""Fixed versions (vaststellen) of an agenda and what changed between two of them, or between
a fixed version and the agenda as it is now."""

from __future__ import annotations

import json
from typing import Any

from festival.core.errors import InvalidInput, NotFound
from festival.domain.permissions import Caller
from festival.store.database import Database, Row, utc_now
from kernagenda.domain.agendas import get_agenda
from kernagenda.domain.items import list_items, stored_value
from kernagenda.domain.models import (
    ITEM_FIELDS,
    AgendaStatus,
    AgendaVersion,
    ChangedItem,
    Comparison,
    FieldChange,
    Item,
)
from kernagenda.domain.permissions import require_edit


def _snapshot(items: list[Item]) -> list[dict[str, Any]]:
    return [{"id": i.id, **{f: stored_value(getattr(i, f)) for f in ITEM_FIELDS}} for i in items]


def fix_version(db: Database, caller: Caller, agenda_id: int) -> AgendaVersion:
    """Vaststellen: freeze the agenda as it is now; the next edit starts a new concept."""
    agenda = get_agenda(db, agenda_id)
    require_edit(caller, agenda)
    if agenda.status is AgendaStatus.FIXED:
        raise InvalidInput(f"Versie {agenda.version_label!r} is al vastgesteld.", "status")
    with db.write(caller.actor) as tx:
        snapshot = json.dumps(_snapshot(list_items(tx, agenda_id)), ensure_ascii=False)
        version_id = tx.insert(
            "agenda_versions",
            {
                "agenda_id": agenda_id,
                "version_label": agenda.version_label,
                "frozen_at": utc_now(),
                "frozen_by": caller.actor.name,
                "snapshot": snapshot,
            },
        )
        tx.execute(
            "UPDATE agendas SET status = 'vastgesteld', updated_at = ? WHERE id = ?",
            (utc_now(), agenda_id),
        )
        tx.audit(
            "kernagenda vastgesteld",
            "agenda",
            agenda_id,
            {"status": agenda.status.value},
            {"status": AgendaStatus.FIXED.value, "versie": agenda.version_label},
        )
    return get_version(db, version_id)


def _version(row: Row) -> AgendaVersion:
    return AgendaVersion(
        id=row["id"],
        agenda_id=row["agenda_id"],
        version_label=row["version_label"],
        frozen_at=row["frozen_at"],
        frozen_by=row["frozen_by"],
        items=json.loads(row["snapshot"]),
    )


def get_version(db: Database, version_id: int) -> AgendaVersion:
    row = db.fetchone("SELECT * FROM agenda_versions WHERE id = ?", (version_id,))
    if row is None:
        raise NotFound(f"Versie {version_id} bestaat niet.")
    return _version(row)


def list_versions(db: Database, agenda_id: int) -> list[AgendaVersion]:
    rows = db.fetchall(
        "SELECT * FROM agenda_versions WHERE agenda_id = ? ORDER BY id", (agenda_id,)
    )
    return [_version(r) for r in rows]


def compare_items(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> Comparison:
    before = {i["id"]: i for i in old}
    after = {i["id"]: i for i in new}
    changed = []
    for item_id, item in after.items():
        if item_id not in before:
            continue
        diffs = [
            FieldChange(field=f, old=before[item_id].get(f), new=item.get(f))
            for f in ITEM_FIELDS
            if before[item_id].get(f) != item.get(f)
        ]
        if diffs:
            changed.append(ChangedItem(item_id=item_id, title=str(item["title"]), changes=diffs))
    return Comparison(
        added=[str(i["title"]) for k, i in after.items() if k not in before],
        removed=[str(i["title"]) for k, i in before.items() if k not in after],
        changed=changed,
    )


def compare_versions(db: Database, old_id: int, new_id: int | None = None) -> Comparison:
    """Compare two fixed versions, or a fixed version with the current agenda (``new_id``
    None)."""
    old = get_version(db, old_id)
    new_items = (
        get_version(db, new_id).items
        if new_id is not None
        else _snapshot(list_items(db, old.agenda_id))
    )
    return compare_items(old.items, new_items)
