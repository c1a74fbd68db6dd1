"""Documents for residents: the agenda per theme as Markdown, HTML, PDF or Word, from a fixed
version or (marked CONCEPT) the current agenda.

Safe by construction: only what is public goes in. Progress notes are internal unless marked
public; among the partners a person is named only with a recorded consent; every published
text passes the contact scrubber (:mod:`kernagenda.domain.scrubber`). What was left out, and
why, is listed in :attr:`PublicDocument.omissions` for the preview shown before saving.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from pydantic import BaseModel

from festival.core.dates import format_date_long
from festival.core.errors import NotFound
from festival.core.money import format_money
from festival.store.database import Database
from kernagenda.domain.agendas import agenda_for_kern
from kernagenda.domain.blocks import Block, Doc, md_escape, to_html, to_markdown
from kernagenda.domain.items import list_items, sort_key
from kernagenda.domain.models import Agenda, Item, ItemStatus, Priority
from kernagenda.domain.progress import list_progress
from kernagenda.domain.publication import consents
from kernagenda.domain.scrubber import Omission, public_partners, public_text, scrub
from kernagenda.domain.settings import MUNICIPALITY, get_setting
from kernagenda.domain.themes import list_themes
from kernagenda.domain.versions import get_version, list_versions

__all__ = ["md_escape", "public_text"]

STATUS_TEXT = {
    ItemStatus.IDEA: "Idee: nog niet gepland",
    ItemStatus.PLANNED: "Gepland",
    ItemStatus.IN_PROGRESS: "Wordt uitgevoerd",
    ItemStatus.DONE: "Afgerond",
    ItemStatus.PARKED: "Staat voorlopig stil",
    ItemStatus.NOT_FEASIBLE: "Niet haalbaar gebleken",
}
FORMATS = ("md", "html", "pdf", "docx")
INTERNAL = "interne voortgangsnotitie(s), niet als openbaar gemarkeerd"


class PublicDocument(BaseModel):
    """The residents' document, what was left out of it, and which version it shows."""

    doc: Doc
    omissions: list[Omission]
    version_id: int | None
    version_label: str


def _doc_item(
    db: Database, item: Item, until: str | None, today: date, omissions: list[Omission]
) -> list[Block]:
    """``until``: only progress written at or before this stored moment (a version's)."""

    def clean(text: str, label: str) -> str:
        public, found = scrub(text, f"{item.title}: {label}")
        omissions.extend(found)
        return public

    title = clean(item.title, "onderwerp")
    updates = [u for u in list_progress(db, item.id) if until is None or u.at <= until]
    shown = [u for u in updates if u.public]
    progress = ""
    if shown:
        last = shown[-1]
        # The day it was written here (stored in UTC), written out like the target date.
        written = datetime.fromisoformat(last.at).astimezone().date()
        progress = f"{format_date_long(written)}: {clean(last.text, 'voortgang')}"
    internal = [u for u in updates if not u.public]
    if internal:
        count = len(internal)
        omissions.append(
            Omission(where=f"{item.title}: voortgang", text=str(count), reason=INTERNAL)
        )
    partners, found = public_partners(
        item.partners, consents(db, item.id), f"{item.title}: partners"
    )
    omissions.extend(found)
    target = format_date_long(item.target_date) if item.target_date else ""
    if target and item.is_overdue(today):
        target += " (later dan gepland)"
    spearhead = item.priority is Priority.SPEARHEAD and item.rank is not None
    rows = [
        ("Prioriteit", f"Speerpunt {item.rank}" if spearhead else ""),
        ("Status", STATUS_TEXT[item.status]),
        ("Knelpunt of wens", clean(item.problem, "knelpunt/wens")),
        ("Gewenst resultaat", clean(item.desired_result, "gewenst resultaat")),
        ("Trekker", item.owner.value),
        ("Partners", partners),
        ("Streefdatum", target),
        ("Budget", format_money(item.budget_cents) if item.budget_cents else ""),
        ("Bron", clean(item.source, "bron")),
        ("Laatste voortgang", progress),
    ]
    return [Block(kind="h2", text=title)] + [
        Block(kind="field", label=label, text=value) for label, value in rows if value
    ]


def _version_day(frozen_at: str) -> date:
    return datetime.fromisoformat(frozen_at).astimezone().date()


def default_version(db: Database, kern_id: int) -> int | None:
    """The latest fixed version of the kern's agenda, or None (no agenda or never fixed)."""
    agenda = agenda_for_kern(db, kern_id)
    if agenda is None:
        return None
    versions = list_versions(db, agenda.id)
    return versions[-1].id if versions else None


