"""A juror's own work: saving scores, undoing the last save on a pitch, declaring a conflict of
interest and withdrawing it, and reading back only their own scores, remarks and conflicts.

A juror writes and reads only their own; the coordinator writes scores only from paper
(``source="papier"``), logged as such; nobody else scores.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from festival.core.errors import NotAllowed, NotFound, ValidationErrors
from festival.core.text import clean_reason, clean_text
from festival.domain import permissions
from festival.domain.jury.criteria import list_criteria
from festival.domain.jury.models import MIN_CRITERIA, JuryStatus, OwnScores, UndoneSave
from festival.domain.jury.state import ensure_state, get_state
from festival.domain.permissions import Caller
from festival.domain.roles import User
from festival.domain.stage_closed import PITCH_CLOSED, pitch_closed
from festival.store.database import Database, Transaction, utc_now

PAPER = "papier"
SCREEN = "scherm"
OWN_SCORES_REFUSAL = "Alleen het jurylid zelf ziet zijn of haar scores."


def _is_the_juror(caller: Caller, juror: User) -> bool:
    return isinstance(caller, User) and caller.id == juror.id


def _may_score(tx: Transaction, caller: Caller, festival_id: int, juror: User, source: str) -> None:
    if source == PAPER:
        permissions.require(caller, permissions.PAPER_SCORES)
    else:
        permissions.require(caller, permissions.SCORE)
        # Screen scores are the juror's own: not another juror's, and no system caller's.
        if not _is_the_juror(caller, juror):
            raise NotAllowed(permissions.SCORE.refusal)
    if (
        tx.fetchone(
            "SELECT 1 FROM jurors WHERE festival_id = ? AND user_id = ?", (festival_id, juror.id)
        )
        is None
    ):
        raise NotAllowed(f"{juror.name} zit niet in de jury van dit festival.")
    if get_state(tx, festival_id).status is JuryStatus.LOCKED:
        raise NotAllowed("Het scoren is vergrendeld.")


def save_scores(
    db: Database,
    caller: Caller,
    festival_id: int,
    juror: User,
    initiative_id: int,
    values: Mapping[int, int],
    remark: str = "",
    *,
    source: str = SCREEN,
) -> None:
    """Save one juror's scores for one initiative (all criteria), as one undoable save."""
    remark_text = clean_text(remark, "remark", "Opmerking", max_length=500, required=False)
    with db.write(caller.actor) as tx:
        store_scores(tx, caller, festival_id, juror, initiative_id, values, remark_text, source)


