"""After the day: per funder whom it met, with a note and "vervolg afgesproken"; per initiative
the funders it met; the counts for the council report; the funder's list as CSV or XLSX with
only the contact details an initiatiefnemer consented to share.

A talk counts as held when both sides checked in: the app cannot see who sat down at a table,
and a talk with someone who never arrived was certainly not held.
"""

from __future__ import annotations

from pydantic import BaseModel

from festival.core.csv_io import write_csv
from festival.core.errors import InvalidInput
from festival.core.sheets import Section, csv_cell, sections_xlsx
from festival.core.text import clean_text
from festival.domain import permissions
from festival.domain.permissions import Caller
from festival.store.database import Database
from matchmaking.domain import participants
from matchmaking.domain.permissions import FOLLOWUP_EDIT, TALKS_READ
from matchmaking.domain.profiles import find_funder, find_initiative
from matchmaking.domain.schedule import read_talks


class FollowUp(BaseModel):
    """One initiative a funder met, with what was agreed and how to reach its people."""

    initiative_id: int
    initiative: str
    kern: str
    round: int
    note: str
    agreed: bool
    #: Only with the initiatiefnemer's consent to share contact details; else empty.
    contact_name: str
    email: str
    phone: str


class Counts(BaseModel):
    """For the raadsinformatiebrief: no names, only numbers."""

    planned: int
    held: int
    initiatives_met: int
    funders_met: int
    followups_agreed: int


def _held(db: Database, festival_id: int) -> list[tuple[int, int, int]]:
    """(initiative, funder, round) of every talk whose both sides checked in."""
    present_i = {i.id for i in participants.initiatives(db, festival_id) if i.checked_in}
    present_f = {f.registration_id for f in participants.funders(db, festival_id) if f.checked_in}
    return [
        (t.initiative_id, t.funder_id, t.round)
        for t in read_talks(db, festival_id)
        if t.initiative_id in present_i and t.funder_id in present_f
    ]


def set_followup(
    db: Database,
    caller: Caller,
    festival_id: int,
    funder: str,
    initiative: str,
    *,
    note: str | None = None,
    agreed: bool | None = None,
) -> FollowUp:
    """Store a note and/or "vervolg afgesproken" for a pair that met."""
    permissions.require(caller, FOLLOWUP_EDIT)
    chosen_f = find_funder(db, festival_id, funder)
    chosen_i = find_initiative(db, festival_id, initiative)
    if not any(
        i == chosen_i.id and f == chosen_f.registration_id for i, f, _ in _held(db, festival_id)
    ):
        raise InvalidInput(
            f"{chosen_f.organisation or chosen_f.name} en {chosen_i.title} hadden geen "
            "tafelgesprek (of niet allebei ingecheckt)."
        )
    text = clean_text(note, "notitie", "Notitie", max_length=500, required=False) if note else None
    with db.write(caller.actor) as tx:
        tx.execute(
            "INSERT INTO match_followups (initiative_id, funder_id) VALUES (?, ?)"
            " ON CONFLICT DO NOTHING",
            (chosen_i.id, chosen_f.registration_id),
        )
        if text is not None:
            tx.execute(
                "UPDATE match_followups SET note = ? WHERE initiative_id = ? AND funder_id = ?",
                (text, chosen_i.id, chosen_f.registration_id),
            )
        if agreed is not None:
            tx.execute(
                "UPDATE match_followups SET agreed = ? WHERE initiative_id = ? AND funder_id = ?",
                (int(agreed), chosen_i.id, chosen_f.registration_id),
            )
        # The note stays out of the append-only audit log: it may name people.
        tx.audit(
            "vervolg tafelgesprek",
            "initiative",
            chosen_i.id,
            None,
            {"subsidieverlener": chosen_f.registration_id, "afgesproken": agreed},
        )
    return next(
        f
        for f in followups(db, caller, festival_id, chosen_f.registration_id)
        if f.initiative_id == chosen_i.id
    )


def followups(db: Database, caller: Caller, festival_id: int, funder_id: int) -> list[FollowUp]:
    """Whom this funder met, by round (contact details only where consented)."""
    permissions.require(caller, FOLLOWUP_EDIT)
    initiatives = {i.id: i for i in participants.initiatives(db, festival_id)}
    notes = {
        r["initiative_id"]: (r["note"], bool(r["agreed"]))
        for r in db.fetchall(
            "SELECT initiative_id, note, agreed FROM match_followups WHERE funder_id = ?",
            (funder_id,),
        )
    }
    result = []
    for i, f, r in sorted(_held(db, festival_id), key=lambda t: t[2]):
        if f != funder_id:
            continue
        contact = participants.contact_of_initiative(db, i)
        shared = contact is not None and contact.consent
        note, agreed = notes.get(i, ("", False))
        result.append(
            FollowUp(
                initiative_id=i,
                initiative=initiatives[i].title,
                kern=initiatives[i].kern_name or "",
                round=r,
                note=note,
                agreed=agreed,
                contact_name=contact.name if shared and contact else "",
                email=contact.email if shared and contact else "",
                phone=contact.phone if shared and contact else "",
            )
        )
    return result


def funders_met(db: Database, caller: Caller, festival_id: int, initiative_id: int) -> list[str]:
    """The funders this initiative met, by round."""
    permissions.require(caller, TALKS_READ)
    held = {(i, f) for i, f, _ in _held(db, festival_id)}
    return [
        t.funder
        for t in read_talks(db, festival_id)
        if t.initiative_id == initiative_id and (t.initiative_id, t.funder_id) in held
    ]


def counts(db: Database, caller: Caller, festival_id: int) -> Counts:
    permissions.require(caller, TALKS_READ)
    held = _held(db, festival_id)
    agreed = {
        (r[0], r[1])
        for r in db.fetchall(
            "SELECT initiative_id, funder_id FROM match_followups WHERE agreed = 1"
        )
    }
    return Counts(
        planned=len(read_talks(db, festival_id)),
        held=len(held),
        initiatives_met=len({i for i, _, _ in held}),
        funders_met=len({f for _, f, _ in held}),
        followups_agreed=sum(1 for i, f, _ in held if (i, f) in agreed),
    )


HEADER = (
    "ronde",
    "initiatief",
    "kern",
    "vervolg afgesproken",
    "notitie",
    "contactpersoon",
    "e-mail",
    "telefoon",
)


def export_followups(
    db: Database, caller: Caller, festival_id: int, funder: str, fmt: str
) -> tuple[bytes, int]:
    """The funder's follow-up list as ``csv`` or ``xlsx``, and how many lines."""
    permissions.require(caller, FOLLOWUP_EDIT)
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput(f"Kies csv of xlsx, niet {fmt!r}.", "formaat")
    chosen = find_funder(db, festival_id, funder)
    lines = followups(db, caller, festival_id, chosen.registration_id)
    section = Section(
        title="Vervolg",
        header=HEADER,
        rows=[
            (
                f.round,
                f.initiative,
                f.kern,
                "ja" if f.agreed else "nee",
                f.note,
                f.contact_name,
                f.email,
                f.phone,
            )
            for f in lines
        ],
    )
    if fmt == "xlsx":
        data = sections_xlsx([section])
    else:
        data = write_csv(HEADER, ([csv_cell(v) for v in row] for row in section.rows))
    with db.write(caller.actor) as tx:
        # Who exported whose contact details: counted, as with the other exports.
        tx.audit(
            "vervolglijst geëxporteerd",
            "registration",
            chosen.registration_id,
            None,
            {
                "regels": len(lines),
                "met contactgegevens": sum(bool(f.email or f.phone) for f in lines),
            },
        )
    return data, len(lines)
