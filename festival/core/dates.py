"""Dates as Dutch offices write them."""

from __future__ import annotations

import re
from datetime import date, datetime

from babel.dates import format_date as babel_format_date

from festival.core.errors import InvalidInput

_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str, field: str | None = None) -> date:
    """Parse ``14-06-2023``, ``14/6/2023``, ``14.06.2023`` or ``2023-06-14``."""
    raw = text.strip()
    if match := _DMY.match(raw):
        day, month, year = (int(g) for g in match.groups())
    elif match := _YMD.match(raw):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise InvalidInput(
            f"{raw!r} is geen datum; schrijf bijvoorbeeld 14-06-2023 of 2023-06-14.", field
        )
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise InvalidInput(f"{raw!r} bestaat niet als datum.", field) from exc


def parse_optional_date(text: str, field: str | None = None) -> date | None:
    return parse_date(text, field) if text.strip() else None


def format_date(value: date | None) -> str:
    """``14-06-2023``: short and unambiguous for tables and forms."""
    return value.strftime("%d-%m-%Y") if value else ""


def format_date_long(value: date) -> str:
    """``14 juni 2023``."""
    return str(babel_format_date(value, format="d MMMM y", locale="nl_NL"))


def format_moment(stamp: str) -> str:
    """A stored UTC timestamp (ISO 8601) as local ``14-06-2023 09:05``."""
    return datetime.fromisoformat(stamp).astimezone().strftime("%d-%m-%Y %H:%M")