def store_scores(
    tx: Transaction,
    caller: Caller,
    festival_id: int,
    juror: User,
    initiative_id: int,
    values: Mapping[int, int],
    remark_text: str | None,
    source: str,
) -> None:
    """:func:`save_scores` inside the caller's transaction (the paper import stores many
    saves in one). ``remark_text`` is already cleaned; None leaves the juror's remark as is."""
    _may_score(tx, caller, festival_id, juror, source)
    # The festival day: the coordinator closed this pitch's scoring on screen (paper may still
    # be keyed in by the coordinator).
    if source == SCREEN and pitch_closed(tx, festival_id, initiative_id):
        raise NotAllowed(PITCH_CLOSED)
    criteria = list_criteria(tx, festival_id)
    if len(criteria) < MIN_CRITERIA:
        raise NotAllowed(
            f"Er zijn {len(criteria)} criteria; leg er eerst minstens {MIN_CRITERIA} vast."
        )
    if (
        tx.fetchone(
            "SELECT 1 FROM pitches WHERE initiative_id = ? AND festival_id = ?",
            (initiative_id, festival_id),
        )
        is None
    ):
        raise NotFound("Dit initiatief staat niet op het programma.")
    if tx.fetchone(
        "SELECT 1 FROM jury_conflicts WHERE juror_id = ? AND initiative_id = ?",
        (juror.id, initiative_id),
    ):
        raise NotAllowed("U heeft belangenverstrengeling gemeld voor dit initiatief.")
    errors: dict[str, str] = {}
    for c in criteria:
        value = values.get(c.id)
        if value is None:
            errors[f"criterion-{c.id}"] = f"{c.name}: vul een score in."
        elif not c.scale_min <= value <= c.scale_max:
            errors[f"criterion-{c.id}"] = (
                f"{c.name}: {value} ligt buiten de schaal {c.scale_min}–{c.scale_max}."
            )
    if errors:
        raise ValidationErrors(errors)
    before = tx.fetchall(
        "SELECT criterion_id, value, source, saved_at FROM jury_scores"
        " WHERE juror_id = ? AND initiative_id = ?",
        (juror.id, initiative_id),
    )
    previous = {str(r["criterion_id"]): r["value"] for r in before}
    # Where each replaced value came from and when, so an undo puts back exactly that.
    origin = {str(r["criterion_id"]): [r["source"], r["saved_at"]] for r in before}
    old_remark = tx.fetchone(
        "SELECT remark FROM jury_remarks WHERE juror_id = ? AND initiative_id = ?",
        (juror.id, initiative_id),
    )
    now = utc_now()
    tx.insert(
        "jury_saves",
        {
            "juror_id": juror.id,
            "initiative_id": initiative_id,
            "saved_at": now,
            "previous": json.dumps(
                {
                    "scores": previous,
                    "origin": origin,
                    "remark": old_remark["remark"] if old_remark else None,
                }
            ),
        },
    )
    for c in criteria:
        tx.execute(
            "INSERT INTO jury_scores (juror_id, initiative_id, criterion_id, value, source,"
            " saved_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (juror_id, initiative_id,"
            " criterion_id) DO UPDATE SET value = excluded.value, source = excluded.source,"
            " saved_at = excluded.saved_at",
            (juror.id, initiative_id, c.id, values[c.id], source, now),
        )
    if remark_text is None:
        pass  # the paper import has no remark column: keep what the juror wrote
    elif remark_text:
        tx.execute(
            "INSERT INTO jury_remarks (juror_id, initiative_id, remark, saved_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (juror_id, initiative_id) DO UPDATE SET"
            " remark = excluded.remark, saved_at = excluded.saved_at",
            (juror.id, initiative_id, remark_text, now),
        )
    else:
        tx.execute(
            "DELETE FROM jury_remarks WHERE juror_id = ? AND initiative_id = ?",
            (juror.id, initiative_id),
        )
    ensure_state(tx, festival_id)
    tx.execute("UPDATE jury_state SET criteria_frozen = 1 WHERE festival_id = ?", (festival_id,))
    tx.audit(
        "scores opgeslagen" + (" (papier)" if source == PAPER else ""),
        "jury_score",
        f"{juror.id}:{initiative_id}",
        {"scores": previous} if previous else None,
        {"jurylid": juror.name, "scores": {str(k): v for k, v in values.items()}},
    )


def undo_last_save(
    db: Database, caller: Caller, festival_id: int, juror: User, initiative_id: int
) -> UndoneSave | None:
    """Put back what the juror's last save on this pitch replaced; None if there is none.

    Only this pitch: an undo on the pitch on screen never reaches a save on another pitch.
    """
    with db.write(caller.actor) as tx:
        _may_score(tx, caller, festival_id, juror, SCREEN)
        row = tx.fetchone(
            "SELECT s.* FROM jury_saves s JOIN pitches p ON p.initiative_id = s.initiative_id"
            " WHERE s.juror_id = ? AND p.festival_id = ? AND s.initiative_id = ?"
            " AND s.undone = 0 ORDER BY s.id DESC LIMIT 1",
            (juror.id, festival_id, initiative_id),
        )
        if row is None:
            return None
        previous = json.loads(row["previous"])
        tx.execute(
            "DELETE FROM jury_scores WHERE juror_id = ? AND initiative_id = ?",
            (juror.id, initiative_id),
        )
        origin = previous.get("origin", {})
        for criterion_id, value in previous["scores"].items():
            source, saved_at = origin.get(criterion_id, (SCREEN, utc_now()))
            tx.execute(
                "INSERT INTO jury_scores (juror_id, initiative_id, criterion_id, value,"
                " source, saved_at) VALUES (?, ?, ?, ?, ?, ?)",
                (juror.id, initiative_id, int(criterion_id), value, source, saved_at),
            )
        tx.execute(
            "DELETE FROM jury_remarks WHERE juror_id = ? AND initiative_id = ?",
            (juror.id, initiative_id),
        )
        if previous.get("remark"):
            tx.execute(
                "INSERT INTO jury_remarks (juror_id, initiative_id, remark, saved_at)"
                " VALUES (?, ?, ?, ?)",
                (juror.id, initiative_id, previous["remark"], utc_now()),
            )
        tx.execute("UPDATE jury_saves SET undone = 1 WHERE id = ?", (row["id"],))
        tx.audit(
            "laatste score ongedaan gemaakt",
            "jury_score",
            f"{juror.id}:{initiative_id}",
            None,
            {"hersteld": previous["scores"]},
        )
        return UndoneSave(
            initiative_id=initiative_id,
            saved_at=row["saved_at"],
            restored={int(k): v for k, v in previous["scores"].items()},
        )


