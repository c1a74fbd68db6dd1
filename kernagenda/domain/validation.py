"""Checking what a user typed: the fixed lists, status steps, priorities, an item's fields and
an agenda's own fields. Every problem is reported at once (``ValidationErrors``)."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from festival.core.dates import format_date, parse_optional_date
from festival.core.errors import InvalidInput, ValidationErrors
from festival.core.money import parse_amount
from festival.core.text import clean_text, fold
from kernagenda.domain.models import (
    DATE_FIELDS,
    MAX_RANK,
    BudgetSource,
    ItemDraft,
    ItemInput,
    ItemKind,
    ItemStatus,
    MunicipalityRole,
    Owner,
    Priority,
)

#: Allowed status changes besides "any status -> geparkeerd / niet haalbaar": one step on,
#: or one step back to put right a status set too early.
_FORWARD = {
    ItemStatus.IDEA: {ItemStatus.PLANNED},
    ItemStatus.PLANNED: {ItemStatus.IN_PROGRESS, ItemStatus.IDEA},
    ItemStatus.IN_PROGRESS: {ItemStatus.DONE, ItemStatus.PLANNED},
    ItemStatus.DONE: {ItemStatus.IN_PROGRESS},
    ItemStatus.PARKED: {ItemStatus.IDEA, ItemStatus.PLANNED},
}

E = TypeVar("E", bound=StrEnum)


def choose(enum: type[E], text: str, field: str, label: str) -> E:
    """The member of ``enum`` whose value matches ``text`` (case and accents ignored)."""
    wanted = fold(text)
    for member in enum:
        if fold(member.value) == wanted:
            return member
    options = ", ".join(m.value for m in enum if m.value)
    raise InvalidInput(f"Onbekende {label} {text.strip()!r}; kies uit: {options}.", field)


def may_change_status(old: ItemStatus, new: ItemStatus) -> bool:
    if old is new or new in (ItemStatus.PARKED, ItemStatus.NOT_FEASIBLE):
        return True
    return new in _FORWARD.get(old, set())


def check_transition(old: ItemStatus, new: ItemStatus) -> None:
    if not may_change_status(old, new):
        raise InvalidInput(
            f"De status kan niet van {old.value!r} naar {new.value!r}; de volgorde is idee → "
            "gepland → in uitvoering → afgerond, een stap tegelijk (één stap terug mag, om te "
            "verbeteren), of geparkeerd / niet haalbaar.",
            "status",
        )


_PRIORITY = re.compile(r"^(?:speerpunt)?\s*([0-9]+)?$")


def parse_priority(text: str, field: str = "priority") -> tuple[Priority, int | None]:
    """``overig``, ``speerpunt``, ``speerpunt 1`` or ``1`` -> (priority, rank or None)."""
    raw = fold(text)
    if raw in ("", "overig"):
        return Priority.OTHER, None
    if raw == "speerpunt":
        return Priority.SPEARHEAD, None
    match = _PRIORITY.match(raw)
    if match and match.group(1):
        digits = match.group(1).lstrip("0") or "0"
        # Thousands of digits would make int() itself refuse: too long is too high anyway.
        rank = int(digits) if len(digits) <= len(str(MAX_RANK)) else MAX_RANK + 1
        if not 1 <= rank <= MAX_RANK:
            raise InvalidInput(f"Een speerpunt heeft een rang van 1 tot en met {MAX_RANK}.", field)
        return Priority.SPEARHEAD, rank
    raise InvalidInput(
        f"Onbekende prioriteit {text.strip()!r}; schrijf 'speerpunt 1', 'speerpunt' of 'overig'.",
        field,
    )


def validate_item(data: ItemInput, themes: list[str]) -> ItemDraft:
    """Check every field and report all problems at once (``ValidationErrors``)."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}

    def check(field: str, parse: Any) -> None:
        try:
            values[field] = parse()
        except InvalidInput as exc:
            errors[field] = exc.message

    def text(field: str, label: str, max_length: int = 200, required: bool = False) -> None:
        raw = getattr(data, field)
        if max_length >= 500:
            # A long text from a spreadsheet cell may hold line breaks (Alt+Enter in Excel):
            # kept as spaces, the words survive; other control characters are still refused.
            raw = " ".join(part.strip() for part in raw.splitlines() if part.strip())
        check(
            field, lambda: clean_text(raw, field, label, max_length=max_length, required=required)
        )

    def theme() -> str:
        name = clean_text(data.theme, "theme", "Thema", max_length=60)
        for known in themes:
            if fold(known) == fold(name):
                return known
        raise InvalidInput(f"Onbekend thema {name!r}; kies uit: {', '.join(themes)}.", "theme")

    check("theme", theme)
    text("title", "Onderwerp", required=True)
    text("problem", "Knelpunt of wens", 2000)
    text("desired_result", "Gewenst resultaat", 2000)
    check("kind", lambda: choose(ItemKind, data.kind, "kind", "soort"))
    try:
        values["priority"], values["rank"] = parse_priority(data.priority)
    except InvalidInput as exc:
        errors["priority"] = exc.message
    check("owner", lambda: choose(Owner, data.owner, "owner", "trekker"))
    text("partners", "Partners", 500)
    check(
        "municipality_role",
        lambda: choose(MunicipalityRole, data.municipality_role, "municipality_role", "rol"),
    )
    text("kernregisseur", "Kernregisseur", 120)
    text("feasibility", "Haalbaarheid", 500)
    check("status", lambda: choose(ItemStatus, data.status, "status", "status"))
    for field in DATE_FIELDS:
        raw = getattr(data, field)
        check(field, lambda raw=raw, field=field: parse_optional_date(raw, field))
    check(
        "budget_cents",
        lambda: parse_amount(data.budget, "budget_cents") if data.budget.strip() else 0,
    )
    check(
        "budget_source",
        lambda: choose(BudgetSource, data.budget_source, "budget_source", "budgetbron"),
    )
    text("source", "Bron", 500)
    start, target = values.get("start_date"), values.get("target_date")
    if isinstance(start, date) and isinstance(target, date) and target < start:
        errors["target_date"] = (
            f"De streefdatum ({format_date(target)}) ligt vóór de startdatum "
            f"({format_date(start)})."
        )
    if errors:
        raise ValidationErrors(errors)
    return ItemDraft.model_validate(values)


def agenda_fields(
    version_label: str, period: str, review_date: str
) -> tuple[str, str, date | None]:
    """The agenda's own fields checked; every problem at once (``ValidationErrors``)."""
    errors: dict[str, str] = {}
    label = period_text = ""
    review: date | None = None
    try:
        label = clean_text(version_label, "version_label", "Versie", max_length=80)
    except InvalidInput as exc:
        errors["version_label"] = exc.message
    try:
        period_text = clean_text(period, "period", "Periode", max_length=80, required=False)
    except InvalidInput as exc:
        errors["period"] = exc.message
    try:
        review = parse_optional_date(review_date, "review_date")
    except InvalidInput as exc:
        errors["review_date"] = exc.message
    if errors:
        raise ValidationErrors(errors)
    return label, period_text, review
