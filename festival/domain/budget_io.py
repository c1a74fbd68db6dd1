"""Importing and exporting the leefbaarheidsbudget ledger as CSV (all or nothing).

The import stores its lines with sqlite-utils' ``insert_all`` inside our own immediate
transaction (it nests as a SAVEPOINT), together with one audit line per application and one
for the whole import: one commit, or nothing.
"""

from __future__ import annotations

from pydantic import BaseModel

from festival.core.csv_io import (
    CsvProblem,
    ImportFailed,
    Progress,
    read_csv,
    write_csv,
)
from festival.core.dates import format_date
from festival.core.errors import ValidationErrors
from festival.core.money import cents_to_plain
from festival.domain import permissions
from festival.domain.budget import (
    ApplicationInput,
    ApplicationStatus,
    form_context,
    list_applications,
    row_values,
    validate_application,
)
from festival.domain.permissions import Caller
from festival.store.database import Database, utc_now

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


class ImportReport(BaseModel):
    imported: int
    years: list[int]


#: Lines stored per ``insert_all`` call, between two progress reports.
BATCH = 200


def import_applications(
    db: Database, caller: Caller, data: bytes, *, progress: Progress | None = None
) -> ImportReport:
    """Check every line, then store all of them in one transaction, or none.

    Raises :class:`ImportFailed` listing each bad line (number and reason). A line that repeats
    an application already in the ledger (same year, kern, title and applicant) counts as bad,
    so importing the same file twice does not double the figures.
    """
    permissions.require(caller, permissions.BUDGET_IMPORT)
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
    with db.write(caller.actor) as tx:
        table = tx.utils().table("applications")
        now = utc_now()
        for start in range(0, len(drafts), BATCH):
            batch = drafts[start : start + BATCH]
            # Under the write lock nobody else inserts: the rows above the highest id so far
            # are this batch's, in the order given.
            last_id = tx.fetchall("SELECT coalesce(max(id), 0) FROM applications")[0][0]
            values = [row_values(draft) for draft in batch]
            table.insert_all(
                ({**v, "created_at": now, "updated_at": now} for v in values), batch_size=BATCH
            )
            new_ids = tx.fetchall(
                "SELECT id FROM applications WHERE id > ? ORDER BY id", (last_id,)
            )
            for row, after in zip(new_ids, values, strict=True):
                tx.audit(
                    "aanvraag toegevoegd",
                    "application",
                    row["id"],
                    None,
                    {**after, "bron": "import"},
                )
            if progress:
                progress(total + start + len(batch), total * 2)
        tx.audit("aanvragen geïmporteerd", "application", None, None, {"aantal": len(drafts)})
    return ImportReport(imported=len(drafts), years=sorted({d.year for d in drafts}))


def export_applications(db: Database, caller: Caller, year: int | None = None) -> bytes:
    """The ledger (one year or all) as CSV with the same columns the import reads (every cell,
    the kern's name too, guarded against formulas by :func:`write_csv`). The applicants are
    named: only the roles of the budget screen may export it."""
    permissions.require(caller, permissions.BUDGET_EXPORT)
    rows = [
        (
            str(a.year),
            a.kern_name,
            a.title,
            a.applicant,
            cents_to_plain(a.requested_cents),
            cents_to_plain(a.granted_cents),
            a.status.label,
            format_date(a.decision_date),
        )
        for a in reversed(list_applications(db, year))
    ]
    return write_csv(HEADERS, rows)
