"""Personal data under the AVG/GDPR: export everything held about one person, and erase the
people of festivals whose retention date has passed, keeping only anonymous counts.

The audit log is append-only and outlives the people, so the code that writes it about
registrations records codes, roles and desks, never names or contact details.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from festival.core.errors import NotFound
from festival.domain import codes, permissions
from festival.domain.permissions import Caller
from festival.domain.registration import FestivalRole
from festival.store.database import Database, Transaction, utc_now

#: The row in ``festival_counts`` that counts each person once (someone with two roles
#: counts in both role rows).
TOTAL = "totaal"


def find_person(db: Database, text: str) -> int:
    """The person id for a badge code (as scanned or typed) or a person id."""
    code = codes.normalise(text)
    if codes.is_code(code):
        person_id = db.scalar("SELECT person_id FROM registrations WHERE code = ?", (code,))
        if person_id is not None:
            return int(person_id)
    wanted = text.strip()
    if wanted.isdigit() and db.scalar("SELECT 1 FROM people WHERE id = ?", (int(wanted),)):
        return int(wanted)
    raise NotFound(f"Geen persoon met nummer of badgecode {wanted!r}.")


def _merged_into(db: Database, registration_id: int) -> list[int]:
    """This registration and every registration merged into it (and into those)."""
    found = [registration_id]
    for current in found:
        rows = db.fetchall(
            "SELECT json_extract(after, '$.andere') AS other FROM audit_log"
            " WHERE entity = 'registration' AND entity_id = ?"
            " AND action = 'aanmeldingen samengevoegd'",
            (str(current),),
        )
        found.extend(int(r["other"]) for r in rows if r["other"] is not None)
    return found


def _audit_lines(db: Database, registration_id: int) -> list[dict[str, Any]]:
    ids = [str(i) for i in _merged_into(db, registration_id)]
    marks = ", ".join("?" for _ in ids)
    rows = db.fetchall(
        f"""SELECT at, actor, action, entity, entity_id, before, after FROM audit_log
        WHERE entity = 'registration'
          AND (entity_id IN ({marks})
               OR CAST(json_extract(after, '$.andere') AS TEXT) IN ({marks}))
        ORDER BY id""",
        [*ids, *ids],
    )
    return [
        {
            "tijd": r["at"],
            "door": r["actor"],
            "actie": r["action"],
            "registratie": r["entity_id"],
            "voor": json.loads(r["before"]) if r["before"] else None,
            "na": json.loads(r["after"]) if r["after"] else None,
        }
        for r in rows
    ]


# -- who read personal data -------------------------------------------------------------------


@dataclass(frozen=True)
class PersonalFile:
    """A document with personal data, and how many people it holds."""

    data: bytes
    people: int


def record_disclosure(
    db: Database,
    caller: Caller,
    what: str,
    entity: str,
    entity_id: int,
    people: int,
    **about: str,
) -> None:
    """One audit line saying that ``caller`` read or exported personal data (``what``) of
    ``people`` people, in a write transaction of its own: a read leaves no other trace.

    Called after the permission check and the read, before the data leaves the service: when
    the line cannot be written, the data is not handed out either.
    """
    with db.write(caller.actor) as tx:
        tx.audit(what, entity, entity_id, None, {"personen": people, **about})


# -- everything about one person ---------------------------------------------------------------


def export_person(db: Database, caller: Caller, person_id: int) -> dict[str, Any]:
    """Everything held about one person, as JSON-ready data with Dutch keys; the audit log
    records who asked."""
    permissions.require(caller, permissions.PRIVACY_EXPORT)
    result = _everything_about(db, person_id)
    if result["registratie"] is not None:  # and what installed features hold about them
        from festival.features import person_data

        result.update(person_data(db, result["registratie"]["id"]))
    record_disclosure(db, caller, "persoonsgegevens ingezien", "person", person_id, 1)
    return result


def _everything_about(db: Database, person_id: int) -> dict[str, Any]:
    person = db.fetchone(
        "SELECT p.*, k.name AS kern_name FROM people p LEFT JOIN kernen k ON k.id = p.kern_id"
        " WHERE p.id = ?",
        (person_id,),
    )
    if person is None:
        raise NotFound(f"Persoon {person_id} bestaat niet (of is al gewist).")
    festival = db.fetchone("SELECT * FROM festivals WHERE id = ?", (person["festival_id"],))
    assert festival is not None
    registration = db.fetchone("SELECT * FROM registrations WHERE person_id = ?", (person_id,))
    result: dict[str, Any] = {
        "festival": {
            "id": festival["id"],
            "naam": festival["name"],
            "datum": festival["date"],
            "plaats": festival["place"],
            "bewaren_tot": festival["retention_date"],
        },
        "persoon": {
            "id": person["id"],
            "naam": person["name"],
            "kern": person["kern_name"],
            "organisatie": person["organisation"],
            "email": person["email"],
            "telefoon": person["phone"],
            "toestemming_naam_op_badge": bool(person["consent_badge"]),
            "toestemming_contact_achteraf": bool(person["consent_contact"]),
            "vastgelegd_op": person["created_at"],
        },
        "registratie": None,
        "rollen": [],
        "initiatieven": [],
        "subsidieverlener": None,
        "check_ins": [],
        "auditregels": [],
    }
    if registration is None:  # pragma: no cover - every person is stored with a registration
        return result
    rid = registration["id"]
    result["registratie"] = {
        "id": rid,
        "badgecode": registration["code"],
        "bron": registration["source"],
        "vastgelegd_op": registration["created_at"],
        "ingecheckt_op": registration["checked_in_at"],
        "ingecheckt_aan_balie": registration["checked_in_desk"],
        "ingecheckt_door": registration["checked_in_by"],
    }
    order = {role.value: i for i, role in enumerate(FestivalRole)}
    result["rollen"] = sorted(
        (
            r["role"]
            for r in db.fetchall(
                "SELECT role FROM registration_roles WHERE registration_id = ?", (rid,)
            )
        ),
        key=order.__getitem__,
    )
    result["initiatieven"] = [
        {
            "id": r["id"],
            "titel": r["title"],
            "kern": r["kern_name"],
            "omschrijving": r["description"],
            "gevraagd_cent": r["requested_cents"],
            "themas": r["themes"],
            "vastgelegd_op": r["created_at"],
        }
        for r in db.fetchall(
            "SELECT i.*, k.name AS kern_name FROM initiatives i"
            " LEFT JOIN kernen k ON k.id = i.kern_id WHERE i.registration_id = ? ORDER BY i.id",
            (rid,),
        )
    ]
    funder = db.fetchone("SELECT * FROM funder_profiles WHERE registration_id = ?", (rid,))
    if funder is not None:
        result["subsidieverlener"] = {"themas": funder["themes"], "kernen": funder["kernen"]}
    result["check_ins"] = [
        {
            "tijd": r["at"],
            "balie": r["desk"],
            "door": r["actor"],
            "actie": r["action"],
            "reden": r["reason"],
        }
        for r in db.fetchall(
            "SELECT * FROM checkin_events WHERE registration_id = ? ORDER BY at, id", (rid,)
        )
    ]
    result["auditregels"] = _audit_lines(db, rid)
    return result


# -- erasing after the retention date ------------------------------------------------------


class RoleTally(BaseModel):
    role: str
    expected: int
    present: int


class PurgedFestival(BaseModel):
    """What was (or, in a dry run, would be) erased for one festival."""

    festival_id: int
    name: str
    retention_date: dt.date
    people: int
    initiatives_kept: int
    counts: list[RoleTally]


def _tally(tx: Database | Transaction, festival_id: int) -> list[RoleTally]:
    rows = tx.fetchall(
        """
        SELECT x.role, count(*) AS expected, count(r.checked_in_at) AS present
        FROM registration_roles x JOIN registrations r ON r.id = x.registration_id
        WHERE r.festival_id = ? GROUP BY x.role
        """,
        (festival_id,),
    )
    found = {r["role"]: r for r in rows}
    tallies = [
        RoleTally(
            role=role.value,
            expected=found[role.value]["expected"] if role.value in found else 0,
            present=found[role.value]["present"] if role.value in found else 0,
        )
        for role in FestivalRole
    ]
    total = tx.fetchone(
        "SELECT count(*) AS expected, count(checked_in_at) AS present FROM registrations"
        " WHERE festival_id = ?",
        (festival_id,),
    )
    assert total is not None
    tallies.append(RoleTally(role=TOTAL, expected=total["expected"], present=total["present"]))
    return tallies


def _count(tx: Database | Transaction, table: str, festival_id: int) -> int:
    row = tx.fetchone(f"SELECT count(*) AS n FROM {table} WHERE festival_id = ?", (festival_id,))
    return int(row["n"]) if row else 0


def _due(tx: Database | Transaction, today: dt.date) -> list[PurgedFestival]:
    due = tx.fetchall(
        "SELECT * FROM festivals WHERE purged_at IS NULL AND retention_date < ? ORDER BY date, id",
        (today.isoformat(),),
    )
    return [
        PurgedFestival(
            festival_id=f["id"],
            name=f["name"],
            retention_date=dt.date.fromisoformat(f["retention_date"]),
            people=_count(tx, "people", f["id"]),
            initiatives_kept=_count(tx, "initiatives", f["id"]),
            counts=_tally(tx, f["id"]),
        )
        for f in due
    ]


def purge(
    db: Database,
    caller: Caller,
    today: dt.date | None = None,
    *,
    dry_run: bool = False,
) -> list[PurgedFestival]:
    """Erase the people of every festival whose retention date lies before ``today``.

    Per festival: the per-role counts (expected, present; plus ``totaal`` counting each person
    once) go to ``festival_counts``; people, their registrations, roles, funder profiles and
    check-in events are deleted; initiatives keep title, kern, themes and amount but lose their
    link to the person and their free-text description; ``purged_at`` is set; the audit line
    holds only counts. SQLite's ``secure_delete`` overwrites the freed pages, and a WAL
    checkpoint afterwards keeps the old pages out of the ``-wal`` file, so the names do not
    linger in the database file either.
    """
    permissions.require(caller, permissions.PRIVACY_PURGE)
    day = today or dt.date.today()
    if dry_run:
        return _due(db, day)
    previous = db.scalar("PRAGMA secure_delete")
    db.conn.execute("PRAGMA secure_delete = ON")
    try:
        with db.write(caller.actor) as tx:
            done = _due(tx, day)
            for festival in done:
                _erase(tx, festival)
            if done:
                # The search index drops a deleted person's words only when its segments are
                # merged: rebuilt from the remaining people, no erased word is left in it.
                tx.execute("INSERT INTO people_fts (people_fts) VALUES ('rebuild')")
    finally:
        db.conn.execute(f"PRAGMA secure_delete = {int(previous or 0)}")
    if done:
        # Best effort: a reader elsewhere may hold the WAL; its next checkpoint finishes the job.
        db.fetchall("PRAGMA wal_checkpoint(TRUNCATE)")
    return done


def _erase(tx: Transaction, festival: PurgedFestival) -> None:
    fid = festival.festival_id
    for tally in festival.counts:
        tx.execute(
            "INSERT OR REPLACE INTO festival_counts (festival_id, role, expected, present)"
            " VALUES (?, ?, ?, ?)",
            (fid, tally.role, tally.expected, tally.present),
        )
    tx.execute(
        "UPDATE initiatives SET registration_id = NULL, description = '' WHERE festival_id = ?",
        (fid,),
    )
    # Cascades: registrations, their roles, funder profiles, check-in events, duplicate
    # decisions. The people go last so nothing refers to them any more.
    tx.execute("DELETE FROM people WHERE festival_id = ?", (fid,))
    tx.execute("UPDATE festivals SET purged_at = ? WHERE id = ?", (utc_now(), fid))
    tx.audit(
        "persoonsgegevens gewist",
        "festival",
        fid,
        None,
        {
            "personen": festival.people,
            "initiatieven_bewaard": festival.initiatives_kept,
            "aantallen": {
                t.role: {"verwacht": t.expected, "aanwezig": t.present} for t in festival.counts
            },
        },
    )
