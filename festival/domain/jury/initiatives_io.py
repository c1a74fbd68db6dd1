"""Initiatives in: ``titel;kern;initiatiefnemer;gevraagd`` and optionally ``omschrijving`` and
``thema``, with the rules of the other imports (every bad line reported with its number, nothing
stored unless every line is right).

The initiatiefnemer is a name; when exactly one person registered for the festival has that
name (compared without case, accents or apostrophes) the initiative is linked to that
registration, otherwise it is stored without one and the report lists it. A title may occur
only once in a festival.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel

from festival.core.csv_io import CsvProblem, ImportFailed, Progress, read_csv
from festival.core.errors import InvalidInput
from festival.core.money import parse_amount
from festival.core.text import clean_text, fold
from festival.domain import permissions
from festival.domain.kernen import KernIndex
from festival.domain.permissions import Caller
from festival.domain.registration import kern_index
from festival.domain.registration_io import open_festival
from festival.store.database import Database, utc_now

INITIATIVE_HEADERS = ("titel", "kern", "initiatiefnemer", "gevraagd")
INITIATIVE_OPTIONAL = ("omschrijving", "thema")
_LIST_SEPARATORS = re.compile(r"[,;/+|]")


class InitiativeImportReport(BaseModel):
    festival_id: int
    imported: int
    linked: int
    #: (title, initiatiefnemer as typed, why no link): no registration, or several.
    unlinked: list[tuple[str, str, str]]


@dataclass
class _InitiativeLine:
    line: int
    title: str
    kern_id: int | None
    initiator: str
    registration_id: int | None
    registration_kern_id: int | None
    description: str
    requested_cents: int
    themes: str
    why_unlinked: str = ""


def _themes(text: str) -> str:
    words = [
        clean_text(part, "thema", "Thema", max_length=60)
        for part in _LIST_SEPARATORS.split(text)
        if part.strip()
    ]
    return ", ".join(words)


def _check_initiative(
    v: dict[str, str], kernen: KernIndex
) -> tuple[dict[str, object], dict[str, str]]:
    """The parsed fields of one line, and the problems keyed by column."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    for column, parse in (
        ("titel", lambda: clean_text(v["titel"], "titel", "Titel", max_length=120)),
        ("kern", lambda: kernen.find(v["kern"]).id if v["kern"].strip() else None),
        (
            "initiatiefnemer",
            lambda: clean_text(
                v["initiatiefnemer"], "initiatiefnemer", "Initiatiefnemer", max_length=80
            ),
        ),
        (
            "omschrijving",
            lambda: clean_text(
                v.get("omschrijving", ""),
                "omschrijving",
                "Omschrijving",
                max_length=1000,
                required=False,
            ),
        ),
        ("gevraagd", lambda: parse_amount(v["gevraagd"]) if v["gevraagd"].strip() else 0),
        ("thema", lambda: _themes(v.get("thema", ""))),
    ):
        try:
            values[column] = parse()
        except InvalidInput as exc:
            errors[column] = exc.message
    return values, errors


def import_initiatives(
    db: Database,
    caller: Caller,
    festival_id: int,
    data: bytes,
    *,
    progress: Progress | None = None,
) -> InitiativeImportReport:
    """Check every line, then store every initiative in one transaction, or none.

    Raises :class:`ImportFailed` listing each bad line (number and reason).
    """
    permissions.require(caller, permissions.INITIATIVES_IMPORT)
    open_festival(db, festival_id)
    problems: list[CsvProblem] = []
    lines = read_csv(data, INITIATIVE_HEADERS, INITIATIVE_OPTIONAL, problems=problems)
    kernen = kern_index(db)
    registrations: dict[str, list[tuple[int, int | None]]] = {}
    for r in db.fetchall(
        "SELECT r.id, p.name_key, p.kern_id FROM registrations r"
        " JOIN people p ON p.id = r.person_id WHERE r.festival_id = ?",
        (festival_id,),
    ):
        registrations.setdefault(r["name_key"], []).append((r["id"], r["kern_id"]))
    existing = {
        fold(r["title"]): r["id"]
        for r in db.fetchall(
            "SELECT id, title FROM initiatives WHERE festival_id = ?", (festival_id,)
        )
    }
    seen: dict[str, int] = {}
    checked: list[_InitiativeLine] = []
    total = len(lines)
    for index, line in enumerate(lines, start=1):
        if progress:
            progress(index, total * 2)
        values, errors = _check_initiative(line.values, kernen)
        title = values.get("titel")
        if isinstance(title, str) and not errors.get("titel"):
            key = fold(title)
            if key in existing:
                errors["titel"] = (
                    f"het festival heeft al een initiatief {title!r} (nummer {existing[key]})"
                )
            elif key in seen:
                errors["titel"] = f"{title!r} staat ook op regel {seen[key]}"
            else:
                seen[key] = line.number
        if errors:
            reasons = "; ".join(f"{column}: {message}" for column, message in errors.items())
            problems.append(CsvProblem(line=line.number, message=reasons))
            continue
        initiator = str(values["initiatiefnemer"])
        matches = registrations.get(fold(initiator), [])
        kern_id = values["kern"]
        requested = values["gevraagd"]
        assert kern_id is None or isinstance(kern_id, int)
        assert isinstance(requested, int)
        entry = _InitiativeLine(
            line=line.number,
            title=str(title),
            kern_id=kern_id,
            initiator=initiator,
            registration_id=matches[0][0] if len(matches) == 1 else None,
            registration_kern_id=matches[0][1] if len(matches) == 1 else None,
            description=str(values["omschrijving"]),
            requested_cents=requested,
            themes=str(values["thema"]),
        )
        if len(matches) != 1:
            entry.why_unlinked = (
                "niet aangemeld voor dit festival"
                if not matches
                else f"{len(matches)} aanmeldingen met deze naam"
            )
        checked.append(entry)
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: p.line))
    if not checked:
        raise ImportFailed([CsvProblem(line=1, message="het bestand bevat geen initiatieven")])
    new_ids: list[int] = []
    with db.write(caller.actor) as tx:
        for index, entry in enumerate(checked, start=1):
            new_ids.append(
                tx.insert(
                    "initiatives",
                    {
                        "festival_id": festival_id,
                        "registration_id": entry.registration_id,
                        "title": entry.title,
                        # No kern in the file: the kern the initiatiefnemer registered with.
                        "kern_id": entry.kern_id
                        if entry.kern_id is not None
                        else entry.registration_kern_id,
                        "description": entry.description,
                        "requested_cents": entry.requested_cents,
                        "themes": entry.themes,
                        "created_at": utc_now(),
                    },
                )
            )
            if progress:
                progress(total + index, total * 2)
        linked = sum(e.registration_id is not None for e in checked)
        # Titles and numbers only: the names of initiatiefnemers stay out of the audit log.
        tx.audit(
            "initiatieven geïmporteerd",
            "festival",
            festival_id,
            None,
            {"aantal": len(checked), "gekoppeld": linked, "initiatieven": new_ids},
        )
    return InitiativeImportReport(
        festival_id=festival_id,
        imported=len(checked),
        linked=linked,
        unlinked=[
            (e.title, e.initiator, e.why_unlinked) for e in checked if e.registration_id is None
        ],
    )
