"""The pitch programme and the jury: which initiatives pitch in what order, which pitch is on
stage now, and who is on the jury."""

from __future__ import annotations

from festival.core.errors import InvalidInput, NotFound
from festival.domain import permissions
from festival.domain.accounts import users_with_ids
from festival.domain.jury.models import Pitch
from festival.domain.jury.state import ensure_state
from festival.domain.permissions import Caller
from festival.domain.roles import Role, User
from festival.store.database import Database, Transaction


def list_pitches(db: Database | Transaction, festival_id: int) -> list[Pitch]:
    """The pitches in programme order."""
    rows = db.fetchall(
        """SELECT p.initiative_id, p.position, i.title, i.requested_cents, k.name AS kern_name
           FROM pitches p JOIN initiatives i ON i.id = p.initiative_id
           LEFT JOIN kernen k ON k.id = i.kern_id
           WHERE p.festival_id = ? ORDER BY p.position, p.initiative_id""",
        (festival_id,),
    )
    return [
        Pitch(
            initiative_id=r["initiative_id"],
            position=r["position"],
            title=r["title"],
            kern_name=r["kern_name"],
            requested_cents=r["requested_cents"],
        )
        for r in rows
    ]


def list_initiatives(db: Database, festival_id: int) -> list[Pitch]:
    """Every initiative of the festival (position 0 when not selected to pitch)."""
    rows = db.fetchall(
        """SELECT i.id, coalesce(p.position, 0) AS position, i.title, i.requested_cents,
                  k.name AS kern_name
           FROM initiatives i LEFT JOIN pitches p ON p.initiative_id = i.id
           LEFT JOIN kernen k ON k.id = i.kern_id
           WHERE i.festival_id = ? ORDER BY i.title""",
        (festival_id,),
    )
    return [
        Pitch(
            initiative_id=r["id"],
            position=r["position"],
            title=r["title"],
            kern_name=r["kern_name"],
            requested_cents=r["requested_cents"],
        )
        for r in rows
    ]


def set_selected(
    db: Database,
    caller: Caller,
    festival_id: int,
    initiative_id: int,
    selected: bool,
) -> None:
    """Put an initiative on the pitch programme (at the end) or take it off."""
    permissions.require(caller, permissions.PROGRAMME_MANAGE)
    with db.write(caller.actor) as tx:
        row = tx.fetchone(
            "SELECT id FROM initiatives WHERE id = ? AND festival_id = ?",
            (initiative_id, festival_id),
        )
        if row is None:
            raise NotFound(f"Initiatief {initiative_id} hoort niet bij dit festival.")
        if selected:
            last = tx.fetchone(
                "SELECT coalesce(max(position), 0) AS last FROM pitches WHERE festival_id = ?",
                (festival_id,),
            )
            tx.execute(
                "INSERT OR IGNORE INTO pitches (initiative_id, festival_id, position)"
                " VALUES (?, ?, ?)",
                (initiative_id, festival_id, last["last"] + 1 if last else 1),
            )
        else:
            tx.execute("DELETE FROM pitches WHERE initiative_id = ?", (initiative_id,))
        tx.audit(
            "pitch geselecteerd" if selected else "pitch van programma gehaald",
            "initiative",
            initiative_id,
        )


def move_pitch(
    db: Database,
    caller: Caller,
    festival_id: int,
    initiative_id: int,
    step: int,
) -> None:
    """Swap a pitch with its neighbour (step −1 earlier, +1 later)."""
    permissions.require(caller, permissions.PROGRAMME_MANAGE)
    with db.write(caller.actor) as tx:
        order = [p.initiative_id for p in list_pitches(tx, festival_id)]
        if initiative_id not in order:
            raise NotFound("Dit initiatief staat niet op het programma.")
        index = order.index(initiative_id)
        other = index + step
        if not 0 <= other < len(order):
            return
        order[index], order[other] = order[other], order[index]
        for position, pid in enumerate(order, start=1):
            tx.execute("UPDATE pitches SET position = ? WHERE initiative_id = ?", (position, pid))
        tx.audit("pitchvolgorde gewijzigd", "initiative", initiative_id, None, {"volgorde": order})


def set_current(
    db: Database,
    caller: Caller,
    festival_id: int,
    initiative_id: int | None,
) -> None:
    """The pitch on stage now; jurors see it highlighted."""
    permissions.require(caller, permissions.STAGE_RUN)
    with db.write(caller.actor) as tx:
        ensure_state(tx, festival_id)
        tx.execute(
            "UPDATE jury_state SET current_initiative = ? WHERE festival_id = ?",
            (initiative_id, festival_id),
        )
        tx.audit("huidige pitch", "jury", festival_id, None, {"initiatief": initiative_id})


def list_jurors(db: Database, festival_id: int) -> list[User]:
    """The festival's jurors by name."""
    ids = {
        r["user_id"]
        for r in db.fetchall("SELECT user_id FROM jurors WHERE festival_id = ?", (festival_id,))
    }
    return users_with_ids(db, ids) if ids else []


def festivals_of_juror(db: Database, user_id: int) -> set[int]:
    """The festivals on whose jury this user sits."""
    rows = db.fetchall("SELECT festival_id FROM jurors WHERE user_id = ?", (user_id,))
    return {r["festival_id"] for r in rows}


def set_juror(
    db: Database,
    caller: Caller,
    festival_id: int,
    user_id: int,
    member: bool,
) -> None:
    """Put a user with the role jury on this festival's jury, or take them off."""
    permissions.require(caller, permissions.JURORS_MANAGE)
    with db.write(caller.actor) as tx:
        row = tx.fetchone("SELECT role, name FROM users WHERE id = ?", (user_id,))
        if row is None:
            raise NotFound(f"Gebruiker {user_id} bestaat niet.")
        if member and row["role"] != Role.JURY.value:
            raise InvalidInput(f"{row['name']} heeft niet de rol jury.", "user")
        if member:
            tx.execute(
                "INSERT OR IGNORE INTO jurors (festival_id, user_id) VALUES (?, ?)",
                (festival_id, user_id),
            )
        else:
            tx.execute(
                "DELETE FROM jurors WHERE festival_id = ? AND user_id = ?", (festival_id, user_id)
            )
        tx.audit("jurylid toegevoegd" if member else "jurylid verwijderd", "user", user_id)
