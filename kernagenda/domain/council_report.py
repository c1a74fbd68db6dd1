"""The council report: per pilot kern the speerpunten with their status and last public
progress, what is late, what changed since a date or the last fixed version, and the budgets
with what is funded from which source; written in the order and tone of a
raadsinformatiebrief, as Markdown, Word or PDF (via :mod:`kernagenda.domain.blocks`)."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from festival.core.dates import format_date_long
from festival.core.money import format_money
from festival.domain.kernen import list_kernen
from festival.store.database import Database
from kernagenda.domain.agendas import agenda_for_kern
from kernagenda.domain.blocks import Block, Doc
from kernagenda.domain.council import KernProgress, _kern_progress
from kernagenda.domain.items import list_items, stored_value
from kernagenda.domain.links import list_links
from kernagenda.domain.models import ITEM_FIELDS, BudgetSource, Item, ItemStatus, Priority
from kernagenda.domain.progress import list_progress
from kernagenda.domain.scrubber import public_text
from kernagenda.domain.settings import MUNICIPALITY, get_setting
from kernagenda.domain.versions import compare_items, list_versions

#: Budget sources in the order the report names them.
SOURCES = (
    BudgetSource.LIVEABILITY,
    BudgetSource.FESTIVAL,
    BudgetSource.REGULAR,
    BudgetSource.FUND,
)


class SpearheadLine(BaseModel):
    rank: int
    title: str
    status: str
    progress: str


class BudgetLine(BaseModel):
    """Per source: what the items plan (their budget) and what linked grants funded."""

    source: str
    items: int
    budget_cents: int
    funded_cents: int


class CouncilKern(BaseModel):
    kern: str
    version: str
    progress: KernProgress
    spearheads: list[SpearheadLine]
    overdue: list[str]
    #: What the changes are counted from ("1 januari 2026", "versie 'eerste versie'").
    since: str
    budgets: list[BudgetLine]


def _sentence(text: str) -> str:
    """The first sentence of a progress note, as residents may read it."""
    clean = public_text(text)
    first = re.split(r"(?<=[.!?])\s", clean, maxsplit=1)[0]
    return first if first.endswith((".", "!", "?")) else f"{first}."


def _last_public(db: Database, item: Item) -> str:
    notes = [u for u in list_progress(db, item.id) if u.public]
    if not notes:
        return "Nog geen voortgang gemeld."
    day = datetime.fromisoformat(notes[-1].at).astimezone().date()
    return f"{format_date_long(day)}: {_sentence(notes[-1].text)}"


def _budgets(db: Database, items: list[Item]) -> list[BudgetLine]:
    counts: dict[str, int] = defaultdict(int)
    budgets: dict[str, int] = defaultdict(int)
    funded: dict[str, int] = defaultdict(int)
    for item in items:
        if item.budget_source is not BudgetSource.NONE or item.budget_cents:
            source = item.budget_source.value or "nog onbekend"
            counts[source] += 1
            budgets[source] += item.budget_cents
        # A linked application is paid from the leefbaarheidsbudget, a festival initiative
        # from the festival's pot: what was granted is funded, whatever the item planned.
        for link in list_links(db, item.id):
            source = BudgetSource.LIVEABILITY if link.kind == "aanvraag" else BudgetSource.FESTIVAL
            funded[source.value] += link.granted_cents or 0
    names = [s.value for s in SOURCES] + ["nog onbekend"]
    return [
        BudgetLine(
            source=name,
            items=counts[name],
            budget_cents=budgets[name],
            funded_cents=funded[name],
        )
        for name in names
        if counts[name] or funded[name]
    ]


def council_report(
    db: Database, since: date | None = None, *, since_version: bool = False
) -> list[CouncilKern]:
    """Every pilot kern's part of the report. Changes count from ``since``, or with
    ``since_version`` from each kern's last fixed version (a kern never fixed: from the start)."""
    today = date.today()
    result = []
    for pilot in [k for k in list_kernen(db, include_inactive=True) if k.is_pilot]:
        agenda = agenda_for_kern(db, pilot.id)
        if agenda is None:
            empty = KernProgress(
                kern=pilot.name,
                version="nog geen kernagenda",
                by_status={},
                by_theme={},
                added=[],
                finished=[],
                changed=[],
            )
            result.append(
                CouncilKern(
                    kern=pilot.name,
                    version=empty.version,
                    progress=empty,
                    spearheads=[],
                    overdue=[],
                    since="",
                    budgets=[],
                )
            )
            continue
        items = list_items(db, agenda.id)
        if since_version:
            progress = _kern_progress(db, agenda.id, None)
            versions = list_versions(db, agenda.id)
            base = versions[-1].items if versions else []
            label = f"versie {versions[-1].version_label!r}" if versions else "het begin"
            _changes_since_version(progress, base, items)
        else:
            progress = _kern_progress(db, agenda.id, since)
            label = format_date_long(since) if since else ""
        late = sorted(
            (i for i in items if i.is_overdue(today)),
            key=lambda i: (i.priority is not Priority.SPEARHEAD, i.target_date, i.title),
        )
        result.append(
            CouncilKern(
                kern=agenda.kern_name,
                version=f"{agenda.version_label} ({agenda.status.value})",
                progress=progress,
                spearheads=[
                    SpearheadLine(
                        rank=i.rank,
                        title=i.title,
                        status=i.status.value,
                        progress=_last_public(db, i),
                    )
                    for i in items
                    if i.priority is Priority.SPEARHEAD and i.rank is not None
                ],
                overdue=[
                    f"{i.title} (streefdatum {format_date_long(i.target_date)})"
                    for i in late
                    if i.target_date is not None
                ],
                since=label,
                budgets=_budgets(db, items),
            )
        )
    return result


