"""What needs the kernregisseur's attention, per kern and across their kernen: overdue items
(speerpunten first), open items without progress for some months (a setting), a review date
that is near or past, and open items waiting on the municipality.

The same signals tag the items for the screen's filter, so "verlopen", "stil" and
"gemeente" find them there as well.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel

from festival.core.dates import format_date
from festival.domain.permissions import Caller
from festival.domain.roles import Role, User
from festival.store.database import Database, Transaction
from kernagenda.domain.agendas import list_agendas
from kernagenda.domain.items import list_items
from kernagenda.domain.models import (
    OPEN_STATUSES,
    Agenda,
    Item,
    MunicipalityRole,
    Owner,
    Priority,
)
from kernagenda.domain.settings import QUIET_MONTHS, REVIEW_WEEKS, get_number


class Signal(StrEnum):
    """Why something needs attention; the value is also the filter word on screen."""

    REVIEW = "herziening"
    OVERDUE = "verlopen"
    QUIET = "stil"
    MUNICIPALITY = "gemeente"


#: Roles of the municipality in which the next step is the municipality's.
_MUNICIPALITY_ACTS = frozenset({MunicipalityRole.EXECUTE, MunicipalityRole.FUND})


class Attention(BaseModel):
    """One line of the attention view: an item (or the agenda itself, ``item_id`` None)."""

    kern: str
    kern_id: int
    item_id: int | None
    title: str
    rank: int | None
    signals: list[Signal]
    detail: str


def last_activity(db: Database | Transaction, agenda_id: int) -> dict[int, date]:
    """Per item of the agenda: the day of its latest progress note (local time)."""
    rows = db.fetchall(
        "SELECT p.item_id, MAX(p.at) AS at FROM progress_updates p"
        " JOIN agenda_items i ON i.id = p.item_id WHERE i.agenda_id = ? GROUP BY p.item_id",
        (agenda_id,),
    )
    return {int(r["item_id"]): _day(r["at"]) for r in rows}


def _day(stamp: str) -> date:
    return datetime.fromisoformat(stamp).astimezone().date()


def _months_before(today: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day where that day does not exist)."""
    month = today.month - 1 - months
    year, month = today.year + month // 12, month % 12 + 1
    for day in range(today.day, 0, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("a month has a first day")


class Rules(BaseModel):
    """The settings the signals depend on, read once."""

    today: date
    quiet_since: date
    review_from: date

    @classmethod
    def read(cls, db: Database | Transaction, today: date) -> Rules:
        return cls(
            today=today,
            quiet_since=_months_before(today, get_number(db, QUIET_MONTHS)),
            review_from=today + timedelta(weeks=get_number(db, REVIEW_WEEKS)),
        )


def item_signals(item: Item, active: date | None, rules: Rules) -> list[Signal]:
    """The signals of one item; ``active``: the day of its latest progress note, if any."""
    if item.status not in OPEN_STATUSES:
        return []
    signals = []
    if item.is_overdue(rules.today):
        signals.append(Signal.OVERDUE)
    since = active or _day(item.created_at)
    if since < rules.quiet_since:
        signals.append(Signal.QUIET)
    if item.owner is Owner.MUNICIPALITY or item.municipality_role in _MUNICIPALITY_ACTS:
        signals.append(Signal.MUNICIPALITY)
    return signals


def _detail(item: Item, signals: list[Signal], active: date | None) -> str:
    parts = []
    if Signal.OVERDUE in signals and item.target_date:
        parts.append(f"streefdatum {format_date(item.target_date)}")
    if Signal.QUIET in signals:
        parts.append(
            f"laatste voortgang {format_date(active)}" if active else "nog nooit voortgang"
        )
    if Signal.MUNICIPALITY in signals:
        parts.append(f"gemeente: {item.municipality_role.value}")
    return "; ".join(parts)


def agenda_attention(db: Database | Transaction, agenda: Agenda, rules: Rules) -> list[Attention]:
    """The lines of one agenda: its review date first, then overdue speerpunten, other
    overdue items, and the rest by kind of signal."""
    lines: list[Attention] = []
    if agenda.review_date is not None and agenda.review_date <= rules.review_from:
        past = agenda.review_date < rules.today
        lines.append(
            Attention(
                kern=agenda.kern_name,
                kern_id=agenda.kern_id,
                item_id=None,
                title=f"Kernagenda {agenda.kern_name}",
                rank=None,
                signals=[Signal.REVIEW],
                detail=(f"herziening {'was' if past else 'op'} {format_date(agenda.review_date)}"),
            )
        )
    activity = last_activity(db, agenda.id)
    found = []
    for item in list_items(db, agenda.id):
        active = activity.get(item.id)
        signals = item_signals(item, active, rules)
        if signals:
            found.append((item, signals, active))
    order = [Signal.OVERDUE, Signal.QUIET, Signal.MUNICIPALITY]

    def key(entry: tuple[Item, list[Signal], date | None]) -> tuple[int, bool, int, str]:
        item, signals, _ = entry
        spearhead = item.priority is Priority.SPEARHEAD
        return (order.index(signals[0]), not spearhead, item.rank or 0, item.title.casefold())

    for item, signals, active in sorted(found, key=key):
        lines.append(
            Attention(
                kern=agenda.kern_name,
                kern_id=agenda.kern_id,
                item_id=item.id,
                title=item.title,
                rank=item.rank,
                signals=signals,
                detail=_detail(item, signals, active),
            )
        )
    return lines


def searchable(
    db: Database | Transaction, agenda_id: int, items: list[Item], today: date
) -> list[tuple[str, Item]]:
    """Each item with the folded text the screen's filter matches: its fields, and the words
    of its signals, so "verlopen", "stil" and "gemeente" find what needs attention."""
    activity = last_activity(db, agenda_id)
    rules = Rules.read(db, today)
    index = []
    for item in items:
        text = item.search_text()
        signals = item_signals(item, activity.get(item.id), rules)
        index.append((f"{text} {' '.join(signals)}" if signals else text, item))
    return index


def my_agendas(db: Database, caller: Caller) -> list[Agenda]:
    """The agendas of the caller's kernen (a kernregisseur), or every agenda (anyone else)."""
    agendas = list_agendas(db)
    if isinstance(caller, User) and caller.role is Role.KERNREGISSEUR:
        return [a for a in agendas if a.kern_id in caller.kern_ids]
    return agendas


def attention(db: Database, agendas: list[Agenda], today: date | None = None) -> list[Attention]:
    """The attention lines of ``agendas``, kern by kern."""
    rules = Rules.read(db, today or date.today())
    return [line for agenda in agendas for line in agenda_attention(db, agenda, rules)]
