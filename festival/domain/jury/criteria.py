"""The criteria the jury scores on: parsed and checked input, frozen from the first score."""

from __future__ import annotations

import json

from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.core.text import clean_reason, clean_text
from festival.domain import permissions
from festival.domain.jury.models import MAX_CRITERIA, Criterion, CriterionInput
from festival.domain.jury.state import ensure_state, get_state
from festival.domain.permissions import Caller
from festival.store.database import Database, Row, Transaction


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
    """The festival's criteria in their order."""
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
    """The checked values of a criterion form; :class:`ValidationErrors` per field otherwise."""
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
    db: Database, caller: Caller, festival_id: int, data: CriterionInput
) -> Criterion:
    """Add a criterion at the end (at most six; not while the criteria are frozen)."""
    permissions.require(caller, permissions.CRITERIA_MANAGE)
    values = validate_criterion(data)
    with db.write(caller.actor) as tx:
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
    db: Database, caller: Caller, festival_id: int, criterion_id: int, data: CriterionInput
) -> Criterion:
    """Change a criterion (not while the criteria are frozen)."""
    permissions.require(caller, permissions.CRITERIA_MANAGE)
    values = validate_criterion(data)
    with db.write(caller.actor) as tx:
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


def delete_criterion(db: Database, caller: Caller, festival_id: int, criterion_id: int) -> None:
    """Remove a criterion (not while the criteria are frozen)."""
    permissions.require(caller, permissions.CRITERIA_MANAGE)
    with db.write(caller.actor) as tx:
        _require_unfrozen(tx, festival_id)
        before = tx.fetchone(
            "SELECT * FROM criteria WHERE id = ? AND festival_id = ?", (criterion_id, festival_id)
        )
        if before is None:
            raise NotFound(f"Criterium {criterion_id} bestaat niet.")
        tx.execute("DELETE FROM criteria WHERE id = ?", (criterion_id,))
        tx.audit("criterium verwijderd", "criterion", criterion_id, dict(before), None)


def reset_criteria(db: Database, caller: Caller, festival_id: int, reason: str) -> None:
    """Release frozen criteria for changes (coordinator, with a reason; logged)."""
    permissions.require(caller, permissions.CRITERIA_MANAGE)
    why = clean_reason(reason)
    with db.write(caller.actor) as tx:
        ensure_state(tx, festival_id)
        tx.execute(
            "UPDATE jury_state SET criteria_frozen = 0 WHERE festival_id = ?", (festival_id,)
        )
        tx.audit("criteria vrijgegeven", "jury", festival_id, None, {"reden": why})
