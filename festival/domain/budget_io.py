"""Importing and exporting the leefbaarheidsbudget ledger as CSV (all or nothing)."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from festival.core.csv_io import (
    CsvProblem,
    ImportFailed,
    quote_formula,
    read_csv,
    write_csv,
)
from festival.core.dates import format_date
from festival.core.errors import ValidationErrors
from festival.core.money import cents_to_plain
from festival.domain.budget import (
    ApplicationInput,
    ApplicationStatus,
    form_context,
    insert_application,
    list_applications,
    validate_application,
)
from festival.store.database import Actor, Database

HEADERS = ("jaar", "kern", "titel", "aanvrager", "gevraagd", "toegekend", "status", "besluitdatum")

_FIELD_LABELS = {
    "year": "jaar",
    "kern_id": "kern",
    "title": "titel",
    "applicant": "aanvrager",
    "requested_cents": "gevraagd",
    "granted_cents": "toegekend",
    "status": "status",
    "decision_date": "besluitdatum",
}

Progress = Callable[[int, int], None]


class ImportReport(BaseModel):
    imported: int
    years: list[int]


def import_applications(
    db: Database, actor: Actor, data: bytes, *, progress: Progress | None = None
) -> ImportReport:
    """Check every line, then store all of them in one transaction, or none.

    Raises :class:`ImportFailed` listing each bad line (number and reason). A line that repeats
    an application already in the ledger (same year, kern, title and applicant) counts as bad,
    so importing the same file twice does not double the figures.
    """
    # Lines with the wrong number of fields are collected, not raised, so that the lines after
    # them are checked too and the user sees every bad line at once.
    problems: list[CsvProblem] = []
    lines = read_csv(data, HEADERS, problems=problems)
    kernen, maxima = form_context(db)
    drafts = []
    seen: dict[tuple[object, ...], int] = {}
    existing = {
        (a.year, a.kern_id, a.title.casefold(), a.applicant.casefold()): a.id
        for a in list_applications(db)
    }
    total = len(lines)
    for index, line in enumerate(lines, start=1):
        v = line.values
        try:
            draft = validate_application(
                ApplicationInput(
                    year=v["jaar"],
                    kern=v["kern"],
                    title=v["titel"],
                    applicant=v["aanvrager"],
                    requested=v["gevraagd"],
                    granted=v["toegekend"],
                    status=v["status"] or ApplicationStatus.PENDING.value,
                    decision_date=v["besluitdatum"],
                ),
                kernen,
                maxima,
            )
        except ValidationErrors as exc:
            reasons = "; ".join(f"{_FIELD_LABELS[f]}: {m}" for f, m in exc.errors.items())
            problems.append(CsvProblem(line=line.number, message=reasons))
            continue
        key = (draft.year, draft.kern_id, draft.title.casefold(), draft.applicant.casefold())
        if key in existing:
            problems.append(
                CsvProblem(
                    line=line.number,
                    message=f"staat al in het overzicht (aanvraag #{existing[key]})",
                )
            )
        elif key in seen:
            problems.append(CsvProblem(line=line.number, message=f"herhaalt regel {seen[key]}"))
        else:
            seen[key] = line.number
            drafts.append(draft)
        if progress:
            progress(index, total * 2)
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: p.line))
    if not drafts:
        raise ImportFailed([CsvProblem(line=1, message="het bestand bevat geen aanvragen")])
    with db.write(actor) as tx:
        for index, draft in enumerate(drafts, start=1):
            insert_application(tx, draft, source="import")
            if progress:
                progress(total + index, total * 2)
        tx.audit("aanvragen geïmporteerd", "application", None, None, {"aantal": len(drafts)})
    return ImportReport(imported=len(drafts), years=sorted({d.year for d in drafts}))


def export_applications(db: Database, year: int | None = None) -> bytes:
    """The ledger (one year or all) as CSV with the same columns the import reads."""
    rows = [
        (
            str(a.year),
            a.kern_name,
            quote_formula(a.title),
            quote_formula(a.applicant),
            cents_to_plain(a.requested_cents),
            cents_to_plain(a.granted_cents),
            a.status.label,
            format_date(a.decision_date),
        )
        for a in reversed(list_applications(db, year))
    ]
    return write_csv(HEADERS, rows)
