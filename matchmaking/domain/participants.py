"""Who takes part, read from the festival: funders (registrations with the role
subsidieverlener), initiatives, and whether their people have checked in.

The festival has no public function that returns an initiative with its themes and its
initiatiefnemer's registration, nor funders without the coordinator's list permission (the
desk needs them too), so this module is the one place where matchmaking reads the festival's
tables: read-only, turned into models here, never written.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from festival.store.database import Database, Transaction


class Funder(BaseModel):
    registration_id: int
    name: str
    organisation: str
    kern_name: str | None
    checked_in: bool


class Initiative(BaseModel):
    id: int
    title: str
    kern_name: str | None
    requested_cents: int
    themes: str
    registration_id: int | None
    #: The initiatiefnemer has checked in (an initiative without a registration never has).
    checked_in: bool


def funders(db: Database | Transaction, festival_id: int) -> list[Funder]:
    rows = db.fetchall(
        """SELECT r.id, p.name, p.organisation, k.name AS kern_name,
                  r.checked_in_at IS NOT NULL AS checked_in
           FROM registrations r JOIN people p ON p.id = r.person_id
           LEFT JOIN kernen k ON k.id = p.kern_id
           WHERE r.festival_id = ? AND EXISTS (SELECT 1 FROM registration_roles x
                 WHERE x.registration_id = r.id AND x.role = 'subsidieverlener')
           ORDER BY p.organisation, p.name_key""",
        (festival_id,),
    )
    return [
        Funder(
            registration_id=r["id"],
            name=r["name"],
            organisation=r["organisation"],
            kern_name=r["kern_name"],
            checked_in=bool(r["checked_in"]),
        )
        for r in rows
    ]


def initiatives(db: Database | Transaction, festival_id: int) -> list[Initiative]:
    rows = db.fetchall(
        """SELECT i.id, i.title, k.name AS kern_name, i.requested_cents, i.themes,
                  i.registration_id, r.checked_in_at IS NOT NULL AS checked_in
           FROM initiatives i LEFT JOIN kernen k ON k.id = i.kern_id
           LEFT JOIN registrations r ON r.id = i.registration_id
           WHERE i.festival_id = ? ORDER BY i.title""",
        (festival_id,),
    )
    return [
        Initiative(
            id=r["id"],
            title=r["title"],
            kern_name=r["kern_name"],
            requested_cents=r["requested_cents"],
            themes=r["themes"],
            registration_id=r["registration_id"],
            checked_in=bool(r["checked_in"]),
        )
        for r in rows
    ]


def festival_of_registration(db: Database | Transaction, registration_id: int) -> int | None:
    row = db.fetchone("SELECT festival_id FROM registrations WHERE id = ?", (registration_id,))
    return int(row["festival_id"]) if row else None


def initiatives_of_registration(db: Database | Transaction, registration_id: int) -> list[int]:
    """The initiatives whose initiatiefnemer is this registration."""
    rows = db.fetchall(
        "SELECT id FROM initiatives WHERE registration_id = ? ORDER BY id", (registration_id,)
    )
    return [int(r["id"]) for r in rows]


class Contact(BaseModel):
    """The contact details of an initiative's initiatiefnemer, if they consented to share."""

    name: str
    email: str
    phone: str
    consent: bool


def contact_of_initiative(db: Database | Transaction, initiative_id: int) -> Contact | None:
    row = db.fetchone(
        """SELECT p.name, p.email, p.phone, p.consent_contact FROM initiatives i
           JOIN registrations r ON r.id = i.registration_id JOIN people p ON p.id = r.person_id
           WHERE i.id = ?""",
        (initiative_id,),
    )
    if row is None:
        return None
    return Contact(
        name=row["name"],
        email=row["email"] or "",
        phone=row["phone"] or "",
        consent=bool(row["consent_contact"]),
    )


class Person(BaseModel):
    """A registration as an import finds it: by e-mail, else by folded name."""

    registration_id: int
    name_key: str
    email: str | None


def people(db: Database | Transaction, festival_id: int) -> list[Person]:
    rows = db.fetchall(
        "SELECT r.id, p.name_key, p.email FROM registrations r JOIN people p"
        " ON p.id = r.person_id WHERE r.festival_id = ?",
        (festival_id,),
    )
    return [Person(registration_id=r[0], name_key=r[1], email=r[2]) for r in rows]


def names(db: Database | Transaction, festival_id: int) -> dict[int, str]:
    """Registration id -> the person's name, for everyone at the festival."""
    rows = db.fetchall(
        "SELECT r.id, p.name FROM registrations r JOIN people p ON p.id = r.person_id"
        " WHERE r.festival_id = ?",
        (festival_id,),
    )
    return {int(r[0]): str(r[1]) for r in rows}


def festival_day(db: Database | Transaction, festival_id: int) -> date | None:
    row = db.fetchone("SELECT date FROM festivals WHERE id = ?", (festival_id,))
    return date.fromisoformat(row["date"]) if row else None
