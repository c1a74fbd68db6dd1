"""The voting kiosk (stemzuil): a visitor scans their badge, ticks the initiatives they
support (approval, with a maximum if set), confirms, and gets a receipt.

One ballot per checked-in badge, changed in place until the coordinator closes voting; nobody
at the kiosk ever sees another ballot. Closing hands the ballots to the jury's audience
component (approvals per initiative) and to the allocation's Equal Shares ballots, through
their public functions; paper ballots read from CSV stay.
"""

from __future__ import annotations

import json
import secrets
from collections import Counter
from datetime import datetime

from pydantic import BaseModel

from festival.core.errors import InvalidInput, NotAllowed
from festival.domain import codes, jury, permissions
from festival.domain.allocation.ballots import ballots, import_ballots
from festival.domain.jury import Pitch
from festival.domain.permissions import Caller
from festival.domain.registration import by_code
from festival.store.database import Database, Transaction, utc_now

NOT_OPEN = "Het stemmen is niet open. De coördinator opent het stemmen."
NOT_CHECKED_IN = "Deze badge is nog niet ingecheckt: stemmen kan na het inchecken bij de balie."


class VotingState(BaseModel):
    open: bool
    max_choices: int | None


class Voter(BaseModel):
    """Who may fill a ballot: a checked-in badge (never shown with others' choices)."""

    registration_id: int
    first_name: str
    choices: frozenset[int]
    """This badge's own ballot so far (empty when it has not voted)."""


class Receipt(BaseModel):
    choices: list[str]
    changed: bool
    at: datetime


def voting_state(db: Database | Transaction, festival_id: int) -> VotingState:
    row = db.fetchone("SELECT * FROM kiosk_voting WHERE festival_id = ?", (festival_id,))
    if row is None:
        return VotingState(open=False, max_choices=None)
    return VotingState(open=bool(row["open"]), max_choices=row["max_choices"])


def _ensure(tx: Transaction, festival_id: int) -> None:
    tx.execute("INSERT OR IGNORE INTO kiosk_voting (festival_id) VALUES (?)", (festival_id,))


def open_voting(
    db: Database, caller: Caller, festival_id: int, *, max_choices: int | None
) -> VotingState:
    """Open voting at the kiosks, with at most ``max_choices`` ticks per ballot (None: any)."""
    permissions.require(caller, permissions.KIOSK_VOTING)
    if max_choices is not None and max_choices < 1:
        raise InvalidInput("Het maximum aantal keuzes is minstens 1.")
    with db.write(caller.actor) as tx:
        _ensure(tx, festival_id)
        tx.execute(
            "UPDATE kiosk_voting SET open = 1, max_choices = ?, changed_at = ?"
            " WHERE festival_id = ?",
            (max_choices, utc_now(), festival_id),
        )
        tx.audit("stemmen geopend", "festival", festival_id, None, {"maximum": max_choices})
    return voting_state(db, festival_id)


def close_voting(db: Database, caller: Caller, festival_id: int) -> int:
    """Close voting and hand every kiosk ballot to the audience component and Equal Shares;
    the number of kiosk ballots."""
    permissions.require(caller, permissions.KIOSK_VOTING)
    with db.write(caller.actor) as tx:
        _ensure(tx, festival_id)
        tx.execute(
            "UPDATE kiosk_voting SET open = 0, changed_at = ? WHERE festival_id = ?",
            (utc_now(), festival_id),
        )
        tx.audit("stemmen gesloten", "festival", festival_id)
    return feed_allocation(db, caller, festival_id)


def kiosk_ballots(db: Database | Transaction, festival_id: int) -> list[frozenset[int]]:
    """Every kiosk ballot's choices, without who cast it."""
    return [
        frozenset(json.loads(r["choices"]))
        for r in db.fetchall(
            "SELECT choices FROM kiosk_ballots WHERE festival_id = ? ORDER BY cast_at",
            (festival_id,),
        )
    ]


