"""The kernen of gemeente Buren: seeded from data/kernen.csv, editable by the coordinator."""

from __future__ import annotations

from importlib import resources

from pydantic import BaseModel

from festival.core.errors import InvalidInput, NotFound
from festival.core.text import clean_text, fold
from festival.domain import permissions
from festival.domain.permissions import Caller
from festival.store.database import Database, Row, Transaction


class Kern(BaseModel):
    id: int
    name: str
    is_pilot: bool
    active: bool


def _kern(row: Row) -> Kern:
    return Kern(
        id=row["id"], name=row["name"], is_pilot=bool(row["is_pilot"]), active=bool(row["active"])
    )


def seed_names() -> list[str]:
    """The committed list of kernen (``festival/data/kernen.csv``, one name a line)."""
    text = resources.files("festival.data").joinpath("kernen.csv").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines()[1:] if line.strip()]


def list_kernen(db: Database | Transaction, *, include_inactive: bool = False) -> list[Kern]:
    where = "" if include_inactive else "WHERE active = 1"
    return [_kern(r) for r in db.fetchall(f"SELECT * FROM kernen {where} ORDER BY name")]


def get_kern(db: Database | Transaction, kern_id: int) -> Kern:
    row = db.fetchone("SELECT * FROM kernen WHERE id = ?", (kern_id,))
    if row is None:
        raise NotFound(f"Kern {kern_id} bestaat niet.")
    return _kern(row)


def normalise_name(name: str) -> str:
    """Compare kern names without case, accents, hyphens or double spaces."""
    return fold(name)


class KernIndex:
    """Finds a kern by the name someone typed or imported."""

    def __init__(self, kernen: list[Kern]) -> None:
        self._by_name = {normalise_name(k.name): k for k in kernen}

    def find(self, name: str, field: str = "kern") -> Kern:
        if not name.strip():
            raise InvalidInput("Kies een kern.", field)
        kern = self._by_name.get(normalise_name(name))
        if kern is None:
            raise InvalidInput(f"Onbekende kern {name.strip()!r}.", field)
        return kern


def add_kern(db: Database, caller: Caller, name: str) -> Kern:
    permissions.require(caller, permissions.KERNEN_MANAGE)
    name = clean_text(name, "name", "Naam van de kern", max_length=60)
    with db.write(caller.actor) as tx:
        existing = [r["name"] for r in tx.fetchall("SELECT name FROM kernen")]
        if any(normalise_name(e) == normalise_name(name) for e in existing):
            raise InvalidInput(f"De kern {name!r} bestaat al.", "name")
        kern_id = tx.insert("kernen", {"name": name, "is_pilot": 0, "active": 1})
        tx.audit("kern toegevoegd", "kern", kern_id, None, {"name": name})
    return get_kern(db, kern_id)


def update_kern(
    db: Database,
    caller: Caller,
    kern_id: int,
    *,
    name: str | None = None,
    is_pilot: bool | None = None,
    active: bool | None = None,
) -> Kern:
    permissions.require(caller, permissions.KERNEN_MANAGE)
    if name is not None:
        name = clean_text(name, "name", "Naam van de kern", max_length=60)
    with db.write(caller.actor) as tx:
        row = tx.fetchone("SELECT * FROM kernen WHERE id = ?", (kern_id,))
        if row is None:
            raise NotFound(f"Kern {kern_id} bestaat niet.")
        before = dict(row)
        after = dict(before)
        if name is not None:
            clash = tx.fetchall("SELECT id, name FROM kernen WHERE id != ?", (kern_id,))
            if any(normalise_name(r["name"]) == normalise_name(name) for r in clash):
                raise InvalidInput(f"De kern {name!r} bestaat al.", "name")
            after["name"] = name
        if is_pilot is not None:
            after["is_pilot"] = int(is_pilot)
        if active is not None:
            after["active"] = int(active)
        if after != before:
            tx.execute(
                "UPDATE kernen SET name = ?, is_pilot = ?, active = ? WHERE id = ?",
                (after["name"], after["is_pilot"], after["active"], kern_id),
            )
            tx.audit("kern gewijzigd", "kern", kern_id, before, after)
    return get_kern(db, kern_id)


def seed_kernen(db: Database, caller: Caller) -> int:
    """Add the committed kernen that are missing; returns how many were added."""
    permissions.require(caller, permissions.KERNEN_MANAGE)
    added = 0
    with db.write(caller.actor) as tx:
        known = {normalise_name(r["name"]) for r in tx.fetchall("SELECT name FROM kernen")}
        for name in seed_names():
            if normalise_name(name) not in known:
                kern_id = tx.insert("kernen", {"name": name, "is_pilot": 0, "active": 1})
                tx.audit("kern toegevoegd", "kern", kern_id, None, {"name": name, "bron": "seed"})
                added += 1
    return added
