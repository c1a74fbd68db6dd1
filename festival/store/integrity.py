"""Checks of the file itself: its pages (``PRAGMA integrity_check``) and the triggers with which
the schema protects its evidence (the audit log, locked allocations)."""

from __future__ import annotations

from festival.store.audit import Finding
from festival.store.database import Database, Error
from festival.store.migrations import MIGRATIONS

#: How many of SQLite's own messages about damaged pages are passed on.
MAX_PAGE_MESSAGES = 5


def _normalised(sql: str) -> str:
    return " ".join(sql.split())


def protective_triggers() -> dict[str, str]:
    """Trigger name → its SQL (whitespace normalised), as the festival's schema steps make it.

    Every trigger the steps create as SQL text guards evidence; the full-text indexes' triggers
    are made by sqlite-utils and are not counted here.
    """
    found: dict[str, str] = {}
    for _, statements in MIGRATIONS:
        for statement in statements:
            if not isinstance(statement, str):
                continue
            words = statement.split()
            if words[:2] == ["CREATE", "TRIGGER"]:
                found[words[2]] = _normalised(statement)
    return found


def verify_triggers(db: Database) -> list[Finding]:
    """Every protective trigger present, and as the schema made it."""
    present = {
        str(r["name"]): _normalised(str(r["sql"]))
        for r in db.fetchall("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    }
    findings = []
    for name, sql in protective_triggers().items():
        if name not in present:
            findings.append(Finding(f"De beveiliging {name} ontbreekt in de database."))
        elif present[name] != sql:
            findings.append(Finding(f"De beveiliging {name} is veranderd."))
    return findings


def verify_pages(db: Database) -> list[Finding]:
    """SQLite's full check of every page, record and index."""
    try:
        messages = [str(r[0]) for r in db.fetchall("PRAGMA integrity_check")]
    except Error as exc:
        messages = [str(exc)]
    if messages == ["ok"]:
        return []
    shown = [Finding(f"Het bestand is beschadigd: {m}") for m in messages[:MAX_PAGE_MESSAGES]]
    if len(messages) > MAX_PAGE_MESSAGES:
        shown.append(Finding(f"… en nog {len(messages) - MAX_PAGE_MESSAGES} meldingen."))
    return shown
