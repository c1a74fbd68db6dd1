"""The items of an agenda: reading them, and the writes every change shares (a history row per
changed field and an audit line in the same transaction, ranks of speerpunten kept 1, 2, 3).

The services that change items are in :mod:`kernagenda.domain.item_edits`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from festival.core.errors import InvalidInput, NotFound, ValidationErrors
from festival.core.text import fold
from festival.domain.permissions import Caller
from festival.store.database import Database, Row, Transaction, utc_now
from kernagenda.domain.agendas import get_agenda, touch
from kernagenda.domain.models import DATE_FIELDS, ITEM_FIELDS, MAX_RANK, Item, ItemDraft, Priority
from kernagenda.domain.permissions import require_edit


def item_from_row(row: Row) -> Item:
    """A stored item as a model (dates parsed): the one place rows become items."""
    values = dict(row)
    for field in DATE_FIELDS:
        values[field] = date.fromisoformat(values[field]) if values[field] else None
    return Item.model_validate(values)


def sort_key(item: Item) -> tuple[int, int, str]:
    """Speerpunten first in rank order, then the rest by title."""
    if item.priority is Priority.SPEARHEAD and item.rank is not None:
        return (0, item.rank, "")
    return (1, 0, fold(item.title))


def list_items(db: Database | Transaction, agenda_id: int) -> list[Item]:
    rows = db.fetchall(
        "SELECT * FROM agenda_items WHERE agenda_id = ? AND removed_at IS NULL", (agenda_id,)
    )
    return sorted((item_from_row(r) for r in rows), key=sort_key)


def list_removed_items(db: Database | Transaction, agenda_id: int) -> list[Item]:
    """The items taken off the agenda, most recently removed first (with who and why)."""
    rows = db.fetchall(
        "SELECT * FROM agenda_items WHERE agenda_id = ? AND removed_at IS NOT NULL"
        " ORDER BY removed_at DESC, id DESC",
        (agenda_id,),
    )
    return [item_from_row(r) for r in rows]


def get_item(db: Database | Transaction, item_id: int) -> Item:
    row = db.fetchone("SELECT * FROM agenda_items WHERE id = ?", (item_id,))
    if row is None:
        raise NotFound(f"Agendapunt {item_id} bestaat niet.")
    return item_from_row(row)


def stored_value(value: Any) -> Any:
    """A field's value as stored and snapshotted (dates ISO, enums their value)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value


def shown_value(value: Any) -> str | None:
    """A field's value as a history row holds it (text, or None)."""
    stored = stored_value(value)
    return None if stored is None else str(stored)


def write_history(tx: Transaction, item_id: int, field: str, old: Any, new: Any) -> None:
    """One history row of ``item_id``, attributed to who writes ``tx``."""
    tx.insert(
        "item_history",
        {
            "item_id": item_id,
            "field": field,
            "old": shown_value(old),
            "new": shown_value(new),
            "who": tx.actor.name,
            "at": utc_now(),
        },
    )


def next_rank(tx: Transaction, agenda_id: int) -> int:
    """The rank after the agenda's last speerpunt (refused past :data:`MAX_RANK`)."""
    row = tx.fetchone(
        "SELECT COALESCE(MAX(rank), 0) + 1 AS r FROM agenda_items WHERE agenda_id = ?",
        (agenda_id,),
    )
    assert row is not None
    if int(row["r"]) > MAX_RANK:
        raise ValidationErrors(
            {"priority": f"Er zijn al {MAX_RANK} speerpunten; maak er eerst een 'overig'."}
        )
    return int(row["r"])


def close_gap(tx: Transaction, agenda_id: int, freed: int | None) -> None:
    """Move the speerpunten below a freed rank up one place, so the numbers stay 1, 2, 3."""
    if freed is None:
        return
    below = tx.fetchall(
        "SELECT * FROM agenda_items WHERE agenda_id = ? AND rank > ? ORDER BY rank",
        (agenda_id, freed),
    )
    # In ascending order the rank one up is always free: the unique index on
    # (agenda_id, rank) never sees two equal ranks.
    for row in below:
        lower = item_from_row(row)
        assert lower.rank is not None
        apply_changes(tx, lower, {"rank": lower.rank - 1})


def check_rank(tx: Transaction, agenda_id: int, rank: int, item_id: int | None) -> None:
    """Refuse ``rank`` if another item of the agenda has it."""
    clash = tx.fetchone(
        "SELECT title FROM agenda_items WHERE agenda_id = ? AND rank = ? AND id IS NOT ?",
        (agenda_id, rank, item_id),
    )
    if clash is not None:
        raise ValidationErrors(
            {"priority": f"Speerpunt {rank} is al {clash['title']!r}; kies een ander nummer."}
        )


def insert_item(tx: Transaction, agenda_id: int, draft: ItemDraft) -> int:
    """Store a checked item (no permission check: callers do that); history and audit too.

    Callers finish with :func:`mark_edited`, once for all the items they insert.
    """
    rank = draft.rank
    if draft.priority is Priority.SPEARHEAD:
        if rank is None:
            rank = next_rank(tx, agenda_id)
        else:
            check_rank(tx, agenda_id, rank, None)
    now = utc_now()
    values = {f: stored_value(getattr(draft, f)) for f in ITEM_FIELDS}
    values.update(rank=rank, agenda_id=agenda_id, created_at=now, updated_at=now)
    item_id = tx.insert("agenda_items", values)
    write_history(tx, item_id, "aangemaakt", None, draft.title)
    tx.audit("agendapunt toegevoegd", "agenda_item", item_id, None, values)
    return item_id


def apply_changes(tx: Transaction, item: Item, changes: dict[str, Any]) -> dict[str, Any]:
    """Write the changed fields of ``item``; returns {field: (old, new)} of real changes."""
    changed = {f: v for f, v in changes.items() if getattr(item, f) != v}
    if not changed:
        return {}
    sets = ", ".join(f"{f} = ?" for f in changed)
    tx.execute(
        f"UPDATE agenda_items SET {sets}, updated_at = ? WHERE id = ?",
        (*(stored_value(v) for v in changed.values()), utc_now(), item.id),
    )
    for field, new in changed.items():
        write_history(tx, item.id, field, getattr(item, field), new)
    tx.audit(
        "agendapunt gewijzigd",
        "agenda_item",
        item.id,
        {f: stored_value(getattr(item, f)) for f in changed},
        {f: stored_value(v) for f, v in changed.items()},
    )
    touch(tx, get_agenda(tx, item.agenda_id))
    return changed


def on_agenda(item: Item) -> Item:
    """The item, if it is still on the agenda (a removed one is only read)."""
    if item.removed_at is not None:
        raise InvalidInput(
            f"{item.title!r} is van de agenda gehaald; wijzigen kan niet meer.", "item"
        )
    return item


def item_to_edit(db: Database, caller: Caller, item_id: int) -> Item:
    """The item if ``caller`` may edit it and it is still on the agenda."""
    item = get_item(db, item_id)
    require_edit(caller, get_agenda(db, item.agenda_id))
    return on_agenda(item)
