"""The progress of the pilot kernen's agendas for the council (a raadsinformatiebrief)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from pydantic import BaseModel

from festival.core.dates import format_date_long
from festival.domain.kernen import list_kernen
from festival.store.database import Database
from kernagenda.domain.agendas import agenda_for_kern, get_agenda
from kernagenda.domain.items import list_items, list_removed_items
from kernagenda.domain.models import ItemStatus
from kernagenda.domain.themes import list_themes


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
    pilots = [k for k in list_kernen(db, include_inactive=True) if k.is_pilot]
    result = []
    for pilot in pilots:
        agenda = agenda_for_kern(db, pilot.id)
        if agenda is None:
            result.append(
                KernProgress(
                    kern=pilot.name,
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
