"""The kernagenda's settings: facts that differ per municipality or per way of working, kept
in the database and changed by the coordinator (logged)."""

from __future__ import annotations

from festival.core.errors import InvalidInput
from festival.core.text import clean_text
from festival.domain.permissions import Caller, require
from festival.store.database import Database, Transaction
from kernagenda.domain.permissions import AGENDA_SETTINGS

MUNICIPALITY = "gemeente"
QUIET_MONTHS = "stil_maanden"
REVIEW_WEEKS = "herziening_weken"

#: Each setting's default and what it means (shown by ``kernagenda instelling``).
DEFAULTS = {
    MUNICIPALITY: ("Gemeente Buren", "naam van de gemeente boven documenten"),
    QUIET_MONTHS: ("3", "maanden zonder voortgang voordat een open punt 'stil' is"),
    REVIEW_WEEKS: ("6", "weken vóór de herzieningsdatum dat die aandacht vraagt"),
}


def _known(key: str) -> None:
    if key not in DEFAULTS:
        raise InvalidInput(f"Onbekende instelling {key!r}; kies uit: {', '.join(DEFAULTS)}.", "key")


def get_setting(db: Database | Transaction, key: str) -> str:
    _known(key)
    row = db.fetchone("SELECT value FROM agenda_settings WHERE key = ?", (key,))
    return str(row["value"]) if row is not None else DEFAULTS[key][0]


def get_number(db: Database | Transaction, key: str) -> int:
    return int(get_setting(db, key))


def set_setting(db: Database, caller: Caller, key: str, value: str) -> str:
    """Store a setting (numbers must be whole and 1–120); returns the value stored."""
    require(caller, AGENDA_SETTINGS)
    if key not in DEFAULTS:
        raise InvalidInput(f"Onbekende instelling {key!r}; kies uit: {', '.join(DEFAULTS)}.", "key")
    text = clean_text(value, "value", "Waarde", max_length=120)
    if key != MUNICIPALITY and not (text.isdigit() and 1 <= int(text) <= 120):
        raise InvalidInput(f"{key} is een heel getal van 1 tot en met 120.", "value")
    old = get_setting(db, key)
    if old != text:
        with db.write(caller.actor) as tx:
            tx.execute(
                "INSERT INTO agenda_settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, text),
            )
            tx.audit(
                "kernagenda-instelling gewijzigd", "agenda_setting", None, {key: old}, {key: text}
            )
    return text
