"""The jury: criteria, the pitch programme, jurors, scores, conflicts, locking and ranking.

Permissions live here, not in the screens: a juror writes only their own scores and reads only
their own; the desk cannot score; the coordinator reads everything but writes scores only
through the paper import (:func:`save_scores` with ``source="papier"``), logged as such.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum

from pydantic import BaseModel

from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.core.text import clean_text
from festival.domain import jury_scores
from festival.domain.accounts import Role, User
from festival.domain.jury_scores import NormalisationRefused, Scale
from festival.store.database import Actor, Database, Row, Transaction, utc_now

MIN_CRITERIA, MAX_CRITERIA = 3, 6


class JuryStatus(StrEnum):
    OPEN = "open"
    LOCKED = "vergrendeld"


class Criterion(BaseModel):
    id: int
    position: int
    name: str
    description: str
    weight: int
    scale_min: int
    scale_max: int
    levels: dict[int, str]

    @property
    def scale(self) -> Scale:
        return Scale(self.id, self.weight, self.scale_min, self.scale_max)

    def level_text(self, value: int | None) -> str:
        """The description of the highest level at or below ``value`` (all levels if None)."""
        if not self.levels:
            return self.description
        if value is None:
            return "  ".join(f"{k}: {v}" for k, v in sorted(self.levels.items()))
        below = [k for k in self.levels if k <= value]
        return self.levels[max(below)] if below else self.levels[min(self.levels)]


class CriterionInput(BaseModel):
    name: str
    description: str = ""
    weight: str = "1"
    scale_min: str = "1"
    scale_max: str = "10"
    levels: str = ""
    """``1=nauwelijks; 5=redelijk; 10=uitstekend``"""


class Pitch(BaseModel):
    initiative_id: int
    position: int
    title: str
    kern_name: str | None
    requested_cents: int


class JuryState(BaseModel):
    status: JuryStatus
    criteria_frozen: bool
    published: bool
    current_initiative: int | None
    audience_weight: int
    normalise: bool


class BoardCell(StrEnum):
    SCORED = "gescoord"
    PARTIAL = "deels"
    CONFLICT = "belangenverstrengeling"
    OPEN = "nog niet"


class Board(BaseModel):
    """Who has scored what — never the values."""

    pitches: list[Pitch]
    jurors: list[User]
    cells: dict[tuple[int, int], BoardCell]
    """(juror id, initiative id) → state"""

    def behind(self, juror_id: int) -> int:
        return sum(
            1 for p in self.pitches if self.cells.get((juror_id, p.initiative_id)) is BoardCell.OPEN
        )


class RankedInitiative(BaseModel):
    initiative_id: int
    title: str
    kern_name: str | None
    requested_cents: int
    jury_score: float | None
    normalised_score: float | None
    audience_score: float
    final_score: float | None
    jurors: int


class OwnScores(BaseModel):
    values: dict[int, dict[int, int]]
    """initiative → criterion → value"""
    remarks: dict[int, str]
    conflicts: dict[int, str]


# -- helpers ---------------------------------------------------------------------------------


def _require_coordinator(by: User | None, what: str) -> None:
    if by is not None and by.role is not Role.COORDINATOR:
        raise NotAllowed(f"{what} mag alleen de coördinator.")


def _reason(reason: str) -> str:
    try:
        return clean_text(reason, "reason", "Reden", max_length=200)
    except InvalidInput as exc:
        raise ValidationErrors({"reason": exc.message}) from exc


def _ensure_state(tx: Transaction, festival_id: int) -> None:
    tx.execute("INSERT OR IGNORE INTO jury_state (festival_id) VALUES (?)", (festival_id,))


def get_state(db: Database | Transaction, festival_id: int) -> JuryState:
    row = db.fetchone("SELECT * FROM jury_state WHERE festival_id = ?", (festival_id,))
    if row is None:
        return JuryState(
            status=JuryStatus.OPEN,
            criteria_frozen=False,
            published=False,
            current_initiative=None,
            audience_weight=0,
            normalise=False,
        )
    return JuryState(
        status=JuryStatus(row["status"]),
        criteria_frozen=bool(row["criteria_frozen"]),
        published=bool(row["published"]),
        current_initiative=row["current_initiative"],
        audience_weight=row["audience_weight"],
        normalise=bool(row["normalise"]),
    )


# -- criteria --------------------------------------------------------------------------------


def _criterion(row: Row) -> Criterion:
    levels = {int(k): v for k, v in json.loads(row["levels"]).items()}
    return Criterion(
        id=row["id"],
        position=row["position"],
        name=row["name"],
        description=row["description"],
        weight=row["weight"],
        scale_min=row["scale_min"],
        scale_max=row["scale_max"],
        levels=levels,
    )


def list_criteria(db: Database | Transaction, festival_id: int) -> list[Criterion]:
    rows = db.fetchall(
        "SELECT * FROM criteria WHERE festival_id = ? ORDER BY position, id", (festival_id,)
    )
    return [_criterion(r) for r in rows]


def _int(text: str, field: str, label: str) -> int:
    raw = text.strip()
    if not raw.lstrip("-").isdigit():
        raise InvalidInput(f"{label} moet een heel getal zijn, niet {raw!r}.", field)
    return int(raw)


def parse_levels(text: str, scale_min: int, scale_max: int) -> dict[int, str]:
    """``1=nauwelijks; 5=redelijk; 10=uitstekend`` → {1: ..., 5: ..., 10: ...}."""
    levels: dict[int, str] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        if "=" not in part:
            raise InvalidInput(f"Niveau {part!r}: schrijf waarde=omschrijving.", "levels")
        key, _, words = part.partition("=")
        value = _int(key, "levels", "Een niveau")
        if not scale_min <= value <= scale_max:
            raise InvalidInput(
                f"Niveau {value} ligt buiten de schaal {scale_min}–{scale_max}.", "levels"
            )
        levels[value] = clean_text(words, "levels", "Omschrijving van een niveau", max_length=120)
    return levels


def validate_criterion(data: CriterionInput) -> dict[str, object]:
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    for field, parse in (
        ("name", lambda: clean_text(data.name, "name", "Naam", max_length=60)),
        (
            "description",
            lambda: clean_text(
                data.description, "description", "Omschrijving", max_length=300, required=False
            ),
        ),
        ("weight", lambda: _int(data.weight, "weight", "Het gewicht")),
        ("scale_min", lambda: _int(data.scale_min, "scale_min", "Het minimum")),
        ("scale_max", lambda: _int(data.scale_max, "scale_max", "Het maximum")),
    ):
        try:
            values[field] = parse()
        except InvalidInput as exc:
            errors[field] = exc.message
    weight = values.get("weight")
    if isinstance(weight, int) and not 1 <= weight <= 100:
        errors["weight"] = "Het gewicht ligt tussen 1 en 100."
    low, high = values.get("scale_min"), values.get("scale_max")
    if isinstance(low, int) and isinstance(high, int):
        if high <= low:
            errors["scale_max"] = "Het maximum moet boven het minimum liggen."
        elif low < 0 or high > 100:
            errors["scale_max"] = "De schaal ligt tussen 0 en 100."
        else:
            try:
                values["levels"] = parse_levels(data.levels, low, high)
            except InvalidInput as exc:
                errors["levels"] = exc.message
    if errors:
        raise ValidationErrors(errors)
    return values


def _require_unfrozen(tx: Transaction, festival_id: int) -> None:
    if get_state(tx, festival_id).criteria_frozen:
        raise NotAllowed(
            "De criteria liggen vast sinds de eerste score. Wijzigen kan pas na 'criteria "
            "vrijgeven' met een reden."
        )


def add_criterion(
    db: Database, actor: Actor, festival_id: int, data: CriterionInput, *, by: User | None = None
) -> Criterion:
    _require_coordinator(by, "Criteria vastleggen")
    values = validate_criterion(data)
    with db.write(actor) as tx:
        _require_unfrozen(tx, festival_id)
        count = tx.fetchone(
            "SELECT count(*) AS n, coalesce(max(position), 0) AS last"
            " FROM criteria WHERE festival_id = ?",
            (festival_id,),
        )
        assert count is not None
        if count["n"] >= MAX_CRITERIA:
            raise InvalidInput(f"Hooguit {MAX_CRITERIA} criteria.", "name")
        criterion_id = tx.insert(
            "criteria",
            {
                "festival_id": festival_id,
                "position": count["last"] + 1,
                "name": values["name"],
                "description": values["description"],
                "weight": values["weight"],
                "scale_min": values["scale_min"],
                "scale_max": values["scale_max"],
                "levels": json.dumps(values.get("levels", {}), ensure_ascii=False),
            },
        )
        tx.audit(
            "criterium toegevoegd",
            "criterion",
            criterion_id,
            None,
            dict(values.items()),
        )
    return next(c for c in list_criteria(db, festival_id) if c.id == criterion_id)


def update_criterion(
    db: Database,
    actor: Actor,
    festival_id: int,
    criterion_id: int,
    data: CriterionInput,
    *,
    by: User | None = None,
) -> Criterion:
    _require_coordinator(by, "Criteria wijzigen")
    values = validate_criterion(data)
    with db.write(actor) as tx:
        _require_unfrozen(tx, festival_id)
        before = tx.fetchone(
            "SELECT * FROM criteria WHERE id = ? AND festival_id = ?", (criterion_id, festival_id)
        )
        if before is None:
            raise NotFound(f"Criterium {criterion_id} bestaat niet.")
        tx.execute(
            "UPDATE criteria SET name = ?, description = ?, weight = ?, scale_min = ?,"
            " scale_max = ?, levels = ? WHERE id = ?",
            (
                values["name"],
                values["description"],
                values["weight"],
                values["scale_min"],
                values["scale_max"],
                json.dumps(values.get("levels", {}), ensure_ascii=False),
                criterion_id,
            ),
        )
        tx.audit(
            "criterium gewijzigd",
            "criterion",
            criterion_id,
            dict(before),
            dict(values.items()),
        )
    return next(c for c in list_criteria(db, festival_id) if c.id == criterion_id)


def delete_criterion(
    db: Database, actor: Actor, festival_id: int, criterion_id: int, *, by: User | None = None
) -> None:
    _require_coordinator(by, "Criteria verwijderen")
    with db.write(actor) as tx:
        _require_unfrozen(tx, festival_id)
        before = tx.fetchone(
            "SELECT * FROM criteria WHERE id = ? AND festival_id = ?", (criterion_id, festival_id)
        )
        if before is None:
            raise NotFound(f"Criterium {criterion_id} bestaat niet.")
        tx.execute("DELETE FROM criteria WHERE id = ?", (criterion_id,))
        tx.audit("criterium verwijderd", "criterion", criterion_id, dict(before), None)


def reset_criteria(
    db: Database, actor: Actor, festival_id: int, reason: str, *, by: User | None = None
) -> None:
    """Release frozen criteria for changes (coordinator, with a reason; logged)."""
    _require_coordinator(by, "De criteria vrijgeven")
    why = _reason(reason)
    with db.write(actor) as tx:
        _ensure_state(tx, festival_id)
        tx.execute(
            "UPDATE jury_state SET criteria_frozen = 0 WHERE festival_id = ?", (festival_id,)
        )
        tx.audit("criteria vrijgegeven", "jury", festival_id, None, {"reden": why})


# -- programme and jurors --------------------------------------------------------------------


def list_pitches(db: Database | Transaction, festival_id: int) -> list[Pitch]:
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
    actor: Actor,
    festival_id: int,
    initiative_id: int,
    selected: bool,
    *,
    by: User | None = None,
) -> None:
    """Put an initiative on the pitch programme (at the end) or take it off."""
    _require_coordinator(by, "Het programma samenstellen")
    with db.write(actor) as tx:
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
    actor: Actor,
    festival_id: int,
    initiative_id: int,
    step: int,
    *,
    by: User | None = None,
) -> None:
    """Swap a pitch with its neighbour (step −1 earlier, +1 later)."""
    _require_coordinator(by, "De volgorde wijzigen")
    with db.write(actor) as tx:
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
    actor: Actor,
    festival_id: int,
    initiative_id: int | None,
    *,
    by: User | None = None,
) -> None:
    """The pitch on stage now; jurors see it highlighted."""
    _require_coordinator(by, "De huidige pitch kiezen")
    with db.write(actor) as tx:
        _ensure_state(tx, festival_id)
        tx.execute(
            "UPDATE jury_state SET current_initiative = ? WHERE festival_id = ?",
            (initiative_id, festival_id),
        )
        tx.audit("huidige pitch", "jury", festival_id, None, {"initiatief": initiative_id})


def list_jurors(db: Database, festival_id: int) -> list[User]:
    from festival.domain.accounts import list_users

    ids = {
        r["user_id"]
        for r in db.fetchall("SELECT user_id FROM jurors WHERE festival_id = ?", (festival_id,))
    }
    return sorted((u for u in list_users(db) if u.id in ids), key=lambda u: u.name)


def set_juror(
    db: Database,
    actor: Actor,
    festival_id: int,
    user_id: int,
    member: bool,
    *,
    by: User | None = None,
) -> None:
    _require_coordinator(by, "De jury samenstellen")
    with db.write(actor) as tx:
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


# -- scoring ---------------------------------------------------------------------------------


def _may_score(
    tx: Transaction, festival_id: int, juror: User, by: User | None, source: str
) -> None:
    if source == "papier":
        _require_coordinator(by, "Papieren scores invoeren")
    elif by is None or by.id != juror.id or by.role is not Role.JURY:
        raise NotAllowed("Alleen het jurylid zelf kan zijn of haar scores opslaan.")
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
    actor: Actor,
    festival_id: int,
    juror: User,
    initiative_id: int,
    values: Mapping[int, int],
    remark: str = "",
    *,
    by: User | None,
    source: str = "scherm",
) -> None:
    """Save one juror's scores for one initiative (all criteria), as one undoable save."""
    remark_text = clean_text(remark, "remark", "Opmerking", max_length=500, required=False)
    with db.write(actor) as tx:
        store_scores(
            tx, festival_id, juror, initiative_id, values, remark_text, by=by, source=source
        )


