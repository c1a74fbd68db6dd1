"""The budget ledger: the year's liveability budget, its applications and the festival pot.

The festival pot is computed, never typed: budget − granted − reserve (DOMAIN.md, "Money").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, computed_field

from festival.core.dates import format_date, parse_optional_date
from festival.core.errors import InvalidInput, NotFound, ValidationErrors
from festival.core.money import format_money, parse_amount
from festival.core.text import clean_text
from festival.domain import permissions
from festival.domain.kernen import KernIndex, list_kernen
from festival.domain.permissions import Caller
from festival.store.database import Database, Row, Transaction, utc_now

DEFAULT_MAX_GRANT_CENTS = 75_000
MIN_YEAR, MAX_YEAR = 2000, 2100


class ApplicationStatus(StrEnum):
    PENDING = "in_behandeling"
    HONOURED = "gehonoreerd"
    REJECTED = "afgewezen"
    WITHDRAWN = "ingetrokken"
    DEFERRED = "doorgeschoven"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    @classmethod
    def parse(cls, text: str, field: str = "status") -> ApplicationStatus:
        wanted = text.strip().lower().replace(" ", "_")
        for status in cls:
            if wanted == status.value:
                return status
        labels = ", ".join(s.label for s in cls)
        raise InvalidInput(f"Onbekende status {text.strip()!r}; kies uit: {labels}.", field)


class ApplicationInput(BaseModel):
    """An application as typed in a form or read from a CSV line: text, not yet checked."""

    year: str
    kern: str
    title: str
    applicant: str
    requested: str
    granted: str = "0"
    status: str = ApplicationStatus.PENDING.value
    decision_date: str = ""


class ApplicationDraft(BaseModel):
    """A checked application, ready to store."""

    year: int
    kern_id: int
    title: str
    applicant: str
    requested_cents: int
    granted_cents: int
    status: ApplicationStatus
    decision_date: date | None


class Application(ApplicationDraft):
    id: int
    kern_name: str
    created_at: str
    updated_at: str

    def as_input(self) -> ApplicationInput:
        """The stored values as a form shows them."""
        return ApplicationInput(
            year=str(self.year),
            kern=self.kern_name,
            title=self.title,
            applicant=self.applicant,
            requested=format_money(self.requested_cents).replace("€\xa0", ""),
            granted=format_money(self.granted_cents).replace("€\xa0", ""),
            status=self.status.value,
            decision_date=format_date(self.decision_date),
        )


class BudgetYear(BaseModel):
    year: int
    budget_cents: int
    reserve_cents: int
    max_grant_cents: int
    is_set: bool


class BudgetSummary(BaseModel):
    """One year as the council letter reports it, plus the festival pot."""

    budget: BudgetYear
    received: int
    pending: int
    honoured: int
    rejected: int
    withdrawn: int
    deferred: int
    requested_cents: int
    granted_cents: int
    pending_requested_cents: int
    at_maximum: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def pot_cents(self) -> int:
        """What the festival can divide: budget − granted − reserve (negative = shortfall)."""
        return self.budget.budget_cents - self.granted_cents - self.budget.reserve_cents


def _parse_year(text: str, field: str = "year") -> int:
    raw = text.strip()
    if not raw.isdigit() or not MIN_YEAR <= int(raw) <= MAX_YEAR:
        raise InvalidInput(f"{raw!r} is geen geldig jaar.", field)
    return int(raw)


def validate_application(
    data: ApplicationInput, kernen: KernIndex, max_grant_cents: int | dict[int, int]
) -> ApplicationDraft:
    """Check every field and report all problems at once (``ValidationErrors``).

    ``max_grant_cents`` is one maximum, or a maximum per year (an import spans years).
    """
    errors: dict[str, str] = {}
    values: dict[str, object] = {}

    def check(field: str, parse: object) -> None:
        try:
            values[field] = parse() if callable(parse) else parse
        except InvalidInput as exc:
            errors[field] = exc.message

    check("year", lambda: _parse_year(data.year))
    check("kern_id", lambda: kernen.find(data.kern, "kern_id").id)
    check("title", lambda: clean_text(data.title, "title", "Titel", max_length=200))
    check("applicant", lambda: clean_text(data.applicant, "applicant", "Aanvrager", max_length=120))
    check("requested_cents", lambda: parse_amount(data.requested, "requested_cents"))
    check(
        "granted_cents",
        lambda: parse_amount(data.granted, "granted_cents") if data.granted.strip() else 0,
    )
    check("status", lambda: ApplicationStatus.parse(data.status))
    check("decision_date", lambda: parse_optional_date(data.decision_date, "decision_date"))

    requested = values.get("requested_cents")
    granted = values.get("granted_cents")
    status = values.get("status")
    year = values.get("year")
    if isinstance(max_grant_cents, dict):
        maximum = (
            max_grant_cents.get(year, DEFAULT_MAX_GRANT_CENTS)
            if isinstance(year, int)
            else DEFAULT_MAX_GRANT_CENTS
        )
    else:
        maximum = max_grant_cents
    if requested == 0:
        errors["requested_cents"] = "Het gevraagde bedrag moet groter zijn dan € 0."
    if isinstance(granted, int) and isinstance(requested, int) and "granted_cents" not in errors:
        if granted > requested:
            errors["granted_cents"] = (
                f"Toegekend ({format_money(granted)}) is meer dan gevraagd "
                f"({format_money(requested)})."
            )
        elif granted > maximum:
            errors["granted_cents"] = (
                f"Toegekend ({format_money(granted)}) is meer dan het maximum van "
                f"{format_money(maximum)} per aanvraag."
            )
    if isinstance(status, ApplicationStatus) and isinstance(granted, int):
        if status is ApplicationStatus.HONOURED and granted == 0:
            errors.setdefault(
                "granted_cents", "Een gehonoreerde aanvraag heeft een toegekend bedrag."
            )
        elif status is not ApplicationStatus.HONOURED and granted > 0:
            errors.setdefault(
                "granted_cents",
                f"Alleen een gehonoreerde aanvraag krijgt geld; bij status {status.label!r} "
                "is toegekend € 0.",
            )
    if status is ApplicationStatus.PENDING and values.get("decision_date"):
        errors.setdefault(
            "decision_date", "Een aanvraag in behandeling heeft nog geen besluitdatum."
        )
    if errors:
        raise ValidationErrors(errors)
    return ApplicationDraft.model_validate(values)


# -- reading -------------------------------------------------------------------------------


_SELECT = "SELECT a.*, k.name AS kern_name FROM applications a JOIN kernen k ON k.id = a.kern_id"


def _application(row: Row) -> Application:
    return Application(
        id=row["id"],
        year=row["year"],
        kern_id=row["kern_id"],
        kern_name=row["kern_name"],
        title=row["title"],
        applicant=row["applicant"],
        requested_cents=row["requested_cents"],
        granted_cents=row["granted_cents"],
        status=ApplicationStatus(row["status"]),
        decision_date=date.fromisoformat(row["decision_date"]) if row["decision_date"] else None,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def list_applications(
    db: Database, year: int | None = None, *, search: str = "", limit: int | None = None
) -> list[Application]:
    """Applications, newest first; ``search`` matches title, applicant or kern."""
    where: list[str] = []
    params: list[object] = []
    if year is not None:
        where.append("a.year = ?")
        params.append(year)
    if search.strip():
        where.append("(a.title LIKE ? OR a.applicant LIKE ? OR k.name LIKE ?)")
        pattern = f"%{search.strip()}%"
        params += [pattern, pattern, pattern]
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    sql = f"{_SELECT} {clause} ORDER BY a.year DESC, a.id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_application(r) for r in db.fetchall(sql, params)]


def get_application(db: Database, application_id: int) -> Application:
    row = db.fetchone(f"{_SELECT} WHERE a.id = ?", (application_id,))
    if row is None:
        raise NotFound(f"Aanvraag {application_id} bestaat niet.")
    return _application(row)


def years(db: Database) -> list[int]:
    """Every year with a budget or an application, newest first."""
    rows = db.fetchall(
        "SELECT year FROM budget_years UNION SELECT DISTINCT year FROM applications"
        " ORDER BY year DESC"
    )
    return [r["year"] for r in rows]


def get_budget_year(db: Database | Transaction, year: int) -> BudgetYear:
    row = db.fetchone("SELECT * FROM budget_years WHERE year = ?", (year,))
    if row is None:
        return BudgetYear(
            year=year,
            budget_cents=0,
            reserve_cents=0,
            max_grant_cents=DEFAULT_MAX_GRANT_CENTS,
            is_set=False,
        )
    return BudgetYear(
        year=row["year"],
        budget_cents=row["budget_cents"],
        reserve_cents=row["reserve_cents"],
        max_grant_cents=row["max_grant_cents"],
        is_set=True,
    )


def max_grants(db: Database) -> dict[int, int]:
    return {r["year"]: r["max_grant_cents"] for r in db.fetchall("SELECT * FROM budget_years")}


def summary(db: Database | Transaction, year: int) -> BudgetSummary:
    budget = get_budget_year(db, year)
    row = db.fetchone(
        """
        SELECT count(*) AS received,
               coalesce(sum(status = 'in_behandeling'), 0) AS pending,
               coalesce(sum(status = 'gehonoreerd'), 0) AS honoured,
               coalesce(sum(status = 'afgewezen'), 0) AS rejected,
               coalesce(sum(status = 'ingetrokken'), 0) AS withdrawn,
               coalesce(sum(status = 'doorgeschoven'), 0) AS deferred,
               coalesce(sum(requested_cents), 0) AS requested_cents,
               coalesce(sum(granted_cents), 0) AS granted_cents,
               coalesce(sum(CASE WHEN status = 'in_behandeling' THEN requested_cents END), 0)
                   AS pending_requested_cents,
               coalesce(sum(status = 'gehonoreerd' AND granted_cents >= ?), 0) AS at_maximum
        FROM applications WHERE year = ?
        """,
        (budget.max_grant_cents, year),
    )
    assert row is not None
    return BudgetSummary(budget=budget, **dict(zip(row.keys(), row, strict=True)))


# -- writing -------------------------------------------------------------------------------


def row_values(draft: ApplicationDraft) -> dict[str, object]:
    """An application's columns as stored (and as its audit lines show them)."""
    return {
        "year": draft.year,
        "kern_id": draft.kern_id,
        "title": draft.title,
        "applicant": draft.applicant,
        "requested_cents": draft.requested_cents,
        "granted_cents": draft.granted_cents,
        "status": draft.status.value,
        "decision_date": draft.decision_date.isoformat() if draft.decision_date else None,
    }