def feed_allocation(db: Database, caller: Caller, festival_id: int) -> int:
    """Hand the kiosk ballots to the jury's audience votes and the allocation's ballots.

    The allocation keeps one set of ballots: the paper ones (read from CSV) plus the kiosk's.
    What this kiosk handed over before is taken out first, so closing twice never counts a
    ballot twice. Voters get anonymous labels in random order.
    """
    permissions.require(caller, permissions.KIOSK_VOTING)
    row = db.fetchone("SELECT fed FROM kiosk_voting WHERE festival_id = ?", (festival_id,))
    before = Counter(frozenset(str(i) for i in b) for b in json.loads(row["fed"] if row else "[]"))
    paper = Counter(ballots(db, festival_id))
    paper.subtract(before)
    kept = [ballot for ballot, n in paper.items() for _ in range(max(n, 0))]
    mine = kiosk_ballots(db, festival_id)
    combined = [*kept, *(frozenset(str(i) for i in b) for b in mine)]
    combined = [b for b in combined if b]
    order = list(range(len(combined)))
    secrets.SystemRandom().shuffle(order)  # labels say nothing about who voted when
    if combined:
        lines = ["stemmer;initiatief"]
        for label, index in enumerate(order, start=1):
            lines += [f"stem-{label:04d};{initiative}" for initiative in sorted(combined[index])]
        import_ballots(db, caller, festival_id, "\n".join(lines).encode("utf-8"))
    counts = Counter(int(i) for b in combined for i in b)
    votes = {
        p.initiative_id: counts.get(p.initiative_id, 0) for p in jury.list_pitches(db, festival_id)
    }
    jury.set_audience(db, caller, festival_id, votes=votes)
    with db.write(caller.actor) as tx:
        tx.execute(
            "UPDATE kiosk_voting SET fed = ? WHERE festival_id = ?",
            (json.dumps([sorted(b) for b in mine]), festival_id),
        )
    return len(mine)


def scan(db: Database, caller: Caller, festival_id: int, raw: str) -> Voter:
    """The badge scanned at the kiosk: refused in Dutch unless voting is open and the badge is
    this festival's and checked in."""
    permissions.require(caller, permissions.KIOSK_RUN)
    if not voting_state(db, festival_id).open:
        raise NotAllowed(NOT_OPEN)
    code = codes.normalise(raw)
    if not codes.is_code(code):
        raise InvalidInput("Dit is geen geldige badgecode. Scan de badge opnieuw.")
    registration = by_code(db, code, festival_id)
    if registration is None:
        raise InvalidInput("Deze badge hoort niet bij dit festival.")
    if registration.checked_in_at is None:
        raise NotAllowed(NOT_CHECKED_IN)
    row = db.fetchone(
        "SELECT choices FROM kiosk_ballots WHERE festival_id = ? AND registration_id = ?",
        (festival_id, registration.id),
    )
    return Voter(
        registration_id=registration.id,
        first_name=registration.name.split()[0] if registration.name.split() else "",
        choices=frozenset(json.loads(row["choices"])) if row else frozenset(),
    )


def candidates(db: Database, festival_id: int) -> list[Pitch]:
    """The initiatives on the ballot: the pitch programme, in its order."""
    return jury.list_pitches(db, festival_id)


def cast_ballot(
    db: Database, caller: Caller, festival_id: int, voter: Voter, choices: set[int]
) -> Receipt:
    """Store (or replace) the badge's ballot; checked again inside the write."""
    permissions.require(caller, permissions.KIOSK_RUN)
    pitches = {p.initiative_id: p.title for p in jury.list_pitches(db, festival_id)}
    if not choices:
        raise InvalidInput("Kies minstens één initiatief, of ga terug zonder te stemmen.")
    if not choices <= set(pitches):
        raise InvalidInput("Een gekozen initiatief staat niet op het programma.")
    now = utc_now()
    with db.write(caller.actor) as tx:
        state = voting_state(tx, festival_id)
        if not state.open:
            raise NotAllowed(NOT_OPEN)
        if state.max_choices is not None and len(choices) > state.max_choices:
            raise InvalidInput(
                f"U kunt hooguit {state.max_choices} initiatieven kiezen; u koos er {len(choices)}."
            )
        checked_in = tx.fetchone(
            "SELECT checked_in_at FROM registrations WHERE id = ? AND festival_id = ?",
            (voter.registration_id, festival_id),
        )
        if checked_in is None or checked_in["checked_in_at"] is None:
            raise NotAllowed(NOT_CHECKED_IN)
        existed = tx.fetchone(
            "SELECT 1 FROM kiosk_ballots WHERE festival_id = ? AND registration_id = ?",
            (festival_id, voter.registration_id),
        )
        tx.execute(
            "INSERT INTO kiosk_ballots (festival_id, registration_id, choices, cast_at, changed_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (festival_id, registration_id)"
            " DO UPDATE SET choices = excluded.choices, changed_at = excluded.changed_at",
            (festival_id, voter.registration_id, json.dumps(sorted(choices)), now, now),
        )
        # The audit names the badge, never the choices: the ballot stays secret.
        tx.audit(
            "stem gewijzigd" if existed else "stem uitgebracht",
            "registration",
            voter.registration_id,
        )
    return Receipt(
        choices=[pitches[i] for i in sorted(choices, key=list(pitches).index)],
        changed=existed is not None,
        at=datetime.fromisoformat(now),
    )
