"""The kernagenda of a kern: its agenda, items, history, progress log and fixed versions.

Every change to an item writes a history row per field (field, old, new, who, when) and an audit
line in the same transaction. A kernregisseur edits the agendas of their own kernen (the
coordinator all of them); other users only read.
"""

from __future__ import annotations

import json
import re
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel

from festival.core.dates import format_date, parse_optional_date
from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.core.money import format_money, parse_amount
from festival.core.text import clean_text, fold
from festival.domain.accounts import Role, User
from festival.store.database import Actor, Database, Row, Transaction, utc_now


class AgendaStatus(StrEnum):
    CONCEPT = "concept"
    FIXED = "vastgesteld"


class ItemKind(StrEnum):
    PROJECT = "project"
    JOB = "klus"
    IDEA = "idee"


class Priority(StrEnum):
    SPEARHEAD = "speerpunt"
    OTHER = "overig"


class Owner(StrEnum):
    RESIDENTS = "inwoners"
    ASSOCIATION = "kernbelangenorganisatie"
    MUNICIPALITY = "gemeente"
    OTHER_ORG = "andere organisatie"
    TOGETHER = "samen"


class MunicipalityRole(StrEnum):
    INFORM = "informeren"
    FACILITATE = "faciliteren"
    ADVISE = "meedenken"
    FUND = "financieren"
    EXECUTE = "uitvoeren"


class ItemStatus(StrEnum):
    IDEA = "idee"
    PLANNED = "gepland"
    IN_PROGRESS = "in uitvoering"
    DONE = "afgerond"
    PARKED = "geparkeerd"
    NOT_FEASIBLE = "niet haalbaar"


#: Statuses in which an item is still being worked on (a passed target date then matters).
OPEN_STATUSES = frozenset({ItemStatus.IDEA, ItemStatus.PLANNED, ItemStatus.IN_PROGRESS})


class BudgetSource(StrEnum):
    NONE = ""
    LIVEABILITY = "leefbaarheidsbudget"
    FESTIVAL = "festival"
    REGULAR = "regulier"
    FUND = "fonds"


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


def actor_of(by: User) -> Actor:
    """Who a change is attributed to; a command-line user (id 0) has no user id."""
    return Actor(name=by.name, user_id=by.id if by.id > 0 else None)


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
#: The highest rank a speerpunt can have (an agenda has a handful; SQLite stores 64 bits).
MAX_RANK = 999


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


class ItemInput(BaseModel):
    """An item as typed in a form or read from a CSV line: text, not yet checked."""

    theme: str
    title: str
    problem: str = ""
    desired_result: str = ""
    kind: str = ItemKind.IDEA.value
    priority: str = Priority.OTHER.value
    owner: str = Owner.RESIDENTS.value
    partners: str = ""
    municipality_role: str = MunicipalityRole.INFORM.value
    kernregisseur: str = ""
    feasibility: str = ""
    status: str = ItemStatus.IDEA.value
    start_date: str = ""
    target_date: str = ""
    budget: str = ""
    budget_source: str = ""
    source: str = ""
    last_discussed: str = ""


class ItemDraft(BaseModel):
    """A checked item; ``rank`` None for a speerpunt means "after the last one"."""

    theme: str
    title: str
    problem: str
    desired_result: str
    kind: ItemKind
    priority: Priority
    rank: int | None
    owner: Owner
    partners: str
    municipality_role: MunicipalityRole
    kernregisseur: str
    feasibility: str
    status: ItemStatus
    start_date: date | None
    target_date: date | None
    budget_cents: int
    budget_source: BudgetSource
    source: str
    last_discussed: date | None


class Item(ItemDraft):
    id: int
    agenda_id: int
    created_at: str
    updated_at: str
    removed_at: str | None = None
    removed_by: str | None = None
    removed_reason: str | None = None

    def search_text(self) -> str:
        """What the filter on screen matches: folded, so ``cafe`` finds ``Café``."""
        return fold(
            " ".join(
                (
                    self.title,
                    self.theme,
                    self.problem,
                    self.desired_result,
                    self.owner.value,
                    self.partners,
                    self.kernregisseur,
                    self.status.value,
                    self.kind.value,
                    self.priority.value,
                )
            )
        )

    def is_overdue(self, today: date) -> bool:
        """The target date has passed while the work is still open."""
        return (
            self.target_date is not None
            and self.target_date < today
            and self.status in OPEN_STATUSES
        )

    def as_input(self) -> ItemInput:
        priority = (
            f"speerpunt {self.rank}" if self.priority is Priority.SPEARHEAD else Priority.OTHER
        )
        return ItemInput(
            theme=self.theme,
            title=self.title,
            problem=self.problem,
            desired_result=self.desired_result,
            kind=self.kind.value,
            priority=priority,
            owner=self.owner.value,
            partners=self.partners,
            municipality_role=self.municipality_role.value,
            kernregisseur=self.kernregisseur,
            feasibility=self.feasibility,
            status=self.status.value,
            start_date=format_date(self.start_date),
            target_date=format_date(self.target_date),
            # As a Dutch office writes it ("12.500,00"); parse_amount reads it back.
            budget=format_money(self.budget_cents).replace("€", "").strip(),
            budget_source=self.budget_source.value,
            source=self.source,
            last_discussed=format_date(self.last_discussed),
        )


#: Fields that are compared, stored in history and kept in a version snapshot.
ITEM_FIELDS = tuple(ItemDraft.model_fields)