def store_scores(
    tx: Transaction,
    festival_id: int,
    juror: User,
    initiative_id: int,
    values: Mapping[int, int],
    remark_text: str | None,
    *,
    by: User | None,
    source: str,
) -> None:
    """:func:`save_scores` inside the caller's transaction (the paper import stores many
    saves in one). ``remark_text`` is already cleaned; None leaves the juror's remark as is."""
    _may_score(tx, festival_id, juror, by, source)
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
    _ensure_state(tx, festival_id)
    tx.execute("UPDATE jury_state SET criteria_frozen = 1 WHERE festival_id = ?", (festival_id,))
    tx.audit(
        "scores opgeslagen" + (" (papier)" if source == "papier" else ""),
        "jury_score",
        f"{juror.id}:{initiative_id}",
        {"scores": previous} if previous else None,
        {"jurylid": juror.name, "scores": {str(k): v for k, v in values.items()}},
    )


def undo_last_save(
    db: Database, actor: Actor, festival_id: int, juror: User, *, by: User | None
) -> int | None:
    """Put back what the juror's last save replaced; returns the initiative, None if nothing."""
    with db.write(actor) as tx:
        _may_score(tx, festival_id, juror, by, "scherm")
        row = tx.fetchone(
            "SELECT s.* FROM jury_saves s JOIN pitches p ON p.initiative_id = s.initiative_id"
            " WHERE s.juror_id = ? AND p.festival_id = ? AND s.undone = 0"
            " ORDER BY s.id DESC LIMIT 1",
            (juror.id, festival_id),
        )
        if row is None:
            return None
        previous = json.loads(row["previous"])
        initiative_id = row["initiative_id"]
        tx.execute(
            "DELETE FROM jury_scores WHERE juror_id = ? AND initiative_id = ?",
            (juror.id, initiative_id),
        )
        origin = previous.get("origin", {})
        for criterion_id, value in previous["scores"].items():
            source, saved_at = origin.get(criterion_id, ("scherm", utc_now()))
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
        return int(initiative_id)