def _changes_since_version(
    progress: KernProgress, base: list[dict[str, Any]], items: list[Item]
) -> None:
    """Added, finished, changed and removed compared with a fixed version's snapshot."""
    now = [{"id": i.id, **{f: stored_value(getattr(i, f)) for f in ITEM_FIELDS}} for i in items]
    comparison = compare_items(base, now)
    done = ItemStatus.DONE.value
    known = {b["id"] for b in base}
    finished = [
        c.title
        for c in comparison.changed
        if any(f.field == "status" and f.new == done for f in c.changes)
    ]
    # An item added since the version and already finished is news twice, as with a date.
    finished += [str(i["title"]) for i in now if i["status"] == done and i["id"] not in known]
    progress.added = comparison.added
    progress.removed = comparison.removed
    progress.finished = finished
    progress.changed = [c.title for c in comparison.changed if c.title not in finished]


def _money(cents: int) -> str:
    return format_money(cents)


def report_document(db: Database, kernen: list[CouncilKern], today: date | None = None) -> Doc:
    """The report as a raadsinformatiebrief: address, subject, salutation, per kern the
    speerpunten, what is late, what changed and the budgets, and the closing."""
    day = today or date.today()
    municipality = get_setting(db, MUNICIPALITY)
    place = municipality.removeprefix("Gemeente ").removeprefix("gemeente ")
    names = [k.kern for k in kernen]
    listed = " en ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)
    blocks = [
        Block(kind="p", text="Aan de leden van de raad"),
        Block(kind="title", text="Raadsinformatiebrief voortgang kernagenda's"),
        Block(kind="subtitle", text=f"{municipality}, {format_date_long(day)}"),
        Block(kind="p", text="Geachte leden van de raad,"),
        Block(
            kind="p",
            text=(
                "In het uitvoeringsplan kerngericht werken is afgesproken een start te maken met "
                "kernagenda's in twee pilotkernen. Met deze raadsinformatiebrief informeren wij u "
                f"over de stand van zaken van de kernagenda's in {listed or 'de pilotkernen'}: "
                "wat is gepland, wat is gedaan, wat achterloopt en wat het heeft gekost."
            ),
        ),
    ]
    for kern in kernen:
        blocks += _kern_blocks(kern)
    blocks += [
        Block(kind="h1", text="Hoe gaan we verder?"),
        Block(
            kind="p",
            text=(
                "De kernregisseurs bespreken de kernagenda's jaarlijks met de inwoners en de "
                "dorpsbelangenverenigingen. Via berichten in het raadsjournaal houden wij u "
                "hiervan regelmatig op de hoogte."
            ),
        ),
        Block(kind="p", text="Met vriendelijke groet,"),
        Block(kind="p", text=f"burgemeester en wethouders van {place},"),
    ]
    return Doc(title="Raadsinformatiebrief voortgang kernagenda's", blocks=blocks)


