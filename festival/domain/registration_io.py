"""Importing pre-registrations from a web form's CSV (all or nothing, every bad line reported).

The file has at least the columns ``naam;rol;kern;organisatie;email;telefoon;initiatief;gevraagd``
(any order, any case), optionally ``omschrijving``, ``thema``, ``toestemming_badge`` and
``toestemming_contact`` (ja/nee). It is read like the budget import: ``;`` or ``,``, UTF-8 with
or without BOM, or Windows-1252.

Headers as spreadsheets write them are understood too: ``E-mail``/``e-mailadres`` for
``email``, ``Telefoon``/``Tel.``/``telefoonnummer`` for ``telefoon``, and ``Voornaam`` (with
``Tussenvoegsel``) plus ``Achternaam`` instead of ``naam`` (:func:`standard_headers`).

A line that is already there (the same e-mail address as someone registered, whatever the
name) is skipped and reported by its line number: importing a file twice registers nobody
twice and draws no new badge codes. People who only look like someone already registered (the
same name however spelled, in any kern) are stored and reported as pairs, and the coordinator
merges or keeps both. Two lines of one file with the same e-mail address are refused: that is
one form sent twice.

The lines are stored with sqlite-utils' ``insert_all`` (people, registrations, roles,
initiatives, funder profiles) inside our own immediate transaction, where it nests as a
SAVEPOINT: rows and audit lines commit together, or not at all.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel

from festival.core.csv_io import CsvLine, CsvProblem, ImportFailed, Progress, decode, read_csv
from festival.core.errors import InvalidInput, NotFound, ValidationErrors
from festival.core.money import parse_amount
from festival.core.names import match_key
from festival.core.text import clean_text
from festival.domain import permissions
from festival.domain.duplicates import DuplicatePair, duplicate_pairs
from festival.domain.festivals import Festival, list_festivals
from festival.domain.kernen import KernIndex
from festival.domain.permissions import Caller
from festival.domain.registration import (
    FestivalRole,
    PersonDraft,
    PersonInput,
    draw_codes,
    insert_people,
    kern_index,
    parse_roles,
    validate_person,
)
from festival.store.database import Database, utc_now

HEADERS = ("naam", "rol", "kern", "organisatie", "email", "telefoon", "initiatief", "gevraagd")
OPTIONAL = ("omschrijving", "thema", "toestemming_badge", "toestemming_contact")

_FIELD_LABELS = {
    "name": "naam",
    "roles": "rol",
    "kern_id": "kern",
    "organisation": "organisatie",
    "email": "email",
    "phone": "telefoon",
}

#: Headers as Dutch spreadsheets and web forms write them -> the import's own.
HEADER_SYNONYMS = {
    "e-mail": "email",
    "e-mailadres": "email",
    "emailadres": "email",
    "e-mail adres": "email",
    "mail": "email",
    "tel.": "telefoon",
    "tel": "telefoon",
    "telefoonnummer": "telefoon",
    "telefoonnr.": "telefoon",
    "mobiel": "telefoon",
    "volledige naam": "naam",
    "rollen": "rol",
    "organisation": "organisatie",
}
#: Name parts in columns of their own, joined into ``naam`` in this order.
NAME_PARTS = ("voornaam", "tussenvoegsel", "achternaam")

_YES = {"ja", "j", "yes", "y", "1", "true", "waar", "x"}
_NO = {"nee", "n", "no", "0", "false", "onwaar"}
_LIST_SEPARATORS = re.compile(r"[,;/+|]")

T = TypeVar("T")


class InitiativeDraft(BaseModel):
    title: str
    description: str
    requested_cents: int
    themes: str


class FunderDraft(BaseModel):
    themes: str
    kernen: str


class RegistrationLine(BaseModel):
    """One checked line of the file, ready to store."""

    line: int
    person: PersonDraft
    initiative: InitiativeDraft | None = None
    funder: FunderDraft | None = None


class RegistrationImportReport(BaseModel):
    festival_id: int
    imported: int
    initiatives: int
    funders: int
    #: Lines already registered (same e-mail address), not stored again: line and who.
    skipped: list[CsvProblem] = []
    #: Pairs with at least one newly imported person: the coordinator merges or keeps both.
    duplicates: list[DuplicatePair]


def open_festival(db: Database, festival_id: int) -> Festival:
    """The festival by id; refused once its personal data has been purged."""
    for festival in list_festivals(db):
        if festival.id == festival_id:
            if festival.purged:
                raise InvalidInput(
                    f"De persoonsgegevens van {festival.name} zijn al gewist; "
                    "aanmelden kan niet meer.",
                    "festival",
                )
            return festival
    raise NotFound(f"Festival {festival_id} bestaat niet.")


def _consent(text: str, default: bool) -> bool:
    word = text.strip().lower()
    if not word:
        return default
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise InvalidInput(f"{text.strip()!r} is geen ja of nee.")


def _words(text: str) -> list[str]:
    """``"groen, jeugd"`` -> ``["groen", "jeugd"]`` (also ``;`` ``/`` ``+`` ``|`` between)."""
    return [
        clean_text(part, "thema", "Thema", max_length=60)
        for part in _LIST_SEPARATORS.split(text)
        if part.strip()
    ]


def _funded_kernen(text: str, kernen: KernIndex) -> list[str]:
    """The kernen a funder funds, by their proper names."""
    return [kernen.find(name, "kern").name for name in _LIST_SEPARATORS.split(text) if name.strip()]


def check_line(line: CsvLine, kernen: KernIndex) -> RegistrationLine:
    """Every field of one line; all problems at once as :class:`ValidationErrors` keyed by
    the column name."""
    v = line.values
    errors: dict[str, str] = {}

    def attempt(column: str, parse: Callable[[], T]) -> T | None:
        try:
            return parse()
        except InvalidInput as exc:
            errors.setdefault(column, exc.message)
            return None

    try:
        roles: tuple[FestivalRole, ...] = parse_roles(v["rol"])
    except InvalidInput:
        roles = ()  # validate_person reports it
    is_funder = FestivalRole.FUNDER in roles
    # A funder may fund several kernen ("Zoelen, Ingen"); a single kern is also their own.
    several = is_funder and _LIST_SEPARATORS.search(v["kern"]) is not None
    funded = attempt("kern", lambda: _funded_kernen(v["kern"], kernen)) if is_funder else None
    badge = attempt("toestemming_badge", lambda: _consent(v.get("toestemming_badge", ""), True))
    contact = attempt(
        "toestemming_contact", lambda: _consent(v.get("toestemming_contact", ""), False)
    )
    person: PersonDraft | None = None
    try:
        person = validate_person(
            PersonInput(
                name=v["naam"],
                roles=v["rol"],
                kern="" if several else v["kern"],
                organisation=v["organisatie"],
                email=v["email"],
                phone=v["telefoon"],
                consent_badge=bool(badge) if badge is not None else True,
                consent_contact=bool(contact),
            ),
            kernen,
        )
    except ValidationErrors as exc:
        for field, message in exc.errors.items():
            errors.setdefault(_FIELD_LABELS.get(field, field), message)
    title = attempt(
        "initiatief",
        lambda: clean_text(
            v["initiatief"], "initiatief", "Initiatief", max_length=120, required=False
        ),
    )
    description = attempt(
        "omschrijving",
        lambda: clean_text(
            v.get("omschrijving", ""),
            "omschrijving",
            "Omschrijving",
            max_length=1000,
            required=False,
        ),
    )
    requested = attempt(
        "gevraagd", lambda: parse_amount(v["gevraagd"]) if v["gevraagd"].strip() else 0
    )
    themes = ", ".join(attempt("thema", lambda: _words(v.get("thema", ""))) or [])
    # Nothing typed may silently disappear: an initiative needs its role, an amount its title.
    if title and roles and FestivalRole.INITIATOR not in roles:
        errors["initiatief"] = "een initiatief hoort bij de rol initiatiefnemer"
    if title == "" and requested:
        errors["gevraagd"] = "een bedrag gevraagd zonder initiatief"
    if title == "" and description:
        errors["omschrijving"] = "een omschrijving zonder initiatief"
    if errors:
        raise ValidationErrors(errors)
    assert person is not None and requested is not None
    initiative = (
        InitiativeDraft(
            title=title, description=description or "", requested_cents=requested, themes=themes
        )
        if title
        else None
    )
    funder = FunderDraft(themes=themes, kernen=", ".join(funded or [])) if is_funder else None
    return RegistrationLine(line=line.number, person=person, initiative=initiative, funder=funder)


def _delimiter(line: str) -> str:
    # As the CSV reader picks it (festival.core.csv_io): the most frequent of ; , and tab.
    counts = {d: line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def standard_headers(data: bytes) -> bytes:
    """The file with its headers renamed to the import's own (:data:`HEADER_SYNONYMS`), and
    ``voornaam``/``tussenvoegsel``/``achternaam`` joined into ``naam`` when there is no
    ``naam``; the file as it was when nothing needs renaming."""
    text = decode(data)
    first, newline, rest = text.partition("\n")
    delimiter = _delimiter(first)
    try:
        header = next(csv.reader([first.rstrip("\r")], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return data  # read_csv says what is wrong with it
    names = [h.strip().lower() for h in header]
    renamed = [HEADER_SYNONYMS.get(h, h) for h in names]
    parts = [names.index(p) for p in NAME_PARTS if p in names]
    join_name = "naam" not in renamed and "voornaam" in names and "achternaam" in names
    if renamed == names and not join_name:
        return data
    if not join_name:
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="").writerow(renamed)
        return (out.getvalue() + newline + rest).encode("utf-8")
    # The name comes from several cells of every line: the whole file is written anew.
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([*renamed, "naam"])
    for row in csv.reader(io.StringIO(rest, newline=""), delimiter=delimiter):
        cells = [row[i].strip() for i in parts if i < len(row)]
        writer.writerow([*row, " ".join(c for c in cells if c)] if any(row) else row)
    return out.getvalue().encode("utf-8")


def _registered(db: Database, festival_id: int) -> dict[str, str]:
    """E-mail address -> name of everyone registered for the festival with one."""
    rows = db.fetchall(
        "SELECT email, name FROM people WHERE festival_id = ? AND email IS NOT NULL",
        (festival_id,),
    )
    return {r["email"]: r["name"] for r in rows}


def import_registrations(
    db: Database,
    caller: Caller,
    festival_id: int,
    data: bytes,
    *,
    progress: Progress | None = None,
) -> RegistrationImportReport:
    """Check every line, then store all of them in one transaction, or none.

    Raises :class:`ImportFailed` listing each bad line (number and reason). Look-alikes of
    people already registered are stored and listed in the report's ``duplicates``.
    """
    permissions.require(caller, permissions.REGISTRATIONS_IMPORT)
    open_festival(db, festival_id)
    problems: list[CsvProblem] = []
    lines = read_csv(standard_headers(data), HEADERS, OPTIONAL, problems=problems)
    kernen = kern_index(db)
    checked: list[RegistrationLine] = []
    skipped: list[CsvProblem] = []
    registered = _registered(db, festival_id)
    emails: dict[str, int] = {}
    total = len(lines)
    for index, line in enumerate(lines, start=1):
        if progress:
            progress(index, total * 2)
        try:
            entry = check_line(line, kernen)
        except ValidationErrors as exc:
            reasons = "; ".join(f"{column}: {message}" for column, message in exc.errors.items())
            problems.append(CsvProblem(line=line.number, message=reasons))
            continue
        email = entry.person.email
        if email is not None and email in emails:
            problems.append(
                CsvProblem(
                    line=line.number,
                    message=f"email: {email} staat ook op regel {emails[email]}",
                )
            )
            continue
        if email is not None:
            emails[email] = line.number
        if email is not None and email in registered:
            # Already there (a file imported twice, a form sent again): not a second person.
            known = registered[email]
            same_name = match_key(known) == entry.person.match_key
            how = "zelfde naam en e-mailadres" if same_name else "zelfde e-mailadres"
            skipped.append(
                CsvProblem(line=line.number, message=f"al aangemeld als {known} ({how})")
            )
            continue
        checked.append(entry)
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: p.line))
    if not checked and skipped:
        return RegistrationImportReport(
            festival_id=festival_id,
            imported=0,
            initiatives=0,
            funders=0,
            duplicates=[],
            skipped=skipped,
        )
    if not checked:
        raise ImportFailed([CsvProblem(line=1, message="het bestand bevat geen aanmeldingen")])
    # Everything that needs no lock is done before it is taken: the desks wait only for the
    # inserts themselves.
    drawn = draw_codes(db, len(checked))
    initiative_rows = [
        (
            festival_id,
            e.initiative.title,
            e.person.kern_id,
            e.initiative.description,
            e.initiative.requested_cents,
            e.initiative.themes,
        )
        if e.initiative is not None
        else None
        for e in checked
    ]
    funder_rows = [
        (e.funder.themes, e.funder.kernen) if e.funder is not None else None for e in checked
    ]
    with db.write(caller.actor) as tx:
        registration_ids = insert_people(
            tx, festival_id, [e.person for e in checked], source="import", drawn=drawn
        )
        if progress:
            progress(total * 2 - 1, total * 2)
        now = utc_now()
        tx.executemany(
            "INSERT INTO initiatives (festival_id, registration_id, title, kern_id, description,"
            " requested_cents, themes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (row[0], registration_id, *row[1:], now)
                for registration_id, row in zip(registration_ids, initiative_rows, strict=True)
                if row is not None
            ),
        )
        tx.executemany(
            "INSERT INTO funder_profiles (registration_id, themes, kernen) VALUES (?, ?, ?)",
            (
                (registration_id, *row)
                for registration_id, row in zip(registration_ids, funder_rows, strict=True)
                if row is not None
            ),
        )
        if progress:
            progress(total * 2, total * 2)
        initiatives = sum(e.initiative is not None for e in checked)
        funders = sum(e.funder is not None for e in checked)
        # Counts only: names and contact details stay out of the append-only audit log.
        tx.audit(
            "aanmeldingen geïmporteerd",
            "festival",
            festival_id,
            None,
            {
                "aantal": len(checked),
                "initiatieven": initiatives,
                "subsidieverleners": funders,
                "overgeslagen": len(skipped),
            },
        )
    new_ids = set(registration_ids)
    pairs = [
        p
        for p in duplicate_pairs(db, caller, festival_id)
        if p.a.id in new_ids or p.b.id in new_ids
    ]
    return RegistrationImportReport(
        festival_id=festival_id,
        imported=len(checked),
        initiatives=initiatives,
        funders=funders,
        duplicates=pairs,
        skipped=skipped,
    )
