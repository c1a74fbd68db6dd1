"""The kernagenda in and out: CSV import (all or nothing), documents for residents (Markdown,
HTML, PDF) and the progress summary of the pilot kernen for the council."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from festival.core.csv_io import CsvProblem, ImportFailed, read_csv
from festival.core.dates import format_date_long
from festival.core.errors import NotFound, ValidationErrors
from festival.core.money import format_money
from festival.core.text import fold
from festival.domain.accounts import Role, User
from festival.domain.budget_io import Progress
from festival.store.database import Database
from kernagenda.domain.agenda import (
    FIELD_LABELS,
    Agenda,
    BudgetSource,
    Item,
    ItemInput,
    ItemKind,
    ItemStatus,
    MunicipalityRole,
    Owner,
    Priority,
    actor_of,
    agenda_for_kern,
    get_agenda,
    insert_agenda,
    insert_item,
    list_items,
    list_progress,
    list_removed_items,
    list_themes,
    mark_edited,
    require_create,
    require_edit,
    validate_item,
)

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


#: What municipal spreadsheets write instead of the fixed values (folded: no case or accents).
#: Only the import reads these; a form still offers the fixed lists.
_STATUS_WORDS = {
    ItemStatus.PLANNED: ("in voorbereiding", "voorbereiding", "gepland", "planning"),
    ItemStatus.IN_PROGRESS: (
        "loopt",
        "lopend",
        "bezig",
        "in uitvoering",
        "uitvoering",
        "gestart",
    ),
    ItemStatus.DONE: ("gereed", "klaar", "afgerond", "gerealiseerd", "uitgevoerd"),
    ItemStatus.PARKED: ("on hold", "aangehouden", "geparkeerd", "stil"),
    ItemStatus.NOT_FEASIBLE: ("niet haalbaar", "vervallen", "afgewezen"),
    ItemStatus.IDEA: ("idee", "wens", "nieuw"),
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


def _item_input(values: dict[str, str], themes: list[str], by: User) -> ItemInput:
    """A CSV line as a form would have it, with the municipalities' own words translated."""
    v = values
    owner, partners = _owner(v["trekker"], v.get("partners", ""))
    budget_source, keep = _budget_source(v.get("budgetbron", ""))
    source = v.get("bron", "").strip()
    if not source and keep:
        source = v.get("budgetbron", "").strip()
    kernregisseur = v.get("kernregisseur", "")
    if not kernregisseur.strip() and by.role is Role.KERNREGISSEUR:
        kernregisseur = by.name
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


def import_items(
    db: Database, by: User, kern_id: int, data: bytes, *, progress: Progress | None = None
) -> ImportReport:
    """Check every line, then store all items in one transaction, or none.

    Raises :class:`ImportFailed` listing each bad line. A kern without an agenda gets one
    ("eerste versie" and this year), in the same transaction as the items. ``progress`` is
    told (done, total) while lines are checked and stored.
    """
    agenda = agenda_for_kern(db, kern_id)
    if agenda is not None:
        require_edit(by, agenda)
    else:
        require_create(db, by, kern_id)
    problems: list[CsvProblem] = []
    lines = read_csv(data, HEADERS, OPTIONAL, problems=problems)
    themes = list_themes(db)
    existing_ranks = (
        {i.rank: i.title for i in list_items(db, agenda.id) if i.rank is not None} if agenda else {}
    )
    seen_ranks: dict[int, int] = {}
    listed: set[str] = set()  # fields whose allowed values a problem has listed already
    drafts = []
    total = len(lines)
    for index, line in enumerate(lines, start=1):
        if progress:
            progress(index, total * 2)
        try:
            draft = validate_item(_item_input(line.values, themes, by), themes)
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
        drafts.append(draft)
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: p.line))
    if not drafts:
        raise ImportFailed([CsvProblem(line=1, message="het bestand bevat geen agendapunten")])
    # Numbered speerpunten first, so unnumbered ones follow after the highest number.
    ordered = sorted(drafts, key=lambda d: (d.rank is None, d.rank or 0))
    with db.write(actor_of(by)) as tx:
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
        for index, draft in enumerate(ordered, start=1):
            insert_item(tx, agenda_id, draft)
            if progress:
                progress(total + index, total * 2)  # every line is an item by now
        tx.audit("agendapunten geïmporteerd", "agenda", agenda_id, None, {"aantal": len(drafts)})
        mark_edited(tx, agenda_id)
    return ImportReport(agenda_id=agenda_id, imported=len(drafts))


