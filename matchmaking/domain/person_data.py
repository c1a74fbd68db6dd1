"""Everything matchmaking holds about one registered person, for the privacy export (AVG):
their offer, their initiatives' needs, wishes, talks and follow-up notes."""

from __future__ import annotations

from typing import Any

from festival.store.database import Database
from matchmaking.domain import participants
from matchmaking.domain.schedule import read_talks


def person_data(db: Database, registration_id: int) -> dict[str, Any]:
    """``{"tafelgesprekken": {...}}``, or ``{}`` when matchmaking holds nothing about them."""
    festival_id = participants.festival_of_registration(db, registration_id)
    if festival_id is None:
        return {}
    own = participants.initiatives_of_registration(db, registration_id)
    marks = ", ".join("?" for _ in own) or "NULL"
    offer = db.fetchone("SELECT * FROM match_offers WHERE registration_id = ?", (registration_id,))
    needs = db.fetchall(
        f"SELECT * FROM match_needs WHERE initiative_id IN ({marks}) ORDER BY initiative_id", own
    )
    preferences = db.fetchall(
        "SELECT * FROM match_preferences WHERE funder_id = ?"
        f" OR initiative_id IN ({marks}) ORDER BY initiative_id, funder_id",
        (registration_id, *own),
    )
    notes = db.fetchall(
        "SELECT * FROM match_followups WHERE funder_id = ?"
        f" OR initiative_id IN ({marks}) ORDER BY initiative_id, funder_id",
        (registration_id, *own),
    )
    talks = [
        t
        for t in read_talks(db, festival_id)
        if t.funder_id == registration_id or t.initiative_id in own
    ]
    if not (offer or needs or preferences or notes or talks):
        return {}
    return {
        "tafelgesprekken": {
            "aanbod": None
            if offer is None
            else {
                "steun": offer["kinds"],
                "themas": offer["themes"],
                "kernen": offer["kernen"],
                "vanaf_cent": offer["min_cents"],
                "tot_cent": offer["max_cents"],
                "gesprekken": offer["capacity"],
            },
            "behoeften": [
                {
                    "initiatief": r["initiative_id"],
                    "steun": r["kinds"],
                    "thema": r["theme"],
                    "kern": r["kern"],
                    "bedrag_cent": r["amount_cents"],
                }
                for r in needs
            ],
            "voorkeuren": [
                {
                    "initiatief": r["initiative_id"],
                    "subsidieverlener": r["funder_id"],
                    "soort": r["kind"],
                    "door": r["asked_by"],
                }
                for r in preferences
            ],
            "gesprekken": [
                {
                    "ronde": t.round,
                    "tijd": f"{t.start}–{t.end}",
                    "tafel": t.table,
                    "initiatief": t.initiative,
                    "subsidieverlener": t.funder,
                }
                for t in talks
            ],
            "vervolg": [
                {
                    "initiatief": r["initiative_id"],
                    "subsidieverlener": r["funder_id"],
                    "notitie": r["note"],
                    "afgesproken": bool(r["agreed"]),
                }
                for r in notes
            ],
        }
    }
