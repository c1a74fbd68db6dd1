"""Links from an item to leefbaarheidsbudget applications and festival initiatives of its kern,
and what they fund.

The festival's side is read through :mod:`festival.domain.grants` (models, never the festival's
tables); only the kernagenda's own ``item_links`` table is queried here.
"""

from __future__ import annotations

from festival.core.errors import InvalidInput, NotFound
from festival.domain import grants
from festival.domain.permissions import Caller
from festival.store.database import Database, Transaction
from kernagenda.domain.agendas import get_agenda
from kernagenda.domain.items import get_item, item_to_edit, write_history
from kernagenda.domain.models import Link
from kernagenda.domain.permissions import require_edit

#: "de aanvraag", "het initiatief".
_ARTICLE = {"aanvraag": "De", "initiatief": "Het"}

#: The item_links column of each kind of link.
_COLUMNS = {"aanvraag": "application_id", "initiatief": "initiative_id"}


def _column(kind: str) -> str:
    if kind not in _COLUMNS:
        raise InvalidInput(f"Onbekende koppeling {kind!r}; kies aanvraag of initiatief.", "kind")
    return _COLUMNS[kind]


def _target(db: Database | Transaction, kind: str, target_id: int) -> tuple[str, int | None]:
    """(title, kern id) of the application or initiative; NotFound as the item's screen says."""
    try:
        if kind == "aanvraag":
            found = grants.application(db, target_id)
            return found.title, found.kern_id
        initiative = grants.initiative(db, target_id)
        return initiative.title, initiative.kern_id
    except NotFound:
        raise NotFound(f"{_ARTICLE[kind]} {kind} {target_id} bestaat niet.") from None


def link_item(db: Database, caller: Caller, item_id: int, kind: str, target_id: int) -> list[Link]:
    """Link an item to an application or initiative of the same kern."""
    column = _column(kind)
    item = item_to_edit(db, caller, item_id)
    agenda = get_agenda(db, item.agenda_id)
    title, kern_id = _target(db, kind, target_id)
    if kern_id != agenda.kern_id:
        raise InvalidInput(
            f"{_ARTICLE[kind]} {kind} {title!r} hoort niet bij {agenda.kern_name}.", "kind"
        )
    with db.write(caller.actor) as tx:
        if tx.fetchone(
            f"SELECT 1 FROM item_links WHERE item_id = ? AND {column} = ?", (item_id, target_id)
        ):
            raise InvalidInput(f"{_ARTICLE[kind]} {kind} {title!r} is al gekoppeld.", "kind")
        # One grant, one item: linked twice, its money would count as funding for both.
        other = tx.fetchone(
            f"SELECT i.title FROM item_links l JOIN agenda_items i ON i.id = l.item_id"
            f" WHERE l.{column} = ? AND i.agenda_id = ? AND i.removed_at IS NULL",
            (target_id, item.agenda_id),
        )
        if other is not None:
            raise InvalidInput(
                f"{_ARTICLE[kind]} {kind} {title!r} is al gekoppeld aan "
                f"{other['title']!r}; ontkoppel het daar eerst.",
                "kind",
            )
        tx.insert("item_links", {"item_id": item_id, column: target_id})
        write_history(tx, item_id, "koppeling", None, f"{kind} {target_id}: {title}")
        tx.audit("agendapunt gekoppeld", "agenda_item", item_id, None, {column: target_id})
    return list_links(db, item_id)


def unlink_item(
    db: Database, caller: Caller, item_id: int, kind: str, target_id: int
) -> list[Link]:
    column = _column(kind)
    item = get_item(db, item_id)
    require_edit(caller, get_agenda(db, item.agenda_id))
    with db.write(caller.actor) as tx:
        try:
            title = f": {_target(tx, kind, target_id)[0]}"
        except NotFound:
            title = ""
        gone = tx.execute(
            f"DELETE FROM item_links WHERE item_id = ? AND {column} = ?", (item_id, target_id)
        )
        if not gone.rowcount:
            raise NotFound(
                f"{_ARTICLE[kind]} {kind} {target_id} is niet aan dit agendapunt gekoppeld."
            )
        # As link_item wrote it, so the history reads "aanvraag 56: Bankjes → –".
        write_history(tx, item_id, "koppeling", f"{kind} {target_id}{title}", None)
        tx.audit("koppeling verwijderd", "agenda_item", item_id, {column: target_id}, None)
    return list_links(db, item_id)


def _application_link(a: grants.Grant) -> Link:
    return Link(
        kind="aanvraag",
        target_id=a.id,
        title=a.title,
        requested_cents=a.requested_cents,
        granted_cents=a.granted_cents,
        status=f"budget {a.year}: {a.status.value.replace('_', ' ')}",
    )


def _initiative_link(i: grants.FestivalInitiative, amounts: dict[int, int]) -> Link:
    amount = amounts.get(i.id)
    if amount is None:
        status = "festival: nog niet verdeeld"
    elif amount:
        status = "festival: toegekend"
    else:
        status = "festival: niet toegekend"
    return Link(
        kind="initiatief",
        target_id=i.id,
        title=i.title,
        requested_cents=i.requested_cents,
        granted_cents=amount,
        status=status,
    )


def list_links(db: Database | Transaction, item_id: int) -> list[Link]:
    rows = db.fetchall(
        "SELECT application_id, initiative_id FROM item_links WHERE item_id = ?", (item_id,)
    )
    application_ids = [r["application_id"] for r in rows if r["application_id"] is not None]
    initiative_ids = [r["initiative_id"] for r in rows if r["initiative_id"] is not None]
    links = [_application_link(a) for a in grants.applications(db, application_ids)]
    if initiative_ids:
        amounts = grants.festival_awards(db)
        links += [_initiative_link(i, amounts) for i in grants.initiatives(db, initiative_ids)]
    return links


def linkable(db: Database, item_id: int) -> list[Link]:
    """The applications and initiatives of the item's kern that no item of its agenda has yet
    (one grant funds one item; see link_item)."""
    item = get_item(db, item_id)
    kern_id = get_agenda(db, item.agenda_id).kern_id
    linked = {
        (
            "aanvraag" if r["application_id"] else "initiatief",
            r["application_id"] or r["initiative_id"],
        )
        for r in db.fetchall(
            "SELECT l.application_id, l.initiative_id FROM item_links l"
            " JOIN agenda_items i ON i.id = l.item_id"
            " WHERE i.agenda_id = ? AND i.removed_at IS NULL",
            (item.agenda_id,),
        )
    }
    found = [_application_link(a) for a in grants.applications_for_kern(db, kern_id)]
    amounts = grants.festival_awards(db)
    found += [_initiative_link(i, amounts) for i in grants.initiatives_for_kern(db, kern_id)]
    return [link for link in found if (link.kind, link.target_id) not in linked]


def funded_cents(links: list[Link]) -> int:
    """What is already granted to the item: linked applications and festival awards."""
    return sum(link.granted_cents or 0 for link in links)