# -- documents for residents --------------------------------------------------------------
STATUS_TEXT = {
    ItemStatus.IDEA: "Idee: nog niet gepland",
    ItemStatus.PLANNED: "Gepland",
    ItemStatus.IN_PROGRESS: "Wordt uitgevoerd",
    ItemStatus.DONE: "Afgerond",
    ItemStatus.PARKED: "Staat voorlopig stil",
    ItemStatus.NOT_FEASIBLE: "Niet haalbaar gebleken",
}

#: An e-mail address; it ends with the letters of its top-level domain, so a comma or full
#: stop after it stays.
_EMAIL = re.compile(r"[\w.%+\-]+@(?:[\w\-]+\.)+[A-Za-z]{2,}(?![\w\-])")
#: One separator between the digits of a phone number: a space or a dash (also " - ").
_SEP = r"(?:[ \xa0]?-[ \xa0]?|[ \xa0])"
#: A Dutch phone number: 0 and nine digits (06-12345678, 0344 123456, 030-123 45 67), an
#: area code in brackets ((0344) 123456) or +31 / 0031 and nine digits (+31 6 12345678,
#: +31 (0)344 123456). Year ranges, dates, postcodes and amounts do not start like that; a
#: date such as 05-03-2025 followed by a time would add up to ten digits, so it is skipped.
_PHONE = re.compile(
    rf"""
    (?<![\w+])
    (?:
        (?:\+|00)31{_SEP}?(?:\(0\){_SEP}?)?[1-9](?:{_SEP}?\d){{8}}
      | \(0\d\){_SEP}?\d(?:{_SEP}?\d){{7}}
      | \(0\d{{2}}\){_SEP}?\d(?:{_SEP}?\d){{6}}
      | \(0\d{{3}}\){_SEP}?\d(?:{_SEP}?\d){{5}}
      | (?!0[1-9]-(?:0?[1-9]|1[0-2])-(?:19|20)\d{{2}}(?!\d))0(?:{_SEP}?\d){{9}}
    )
    (?!\d)
    """,
    re.VERBOSE,
)


def public_text(text: str) -> str:
    """Text for residents without e-mail addresses or phone numbers."""
    return _PHONE.sub("[verwijderd]", _EMAIL.sub("[verwijderd]", text))


class DocItem(BaseModel):
    title: str
    priority: str
    status: str
    problem: str
    desired_result: str
    owner: str
    partners: str
    target_date: str
    budget: str
    progress: str


class DocTheme(BaseModel):
    name: str
    items: list[DocItem]


class Document(BaseModel):
    title: str
    subtitle: str
    #: The speerpunten in rank order: ("Speerpunt 1", title, theme).
    spearheads: list[tuple[str, str, str]]
    themes: list[DocTheme]