def insert_application(tx: Transaction, draft: ApplicationDraft, *, source: str = "") -> int:
    now = utc_now()
    values = row_values(draft)
    application_id = tx.insert("applications", {**values, "created_at": now, "updated_at": now})
    after = {**values, "bron": source} if source else values
    tx.audit("aanvraag toegevoegd", "application", application_id, None, after)
    return application_id


def form_context(db: Database, year: int | None = None) -> tuple[KernIndex, int | dict[int, int]]:
    """What validation needs: the kernen and the maximum grant (per year)."""
    index = KernIndex(list_kernen(db, include_inactive=True))
    return index, (get_budget_year(db, year).max_grant_cents if year else max_grants(db))


def add_application(db: Database, caller: Caller, data: ApplicationInput) -> Application:
    kernen, maxima = form_context(db)
    draft = validate_application(data, kernen, maxima)
    permissions.require(
        caller, permissions.APPLICATION_EDIT, kern_id=draft.kern_id, kern_name=data.kern
    )
    with db.write(caller.actor) as tx:
        application_id = insert_application(tx, draft)
    return get_application(db, application_id)


def update_application(
    db: Database,
    caller: Caller,
    application_id: int,
    data: ApplicationInput,
) -> Application:
    kernen, maxima = form_context(db)
    draft = validate_application(data, kernen, maxima)
    current = get_application(db, application_id)
    for kern_id, kern_name in ((current.kern_id, current.kern_name), (draft.kern_id, data.kern)):
        permissions.require(
            caller, permissions.APPLICATION_EDIT, kern_id=kern_id, kern_name=kern_name
        )
    with db.write(caller.actor) as tx:
        row = tx.fetchone("SELECT * FROM applications WHERE id = ?", (application_id,))
        if row is None:
            raise NotFound(f"Aanvraag {application_id} bestaat niet meer.")
        before = {k: row[k] for k in row_values(draft)}
        after = row_values(draft)
        changed = {k: v for k, v in after.items() if before[k] != v}
        if changed:
            sets = ", ".join(f"{k} = :{k}" for k in after)
            tx.execute(
                f"UPDATE applications SET {sets}, updated_at = :updated_at WHERE id = :id",
                {**after, "updated_at": utc_now(), "id": application_id},
            )
            tx.audit(
                "aanvraag gewijzigd",
                "application",
                application_id,
                {k: before[k] for k in changed},
                changed,
            )
    return get_application(db, application_id)


