"""The ranking: every pitch by final score, from the jury's means and the audience's votes.

:func:`ranking` is the computation other domain services build on (the allocation, the export),
each behind its own permission; :func:`read_ranking` is the one screens and the command line
call: the coordinator reads it always, a juror only after publication, nobody else.
"""

from __future__ import annotations

from festival.core.errors import NotAllowed
from festival.domain import jury_scores, permissions
from festival.domain.jury.criteria import list_criteria
from festival.domain.jury.models import RankedInitiative
from festival.domain.jury.programme import list_pitches
from festival.domain.jury.state import get_state
from festival.domain.jury_scores import NormalisationRefused
from festival.domain.permissions import Caller
from festival.domain.roles import Role, User
from festival.store.database import Database, Transaction


def read_ranking(
    db: Database, caller: Caller, festival_id: int
) -> tuple[list[RankedInitiative], str]:
    """:func:`ranking` for a caller who may see it: a juror only after publication."""
    permissions.require(caller, permissions.RANKING_READ)
    if (
        isinstance(caller, User)
        and caller.role is Role.JURY
        and not get_state(db, festival_id).published
    ):
        raise NotAllowed(permissions.RANKING_READ.refusal)
    return ranking(db, festival_id)


def ranking(db: Database | Transaction, festival_id: int) -> tuple[list[RankedInitiative], str]:
    """The initiatives in order of final score, and a note (e.g. why normalisation is off).

    No permission check: for domain services that check their own (screens and the command
    line call :func:`read_ranking`).
    """
    state = get_state(db, festival_id)
    pitches = list_pitches(db, festival_id)
    criteria = list_criteria(db, festival_id)
    scales = [c.scale for c in criteria]
    values: dict[tuple[int, int], dict[int, int]] = {}
    for r in db.fetchall(
        "SELECT s.juror_id, s.initiative_id, s.criterion_id, s.value FROM jury_scores s"
        " JOIN pitches p ON p.initiative_id = s.initiative_id"
        " JOIN jurors j ON j.user_id = s.juror_id AND j.festival_id = p.festival_id"
        " WHERE p.festival_id = ?",
        (festival_id,),
    ):
        values.setdefault((r["juror_id"], r["initiative_id"]), {})[r["criterion_id"]] = r["value"]
    conflicts = {
        (r["juror_id"], r["initiative_id"])
        for r in db.fetchall("SELECT juror_id, initiative_id FROM jury_conflicts")
    }
    scores = jury_scores.juror_scores(values, scales, conflicts)
    ids = [p.initiative_id for p in pitches]
    means = jury_scores.jury_means(scores, ids)
    note = ""
    normalised: dict[int, float | None] = dict.fromkeys(ids)
    if state.normalise:
        try:
            normalised = jury_scores.normalised_means(scores, ids)
        except NormalisationRefused as exc:
            note = exc.message
    votes = {
        r["initiative_id"]: r["votes"]
        for r in db.fetchall(
            "SELECT a.initiative_id, a.votes FROM audience_votes a"
            " JOIN pitches p ON p.initiative_id = a.initiative_id WHERE p.festival_id = ?",
            (festival_id,),
        )
    }
    audience = jury_scores.audience_scores(votes, ids)
    ranked = [
        RankedInitiative(
            initiative_id=p.initiative_id,
            title=p.title,
            kern_name=p.kern_name,
            requested_cents=p.requested_cents,
            jury_score=means[p.initiative_id][0],
            normalised_score=normalised[p.initiative_id],
            audience_score=audience[p.initiative_id],
            final_score=jury_scores.final_score(
                means[p.initiative_id][0], audience[p.initiative_id], state.audience_weight
            ),
            jurors=means[p.initiative_id][1],
        )
        for p in pitches
    ]
    ranked.sort(
        key=lambda r: (r.final_score is None, -(r.final_score or 0), -(r.jury_score or 0), r.title)
    )
    return ranked, note
