"""Documents for residents: the agenda per theme as Markdown, HTML or PDF, from a fixed
version or the current agenda, without e-mail addresses or phone numbers."""

from __future__ import annotations

import html
import re
from datetime import date, datetime

from pydantic import BaseModel

from festival.core.dates import format_date_long
from festival.core.errors import NotFound
from festival.core.money import format_money
from festival.store.database import Database
from kernagenda.domain.agendas import agenda_for_kern
from kernagenda.domain.items import list_items, sort_key
from kernagenda.domain.models import Agenda, Item, ItemStatus, Priority
from kernagenda.domain.progress import list_progress
from kernagenda.domain.themes import list_themes
from kernagenda.domain.versions import get_version, list_versions

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
