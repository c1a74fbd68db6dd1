"""The festival day itself: name, date, place and how long personal data may be kept."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from festival.core.dates import parse_date
from festival.core.errors import InvalidInput, ValidationErrors
from festival.core.text import clean_text
from festival.domain import permissions
from festival.domain.permissions import Caller
from festival.store.database import Database, Row, utc_now


class Festival(BaseModel):
    id: int
    name: str
    date: dt.date
    place: str
    retention_date: dt.date
    purged: bool


def _festival(row: Row) -> Festival:
    return Festival(
        id=row["id"],
        name=row["name"],
        date=dt.date.fromisoformat(row["date"]),
        place=row["place"],
        retention_date=dt.date.fromisoformat(row["retention_date"]),
        purged=row["purged_at"] is not None,
    )


def list_festivals(db: Database) -> list[Festival]:
    return [_festival(r) for r in db.fetchall("SELECT * FROM festivals ORDER BY date DESC, id")]


def current_festival(db: Database) -> Festival | None:
    """The festival the desks work for: the newest one whose data has not been purged."""
    row = db.fetchone(
        "SELECT * FROM festivals WHERE purged_at IS NULL ORDER BY date DESC, id DESC LIMIT 1"
    )
    return _festival(row) if row else None


def add_festival(
    db: Database,
    caller: Caller,
    *,
    name: str,
    day: str,
    place: str,
    retention: str,
) -> Festival:
    """Add a festival; the retention date must come after the festival day."""
    permissions.require(caller, permissions.FESTIVAL_MANAGE)
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    for field, parse in (
        ("name", lambda: clean_text(name, "name", "Naam", max_length=100)),
        ("place", lambda: clean_text(place, "place", "Plaats", max_length=100, required=False)),
        ("date", lambda: parse_date(day, "date")),
        ("retention_date", lambda: parse_date(retention, "retention_date")),
    ):
        try:
            values[field] = parse()
        except InvalidInput as exc:
            errors[field] = exc.message
    festival_day, keep_until = values.get("date"), values.get("retention_date")
    if (
        isinstance(festival_day, dt.date)
        and isinstance(keep_until, dt.date)
        and keep_until <= festival_day
    ):
        errors["retention_date"] = "De bewaartermijn moet na de festivaldag eindigen."
    if errors:
        raise ValidationErrors(errors)
    assert isinstance(festival_day, dt.date) and isinstance(keep_until, dt.date)
    with db.write(caller.actor) as tx:
        festival_id = tx.insert(
            "festivals",
            {
                "name": values["name"],
                "date": festival_day.isoformat(),
                "place": values["place"],
                "retention_date": keep_until.isoformat(),
                "created_at": utc_now(),
            },
        )
        tx.audit(
            "festival vastgelegd",
            "festival",
            festival_id,
            None,
            {
                "name": values["name"],
                "date": festival_day.isoformat(),
                "retention_date": keep_until.isoformat(),
            },
        )
    festival = next(f for f in list_festivals(db) if f.id == festival_id)
    return festival