def declare_conflict(
    db: Database,
    actor: Actor,
    festival_id: int,
    juror: User,
    initiative_id: int,
    reason: str,
    *,
    by: User | None,
) -> None:
    """A juror declares a conflict of interest; their scores for it no longer count."""
    why = _reason(reason)
    with db.write(actor) as tx:
        _may_score(tx, festival_id, juror, by, "scherm")
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


def own_scores(db: Database, festival_id: int, juror: User) -> OwnScores:
    """Only this juror's own scores, remarks and conflicts."""
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


# -- the coordinator -------------------------------------------------------------------------


def board(db: Database, festival_id: int) -> Board:
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


def lock(db: Database, actor: Actor, festival_id: int, *, by: User | None = None) -> None:
    _require_coordinator(by, "Het scoren vergrendelen")
    with db.write(actor) as tx:
        _ensure_state(tx, festival_id)
        tx.execute(
            "UPDATE jury_state SET status = 'vergrendeld' WHERE festival_id = ?", (festival_id,)
        )
        tx.audit("scoren vergrendeld", "jury", festival_id)


def unlock(
    db: Database, actor: Actor, festival_id: int, reason: str, *, by: User | None = None
) -> None:
    _require_coordinator(by, "Het scoren ontgrendelen")
    why = _reason(reason)
    with db.write(actor) as tx:
        _ensure_state(tx, festival_id)
        tx.execute(
            "UPDATE jury_state SET status = 'open', published = 0 WHERE festival_id = ?",
            (festival_id,),
        )
        tx.audit("scoren ontgrendeld", "jury", festival_id, None, {"reden": why})