def _doc_item(
    db: Database, item: Item, until: str | None = None, today: date | None = None
) -> DocItem:
    """``until``: only progress written at or before this stored moment (a version's)."""
    updates = [u for u in list_progress(db, item.id) if until is None or u.at <= until]
    progress = ""
    if updates:
        last = updates[-1]
        # The day it was written here (stored in UTC), written out like the target date.
        written = datetime.fromisoformat(last.at).astimezone().date()
        progress = f"{format_date_long(written)}: {public_text(last.text)}"
    target = format_date_long(item.target_date) if item.target_date else ""
    if target and item.is_overdue(today or date.today()):
        target += " (later dan gepland)"
    spearhead = item.priority is Priority.SPEARHEAD and item.rank is not None
    return DocItem(
        title=public_text(item.title),
        priority=f"Speerpunt {item.rank}" if spearhead else "",
        status=STATUS_TEXT[item.status],
        problem=public_text(item.problem),
        desired_result=public_text(item.desired_result),
        owner=item.owner.value,
        partners=public_text(item.partners),
        target_date=target,
        budget=format_money(item.budget_cents) if item.budget_cents else "",
        progress=progress,
    )


def _version_day(frozen_at: str) -> date:
    return datetime.fromisoformat(frozen_at).astimezone().date()


def default_version(db: Database, kern_id: int) -> int | None:
    """The latest fixed version of the kern's agenda, or None (no agenda or never fixed)."""
    from kernagenda.domain.agenda import list_versions

    agenda = agenda_for_kern(db, kern_id)
    if agenda is None:
        return None
    versions = list_versions(db, agenda.id)
    return versions[-1].id if versions else None


def build_document(db: Database, kern_id: int, version_id: int | None = None) -> Document:
    """The agenda per theme (themes in list order), speerpunten first in rank order.

    With ``version_id`` the items come from that fixed version's snapshot, as they were then;
    otherwise from the current (possibly concept) agenda.
    """
    from kernagenda.domain.agenda import get_version, sort_key

    agenda = agenda_for_kern(db, kern_id)
    if agenda is None:
        raise NotFound("Deze kern heeft nog geen kernagenda.")
    today = date.today()
    until: str | None = None
    if version_id is None:
        items = list_items(db, agenda.id)
        subtitle = _subtitle(agenda, today)
    else:
        version = get_version(db, version_id)
        if version.agenda_id != agenda.id:
            raise NotFound(f"Versie {version_id} hoort niet bij de kernagenda van deze kern.")
        stamp = {"agenda_id": agenda.id, "created_at": version.frozen_at}
        items = sorted(
            (
                Item.model_validate({**stored, **stamp, "updated_at": version.frozen_at})
                for stored in version.items
            ),
            key=sort_key,
        )
        until = version.frozen_at
        subtitle = _subtitle(agenda, today, version.version_label, _version_day(version.frozen_at))
    order = {name: i for i, name in enumerate(list_themes(db))}
    names = sorted({i.theme for i in items}, key=lambda n: (order.get(n, len(order)), n))
    docs = {i.id: _doc_item(db, i, until, today) for i in items}
    return Document(
        title=f"Kernagenda {agenda.kern_name}",
        subtitle=subtitle,
        spearheads=[
            (docs[i.id].priority, docs[i.id].title, i.theme) for i in items if docs[i.id].priority
        ],
        themes=[DocTheme(name=n, items=[docs[i.id] for i in items if i.theme == n]) for n in names],
    )


def _subtitle(
    agenda: Agenda, today: date, label: str | None = None, fixed_on: date | None = None
) -> str:
    if label is None:
        parts = [agenda.version_label, agenda.status.value]
    else:
        parts = [label, f"vastgesteld op {format_date_long(fixed_on)}" if fixed_on else ""]
    if agenda.period:
        parts.append(f"periode {agenda.period}")
    if agenda.review_date:
        parts.append(f"volgende bespreking {format_date_long(agenda.review_date)}")
    parts.append(f"gemaakt op {format_date_long(today)}")
    return " · ".join(p for p in parts if p)


def _details(item: DocItem) -> list[tuple[str, str]]:
    rows = [
        ("Prioriteit", item.priority),
        ("Status", item.status),
        ("Knelpunt of wens", item.problem),
        ("Gewenst resultaat", item.desired_result),
        ("Trekker", item.owner),
        ("Partners", item.partners),
        ("Streefdatum", item.target_date),
        ("Budget", item.budget),
        ("Laatste voortgang", item.progress),
    ]
    return [(label, value) for label, value in rows if value]