def declare_conflict(
    db: Database, caller: Caller, festival_id: int, juror: User, initiative_id: int, reason: str
) -> None:
    """A juror declares a conflict of interest; their scores for it no longer count."""
    why = clean_reason(reason)
    with db.write(caller.actor) as tx:
        _may_score(tx, caller, festival_id, juror, SCREEN)
        tx.execute(
            "INSERT INTO jury_conflicts (juror_id, initiative_id, reason, declared_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (juror_id, initiative_id) DO UPDATE SET"
            " reason = excluded.reason",
            (juror.id, initiative_id, why, utc_now()),
        )
        tx.execute(
            "DELETE FROM jury_scores WHERE juror_id = ? AND initiative_id = ?",
            (juror.id, initiative_id),
        )
        # An undo must not bring scores back for an initiative the juror may not score.
        tx.execute(
            "UPDATE jury_saves SET undone = 1 WHERE juror_id = ? AND initiative_id = ?",
            (juror.id, initiative_id),
        )
        tx.audit(
            "belangenverstrengeling gemeld",
            "jury_score",
            f"{juror.id}:{initiative_id}",
            None,
            {"reden": why},
        )


def withdraw_conflict(
    db: Database,
    caller: Caller,
    festival_id: int,
    juror: User,
    initiative_id: int,
    reason: str = "",
) -> None:
    """Take a declared conflict back, so the juror can score that pitch again.

    The juror withdraws their own; the coordinator withdraws anyone's, with a reason. Neither
    after the jury is locked. Logged with the declared reason and (the coordinator's) reason.
    """
    if _is_the_juror(caller, juror):
        permissions.require(caller, permissions.SCORE)
        why = reason.strip() and clean_reason(reason)
    else:
        permissions.require(caller, permissions.CONFLICT_WITHDRAW)
        why = clean_reason(reason)
    with db.write(caller.actor) as tx:
        if get_state(tx, festival_id).status is JuryStatus.LOCKED:
            raise NotAllowed(
                "Het scoren is vergrendeld: een belangenverstrengeling kan niet meer worden"
                " ingetrokken."
            )
        row = tx.fetchone(
            "SELECT c.reason FROM jury_conflicts c JOIN pitches p"
            " ON p.initiative_id = c.initiative_id"
            " WHERE c.juror_id = ? AND c.initiative_id = ? AND p.festival_id = ?",
            (juror.id, initiative_id, festival_id),
        )
        if row is None:
            raise NotFound(f"{juror.name} heeft voor dit initiatief geen belangenverstrengeling.")
        tx.execute(
            "DELETE FROM jury_conflicts WHERE juror_id = ? AND initiative_id = ?",
            (juror.id, initiative_id),
        )
        tx.audit(
            "belangenverstrengeling ingetrokken",
            "jury_score",
            f"{juror.id}:{initiative_id}",
            {"reden": row["reason"]},
            {"jurylid": juror.name, **({"reden": why} if why else {})},
        )


def own_scores(db: Database, caller: Caller, festival_id: int, juror: User) -> OwnScores:
    """Only this juror's own scores, remarks and conflicts, read by that juror.

    A system caller (the host's operator) may read them too; any other user is refused.
    """
    permissions.require(caller, permissions.SCORE)
    if isinstance(caller, User) and caller.id != juror.id:
        raise NotAllowed(OWN_SCORES_REFUSAL)
    values: dict[int, dict[int, int]] = {}
    for r in db.fetchall(
        "SELECT s.initiative_id, s.criterion_id, s.value FROM jury_scores s"
        " JOIN pitches p ON p.initiative_id = s.initiative_id"
        " WHERE s.juror_id = ? AND p.festival_id = ?",
        (juror.id, festival_id),
    ):
        values.setdefault(r["initiative_id"], {})[r["criterion_id"]] = r["value"]
    remarks = {
        r["initiative_id"]: r["remark"]
        for r in db.fetchall(
            "SELECT initiative_id, remark FROM jury_remarks WHERE juror_id = ?", (juror.id,)
        )
    }
    conflicts = {
        r["initiative_id"]: r["reason"]
        for r in db.fetchall(
            "SELECT initiative_id, reason FROM jury_conflicts WHERE juror_id = ?", (juror.id,)
        )
    }
    return OwnScores(values=values, remarks=remarks, conflicts=conflicts)
