"""Whether a pitch's scoring is closed: asked by the jury's scoring inside its own write.

A module of its own, importing nothing of the jury: the scoring service imports it, and
:mod:`festival.domain.stage` (which imports the jury) closes pitches.
"""

from __future__ import annotations

from festival.store.database import Database, Error, Transaction

PITCH_CLOSED = "Het scoren van deze pitch is gesloten door de coördinator."


def pitch_closed(db: Database | Transaction, festival_id: int, initiative_id: int) -> bool:
    try:
        row = db.fetchone(
            "SELECT 1 FROM stage_closed WHERE festival_id = ? AND initiative_id = ?",
            (festival_id, initiative_id),
        )
    except Error as exc:
        # A database opened by a process that never loaded the festival day's schema track
        # (a helper script) has no such table, and so no closed pitch.
        if "no such table" in str(exc):
            return False
        raise
    return row is not None