class BudgetYearInput(BaseModel):
    year: str
    budget: str
    reserve: str = "0"
    max_grant: str = "750"


def set_budget_year(db: Database, caller: Caller, data: BudgetYearInput) -> BudgetYear:
    """Set a year's liveability budget, reserve and maximum grant (coordinator only)."""
    permissions.require(caller, permissions.BUDGET_SET)
    errors: dict[str, str] = {}
    values: dict[str, int] = {}
    parsers: tuple[tuple[str, Callable[[], int]], ...] = (
        ("year", lambda: _parse_year(data.year)),
        ("budget_cents", lambda: parse_amount(data.budget, "budget_cents")),
        ("reserve_cents", lambda: parse_amount(data.reserve or "0", "reserve_cents")),
        ("max_grant_cents", lambda: parse_amount(data.max_grant, "max_grant_cents")),
    )
    for field, parse in parsers:
        try:
            values[field] = parse()
        except InvalidInput as exc:
            errors[field] = exc.message
    if not errors:
        if values["reserve_cents"] > values["budget_cents"]:
            errors["reserve_cents"] = "De reserve kan niet groter zijn dan het budget."
        if values["max_grant_cents"] == 0:
            errors["max_grant_cents"] = "Het maximum per aanvraag moet groter zijn dan € 0."
    if errors:
        raise ValidationErrors(errors)
    with db.write(caller.actor) as tx:
        old = get_budget_year(tx, values["year"])
        above = tx.fetchone(
            "SELECT count(*) AS n FROM applications WHERE year = ? AND granted_cents > ?",
            (values["year"], values["max_grant_cents"]),
        )
        if above and above["n"]:
            raise ValidationErrors(
                {
                    "max_grant_cents": f"{above['n']} aanvraag/aanvragen kreeg al meer dan "
                    f"{format_money(values['max_grant_cents'])}; verlaag die eerst."
                }
            )
        tx.execute(
            "INSERT INTO budget_years (year, budget_cents, reserve_cents, max_grant_cents)"
            " VALUES (:year, :budget_cents, :reserve_cents, :max_grant_cents)"
            " ON CONFLICT (year) DO UPDATE SET budget_cents = excluded.budget_cents,"
            " reserve_cents = excluded.reserve_cents, max_grant_cents = excluded.max_grant_cents",
            values,
        )
        tx.audit(
            "jaarbudget vastgesteld",
            "budget_year",
            values["year"],
            old.model_dump(exclude={"is_set"}) if old.is_set else None,
            values,
        )
    return get_budget_year(db, values["year"])
