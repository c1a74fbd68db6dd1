"""An item's history (a row per changed field) and its progress log (dated lines, optionally
with a status change)."""

from __future__ import annotations

from festival.core.text import clean_text
from festival.domain.permissions import Caller
from festival.store.database import Database, Transaction, utc_now
from kernagenda.domain.agendas import get_agenda, touch
from kernagenda.domain.items import apply_changes, item_to_edit, write_history
from kernagenda.domain.models import HistoryEntry, ItemStatus, ProgressUpdate
from kernagenda.domain.validation import check_transition, choose


def item_history(db: Database, item_id: int) -> list[HistoryEntry]:
    rows = db.fetchall(
        "SELECT field, old, new, who, at FROM item_history WHERE item_id = ? ORDER BY id",
        (item_id,),
    )
    return [HistoryEntry.model_validate(dict(r)) for r in rows]


def list_progress(db: Database | Transaction, item_id: int) -> list[ProgressUpdate]:
    rows = db.fetchall(
        "SELECT * FROM progress_updates WHERE item_id = ? ORDER BY at, id", (item_id,)
    )
    return [ProgressUpdate.model_validate(dict(r)) for r in rows]


def add_progress(
    db: Database,
    caller: Caller,
    item_id: int,
    text: str,
    *,
    new_status: str = "",
    public: bool = False,
) -> ProgressUpdate:
    """A dated line in the item's progress log, optionally with a status change.

    A note is internal (a working note) unless ``public``: only a public note reaches a
    document for residents or the council.
    """
    item = item_to_edit(db, caller, item_id)
    body = clean_text(text, "text", "Voortgang", max_length=2000)
    status = choose(ItemStatus, new_status, "status", "status") if new_status.strip() else None
    if status is item.status:
        status = None  # "still in progress" is a note, not a status change
    if status is not None:
        check_transition(item.status, status)
    with db.write(caller.actor) as tx:
        previous = list_progress(tx, item_id)
        update_id = tx.insert(
            "progress_updates",
            {
                "item_id": item_id,
                "who": caller.actor.name,
                "at": utc_now(),
                "text": body,
                "old_status": item.status.value if status else None,
                "new_status": status.value if status else None,
                "public": int(public),
            },
        )
        # The note it follows up is the old value: the history reads as "was … now …".
        write_history(tx, item_id, "voortgang", previous[-1].text if previous else None, body)
        tx.audit(
            "voortgang vastgelegd",
            "agenda_item",
            item_id,
            None,
            {"tekst": body, "openbaar": public},
        )
        if status is not None and status is not item.status:
            apply_changes(tx, item, {"status": status})
        else:
            touch(tx, get_agenda(tx, item.agenda_id))
    return next(p for p in list_progress(db, item_id) if p.id == update_id)