#: Dutch names of the item fields and of the other lines in an item's history.
FIELD_LABELS = {
    "theme": "thema",
    "title": "onderwerp",
    "problem": "knelpunt/wens",
    "desired_result": "gewenst resultaat",
    "kind": "soort",
    "priority": "prioriteit",
    "rank": "rang",
    "owner": "trekker",
    "partners": "partners",
    "municipality_role": "rol gemeente",
    "kernregisseur": "kernregisseur",
    "feasibility": "haalbaarheid",
    "status": "status",
    "start_date": "startdatum",
    "target_date": "streefdatum",
    "budget_cents": "budget",
    "budget_source": "budgetbron",
    "source": "bron",
    "last_discussed": "besproken met inwoners",
    "aangemaakt": "aangemaakt",
    "voortgang": "voortgang",
    "koppeling": "koppeling",
    "verwijderd": "verwijderd",
}
_DATE_FIELDS = ("start_date", "target_date", "last_discussed")


def display_value(field: str, value: object) -> str:
    """A history or comparison value as a reader expects it: dates Dutch, amounts in euro."""
    if value is None or value == "":
        return "–"
    if field in _DATE_FIELDS:
        return format_date(date.fromisoformat(str(value)))
    if field == "budget_cents":
        return format_money(int(str(value)))
    return str(value)


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
    for field in _DATE_FIELDS:
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


class Agenda(BaseModel):
    id: int
    kern_id: int
    kern_name: str
    version_label: str
    period: str
    status: AgendaStatus
    review_date: date | None
    created_at: str
    updated_at: str


class AgendaVersion(BaseModel):
    id: int
    agenda_id: int
    version_label: str
    frozen_at: str
    frozen_by: str
    items: list[dict[str, Any]]


class HistoryEntry(BaseModel):
    field: str
    old: str | None
    new: str | None
    who: str
    at: str


class ProgressUpdate(BaseModel):
    id: int
    item_id: int
    who: str
    at: str
    text: str
    old_status: str | None
    new_status: str | None


class FieldChange(BaseModel):
    field: str
    old: Any
    new: Any


class ChangedItem(BaseModel):
    item_id: int
    title: str
    changes: list[FieldChange]


class Comparison(BaseModel):
    added: list[str]
    removed: list[str]
    changed: list[ChangedItem]


# -- reading ------------------------------------------------------------------------------
def list_themes(db: Database | Transaction) -> list[str]:
    return [r["name"] for r in db.fetchall("SELECT name FROM agenda_themes ORDER BY position, id")]


class ThemeUse(BaseModel):
    """A theme in the list's order, with how many items on an agenda use it."""

    id: int
    name: str
    items: int


def list_theme_use(db: Database | Transaction) -> list[ThemeUse]:
    """The themes in order, each with its number of items still on an agenda."""
    rows = db.fetchall(
        "SELECT t.id, t.name, (SELECT count(*) FROM agenda_items i"
        " WHERE i.theme = t.name AND i.removed_at IS NULL) AS items"
        " FROM agenda_themes t ORDER BY t.position, t.id"
    )
    return [ThemeUse.model_validate(dict(r)) for r in rows]


def may_manage_themes(user: User) -> bool:
    """The theme list is shared by every kern: a kernregisseur or the coordinator keeps it."""
    return user.role in (Role.COORDINATOR, Role.KERNREGISSEUR)


def _require_themes(by: User) -> None:
    if not may_manage_themes(by):
        raise NotAllowed("Alleen een kernregisseur of de coördinator beheert de thema's.")


def _find_theme(db: Database | Transaction, name: str) -> str:
    """The stored name of the theme ``name`` (case and accents ignored)."""
    for theme in list_themes(db):
        if fold(theme) == fold(name):
            return theme
    raise NotFound(f"Het thema {name.strip()!r} bestaat niet (meer).")


def add_theme(db: Database, by: User, name: str) -> str:
    """Add a theme at the end of the list; returns its name as stored."""
    _require_themes(by)
    name = clean_text(name, "theme", "Thema", max_length=60)
    with db.write(actor_of(by)) as tx:
        if any(fold(t) == fold(name) for t in list_themes(tx)):
            raise InvalidInput(f"Het thema {name!r} bestaat al.", "theme")
        position = tx.fetchone("SELECT COALESCE(MAX(position), 0) + 1 AS p FROM agenda_themes")
        assert position is not None
        tx.insert("agenda_themes", {"name": name, "position": position["p"]})
        tx.audit("thema toegevoegd", "agenda_theme", name, None, {"name": name})
    return name


def rename_theme(db: Database, by: User, old: str, new: str) -> str:
    """Rename a theme, and with it every item on an agenda that has it; returns the new name.

    Each item gets a history row and audit line, and a fixed agenda whose items change becomes
    the next concept. Items taken off an agenda keep the old name, as fixed versions do: both
    are read, never edited.
    """
    _require_themes(by)
    name = clean_text(new, "theme", "Thema", max_length=60)
    with db.write(actor_of(by)) as tx:
        current = _find_theme(tx, old)
        if name == current:
            return name
        for existing in list_themes(tx):
            if fold(existing) == fold(name) and existing != current:
                raise InvalidInput(f"Het thema {existing!r} bestaat al.", "theme")
        tx.execute("UPDATE agenda_themes SET name = ? WHERE name = ?", (name, current))
        rows = tx.fetchall(
            "SELECT * FROM agenda_items WHERE theme = ? AND removed_at IS NULL ORDER BY id",
            (current,),
        )
        # The list is shared, the items are not: renaming may not reach into an agenda this
        # user only reads (a kernregisseur of Zoelen cannot edit Ingen).
        for agenda_id in sorted({row["agenda_id"] for row in rows}):
            agenda = get_agenda(tx, agenda_id)
            if not by.may_edit_kern(agenda.kern_id):
                raise NotAllowed(
                    f"Het thema {current!r} wordt ook gebruikt in de kernagenda van "
                    f"{agenda.kern_name}; alleen de coördinator of de kernregisseur van alle "
                    "betrokken kernen kan het hernoemen. Een nieuw thema toevoegen kan wel."
                )
        for row in rows:
            _apply(tx, _item(row), {"theme": name})
        tx.audit(
            "thema hernoemd",
            "agenda_theme",
            current,
            {"name": current},
            {"name": name, "agendapunten": len(rows)},
        )
    return name