def _kern_blocks(kern: CouncilKern) -> list[Block]:
    blocks = [Block(kind="h1", text=f"Kernagenda {kern.kern}")]
    counts = kern.progress.by_status
    total = sum(counts.values())
    if not total and kern.version == "nog geen kernagenda":
        return [*blocks, Block(kind="p", text=f"{kern.kern} heeft nog geen kernagenda.")]
    done = counts.get(ItemStatus.DONE.value, 0)
    busy = counts.get(ItemStatus.IN_PROGRESS.value, 0)
    planned = counts.get(ItemStatus.PLANNED.value, 0)
    blocks.append(
        Block(
            kind="p",
            text=(
                f"De kernagenda van {kern.kern} ({kern.version}) telt {total} agendapunten, "
                f"waarvan {len(kern.spearheads)} speerpunten. Afgerond: {done}; in uitvoering: "
                f"{busy}; gepland: {planned}."
            ),
        )
    )
    if kern.spearheads:
        blocks.append(Block(kind="h2", text="Speerpunten"))
        blocks += [
            Block(
                kind="numbered",
                label=str(s.rank),
                text=f"{s.title} ({s.status}). {s.progress}",
            )
            for s in kern.spearheads
        ]
    blocks.append(Block(kind="h2", text="Wat loopt achter"))
    if kern.overdue:
        blocks += [Block(kind="bullet", text=line) for line in kern.overdue]
    else:
        blocks.append(Block(kind="p", text="Geen agendapunt is over zijn streefdatum."))
    if kern.since:
        blocks.append(Block(kind="h2", text=f"Wat is er veranderd sinds {kern.since}"))
        for label, titles in (
            ("Nieuw", kern.progress.added),
            ("Afgerond", kern.progress.finished),
            ("Gewijzigd", kern.progress.changed),
            ("Van de agenda gehaald", kern.progress.removed),
        ):
            blocks.append(
                Block(kind="field", label=label, text=", ".join(titles) if titles else "geen")
            )
    blocks.append(Block(kind="h2", text="Budget"))
    if kern.budgets:
        for line in kern.budgets:
            funded = (
                f", toegekend {_money(line.funded_cents)}"
                if line.source in (BudgetSource.LIVEABILITY, BudgetSource.FESTIVAL)
                else ""
            )
            blocks.append(
                Block(
                    kind="field",
                    label=line.source.capitalize(),
                    text=f"begroot {_money(line.budget_cents)} voor {line.items} "
                    f"agendapunt(en){funded}",
                )
            )
        total_budget = sum(b.budget_cents for b in kern.budgets)
        total_funded = sum(b.funded_cents for b in kern.budgets)
        blocks.append(
            Block(
                kind="p",
                text=f"In totaal is {_money(total_budget)} begroot en {_money(total_funded)} "
                "toegekend uit het leefbaarheidsbudget en het initiatievenfestival.",
            )
        )
    else:
        blocks.append(Block(kind="p", text="Er is nog geen budget aan agendapunten verbonden."))
    return blocks