def publish(db: Database, actor: Actor, festival_id: int, *, by: User | None = None) -> None:
    """Make the ranking visible to the jurors (only after locking)."""
    _require_coordinator(by, "De uitslag publiceren")
    with db.write(actor) as tx:
        if get_state(tx, festival_id).status is not JuryStatus.LOCKED:
            raise NotAllowed("Vergrendel het scoren voordat u de uitslag publiceert.")
        tx.execute("UPDATE jury_state SET published = 1 WHERE festival_id = ?", (festival_id,))
        tx.audit("juryuitslag gepubliceerd", "jury", festival_id)


def set_audience(
    db: Database,
    actor: Actor,
    festival_id: int,
    *,
    weight: int | None = None,
    votes: Mapping[int, int] | None = None,
    normalise: bool | None = None,
    by: User | None = None,
) -> None:
    """Audience weight (0–100 %), audience votes per initiative, and normalisation on/off."""
    _require_coordinator(by, "De publieksstem en normalisatie instellen")
    if weight is not None and not 0 <= weight <= 100:
        raise ValidationErrors({"weight": "Het gewicht van het publiek ligt tussen 0 en 100 %."})
    if votes and any(v < 0 for v in votes.values()):
        raise ValidationErrors({"votes": "Een aantal stemmen kan niet negatief zijn."})
    with db.write(actor) as tx:
        _ensure_state(tx, festival_id)
        if weight is not None:
            tx.execute(
                "UPDATE jury_state SET audience_weight = ? WHERE festival_id = ?",
                (weight, festival_id),
            )
        if normalise is not None:
            tx.execute(
                "UPDATE jury_state SET normalise = ? WHERE festival_id = ?",
                (int(normalise), festival_id),
            )
        for initiative_id, count in (votes or {}).items():
            tx.execute(
                "INSERT INTO audience_votes (initiative_id, votes) VALUES (?, ?)"
                " ON CONFLICT (initiative_id) DO UPDATE SET votes = excluded.votes",
                (initiative_id, count),
            )
        tx.audit(
            "publiek en normalisatie ingesteld",
            "jury",
            festival_id,
            None,
            {
                "gewicht": weight,
                "normaliseren": normalise,
                "stemmen": {str(k): v for k, v in (votes or {}).items()},
            },
        )


def ranking(
    db: Database | Transaction, festival_id: int, *, by: User | None = None
) -> tuple[list[RankedInitiative], str]:
    """The initiatives in order of final score, and a note (e.g. why normalisation is off).

    Jurors may see it only after the coordinator published; the desk never.
    """
    state = get_state(db, festival_id)
    juror_may_see = by is not None and by.role is Role.JURY and state.published
    if by is not None and by.role is not Role.COORDINATOR and not juror_may_see:
        raise NotAllowed("De rangschikking is zichtbaar nadat de coördinator publiceert.")
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