def _removal_problem(db: Database | Transaction, current: str) -> str | None:
    row = db.fetchone(
        "SELECT count(*) AS n FROM agenda_items WHERE theme = ? AND removed_at IS NULL",
        (current,),
    )
    used = int(row["n"]) if row is not None else 0
    if used:
        items = "agendapunt" if used == 1 else "agendapunten"
        return (
            f"Het thema {current!r} wordt nog gebruikt door {used} {items}; geef die eerst een "
            "ander thema."
        )
    if len(list_themes(db)) == 1:
        return f"Het thema {current!r} is het laatste; een agenda heeft minstens één thema."
    return None


def theme_removal_problem(db: Database, name: str) -> str | None:
    """Why :func:`remove_theme` would refuse ``name`` now, or None (asked before confirming)."""
    try:
        return _removal_problem(db, _find_theme(db, name))
    except NotFound as exc:
        return exc.message


def remove_theme(db: Database, by: User, name: str) -> None:
    """Remove a theme no item on an agenda uses; the list never becomes empty."""
    _require_themes(by)
    with db.write(actor_of(by)) as tx:
        current = _find_theme(tx, name)
        problem = _removal_problem(tx, current)
        if problem:
            raise InvalidInput(problem, "theme")
        tx.execute("DELETE FROM agenda_themes WHERE name = ?", (current,))
        tx.audit("thema verwijderd", "agenda_theme", current, {"name": current}, None)


def move_theme(db: Database, by: User, name: str, step: int) -> None:
    """Move a theme up (``step=-1``) or down (``step=1``) in the order lists and documents
    show; at either end nothing changes."""
    _require_themes(by)
    with db.write(actor_of(by)) as tx:
        # The order is that of every agenda's list and documents: only who edits them all.
        for agenda in list_agendas(tx):
            if not by.may_edit_kern(agenda.kern_id):
                raise NotAllowed(
                    "De volgorde van de thema's geldt voor elke kernagenda; alleen wie ze "
                    f"allemaal wijzigt (ook {agenda.kern_name}) kan haar veranderen."
                )
        rows = tx.fetchall("SELECT id, name, position FROM agenda_themes ORDER BY position, id")
        names = [r["name"] for r in rows]
        current = _find_theme(tx, name)
        index = names.index(current)
        other = index + (-1 if step < 0 else 1)
        if not 0 <= other < len(names):
            return
        names[index], names[other] = names[other], names[index]
        # Numbered afresh: older lists may hold equal positions, which a swap would not change.
        for position, (row, theme) in enumerate(zip(rows, names, strict=True), start=1):
            if row["name"] != theme or row["position"] != position:
                tx.execute(
                    "UPDATE agenda_themes SET position = ? WHERE name = ?", (position, theme)
                )
        tx.audit(
            "thema verplaatst",
            "agenda_theme",
            current,
            {"positie": index + 1},
            {"positie": other + 1},
        )


