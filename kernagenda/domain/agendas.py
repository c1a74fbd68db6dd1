"""A kern's agenda itself: reading it, making it, its version name, period and review date,
and the rule that an edit to a fixed (vastgestelde) agenda starts the next concept.

A kernregisseur edits the agendas of their own kernen (the coordinator all of them); other
users only read.
"""

from __future__ import annotations

import re
from datetime import date

from festival.core.errors import InvalidInput, NotFound, ValidationErrors
from festival.domain.kernen import get_kern, list_kernen
from festival.domain.permissions import Caller
from festival.store.database import Database, Row, Transaction, utc_now
from kernagenda.domain.models import Agenda, AgendaStatus
from kernagenda.domain.permissions import require_create, require_edit
from kernagenda.domain.validation import agenda_fields


def _agenda(row: Row, kern_name: str) -> Agenda:
    return Agenda(
        id=row["id"],
        kern_id=row["kern_id"],
        kern_name=kern_name,
        version_label=row["version_label"],
        period=row["period"],
        status=AgendaStatus(row["status"]),
        review_date=date.fromisoformat(row["review_date"]) if row["review_date"] else None,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        association=row["association"],
        contact=row["contact"],
        kernavond_date=(
            date.fromisoformat(row["kernavond_date"]) if row["kernavond_date"] else None
        ),
    )


# The kern's name comes from the festival's public kernen functions, never from its table.


def get_agenda(db: Database | Transaction, agenda_id: int) -> Agenda:
    row = db.fetchone("SELECT * FROM agendas WHERE id = ?", (agenda_id,))
    if row is None:
        raise NotFound(f"Agenda {agenda_id} bestaat niet.")
    return _agenda(row, get_kern(db, row["kern_id"]).name)


def agenda_for_kern(db: Database | Transaction, kern_id: int) -> Agenda | None:
    row = db.fetchone("SELECT * FROM agendas WHERE kern_id = ?", (kern_id,))
    return None if row is None else _agenda(row, get_kern(db, kern_id).name)


def list_agendas(db: Database | Transaction) -> list[Agenda]:
    """Every agenda, by the name of its kern."""
    names = {k.id: k.name for k in list_kernen(db, include_inactive=True)}
    agendas = [_agenda(r, names[r["kern_id"]]) for r in db.fetchall("SELECT * FROM agendas")]
    return sorted(agendas, key=lambda a: a.kern_name.casefold())


def create_agenda(
    db: Database,
    caller: Caller,
    kern_id: int,
    version_label: str,
    *,
    period: str = "",
    review_date: str = "",
) -> Agenda:
    kern_name = require_create(db, caller, kern_id)
    label, period_text, review = agenda_fields(version_label, period, review_date)
    with db.write(caller.actor) as tx:
        if agenda_for_kern(tx, kern_id) is not None:
            raise InvalidInput(f"{kern_name} heeft al een kernagenda.", "kern_id")
        agenda_id = insert_agenda(tx, kern_id, label, period_text, review)
    return get_agenda(db, agenda_id)


def insert_agenda(
    tx: Transaction, kern_id: int, label: str, period: str, review: date | None
) -> int:
    """Store a checked, new concept agenda in ``tx``, with its audit line; returns its id.

    No checks: callers check the permission (:func:`require_create`) and that the kern has no
    agenda yet, so an import can make the agenda and its items in one transaction.
    """
    now = utc_now()
    values = {
        "kern_id": kern_id,
        "version_label": label,
        "period": period,
        "status": AgendaStatus.CONCEPT.value,
        "review_date": review.isoformat() if review else None,
        "created_at": now,
        "updated_at": now,
    }
    agenda_id = tx.insert("agendas", values)
    tx.audit("kernagenda gemaakt", "agenda", agenda_id, None, values)
    return agenda_id


def update_agenda(
    db: Database,
    caller: Caller,
    agenda_id: int,
    *,
    version_label: str,
    period: str,
    review_date: str,
) -> Agenda:
    """Change the agenda's version name, period and next review date.

    A fixed version keeps its name: renaming it is refused, since the snapshot carries it.
    """
    agenda = get_agenda(db, agenda_id)
    require_edit(caller, agenda)
    label, period_text, review = agenda_fields(version_label, period, review_date)
    if agenda.status is AgendaStatus.FIXED and label != agenda.version_label:
        raise ValidationErrors(
            {
                "version_label": f"Versie {agenda.version_label!r} is vastgesteld; de naam "
                "verandert pas met de volgende conceptversie."
            }
        )
    old = {
        "version_label": agenda.version_label,
        "period": agenda.period,
        "review_date": agenda.review_date.isoformat() if agenda.review_date else None,
    }
    new = {
        "version_label": label,
        "period": period_text,
        "review_date": review.isoformat() if review else None,
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
                "kernagenda gewijzigd",
                "agenda",
                agenda_id,
                {k: old[k] for k in changed},
                changed,
            )
    return get_agenda(db, agenda_id)


def next_label(label: str) -> str:
    """``eerste versie 2024`` -> ``eerste versie 2024 +1`` -> ``eerste versie 2024 +2``."""
    match = re.fullmatch(r"(.*) \+(\d+)", label)
    if match:
        return f"{match.group(1)} +{int(match.group(2)) + 1}"
    return f"{label} +1"


def touch(tx: Transaction, agenda: Agenda) -> None:
    """An edit to a fixed agenda starts the next concept."""
    if agenda.status is AgendaStatus.FIXED:
        label = next_label(agenda.version_label)
        tx.execute(
            "UPDATE agendas SET status = 'concept', version_label = ?, updated_at = ? WHERE id = ?",
            (label, utc_now(), agenda.id),
        )
        tx.audit(
            "nieuwe conceptversie",
            "agenda",
            agenda.id,
            {"version_label": agenda.version_label, "status": agenda.status.value},
            {"version_label": label, "status": AgendaStatus.CONCEPT.value},
        )
    else:
        tx.execute("UPDATE agendas SET updated_at = ? WHERE id = ?", (utc_now(), agenda.id))


def mark_edited(tx: Transaction, agenda_id: int) -> None:
    """After a change made with :func:`insert_item`: a fixed agenda becomes the next concept."""
    touch(tx, get_agenda(tx, agenda_id))
