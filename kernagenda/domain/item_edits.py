"""Changing the items of an agenda: add, edit as in a form, status, order of the speerpunten,
and taking an item off the agenda (it stays readable with its history)."""

from __future__ import annotations

from festival.core.errors import InvalidInput, ValidationErrors
from festival.core.text import clean_text
from festival.domain.permissions import Caller
from festival.store.database import Database, utc_now
from kernagenda.domain.agendas import get_agenda, touch
from kernagenda.domain.items import (
    apply_changes,
    check_rank,
    close_gap,
    get_item,
    insert_item,
    item_from_row,
    item_to_edit,
    next_rank,
    on_agenda,
    stored_value,
    write_history,
)
from kernagenda.domain.models import (
    ITEM_FIELDS,
    Item,
    ItemInput,
    ItemStatus,
    Priority,
    display_value,
)
from kernagenda.domain.permissions import require_edit
from kernagenda.domain.themes import list_themes
from kernagenda.domain.validation import check_transition, choose, validate_item


def add_item(db: Database, caller: Caller, agenda_id: int, data: ItemInput) -> Item:
    agenda = get_agenda(db, agenda_id)
    require_edit(caller, agenda)
    draft = validate_item(data, list_themes(db))
    with db.write(caller.actor) as tx:
        item_id = insert_item(tx, agenda_id, draft)
        touch(tx, get_agenda(tx, agenda_id))
    return get_item(db, item_id)


def update_item(
    db: Database, caller: Caller, item_id: int, data: ItemInput, *, loaded: Item | None = None
) -> Item:
    """Change an item as edited in a form: validated, status transition and rank checked.

    ``loaded`` is the item as the form showed it. Only the fields the user changed from it are
    written, so an edit made meanwhile on another terminal to other fields stays. A field that
    both changed is not written: the user's other changes are saved, and :class:`Conflicts`
    lists the clashing fields with what they are now (and carries the item as saved).
    """
    item_to_edit(db, caller, item_id)
    draft = validate_item(data, list_themes(db))
    with db.write(caller.actor) as tx:
        current = on_agenda(get_item(tx, item_id))
        base = loaded or current
        wanted = {f: getattr(draft, f) for f in ITEM_FIELDS}
        if draft.priority is Priority.SPEARHEAD and draft.rank is None:
            # "speerpunt" without a number: keep its place, or go after the last one.
            spearhead = base.priority is Priority.SPEARHEAD and base.rank is not None
            wanted["rank"] = base.rank if spearhead else None
        changed = {f: v for f, v in wanted.items() if v != getattr(base, f)}
        clashing = [f for f in changed if getattr(current, f) != getattr(base, f)]
        clashes = {
            ("priority" if f == "rank" else f): "Intussen gewijzigd door een ander: nu "
            f"{display_value(f, stored_value(getattr(current, f)))}. Uw andere wijzigingen zijn "
            "bewaard; Opslaan zet uw waarde erover, Esc laat die van de ander staan."
            for f in clashing
        }
        if "priority" in clashing or "rank" in clashing:
            clashing += ["priority", "rank"]  # a rank goes with its priority
        changed = {f: v for f, v in changed.items() if f not in clashing}
        if "status" in changed:
            try:
                check_transition(current.status, draft.status)
            except InvalidInput as exc:
                raise ValidationErrors({"status": exc.message}) from exc
        freed = None
        if changed.get("priority", current.priority) is Priority.OTHER:
            if current.rank is not None:
                changed["rank"] = None
                freed = current.rank
        elif "priority" in changed or "rank" in changed:
            rank = changed.get("rank", current.rank)
            if rank is None:
                changed["rank"] = next_rank(tx, current.agenda_id)
            else:
                check_rank(tx, current.agenda_id, int(rank), current.id)
        apply_changes(tx, current, changed)
        close_gap(tx, current.agenda_id, freed)
    saved = get_item(db, item_id)
    if clashes:
        raise Conflicts(clashes, saved)
    return saved


class Conflicts(ValidationErrors):
    """Fields another user changed meanwhile; the other changes were saved (``item``)."""

    def __init__(self, errors: dict[str, str], item: Item) -> None:
        super().__init__(errors)
        self.item = item