def _agenda(row: Row) -> Agenda:
    return Agenda(
        id=row["id"],
        kern_id=row["kern_id"],
        kern_name=row["kern_name"],
        version_label=row["version_label"],
        period=row["period"],
        status=AgendaStatus(row["status"]),
        review_date=date.fromisoformat(row["review_date"]) if row["review_date"] else None,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


_AGENDA_SQL = "SELECT a.*, k.name AS kern_name FROM agendas a JOIN kernen k ON k.id = a.kern_id"


def get_agenda(db: Database | Transaction, agenda_id: int) -> Agenda:
    row = db.fetchone(f"{_AGENDA_SQL} WHERE a.id = ?", (agenda_id,))
    if row is None:
        raise NotFound(f"Agenda {agenda_id} bestaat niet.")
    return _agenda(row)


def agenda_for_kern(db: Database | Transaction, kern_id: int) -> Agenda | None:
    row = db.fetchone(f"{_AGENDA_SQL} WHERE a.kern_id = ?", (kern_id,))
    return None if row is None else _agenda(row)


def list_agendas(db: Database | Transaction) -> list[Agenda]:
    return [_agenda(r) for r in db.fetchall(f"{_AGENDA_SQL} ORDER BY k.name")]


def _item(row: Row) -> Item:
    values = dict(row)
    for field in _DATE_FIELDS:
        values[field] = date.fromisoformat(values[field]) if values[field] else None
    return Item.model_validate(values)


def sort_key(item: Item) -> tuple[int, int, str]:
    """Speerpunten first in rank order, then the rest by title."""
    if item.priority is Priority.SPEARHEAD and item.rank is not None:
        return (0, item.rank, "")
    return (1, 0, fold(item.title))


def list_items(db: Database | Transaction, agenda_id: int) -> list[Item]:
    rows = db.fetchall(
        "SELECT * FROM agenda_items WHERE agenda_id = ? AND removed_at IS NULL", (agenda_id,)
    )
    return sorted((_item(r) for r in rows), key=sort_key)


def list_removed_items(db: Database | Transaction, agenda_id: int) -> list[Item]:
    """The items taken off the agenda, most recently removed first (with who and why)."""
    rows = db.fetchall(
        "SELECT * FROM agenda_items WHERE agenda_id = ? AND removed_at IS NOT NULL"
        " ORDER BY removed_at DESC, id DESC",
        (agenda_id,),
    )
    return [_item(r) for r in rows]


def get_item(db: Database | Transaction, item_id: int) -> Item:
    row = db.fetchone("SELECT * FROM agenda_items WHERE id = ?", (item_id,))
    if row is None:
        raise NotFound(f"Agendapunt {item_id} bestaat niet.")
    return _item(row)


def item_history(db: Database, item_id: int) -> list[HistoryEntry]:
    rows = db.fetchall(
        "SELECT field, old, new, who, at FROM item_history WHERE item_id = ? ORDER BY id",
        (item_id,),
    )
    return [HistoryEntry.model_validate(dict(r)) for r in rows]


def list_progress(db: Database | Transaction, item_id: int) -> list[ProgressUpdate]:
    rows = db.fetchall(
        "SELECT * FROM progress_updates WHERE item_id = ? ORDER BY at, id", (item_id,)
    )
    return [ProgressUpdate.model_validate(dict(r)) for r in rows]


# -- writing ------------------------------------------------------------------------------
def require_edit(by: User, agenda: Agenda) -> None:
    if not by.may_edit_kern(agenda.kern_id):
        raise NotAllowed(
            f"Alleen de kernregisseur van {agenda.kern_name} of de coördinator wijzigt deze "
            "agenda; u kunt hem wel lezen."
        )


def _agenda_fields(
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


def create_agenda(
    db: Database,
    by: User,
    kern_id: int,
    version_label: str,
    *,
    period: str = "",
    review_date: str = "",
) -> Agenda:
    kern_name = require_create(db, by, kern_id)
    label, period_text, review = _agenda_fields(version_label, period, review_date)
    with db.write(actor_of(by)) as tx:
        if agenda_for_kern(tx, kern_id) is not None:
            raise InvalidInput(f"{kern_name} heeft al een kernagenda.", "kern_id")
        agenda_id = insert_agenda(tx, kern_id, label, period_text, review)
    return get_agenda(db, agenda_id)


def require_create(db: Database | Transaction, by: User, kern_id: int) -> str:
    """The name of the kern, if it exists and ``by`` may make its agenda."""
    kern = db.fetchone("SELECT id, name FROM kernen WHERE id = ?", (kern_id,))
    if kern is None:
        raise InvalidInput(f"Onbekende kern {kern_id}.", "kern_id")
    if not by.may_edit_kern(kern_id):
        raise NotAllowed(
            f"Alleen de kernregisseur van {kern['name']} of de coördinator maakt deze agenda."
        )
    return str(kern["name"])


def insert_agenda(
    tx: Transaction, kern_id: int, label: str, period: str, review: date | None
) -> int:
    """Store a checked, new concept agenda in ``tx``, with its audit line; returns its id.

    No checks: callers check the permission (:func:`require_create`) and that the kern has no
    agenda yet, so an import can make the agenda and its items in one transaction.
    """
    now = utc_now()
    values = {
        "kern_id": kern_id,
        "version_label": label,
        "period": period,
        "status": AgendaStatus.CONCEPT.value,
        "review_date": review.isoformat() if review else None,
        "created_at": now,
        "updated_at": now,
    }
    agenda_id = tx.insert("agendas", values)
    tx.audit("kernagenda gemaakt", "agenda", agenda_id, None, values)
    return agenda_id


def update_agenda(
    db: Database,
    by: User,
    agenda_id: int,
    *,
    version_label: str,
    period: str,
    review_date: str,
) -> Agenda:
    """Change the agenda's version name, period and next review date.

    A fixed version keeps its name: renaming it is refused, since the snapshot carries it.
    """
    agenda = get_agenda(db, agenda_id)
    require_edit(by, agenda)
    label, period_text, review = _agenda_fields(version_label, period, review_date)
    if agenda.status is AgendaStatus.FIXED and label != agenda.version_label:
        raise ValidationErrors(
            {
                "version_label": f"Versie {agenda.version_label!r} is vastgesteld; de naam "
                "verandert pas met de volgende conceptversie."
            }
        )
    old = {
        "version_label": agenda.version_label,
        "period": agenda.period,
        "review_date": agenda.review_date.isoformat() if agenda.review_date else None,
    }
    new = {
        "version_label": label,
        "period": period_text,
        "review_date": review.isoformat() if review else None,
    }
    changed = {k: v for k, v in new.items() if old[k] != v}
    if changed:
        with db.write(actor_of(by)) as tx:
            sets = ", ".join(f"{k} = ?" for k in changed)
            tx.execute(
                f"UPDATE agendas SET {sets}, updated_at = ? WHERE id = ?",
                (*changed.values(), utc_now(), agenda_id),
            )
            tx.audit(
                "kernagenda gewijzigd",
                "agenda",
                agenda_id,
                {k: old[k] for k in changed},
                changed,
            )
    return get_agenda(db, agenda_id)


def next_label(label: str) -> str:
    """``eerste versie 2024`` -> ``eerste versie 2024 +1`` -> ``eerste versie 2024 +2``."""
    match = re.fullmatch(r"(.*) \+(\d+)", label)
    if match:
        return f"{match.group(1)} +{int(match.group(2)) + 1}"
    return f"{label} +1"


def _touch(tx: Transaction, agenda: Agenda) -> None:
    """An edit to a fixed agenda starts the next concept."""
    if agenda.status is AgendaStatus.FIXED:
        label = next_label(agenda.version_label)
        tx.execute(
            "UPDATE agendas SET status = 'concept', version_label = ?, updated_at = ? WHERE id = ?",
            (label, utc_now(), agenda.id),
        )
        tx.audit(
            "nieuwe conceptversie",
            "agenda",
            agenda.id,
            {"version_label": agenda.version_label, "status": agenda.status.value},
            {"version_label": label, "status": AgendaStatus.CONCEPT.value},
        )
    else:
        tx.execute("UPDATE agendas SET updated_at = ? WHERE id = ?", (utc_now(), agenda.id))


def mark_edited(tx: Transaction, agenda_id: int) -> None:
    """After a change made with :func:`insert_item`: a fixed agenda becomes the next concept."""
    _touch(tx, get_agenda(tx, agenda_id))


def _stored(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value


def _shown(value: Any) -> str | None:
    stored = _stored(value)
    return None if stored is None else str(stored)


def _history(tx: Transaction, item_id: int, field: str, old: Any, new: Any) -> None:
    tx.insert(
        "item_history",
        {
            "item_id": item_id,
            "field": field,
            "old": _shown(old),
            "new": _shown(new),
            "who": tx.actor.name,
            "at": utc_now(),
        },
    )


def _next_rank(tx: Transaction, agenda_id: int) -> int:
    row = tx.fetchone(
        "SELECT COALESCE(MAX(rank), 0) + 1 AS r FROM agenda_items WHERE agenda_id = ?",
        (agenda_id,),
    )
    assert row is not None
    if int(row["r"]) > MAX_RANK:
        raise ValidationErrors(
            {"priority": f"Er zijn al {MAX_RANK} speerpunten; maak er eerst een 'overig'."}
        )
    return int(row["r"])


def _close_gap(tx: Transaction, agenda_id: int, freed: int | None) -> None:
    """Move the speerpunten below a freed rank up one place, so the numbers stay 1, 2, 3."""
    if freed is None:
        return
    below = tx.fetchall(
        "SELECT * FROM agenda_items WHERE agenda_id = ? AND rank > ? ORDER BY rank",
        (agenda_id, freed),
    )
    # In ascending order the rank one up is always free: the unique index on
    # (agenda_id, rank) never sees two equal ranks.
    for row in below:
        lower = _item(row)
        assert lower.rank is not None
        _apply(tx, lower, {"rank": lower.rank - 1})


def _check_rank(tx: Transaction, agenda_id: int, rank: int, item_id: int | None) -> None:
    clash = tx.fetchone(
        "SELECT title FROM agenda_items WHERE agenda_id = ? AND rank = ? AND id IS NOT ?",
        (agenda_id, rank, item_id),
    )
    if clash is not None:
        raise ValidationErrors(
            {"priority": f"Speerpunt {rank} is al {clash['title']!r}; kies een ander nummer."}
        )


def insert_item(tx: Transaction, agenda_id: int, draft: ItemDraft) -> int:
    """Store a checked item (no permission check: callers do that); history and audit too.

    Callers finish with :func:`mark_edited`, once for all the items they insert.
    """
    rank = draft.rank
    if draft.priority is Priority.SPEARHEAD:
        if rank is None:
            rank = _next_rank(tx, agenda_id)
        else:
            _check_rank(tx, agenda_id, rank, None)
    now = utc_now()
    values = {f: _stored(getattr(draft, f)) for f in ITEM_FIELDS}
    values.update(rank=rank, agenda_id=agenda_id, created_at=now, updated_at=now)
    item_id = tx.insert("agenda_items", values)
    _history(tx, item_id, "aangemaakt", None, draft.title)
    tx.audit("agendapunt toegevoegd", "agenda_item", item_id, None, values)
    return item_id


def add_item(db: Database, by: User, agenda_id: int, data: ItemInput) -> Item:
    agenda = get_agenda(db, agenda_id)
    require_edit(by, agenda)
    draft = validate_item(data, list_themes(db))
    with db.write(actor_of(by)) as tx:
        item_id = insert_item(tx, agenda_id, draft)
        _touch(tx, get_agenda(tx, agenda_id))
    return get_item(db, item_id)


def _apply(tx: Transaction, item: Item, changes: dict[str, Any]) -> dict[str, Any]:
    """Write the changed fields of ``item``; returns {field: (old, new)} of real changes."""
    changed = {f: v for f, v in changes.items() if getattr(item, f) != v}
    if not changed:
        return {}
    sets = ", ".join(f"{f} = ?" for f in changed)
    tx.execute(
        f"UPDATE agenda_items SET {sets}, updated_at = ? WHERE id = ?",
        (*(_stored(v) for v in changed.values()), utc_now(), item.id),
    )
    for field, new in changed.items():
        _history(tx, item.id, field, getattr(item, field), new)
    tx.audit(
        "agendapunt gewijzigd",
        "agenda_item",
        item.id,
        {f: _stored(getattr(item, f)) for f in changed},
        {f: _stored(v) for f, v in changed.items()},
    )
    _touch(tx, get_agenda(tx, item.agenda_id))
    return changed


def _on_agenda(item: Item) -> Item:
    """The item, if it is still on the agenda (a removed one is only read)."""
    if item.removed_at is not None:
        raise InvalidInput(
            f"{item.title!r} is van de agenda gehaald; wijzigen kan niet meer.", "item"
        )
    return item


def _item_to_edit(db: Database, by: User, item_id: int) -> Item:
    """The item if ``by`` may edit it and it is still on the agenda."""
    item = get_item(db, item_id)
    require_edit(by, get_agenda(db, item.agenda_id))
    return _on_agenda(item)


def update_item(
    db: Database, by: User, item_id: int, data: ItemInput, *, loaded: Item | None = None
) -> Item:
    """Change an item as edited in a form: validated, status transition and rank checked.

    ``loaded`` is the item as the form showed it. Only the fields the user changed from it are
    written, so an edit made meanwhile on another terminal to other fields stays; a field that
    both changed is refused with what it is now.
    """
    _item_to_edit(db, by, item_id)
    draft = validate_item(data, list_themes(db))
    with db.write(actor_of(by)) as tx:
        current = _on_agenda(get_item(tx, item_id))
        base = loaded or current
        wanted = {f: getattr(draft, f) for f in ITEM_FIELDS}
        if draft.priority is Priority.SPEARHEAD and draft.rank is None:
            # "speerpunt" without a number: keep its place, or go after the last one.
            spearhead = base.priority is Priority.SPEARHEAD and base.rank is not None
            wanted["rank"] = base.rank if spearhead else None
        changed = {f: v for f, v in wanted.items() if v != getattr(base, f)}
        clashes = {
            ("priority" if f == "rank" else f): "Intussen gewijzigd door een ander: nu "
            f"{display_value(f, _stored(getattr(current, f)))}. Sluit het formulier (Esc) en "
            "open het punt opnieuw."
            for f in changed
            if getattr(current, f) != getattr(base, f)
        }
        if clashes:
            raise ValidationErrors(clashes)
        if "status" in changed:
            try:
                check_transition(current.status, draft.status)
            except InvalidInput as exc:
                raise ValidationErrors({"status": exc.message}) from exc
        freed = None
        if changed.get("priority", current.priority) is Priority.OTHER:
            if current.rank is not None:
                changed["rank"] = None
                freed = current.rank
        elif "priority" in changed or "rank" in changed:
            rank = changed.get("rank", current.rank)
            if rank is None:
                changed["rank"] = _next_rank(tx, current.agenda_id)
            else:
                _check_rank(tx, current.agenda_id, int(rank), current.id)
        _apply(tx, current, changed)
        _close_gap(tx, current.agenda_id, freed)
    return get_item(db, item_id)


def set_status(db: Database, by: User, item_id: int, status: str) -> Item:
    item = _item_to_edit(db, by, item_id)
    new = choose(ItemStatus, status, "status", "status")
    check_transition(item.status, new)
    with db.write(actor_of(by)) as tx:
        _apply(tx, item, {"status": new})
    return get_item(db, item_id)


def move_item(db: Database, by: User, item_id: int, step: int) -> Item:
    """Move a speerpunt up (``step=-1``) or down (``step=1``) by swapping ranks."""
    item = _item_to_edit(db, by, item_id)
    if item.priority is not Priority.SPEARHEAD or item.rank is None:
        raise InvalidInput("Alleen een speerpunt heeft een volgorde.", "priority")
    with db.write(actor_of(by)) as tx:
        order = "DESC" if step < 0 else "ASC"
        compare = "<" if step < 0 else ">"
        row = tx.fetchone(
            f"SELECT * FROM agenda_items WHERE agenda_id = ? AND rank {compare} ? "
            f"ORDER BY rank {order} LIMIT 1",
            (item.agenda_id, item.rank),
        )
        if row is None:
            return item
        other = _item(row)
        assert other.rank is not None
        # The unique index allows no moment with two equal ranks: park one on a free value.
        tx.execute("UPDATE agenda_items SET rank = ? WHERE id = ?", (-item.id, item.id))
        _apply(tx, other, {"rank": item.rank})
        _apply(tx, item, {"rank": other.rank})  # history shows the rank it had
    return get_item(db, item_id)


def remove_item(db: Database, by: User, item_id: int, reason: str) -> Item:
    """Take an item off the agenda, with a reason; it stays readable with its history.

    A speerpunt gives up its rank and the speerpunten below it move up one place, each with
    a history row, so the numbers stay 1, 2, 3 without a gap.
    """
    item = get_item(db, item_id)
    require_edit(by, get_agenda(db, item.agenda_id))
    if item.removed_at is not None:
        raise InvalidInput(f"{item.title!r} is al van de agenda gehaald.", "item")
    why = clean_text(reason, "reason", "Reden", max_length=500)
    with db.write(actor_of(by)) as tx:
        item = get_item(tx, item_id)  # as it is now: its rank may have moved meanwhile
        if item.removed_at is not None:
            raise InvalidInput(f"{item.title!r} is al van de agenda gehaald.", "item")
        _apply(tx, item, {"priority": Priority.OTHER, "rank": None})
        _close_gap(tx, item.agenda_id, item.rank)
        tx.execute(
            "UPDATE agenda_items SET removed_at = ?, removed_by = ?, removed_reason = ?"
            " WHERE id = ?",
            (utc_now(), by.name, why, item_id),
        )
        _history(tx, item_id, "verwijderd", item.title, why)
        tx.audit("agendapunt verwijderd", "agenda_item", item_id, None, {"reden": why})
        _touch(tx, get_agenda(tx, item.agenda_id))
    return get_item(db, item_id)


def add_progress(
    db: Database, by: User, item_id: int, text: str, *, new_status: str = ""
) -> ProgressUpdate:
    """A dated line in the item's progress log, optionally with a status change."""
    item = _item_to_edit(db, by, item_id)
    body = clean_text(text, "text", "Voortgang", max_length=2000)
    status = choose(ItemStatus, new_status, "status", "status") if new_status.strip() else None
    if status is item.status:
        status = None  # "still in progress" is a note, not a status change
    if status is not None:
        check_transition(item.status, status)
    with db.write(actor_of(by)) as tx:
        update_id = tx.insert(
            "progress_updates",
            {
                "item_id": item_id,
                "who": by.name,
                "at": utc_now(),
                "text": body,
                "old_status": item.status.value if status else None,
                "new_status": status.value if status else None,
            },
        )
        _history(tx, item_id, "voortgang", None, body)
        tx.audit("voortgang vastgelegd", "agenda_item", item_id, None, {"tekst": body})
        if status is not None and status is not item.status:
            _apply(tx, item, {"status": status})
        else:
            _touch(tx, get_agenda(tx, item.agenda_id))
    return next(p for p in list_progress(db, item_id) if p.id == update_id)


# -- versions -----------------------------------------------------------------------------
def _snapshot(items: list[Item]) -> list[dict[str, Any]]:
    return [{"id": i.id, **{f: _stored(getattr(i, f)) for f in ITEM_FIELDS}} for i in items]


def fix_version(db: Database, by: User, agenda_id: int) -> AgendaVersion:
    """Vaststellen: freeze the agenda as it is now; the next edit starts a new concept."""
    agenda = get_agenda(db, agenda_id)
    require_edit(by, agenda)
    if agenda.status is AgendaStatus.FIXED:
        raise InvalidInput(f"Versie {agenda.version_label!r} is al vastgesteld.", "status")
    with db.write(actor_of(by)) as tx:
        snapshot = json.dumps(_snapshot(list_items(tx, agenda_id)), ensure_ascii=False)
        version_id = tx.insert(
            "agenda_versions",
            {
                "agenda_id": agenda_id,
                "version_label": agenda.version_label,
                "frozen_at": utc_now(),
                "frozen_by": by.name,
                "snapshot": snapshot,
            },
        )
        tx.execute(
            "UPDATE agendas SET status = 'vastgesteld', updated_at = ? WHERE id = ?",
            (utc_now(), agenda_id),
        )
        tx.audit(
            "kernagenda vastgesteld",
            "agenda",
            agenda_id,
            {"status": agenda.status.value},
            {"status": AgendaStatus.FIXED.value, "versie": agenda.version_label},
        )
    return get_version(db, version_id)


def _version(row: Row) -> AgendaVersion:
    return AgendaVersion(
        id=row["id"],
        agenda_id=row["agenda_id"],
        version_label=row["version_label"],
        frozen_at=row["frozen_at"],
        frozen_by=row["frozen_by"],
        items=json.loads(row["snapshot"]),
    )


def get_version(db: Database, version_id: int) -> AgendaVersion:
    row = db.fetchone("SELECT * FROM agenda_versions WHERE id = ?", (version_id,))
    if row is None:
        raise NotFound(f"Versie {version_id} bestaat niet.")
    return _version(row)


def list_versions(db: Database, agenda_id: int) -> list[AgendaVersion]:
    rows = db.fetchall(
        "SELECT * FROM agenda_versions WHERE agenda_id = ? ORDER BY id", (agenda_id,)
    )
    return [_version(r) for r in rows]


def compare_items(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> Comparison:
    before = {i["id"]: i for i in old}
    after = {i["id"]: i for i in new}
    changed = []
    for item_id, item in after.items():
        if item_id not in before:
            continue
        diffs = [
            FieldChange(field=f, old=before[item_id].get(f), new=item.get(f))
            for f in ITEM_FIELDS
            if before[item_id].get(f) != item.get(f)
        ]
        if diffs:
            changed.append(ChangedItem(item_id=item_id, title=str(item["title"]), changes=diffs))
    return Comparison(
        added=[str(i["title"]) for k, i in after.items() if k not in before],
        removed=[str(i["title"]) for k, i in before.items() if k not in after],
        changed=changed,
    )


def compare_versions(db: Database, old_id: int, new_id: int | None = None) -> Comparison:
    """Compare two fixed versions, or a fixed version with the current agenda (``new_id``
    None)."""
    old = get_version(db, old_id)
    new_items = (
        get_version(db, new_id).items
        if new_id is not None
        else _snapshot(list_items(db, old.agenda_id))
    )
    return compare_items(old.items, new_items)


# -- links to leefbaarheidsbudget applications and festival initiatives --------------------
class Link(BaseModel):
    kind: str  # "aanvraag" or "initiatief"
    target_id: int
    title: str
    requested_cents: int
    granted_cents: int | None
    status: str


#: "de aanvraag", "het initiatief".
_ARTICLE = {"aanvraag": "De", "initiatief": "Het"}

_LINK_TABLES = {
    "aanvraag": ("applications", "application_id"),
    "initiatief": ("initiatives", "initiative_id"),
}


def link_item(db: Database, by: User, item_id: int, kind: str, target_id: int) -> list[Link]:
    """Link an item to an application or initiative of the same kern."""
    if kind not in _LINK_TABLES:
        raise InvalidInput(f"Onbekende koppeling {kind!r}; kies aanvraag of initiatief.", "kind")
    table, column = _LINK_TABLES[kind]
    item = _item_to_edit(db, by, item_id)
    agenda = get_agenda(db, item.agenda_id)
    target = db.fetchone(f"SELECT id, title, kern_id FROM {table} WHERE id = ?", (target_id,))
    if target is None:
        raise NotFound(f"{_ARTICLE[kind]} {kind} {target_id} bestaat niet.")
    if target["kern_id"] != agenda.kern_id:
        raise InvalidInput(
            f"{_ARTICLE[kind]} {kind} {target['title']!r} hoort niet bij {agenda.kern_name}.",
            "kind",
        )
    with db.write(actor_of(by)) as tx:
        if tx.fetchone(
            f"SELECT 1 FROM item_links WHERE item_id = ? AND {column} = ?", (item_id, target_id)
        ):
            raise InvalidInput(
                f"{_ARTICLE[kind]} {kind} {target['title']!r} is al gekoppeld.", "kind"
            )
        # One grant, one item: linked twice, its money would count as funding for both.
        other = tx.fetchone(
            f"SELECT i.title FROM item_links l JOIN agenda_items i ON i.id = l.item_id"
            f" WHERE l.{column} = ? AND i.agenda_id = ? AND i.removed_at IS NULL",
            (target_id, item.agenda_id),
        )
        if other is not None:
            raise InvalidInput(
                f"{_ARTICLE[kind]} {kind} {target['title']!r} is al gekoppeld aan "
                f"{other['title']!r}; ontkoppel het daar eerst.",
                "kind",
            )
        tx.insert("item_links", {"item_id": item_id, column: target_id})
        _history(tx, item_id, "koppeling", None, f"{kind} {target_id}: {target['title']}")
        tx.audit("agendapunt gekoppeld", "agenda_item", item_id, None, {column: target_id})
    return list_links(db, item_id)


def unlink_item(db: Database, by: User, item_id: int, kind: str, target_id: int) -> list[Link]:
    if kind not in _LINK_TABLES:
        raise InvalidInput(f"Onbekende koppeling {kind!r}; kies aanvraag of initiatief.", "kind")
    table, column = _LINK_TABLES[kind]
    item = get_item(db, item_id)
    require_edit(by, get_agenda(db, item.agenda_id))
    with db.write(actor_of(by)) as tx:
        target = tx.fetchone(f"SELECT title FROM {table} WHERE id = ?", (target_id,))
        gone = tx.execute(
            f"DELETE FROM item_links WHERE item_id = ? AND {column} = ?", (item_id, target_id)
        )
        if not gone.rowcount:
            raise NotFound(
                f"{_ARTICLE[kind]} {kind} {target_id} is niet aan dit agendapunt gekoppeld."
            )
        # As link_item wrote it, so the history reads "aanvraag 56: Bankjes → –".
        title = f": {target['title']}" if target is not None else ""
        _history(tx, item_id, "koppeling", f"{kind} {target_id}{title}", None)
        tx.audit("koppeling verwijderd", "agenda_item", item_id, {column: target_id}, None)
    return list_links(db, item_id)


def _application_link(r: Row) -> Link:
    return Link(
        kind="aanvraag",
        target_id=r["id"],
        title=r["title"],
        requested_cents=r["requested_cents"],
        granted_cents=r["granted_cents"],
        status=f"budget {r['year']}: {r['status'].replace('_', ' ')}",
    )


def _festival_amounts(db: Database | Transaction) -> dict[int, int]:
    """Initiative id -> amount in each festival's fixed (vastgestelde) allocation."""
    from festival.domain.allocation.record import awarded_amounts

    return awarded_amounts(db)


def _initiative_link(r: Row, amounts: dict[int, int]) -> Link:
    amount = amounts.get(r["id"])
    if amount is None:
        status = "festival: nog niet verdeeld"
    elif amount:
        status = "festival: toegekend"
    else:
        status = "festival: niet toegekend"
    return Link(
        kind="initiatief",
        target_id=r["id"],
        title=r["title"],
        requested_cents=r["requested_cents"],
        granted_cents=amount,
        status=status,
    )


_INITIATIVES_SQL = "SELECT i.* FROM initiatives i JOIN festivals f ON f.id = i.festival_id"


def list_links(db: Database | Transaction, item_id: int) -> list[Link]:
    links = [
        _application_link(r)
        for r in db.fetchall(
            "SELECT a.* FROM item_links l JOIN applications a ON a.id = l.application_id"
            " WHERE l.item_id = ? ORDER BY a.year, a.id",
            (item_id,),
        )
    ]
    rows = db.fetchall(
        f"{_INITIATIVES_SQL} JOIN item_links l ON l.initiative_id = i.id"
        " WHERE l.item_id = ? ORDER BY i.id",
        (item_id,),
    )
    if rows:
        amounts = _festival_amounts(db)
        links += [_initiative_link(r, amounts) for r in rows]
    return links


def linkable(db: Database, item_id: int) -> list[Link]:
    """The applications and initiatives of the item's kern that no item of its agenda has yet
    (one grant funds one item; see link_item)."""
    item = get_item(db, item_id)
    kern_id = get_agenda(db, item.agenda_id).kern_id
    linked = {
        (
            "aanvraag" if r["application_id"] else "initiatief",
            r["application_id"] or r["initiative_id"],
        )
        for r in db.fetchall(
            "SELECT l.application_id, l.initiative_id FROM item_links l"
            " JOIN agenda_items i ON i.id = l.item_id"
            " WHERE i.agenda_id = ? AND i.removed_at IS NULL",
            (item.agenda_id,),
        )
    }
    found = [
        _application_link(r)
        for r in db.fetchall(
            "SELECT * FROM applications WHERE kern_id = ? ORDER BY year DESC, title", (kern_id,)
        )
    ]
    amounts = _festival_amounts(db)
    found += [
        _initiative_link(r, amounts)
        for r in db.fetchall(
            f"{_INITIATIVES_SQL} WHERE i.kern_id = ? ORDER BY f.id DESC, i.title", (kern_id,)
        )
    ]
    return [link for link in found if (link.kind, link.target_id) not in linked]


def funded_cents(links: list[Link]) -> int:
    """What is already granted to the item: linked applications and festival awards."""
    return sum(link.granted_cents or 0 for link in links)