def _spearhead_lines(doc: Document) -> list[str]:
    return [f"{rank}: {title} ({theme})" for rank, title, theme in doc.spearheads]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def export_markdown(db: Database, kern_id: int, version_id: int | None = None) -> str:
    doc = build_document(db, kern_id, version_id)
    out = [f"# {md_escape(doc.title)}", "", f"_{md_escape(doc.subtitle)}_", ""]
    if doc.spearheads:
        out += ["## Speerpunten", ""]
        out += [f"- {md_escape(text)}" for text in _spearhead_lines(doc)]
        out.append("")
    for theme in doc.themes:
        out += [f"## {md_escape(theme.name)}", ""]
        for item in theme.items:
            out += [f"### {md_escape(item.title)}", ""]
            out += [f"- **{label}:** {md_escape(value)}" for label, value in _details(item)]
            out.append("")
    return "\n".join(out)


def export_html(db: Database, kern_id: int, version_id: int | None = None) -> str:
    doc = build_document(db, kern_id, version_id)
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        f"<title>{e(doc.title)}</title></head><body>",
        f"<h1>{e(doc.title)}</h1>",
        f"<p><em>{e(doc.subtitle)}</em></p>",
    ]
    if doc.spearheads:
        out.append("<h2>Speerpunten</h2>")
        out.append("<ol>")
        out += [f"<li>{e(text)}</li>" for text in _spearhead_lines(doc)]
        out.append("</ol>")
    for theme in doc.themes:
        out.append(f"<h2>{e(theme.name)}</h2>")
        for item in theme.items:
            out.append(f"<h3>{e(item.title)}</h3>")
            out.append("<dl>")
            for label, value in _details(item):
                out.append(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>")
            out.append("</dl>")
    out.append("</body></html>")
    return "\n".join(out)


def export_pdf(db: Database, kern_id: int, version_id: int | None = None) -> bytes:
    from festival.core.printing import A4, new_document, to_bytes

    doc = build_document(db, kern_id, version_id)
    pdf = new_document(A4, title=doc.title)
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_margins(18, 18, 18)

    def footer() -> None:
        pdf.set_y(-12)
        pdf.set_font(style="", size=8)
        # fpdf2 puts the number of pages in place of the alias when the document is written.
        pdf.cell(0, 4, f"pagina {pdf.page_no()} van {pdf.str_alias_nb_pages}", align="C")

    pdf.footer = footer  # type: ignore[method-assign]  # fpdf2's hook; new_document makes an FPDF
    pdf.add_page()
    width = A4[0] - 36

    def line(text: str, size: float, style: str = "", gap: float = 1.0) -> None:
        pdf.set_font(style=style, size=size)
        # Most lines fit on one row: a plain cell skips fpdf2's line breaking, which took
        # ~95% of the time of a 500-item agenda (measured in make bench).
        if pdf.get_string_width(text) <= width - 2 * pdf.c_margin:
            pdf.cell(width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.multi_cell(width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    line(doc.title, 18, "B", 2)
    line(doc.subtitle, 10, "", 4)
    if doc.spearheads:
        line("Speerpunten", 14, "B", 2)
        for text in _spearhead_lines(doc):
            line(text, 9, "", 0.5)
        pdf.ln(3)
    for theme in doc.themes:
        line(theme.name, 14, "B", 2)
        for item in theme.items:
            line(item.title, 11, "B")
            for label, value in _details(item):
                line(f"{label}: {value}", 9, "", 0.5)
            pdf.ln(2)
    return to_bytes(pdf)


def export_document(db: Database, kern_id: int, fmt: str, version_id: int | None = None) -> bytes:
    if fmt == "md":
        return export_markdown(db, kern_id, version_id).encode("utf-8")
    if fmt == "html":
        return export_html(db, kern_id, version_id).encode("utf-8")
    if fmt == "pdf":
        return export_pdf(db, kern_id, version_id)
    raise ValueError(f"Onbekend formaat {fmt!r}; kies md, html of pdf.")


# -- progress for the council -------------------------------------------------------------
class KernProgress(BaseModel):
    kern: str
    version: str
    by_status: dict[str, int]
    by_theme: dict[str, int]
    added: list[str]
    finished: list[str]
    changed: list[str]
    removed: list[str] = []


def progress_summary(db: Database, since: date | None = None) -> list[KernProgress]:
    """Per pilot kern: counts per status and theme; what was added, finished or changed."""
    pilots = db.fetchall("SELECT id, name FROM kernen WHERE is_pilot = 1 ORDER BY name")
    result = []
    for pilot in pilots:
        agenda = agenda_for_kern(db, pilot["id"])
        if agenda is None:
            result.append(
                KernProgress(
                    kern=pilot["name"],
                    version="nog geen kernagenda",
                    by_status={},
                    by_theme={},
                    added=[],
                    finished=[],
                    changed=[],
                )
            )
            continue
        result.append(_kern_progress(db, agenda.id, since))
    return result


def _kern_progress(db: Database, agenda_id: int, since: date | None) -> KernProgress:
    agenda = get_agenda(db, agenda_id)
    items = list_items(db, agenda_id)
    statuses = Counter(i.status.value for i in items)
    added: list[str] = []
    finished: list[str] = []
    changed: list[str] = []
    removed: list[str] = []
    if since is not None:
        cutoff = since.isoformat()
        for item in items:
            rows = db.fetchall(
                "SELECT field, new FROM item_history WHERE item_id = ? AND at >= ?",
                (item.id, cutoff),
            )
            fields = {r["field"] for r in rows}
            done = any(r["field"] == "status" and r["new"] == ItemStatus.DONE for r in rows)
            # An item added and finished since the date is news twice: it shows in both.
            if "aangemaakt" in fields:
                added.append(item.title)
            if done:
                finished.append(item.title)
            elif fields and "aangemaakt" not in fields:
                changed.append(item.title)
        removed = [
            i.title
            for i in list_removed_items(db, agenda_id)
            if i.removed_at is not None and i.removed_at >= cutoff
        ]
    themes = Counter(i.theme for i in items)
    order = [t for t in list_themes(db) if t in themes] + sorted(set(themes) - set(list_themes(db)))
    return KernProgress(
        kern=agenda.kern_name,
        version=f"{agenda.version_label} ({agenda.status.value})",
        by_status={s.value: statuses[s.value] for s in ItemStatus if statuses[s.value]},
        by_theme={t: themes[t] for t in order},
        added=added,
        finished=finished,
        changed=changed,
        removed=removed,
    )


def format_progress(summary: list[KernProgress], since: date | None = None) -> str:
    """Plain text for a raadsinformatiebrief."""
    out = ["Voortgang kernagenda's (pilotkernen)"]
    if since is not None:
        out.append(f"Wijzigingen sinds {format_date_long(since)}")
    for kern in summary:
        out += ["", f"{kern.kern} — {kern.version}"]
        total = sum(kern.by_status.values())
        out.append(f"  Agendapunten: {total}")
        for status, n in kern.by_status.items():
            out.append(f"    {status}: {n}")
        if kern.by_theme:
            out.append("  Per thema:")
            out += [f"    {theme}: {n}" for theme, n in kern.by_theme.items()]
        if since is not None:
            for label, titles in (
                ("Nieuw", kern.added),
                ("Afgerond", kern.finished),
                ("Gewijzigd", kern.changed),
                ("Van de agenda gehaald", kern.removed),
            ):
                out.append(f"  {label}: {', '.join(titles) if titles else 'geen'}")
    return "\n".join(out) + "\n"