def build_document(db: Database, kern_id: int, version_id: int | None = None) -> PublicDocument:
    """The agenda per theme (themes in list order), speerpunten first in rank order.

    With ``version_id`` the items come from that fixed version's snapshot, as they were then;
    otherwise from the current agenda, marked as a concept.
    """
    agenda = agenda_for_kern(db, kern_id)
    if agenda is None:
        raise NotFound("Deze kern heeft nog geen kernagenda.")
    today = date.today()
    until: str | None = None
    fixed_on: date | None = None
    if version_id is None:
        items = list_items(db, agenda.id)
        label = agenda.version_label
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
        label = version.version_label
        fixed_on = _version_day(version.frozen_at)
        subtitle = _subtitle(agenda, today, label, fixed_on)
    omissions: list[Omission] = []
    blocks = [
        Block(kind="title", text=f"Kernagenda {agenda.kern_name}"),
        Block(kind="subtitle", text=subtitle),
        *_head(db, agenda, fixed_on),
    ]
    spearheads = [i for i in items if i.priority is Priority.SPEARHEAD and i.rank is not None]
    if spearheads:
        blocks.append(Block(kind="h1", text="Speerpunten"))
        blocks += [
            Block(kind="numbered", label=str(i.rank), text=f"{public_text(i.title)} ({i.theme})")
            for i in spearheads
        ]
    order = {name: n for n, name in enumerate(list_themes(db))}
    names = sorted({i.theme for i in items}, key=lambda n: (order.get(n, len(order)), n))
    for name in names:
        blocks.append(Block(kind="h1", text=name))
        for item in items:
            if item.theme == name:
                blocks += _doc_item(db, item, until, today, omissions)
    doc = Doc(title=f"Kernagenda {agenda.kern_name}", blocks=blocks, concept=version_id is None)
    return PublicDocument(doc=doc, omissions=omissions, version_id=version_id, version_label=label)


def _head(db: Database, agenda: Agenda, fixed_on: date | None) -> list[Block]:
    """Who made the agenda with whom, and where residents turn to."""
    who = [get_setting(db, MUNICIPALITY), f"kern {agenda.kern_name}"]
    if agenda.association:
        who.append(agenda.association)
    lines = [" · ".join(who)]
    if agenda.kernavond_date:
        lines.append(
            f"Opgesteld met inwoners op de kernavond van {format_date_long(agenda.kernavond_date)}."
        )
    if fixed_on:
        lines.append(f"Vastgesteld op {format_date_long(fixed_on)}.")
    if agenda.contact:
        lines.append(f"Vragen of ideeën? {agenda.contact}")
    return [Block(kind="p", text=line) for line in lines]


def _subtitle(
    agenda: Agenda, today: date, label: str | None = None, fixed_on: date | None = None
) -> str:
    if label is None:
        parts = [agenda.version_label, "concept, nog niet vastgesteld"]
    else:
        parts = [label, f"vastgesteld op {format_date_long(fixed_on)}" if fixed_on else ""]
    if agenda.period:
        parts.append(f"periode {agenda.period}")
    if agenda.review_date:
        parts.append(f"volgende bespreking {format_date_long(agenda.review_date)}")
    parts.append(f"gemaakt op {format_date_long(today)}")
    return " · ".join(p for p in parts if p)


def render(doc: Doc, fmt: str) -> bytes:
    """``doc`` in one of :data:`FORMATS`."""
    if fmt == "md":
        return to_markdown(doc).encode("utf-8")
    if fmt == "html":
        return to_html(doc).encode("utf-8")
    if fmt == "pdf":
        from kernagenda.domain.pdf_render import to_pdf

        return to_pdf(doc)
    if fmt == "docx":
        from kernagenda.domain.docx_render import to_docx

        return to_docx(doc)
    raise ValueError(f"Onbekend formaat {fmt!r}; kies md, html, pdf of docx.")


def export_markdown(db: Database, kern_id: int, version_id: int | None = None) -> str:
    return to_markdown(build_document(db, kern_id, version_id).doc)


def export_html(db: Database, kern_id: int, version_id: int | None = None) -> str:
    return to_html(build_document(db, kern_id, version_id).doc)


def export_pdf(db: Database, kern_id: int, version_id: int | None = None) -> bytes:
    return render(build_document(db, kern_id, version_id).doc, "pdf")


def export_document(db: Database, kern_id: int, fmt: str, version_id: int | None = None) -> bytes:
    return render(build_document(db, kern_id, version_id).doc, fmt)


def concept_path(path: Path) -> Path:
    """A concept's file name says so: ``zoelen.pdf`` becomes ``zoelen-concept.pdf``."""
    if "concept" in path.stem.casefold():
        return path
    return path.with_name(f"{path.stem}-concept{path.suffix}")


def describe_omission(omission: Omission) -> str:
    """One line of the preview: where, what, and why it was left out."""
    if omission.reason == INTERNAL:
        return f"{omission.where}: {omission.text} {omission.reason}"
    return f"{omission.where}: {omission.text!r} weggelaten ({omission.reason})"
