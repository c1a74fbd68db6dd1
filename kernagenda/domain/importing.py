"""The CSV import of a kernagenda: every line checked, then all items stored in one
transaction, or none. Reads what municipalities write (status, soort, budgetbron and rol
synonyms; a theme by its first words; a named trekker kept in the partners) and the column
names the app itself shows ("Knelpunt/wens"). An item the agenda already has (same subject,
case and accents ignored) is skipped and listed, so importing a file twice adds nothing twice;
columns the import does not know are reported, and kept in an internal note when asked."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel

from festival.core.csv_io import CsvProblem, ImportFailed, Progress, decode, read_csv
from festival.core.errors import ValidationErrors
from festival.core.text import fold
from festival.domain.permissions import Caller
from festival.domain.roles import Role, User
from festival.store.database import Database, Transaction, utc_now
from kernagenda.domain.agendas import agenda_for_kern, insert_agenda, mark_edited
from kernagenda.domain.items import insert_item, list_items, write_history
from kernagenda.domain.models import (
    FIELD_LABELS,
    BudgetSource,
    ItemInput,
    ItemKind,
    ItemStatus,
    MunicipalityRole,
    Owner,
)
from kernagenda.domain.permissions import require_create, require_edit
from kernagenda.domain.themes import list_themes
from kernagenda.domain.validation import validate_item

HEADERS = ("thema", "onderwerp", "omschrijving", "prioriteit", "trekker", "status", "streefdatum")
OPTIONAL = (
    "gewenst resultaat",
    "soort",
    "startdatum",
    "budget",
    "budgetbron",
    "bron",
    "partners",
    "rol gemeente",
    "kernregisseur",
    "haalbaarheid",
    "besproken",
)

#: The CSV's column names: the fields' Dutch names, except two that spreadsheets name shorter.
_FIELD_LABELS = FIELD_LABELS | {"problem": "omschrijving", "last_discussed": "besproken"}
#: Other names a column goes by (folded), among them the names the app itself shows.
_HEADER_ALIASES = {
    "knelpunt/wens": "omschrijving",
    "knelpunt / wens": "omschrijving",
    "knelpunt of wens": "omschrijving",
    "knelpunt": "omschrijving",
    "wens": "omschrijving",
    "toelichting": "omschrijving",
    "titel": "onderwerp",
    "resultaat": "gewenst resultaat",
    "besproken met inwoners": "besproken",
    "laatst besproken": "besproken",
    "rol van de gemeente": "rol gemeente",
    "bron budget": "budgetbron",
    "financiering": "budgetbron",
    "start": "startdatum",
    "einddatum": "streefdatum",
    "deadline": "streefdatum",
    "gereed": "streefdatum",
    "prio": "prioriteit",
    "trekker(s)": "trekker",
}


#: What municipal spreadsheets write instead of the fixed values (folded: no case or accents).
#: Only the import reads these; a form still offers the fixed lists.
_STATUS_WORDS = {
    # Agreed but not begun is planned work: "nog niet gestart" is not a new idea.
    ItemStatus.PLANNED: (
        "in voorbereiding",
        "voorbereiding",
        "gepland",
        "planning",
        "nog niet gestart",
        "niet gestart",
        "nog te starten",
        "te doen",
        "todo",
        "open",
        "ingepland",
    ),
    ItemStatus.IN_PROGRESS: (
        "loopt",
        "lopend",
        "bezig",
        "in uitvoering",
        "uitvoering",
        "gestart",
        "in behandeling",
        "in ontwikkeling",
        "onderhanden",
    ),
    ItemStatus.DONE: (
        "gereed",
        "klaar",
        "afgerond",
        "gerealiseerd",
        "uitgevoerd",
        "voltooid",
        "gedaan",
    ),
    ItemStatus.PARKED: ("on hold", "aangehouden", "geparkeerd", "stil", "opgeschort", "later"),
    ItemStatus.NOT_FEASIBLE: ("niet haalbaar", "vervallen", "afgewezen", "gestopt", "vervalt"),
    ItemStatus.IDEA: ("idee", "wens", "nieuw", "voorstel", "suggestie"),
}
_KIND_WORDS = {
    ItemKind.JOB: ("activiteit", "actie"),
    ItemKind.IDEA: ("wens", "onderzoek", "verkenning"),
    ItemKind.PROJECT: ("project",),
}
_BUDGET_WORDS = {
    BudgetSource.FESTIVAL: ("initiatievenfestival", "festival"),
    BudgetSource.LIVEABILITY: ("leefbaarheid", "leefbaarheidsbudget"),
    BudgetSource.REGULAR: ("gemeente", "regulier", "begroting"),
}
#: Any budgetbron naming one of these is money from outside: a fund, province or the state.
_FUND_WORDS = ("fonds", "provincie", "subsidie", "rijk")
#: A municipality that "regisseert" brings the parties together and coordinates: in the
#: fixed list that is faciliteren (it neither pays nor carries out the work itself).
_ROLE_WORDS = {MunicipalityRole.FACILITATE: ("regisseren", "regie")}
#: Words in a trekker's name that say which kind of trekker it is (checked in this order).
_OWNER_WORDS = (
    (Owner.ASSOCIATION, ("dorpsraad", "dorpsbelang", "kernbelang", "vereniging dorps")),
    (Owner.MUNICIPALITY, ("gemeente",)),
    (Owner.RESIDENTS, ("inwoners", "bewoners", "buurt")),
)


def _synonym(words: Mapping[Any, tuple[str, ...]], text: str) -> str:
    """The fixed value that ``text`` is a synonym of, else ``text`` unchanged."""
    folded = fold(text)
    for value, synonyms in words.items():
        if folded in synonyms:
            return str(value)
    return text


def _theme_key(text: str) -> str:
    return fold(text.replace("&", " en "))


def _theme(text: str, themes: list[str]) -> str:
    """A known theme ("en" for "&" too), or the one theme whose name starts with ``text``
    ("Verkeer"); else ``text``, which validation then refuses with the list of themes."""
    wanted = _theme_key(text)
    if not wanted:
        return text
    matches = [t for t in themes if _theme_key(t) == wanted] or [
        t for t in themes if _theme_key(t).startswith(wanted + " ")
    ]
    return matches[0] if len(matches) == 1 else text


def _budget_source(text: str) -> tuple[str, bool]:
    """(budgetbron, whether the original text is worth keeping as the item's bron)."""
    mapped = _synonym(_BUDGET_WORDS, text)
    if mapped != text:
        return mapped, False
    folded = fold(text)
    if any(word in folded for word in _FUND_WORDS):
        return BudgetSource.FUND.value, folded != BudgetSource.FUND.value
    return text, False


def _owner(text: str, partners: str) -> tuple[str, str]:
    """(trekker, partners): a name instead of a category keeps that name in the partners."""
    name = text.strip()
    folded = fold(name)
    if not folded:
        return Owner.RESIDENTS.value, partners
    if any(fold(o.value) == folded for o in Owner):
        return text, partners
    owner = next(
        (o for o, words in _OWNER_WORDS if any(w in folded for w in words)), Owner.OTHER_ORG
    )
    if folded not in fold(partners):
        partners = f"{name}, {partners.strip()}" if partners.strip() else name
    return owner.value, partners


def _item_input(values: dict[str, str], themes: list[str], caller: Caller) -> ItemInput:
    """A CSV line as a form would have it, with the municipalities' own words translated."""
    v = values
    owner, partners = _owner(v["trekker"], v.get("partners", ""))
    budget_source, keep = _budget_source(v.get("budgetbron", ""))
    source = v.get("bron", "").strip()
    if not source and keep:
        source = v.get("budgetbron", "").strip()
    kernregisseur = v.get("kernregisseur", "")
    if not kernregisseur.strip() and isinstance(caller, User) and caller.role is Role.KERNREGISSEUR:
        kernregisseur = caller.name
    return ItemInput(
        theme=_theme(v["thema"], themes),
        title=v["onderwerp"],
        problem=v["omschrijving"],
        priority=v["prioriteit"],
        owner=owner,
        status=_synonym(_STATUS_WORDS, v["status"]) or ItemStatus.IDEA.value,
        target_date=v["streefdatum"],
        desired_result=v.get("gewenst resultaat", ""),
        kind=_synonym(_KIND_WORDS, v.get("soort", "")) or ItemKind.IDEA.value,
        start_date=v.get("startdatum", ""),
        budget=v.get("budget", ""),
        budget_source=budget_source,
        source=source or "import",
        partners=partners,
        municipality_role=_synonym(_ROLE_WORDS, v.get("rol gemeente", ""))
        or MunicipalityRole.INFORM.value,
        kernregisseur=kernregisseur,
        feasibility=v.get("haalbaarheid", ""),
        last_discussed=v.get("besproken", ""),
    )


_OPTIONS = re.compile(r"; kies uit: .*\.$", re.DOTALL)


def _reasons(errors: dict[str, str], listed: set[str]) -> str:
    """The problems of one line as sentences: "thema: … Duurzaamheid. Trekker: …".

    A field's list of allowed values is given once per import; ``listed`` remembers which.
    """
    parts: list[str] = []
    for field, message in errors.items():
        label = _FIELD_LABELS.get(field, field)
        if parts:
            label = label[:1].upper() + label[1:]
        if _OPTIONS.search(message):
            if field in listed:
                message = _OPTIONS.sub(" (zie hierboven).", message)
            listed.add(field)
        text = f"{label}: {message.strip()}"
        parts.append(text if text.endswith((".", "!", "?")) else f"{text}.")
    return " ".join(parts)


class ImportReport(BaseModel):
    agenda_id: int
    imported: int
    #: Subjects the agenda already had (or that stood twice in the file): not imported again.
    skipped: list[str] = []
    #: Columns the import does not know (as the file names them).
    unknown_columns: list[str] = []
    #: Whether their values were kept in an internal progress note of each item.
    kept_unknown: bool = False


def describe_report(report: ImportReport) -> str:
    """What an import did, in a sentence or three for the user."""
    parts = [f"{report.imported} agendapunten geïmporteerd."]
    if report.skipped:
        parts.append(
            f"{len(report.skipped)} stonden al op de agenda en zijn overgeslagen: "
            + ", ".join(report.skipped)
            + "."
        )
    if report.unknown_columns:
        columns = ", ".join(report.unknown_columns)
        if report.kept_unknown:
            parts.append(f"Onbekende kolommen bewaard als interne notitie per punt: {columns}.")
        else:
            parts.append(f"Onbekende kolommen niet ingelezen: {columns}.")
    return " ".join(parts)


def _known_headers(data: bytes) -> tuple[bytes, list[str]]:
    """The file with its column names put in the import's words (the app's own names and
    common variants accepted), and the columns it does not know."""
    text = decode(data)
    first, newline, rest = text.partition("\n")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"
    try:
        header = next(csv.reader([first.rstrip("\r")], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return data, []
    known = set(HEADERS) | set(OPTIONAL)
    names: list[str] = []
    unknown: list[str] = []
    for cell in header:
        name = fold(cell.replace("\ufeff", "")).replace(" / ", "/")
        name = _HEADER_ALIASES.get(name, name)
        if name not in known and cell.strip():
            unknown.append(cell.strip())
        names.append(name if name in known else cell.strip().lower())
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="").writerow(names)
    return (out.getvalue() + newline + rest).encode("utf-8"), unknown


def _keep_unknown(
    tx: Transaction, item_id: int, values: dict[str, str], columns: list[str]
) -> None:
    """The unknown columns' values of one line as an internal note of the item."""
    parts = [f"{c}: {values.get(c.lower(), '').strip()}" for c in columns]
    parts = [p for p in parts if not p.endswith(": ")]
    if not parts:
        return
    text = "Uit de import: " + "; ".join(parts)
    tx.insert(
        "progress_updates",
        {
            "item_id": item_id,
            "who": tx.actor.name,
            "at": utc_now(),
            "text": text[:2000],
            "old_status": None,
            "new_status": None,
            "public": 0,
        },
    )
    write_history(tx, item_id, "voortgang", None, text[:2000])


def import_items(
    db: Database,
    caller: Caller,
    kern_id: int,
    data: bytes,
    *,
    progress: Progress | None = None,
    keep_unknown: bool = False,
) -> ImportReport:
    """Check every line, then store all items in one transaction, or none.

    Raises :class:`ImportFailed` listing each bad line. A kern without an agenda gets one
    ("eerste versie" and this year), in the same transaction as the items. ``progress`` is
    told (done, total) while lines are checked and stored. An item whose subject the agenda
    already has is skipped; ``keep_unknown`` keeps the values of unknown columns in an
    internal note of each item.
    """
    agenda = agenda_for_kern(db, kern_id)
    if agenda is not None:
        require_edit(caller, agenda)
    else:
        require_create(db, caller, kern_id)
    problems: list[CsvProblem] = []
    data, unknown = _known_headers(data)
    extra = [c.lower() for c in unknown] if keep_unknown else []
    lines = read_csv(data, HEADERS, [*OPTIONAL, *extra], problems=problems)
    themes = list_themes(db)
    current_items = list_items(db, agenda.id) if agenda else []
    existing_ranks = {i.rank: i.title for i in current_items if i.rank is not None}
    existing_titles = {fold(i.title) for i in current_items}
    skipped: list[str] = []
    seen_ranks: dict[int, int] = {}
    listed: set[str] = set()  # fields whose allowed values a problem has listed already
    drafts = []
    total = len(lines)
    for index, line in enumerate(lines, start=1):
        if progress:
            progress(index, total * 2)
        subject = fold(line.values.get("onderwerp", ""))
        if subject and subject in existing_titles:
            skipped.append(line.values["onderwerp"].strip())
            continue
        try:
            draft = validate_item(_item_input(line.values, themes, caller), themes)
        except ValidationErrors as exc:
            problems.append(CsvProblem(line=line.number, message=_reasons(exc.errors, listed)))
            continue
        if draft.rank is not None:
            if draft.rank in existing_ranks:
                problems.append(
                    CsvProblem(
                        line=line.number,
                        message=f"prioriteit: speerpunt {draft.rank} is al "
                        f"{existing_ranks[draft.rank]!r}",
                    )
                )
                continue
            if draft.rank in seen_ranks:
                problems.append(
                    CsvProblem(
                        line=line.number,
                        message=f"prioriteit: speerpunt {draft.rank} staat ook op regel "
                        f"{seen_ranks[draft.rank]}",
                    )
                )
                continue
            seen_ranks[draft.rank] = line.number
        existing_titles.add(subject)  # the same subject twice in the file: once
        drafts.append((draft, line.values))
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: p.line))
    if not drafts and not skipped:
        raise ImportFailed([CsvProblem(line=1, message="het bestand bevat geen agendapunten")])
    if not drafts:
        assert agenda is not None  # only an existing agenda has items to skip
        return ImportReport(
            agenda_id=agenda.id, imported=0, skipped=skipped, unknown_columns=unknown
        )
    # Numbered speerpunten first, so unnumbered ones follow after the highest number.
    ordered = sorted(drafts, key=lambda d: (d[0].rank is None, d[0].rank or 0))
    with db.write(caller.actor) as tx:
        # Made here, not before: a failed insert must not leave an empty agenda behind.
        current = agenda_for_kern(tx, kern_id)
        if agenda is None and current is not None:
            raise ImportFailed(
                [
                    CsvProblem(
                        line=1,
                        message="intussen is voor deze kern een kernagenda gemaakt; "
                        "importeer het bestand opnieuw",
                    )
                ]
            )
        if current is None:
            label = f"eerste versie {date.today().year}"
            agenda_id = insert_agenda(tx, kern_id, label, "", None)
        else:
            agenda_id = current.id
        for index, (draft, values) in enumerate(ordered, start=1):
            item_id = insert_item(tx, agenda_id, draft)
            if extra:
                _keep_unknown(tx, item_id, values, unknown)
            if progress:
                progress(total + index, total * 2)  # every line is an item by now
        tx.audit("agendapunten geïmporteerd", "agenda", agenda_id, None, {"aantal": len(drafts)})
        mark_edited(tx, agenda_id)
    return ImportReport(
        agenda_id=agenda_id,
        imported=len(drafts),
        skipped=skipped,
        unknown_columns=unknown,
        kept_unknown=bool(extra),
    )
