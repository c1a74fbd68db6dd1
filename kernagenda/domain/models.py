"""The kernagenda's models: the fixed lists (enums), items as typed and as stored, agendas,
versions, history and progress lines, comparisons and links, and how a stored value reads."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from festival.core.dates import format_date
from festival.core.money import format_money
from festival.core.text import fold


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


#: The highest rank a speerpunt can have (an agenda has a handful; SQLite stores 64 bits).
MAX_RANK = 999


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
    "teruggezet": "teruggezet",
    "voortgang openbaar": "voortgang openbaar",
    "toestemming": "toestemming",
}
#: The item fields that hold a date.
DATE_FIELDS = ("start_date", "target_date", "last_discussed")


def display_value(field: str, value: object) -> str:
    """A history or comparison value as a reader expects it: dates Dutch, amounts in euro."""
    if value is None or value == "":
        return "–"
    if field in DATE_FIELDS:
        return format_date(date.fromisoformat(str(value)))
    if field == "budget_cents":
        return format_money(int(str(value)))
    return str(value)


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
    #: The village association, the contact point for residents and the kernavond's date:
    #: printed at the head of the residents' document.
    association: str = ""
    contact: str = ""
    kernavond_date: date | None = None


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
    #: Internal unless marked public: only a public note reaches a document.
    public: bool = False


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


class ThemeUse(BaseModel):
    """A theme in the list's order, with how many items on an agenda use it."""

    id: int
    name: str
    items: int


class Link(BaseModel):
    """An application or festival initiative linked to an item, with what it was granted."""

    kind: str  # "aanvraag" or "initiatief"
    target_id: int
    title: str
    requested_cents: int
    granted_cents: int | None
    status: str
