"""The table talks' settings: rounds, minutes per round, tables, start time, breaks, the
minimum of talks per initiative and the automatic re-plan; checked whole, in Dutch."""

from __future__ import annotations

import re
from datetime import date, datetime

from pydantic import BaseModel

from festival.core.errors import InvalidInput, NotFound, ValidationErrors
from festival.domain import permissions
from festival.domain.permissions import Caller
from festival.store.database import Database, Transaction
from matchmaking.domain.models import Settings
from matchmaking.domain.permissions import SCHEDULE_PLAN

_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
_BREAK = re.compile(r"^(\d+)\s*[:=]\s*(\d+)$")


class SettingsInput(BaseModel):
    """The settings as typed: rounds, minutes per round, tables, start time, breaks
    (``"3:15"`` = 15 minutes after round 3, several with ``,``) and the minimum of talks."""

    rounds: str = "6"
    minutes: str = "15"
    tables: str = "20"
    start: str = "13:30"
    breaks: str = ""
    min_talks: str = "2"
    auto_replan: bool = False


def _number(text: str, field: str, label: str, low: int, high: int) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise InvalidInput(f"{label}: {text.strip()!r} is geen geheel getal.", field) from None
    if not low <= value <= high:
        raise InvalidInput(f"{label} ligt tussen {low} en {high} (niet {value}).", field)
    return value


def check_settings(festival_id: int, data: SettingsInput) -> Settings:
    """All problems at once as :class:`ValidationErrors`, keyed by field."""
    errors: dict[str, str] = {}
    values: dict[str, int] = {}
    for field, label, low, high in (
        ("rounds", "Aantal rondes", 1, 12),
        ("minutes", "Minuten per ronde", 5, 120),
        ("tables", "Aantal tafels", 1, 200),
        ("min_talks", "Minimum aantal gesprekken per initiatief", 0, 12),
    ):
        try:
            values[field] = _number(getattr(data, field), field, label, low, high)
        except InvalidInput as exc:
            errors[field] = exc.message
    start = _CLOCK.match(data.start.strip())
    if start is None:
        errors["start"] = f"Begintijd {data.start.strip()!r}: schrijf als 13:30."
    breaks: dict[int, int] = {}
    for part in (p.strip() for p in data.breaks.split(",")):
        if not part:
            continue
        found = _BREAK.match(part)
        if found is None:
            errors["breaks"] = f"Pauze {part!r}: schrijf als RONDE:MINUTEN, bijv. 3:15."
            break
        after, minutes = int(found[1]), int(found[2])
        if "rounds" in values and not 1 <= after < values["rounds"]:
            errors["breaks"] = (
                f"Pauze na ronde {after}: er zijn {values['rounds']} rondes; een pauze valt "
                f"tussen twee rondes (na ronde 1 tot {values['rounds'] - 1})."
            )
            break
        if after in breaks:
            errors["breaks"] = f"Twee pauzes na ronde {after}."
            break
        breaks[after] = minutes
    if "rounds" in values and "min_talks" in values and values["min_talks"] > values["rounds"]:
        errors["min_talks"] = (
            f"Minimaal {values['min_talks']} gesprekken per initiatief past niet in "
            f"{values['rounds']} rondes: iemand zit per ronde aan één tafel."
        )
    if not errors and start is not None:
        total = values["rounds"] * values["minutes"] + sum(breaks.values())
        if int(start[1]) * 60 + int(start[2]) + total > 24 * 60:
            errors["rounds"] = "Het rooster loopt over middernacht: minder of kortere rondes."
    if errors:
        raise ValidationErrors(errors)
    assert start is not None
    return Settings(
        festival_id=festival_id,
        rounds=values["rounds"],
        minutes=values["minutes"],
        tables=values["tables"],
        start=f"{int(start[1]):02d}:{start[2]}",
        breaks=breaks,
        min_talks=values["min_talks"],
        auto_replan=data.auto_replan,
    )


def set_settings(db: Database, caller: Caller, festival_id: int, data: SettingsInput) -> Settings:
    """Store the settings; planned talks in a round or at a table that no longer exists are
    dropped (plan or re-plan to fill their places)."""
    permissions.require(caller, SCHEDULE_PLAN)
    settings = check_settings(festival_id, data)
    breaks = ",".join(f"{r}:{m}" for r, m in sorted(settings.breaks.items()))
    with db.write(caller.actor) as tx:
        tx.execute(
            "INSERT OR REPLACE INTO match_settings (festival_id, rounds, minutes, tables,"
            " start_time, breaks, min_talks, auto_replan) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                festival_id,
                settings.rounds,
                settings.minutes,
                settings.tables,
                settings.start,
                breaks,
                settings.min_talks,
                int(settings.auto_replan),
            ),
        )
        # Talks outside the new shape cannot be held: they go, and the audit line says how many.
        dropped = tx.execute(
            "DELETE FROM match_talks WHERE festival_id = ? AND (round > ? OR table_no > ?)",
            (festival_id, settings.rounds, settings.tables),
        ).rowcount
        tx.audit(
            "tafelgesprekken ingesteld",
            "festival",
            festival_id,
            None,
            {**settings.model_dump(), "gesprekken vervallen": dropped},
        )
    return settings


def get_settings(db: Database | Transaction, festival_id: int) -> Settings | None:
    row = db.fetchone("SELECT * FROM match_settings WHERE festival_id = ?", (festival_id,))
    if row is None:
        return None
    breaks = {}
    for part in filter(None, row["breaks"].split(",")):
        after, minutes = part.split(":")
        breaks[int(after)] = int(minutes)
    return Settings(
        festival_id=festival_id,
        rounds=row["rounds"],
        minutes=row["minutes"],
        tables=row["tables"],
        start=row["start_time"],
        breaks=breaks,
        min_talks=row["min_talks"],
        auto_replan=bool(row["auto_replan"]),
    )


def next_round(settings: Settings, festival_day: date, now: datetime) -> int | None:
    """The first round that has not started yet on the festival day (None on another day or
    once the last round has started)."""
    if now.date() != festival_day:
        return None
    clock = now.strftime("%H:%M")
    for number, (start, _) in settings.round_times().items():
        if start > clock:
            return number
    return None


def require_settings(db: Database, festival_id: int) -> Settings:
    settings = get_settings(db, festival_id)
    if settings is None:
        raise NotFound(
            "Er zijn nog geen instellingen voor de tafelgesprekken (rondes, minuten, tafels): "
            "leg ze eerst vast."
        )
    return settings