def set_status(db: Database, caller: Caller, item_id: int, status: str) -> Item:
    item = item_to_edit(db, caller, item_id)
    new = choose(ItemStatus, status, "status", "status")
    check_transition(item.status, new)
    with db.write(caller.actor) as tx:
        apply_changes(tx, item, {"status": new})
    return get_item(db, item_id)


def move_item(db: Database, caller: Caller, item_id: int, step: int) -> Item:
    """Move a speerpunt up (``step=-1``) or down (``step=1``) by swapping ranks."""
    item = item_to_edit(db, caller, item_id)
    if item.priority is not Priority.SPEARHEAD or item.rank is None:
        raise InvalidInput("Alleen een speerpunt heeft een volgorde.", "priority")
    with db.write(caller.actor) as tx:
        order = "DESC" if step < 0 else "ASC"
        compare = "<" if step < 0 else ">"
        row = tx.fetchone(
            f"SELECT * FROM agenda_items WHERE agenda_id = ? AND rank {compare} ? "
            f"ORDER BY rank {order} LIMIT 1",
            (item.agenda_id, item.rank),
        )
        if row is None:
            return item
        other = item_from_row(row)
        assert other.rank is not None
        # The unique index allows no moment with two equal ranks: park one on a free value.
        tx.execute("UPDATE agenda_items SET rank = ? WHERE id = ?", (-item.id, item.id))
        apply_changes(tx, other, {"rank": item.rank})
        apply_changes(tx, item, {"rank": other.rank})  # history shows the rank it had
    return get_item(db, item_id)


def remove_item(db: Database, caller: Caller, item_id: int, reason: str) -> Item:
    """Take an item off the agenda, with a reason; it stays readable with its history.

    A speerpunt gives up its rank and the speerpunten below it move up one place, each with
    a history row, so the numbers stay 1, 2, 3 without a gap.
    """
    item = get_item(db, item_id)
    require_edit(caller, get_agenda(db, item.agenda_id))
    if item.removed_at is not None:
        raise InvalidInput(f"{item.title!r} is al van de agenda gehaald.", "item")
    why = clean_text(reason, "reason", "Reden", max_length=500)
    with db.write(caller.actor) as tx:
        item = get_item(tx, item_id)  # as it is now: its rank may have moved meanwhile
        if item.removed_at is not None:
            raise InvalidInput(f"{item.title!r} is al van de agenda gehaald.", "item")
        apply_changes(tx, item, {"priority": Priority.OTHER, "rank": None})
        close_gap(tx, item.agenda_id, item.rank)
        tx.execute(
            "UPDATE agenda_items SET removed_at = ?, removed_by = ?, removed_reason = ?"
            " WHERE id = ?",
            (utc_now(), caller.actor.name, why, item_id),
        )
        write_history(tx, item_id, "verwijderd", item.title, why)
        tx.audit("agendapunt verwijderd", "agenda_item", item_id, None, {"reden": why})
        touch(tx, get_agenda(tx, item.agenda_id))
    return get_item(db, item_id)


def restore_item(db: Database, caller: Caller, item_id: int) -> Item:
    """Put an item taken off the agenda back on it (as overig: its old rank may be taken),
    with a history row and an audit line."""
    item = get_item(db, item_id)
    require_edit(caller, get_agenda(db, item.agenda_id))
    if item.removed_at is None:
        raise InvalidInput(f"{item.title!r} staat al op de agenda.", "item")
    with db.write(caller.actor) as tx:
        item = get_item(tx, item_id)
        if item.removed_at is None:
            raise InvalidInput(f"{item.title!r} staat al op de agenda.", "item")
        tx.execute(
            "UPDATE agenda_items SET removed_at = NULL, removed_by = NULL, removed_reason = NULL,"
            " updated_at = ? WHERE id = ?",
            (utc_now(), item_id),
        )
        write_history(tx, item_id, "teruggezet", f"verwijderd: {item.removed_reason}", item.title)
        tx.audit(
            "agendapunt teruggezet",
            "agenda_item",
            item_id,
            {"verwijderd": item.removed_at, "reden": item.removed_reason},
            None,
        )
        touch(tx, get_agenda(tx, item.agenda_id))
    return get_item(db, item_id)
