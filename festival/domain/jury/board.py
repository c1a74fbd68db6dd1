"""The coordinator's progress board: who has scored which pitch, never the values."""

from __future__ import annotations

from festival.domain import permissions
from festival.domain.jury.criteria import list_criteria
from festival.domain.jury.models import Board, BoardCell
from festival.domain.jury.programme import list_jurors, list_pitches
from festival.domain.permissions import Caller
from festival.store.database import Database


def board(db: Database, caller: Caller, festival_id: int) -> Board:
    """Every juror against every pitch: scored, partly, a conflict, or not yet."""
    permissions.require(caller, permissions.JURY_BOARD)
    pitches = list_pitches(db, festival_id)
    jurors = list_jurors(db, festival_id)
    n_criteria = len(list_criteria(db, festival_id))
    counts = {
        (r["juror_id"], r["initiative_id"]): r["n"]
        for r in db.fetchall(
            "SELECT s.juror_id, s.initiative_id, count(*) AS n FROM jury_scores s"
            " JOIN pitches p ON p.initiative_id = s.initiative_id WHERE p.festival_id = ?"
            " GROUP BY s.juror_id, s.initiative_id",
            (festival_id,),
        )
    }
    conflicts = {
        (r["juror_id"], r["initiative_id"])
        for r in db.fetchall("SELECT juror_id, initiative_id FROM jury_conflicts")
    }
    cells: dict[tuple[int, int], BoardCell] = {}
    for j in jurors:
        for p in pitches:
            key = (j.id, p.initiative_id)
            if key in conflicts:
                cells[key] = BoardCell.CONFLICT
            elif n_criteria and counts.get(key, 0) >= n_criteria:
                cells[key] = BoardCell.SCORED
            elif counts.get(key):
                cells[key] = BoardCell.PARTIAL
            else:
                cells[key] = BoardCell.OPEN
    return Board(pitches=pitches, jurors=jurors, cells=cells)
