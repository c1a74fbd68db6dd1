"""What publishing to residents needs besides the document: the agenda's head (village
association, contact point, kernavond), which progress notes are public, which persons among
the partners gave consent, and the record of every publication."""

from __future__ import annotations

from pydantic import BaseModel

from festival.core.dates import parse_optional_date
from festival.core.errors import InvalidInput, NotFound
from festival.core.text import clean_text, fold
from festival.domain.permissions import Caller
from festival.store.database import Database, Transaction, utc_now
from kernagenda.domain.agendas import get_agenda
from kernagenda.domain.items import get_item, item_to_edit, write_history
from kernagenda.domain.models import Agenda
from kernagenda.domain.permissions import require_edit, require_publish


class Publication(BaseModel):
    """One document that went out: which version, in which format, to whom, when, by whom."""

    id: int
    agenda_id: int
    version_id: int | None
    version_label: str
    concept: bool
    format: str
    recipient: str
    published_by: str
    published_at: str


def set_document_head(
    db: Database,
    caller: Caller,
    agenda_id: int,
    *,
    association: str | None = None,
    contact: str | None = None,
    kernavond_date: str | None = None,
) -> Agenda:
    """The village association, the contact point for residents and the kernavond's date
    (None leaves a field as it is; an empty text clears it)."""
    agenda = get_agenda(db, agenda_id)
    require_edit(caller, agenda)
    new: dict[str, str | None] = {}
    if association is not None:
        new["association"] = clean_text(
            association, "association", "Vereniging", max_length=200, required=False
        )
    if contact is not None:
        new["contact"] = clean_text(
            contact, "contact", "Contactpunt", max_length=300, required=False
        )
    if kernavond_date is not None:
        day = parse_optional_date(kernavond_date, "kernavond_date")
        new["kernavond_date"] = day.isoformat() if day else None
    old = {
        "association": agenda.association,
        "contact": agenda.contact,
        "kernavond_date": agenda.kernavond_date.isoformat() if agenda.kernavond_date else None,
    }
    changed = {k: v for k, v in new.items() if old[k] != v}
    if changed:
        with db.write(caller.actor) as tx:
            sets = ", ".join(f"{k} = ?" for k in changed)
            tx.execute(
                f"UPDATE agendas SET {sets}, updated_at = ? WHERE id = ?",
                (*changed.values(), utc_now(), agenda_id),
            )
            tx.audit(
                "kernagenda gewijzigd", "agenda", agenda_id, {k: old[k] for k in changed}, changed
            )
    return get_agenda(db, agenda_id)


def set_progress_public(db: Database, caller: Caller, update_id: int, public: bool) -> None:
    """Mark a progress note public (it may reach residents) or internal again; logged in the
    item's history and the audit."""
    row = db.fetchone("SELECT item_id, public FROM progress_updates WHERE id = ?", (update_id,))
    if row is None:
        raise NotFound(f"Voortgangsnotitie {update_id} bestaat niet.")
    item = get_item(db, int(row["item_id"]))
    require_edit(caller, get_agenda(db, item.agenda_id))
    if bool(row["public"]) == public:
        return
    old, new = _visibility(bool(row["public"])), _visibility(public)
    with db.write(caller.actor) as tx:
        tx.execute("UPDATE progress_updates SET public = ? WHERE id = ?", (int(public), update_id))
        write_history(tx, item.id, "voortgang openbaar", old, new)
        tx.audit(
            "voortgang openbaar gewijzigd",
            "progress_update",
            update_id,
            {"openbaar": old},
            {"openbaar": new},
        )


def _visibility(public: bool) -> str:
    return "openbaar" if public else "intern"


def record_consent(db: Database, caller: Caller, item_id: int, name: str) -> None:
    """Record that the person ``name`` among the item's partners consented to being named in
    documents for residents."""
    item = item_to_edit(db, caller, item_id)
    person = clean_text(name, "name", "Naam", max_length=120)
    if fold(person) not in fold(item.partners):
        raise InvalidInput(
            f"{person!r} staat niet bij de partners van {item.title!r}; voeg de naam eerst toe.",
            "name",
        )
    with db.write(caller.actor) as tx:
        if tx.fetchone(
            "SELECT 1 FROM partner_consents WHERE item_id = ? AND name = ?", (item_id, person)
        ):
            return
        tx.insert(
            "partner_consents",
            {
                "item_id": item_id,
                "name": person,
                "recorded_by": caller.actor.name,
                "recorded_at": utc_now(),
            },
        )
        write_history(tx, item_id, "toestemming", None, person)
        tx.audit("toestemming vastgelegd", "agenda_item", item_id, None, {"naam": person})


def consents(db: Database | Transaction, item_id: int) -> frozenset[str]:
    """The folded names of the persons among ``item_id``'s partners who consented."""
    rows = db.fetchall("SELECT name FROM partner_consents WHERE item_id = ?", (item_id,))
    return frozenset(fold(r["name"]) for r in rows)


def record_publication(
    db: Database,
    caller: Caller,
    agenda_id: int,
    *,
    version_id: int | None,
    version_label: str,
    fmt: str,
    recipient: str,
) -> Publication:
    """Record that a document of ``agenda_id`` went to ``recipient``."""
    agenda = get_agenda(db, agenda_id)
    require_publish(caller, agenda)
    to_whom = (
        clean_text(recipient, "recipient", "Voor wie", max_length=200, required=False) or "inwoners"
    )
    with db.write(caller.actor) as tx:
        values = {
            "agenda_id": agenda_id,
            "version_id": version_id,
            "version_label": version_label,
            "concept": int(version_id is None),
            "format": fmt,
            "recipient": to_whom,
            "published_by": caller.actor.name,
            "published_at": utc_now(),
        }
        publication_id = tx.insert("agenda_publications", values)
        tx.audit("kernagenda gepubliceerd", "agenda", agenda_id, None, values)
    return next(p for p in list_publications(db, agenda_id) if p.id == publication_id)


def list_publications(db: Database, agenda_id: int) -> list[Publication]:
    """Every publication of the agenda, oldest first."""
    rows = db.fetchall(
        "SELECT * FROM agenda_publications WHERE agenda_id = ? ORDER BY id", (agenda_id,)
    )
    return [Publication.model_validate({**dict(r), "concept": bool(r["concept"])}) for r in rows]
