"""The theme list every kernagenda shares: its order, and adding, renaming and removing."""

from __future__ import annotations

from festival.core.errors import InvalidInput, NotAllowed, NotFound
from festival.core.text import clean_text, fold
from festival.domain.permissions import Caller, allowed
from festival.store.database import Database, Transaction
from kernagenda.domain.agendas import get_agenda, list_agendas
from kernagenda.domain.items import apply_changes, item_from_row
from kernagenda.domain.models import ThemeUse
from kernagenda.domain.permissions import AGENDA_EDIT, require_themes


def list_themes(db: Database | Transaction) -> list[str]:
    return [r["name"] for r in db.fetchall("SELECT name FROM agenda_themes ORDER BY position, id")]


def list_theme_use(db: Database | Transaction) -> list[ThemeUse]:
    """The themes in order, each with its number of items still on an agenda."""
    rows = db.fetchall(
        "SELECT t.id, t.name, (SELECT count(*) FROM agenda_items i"
        " WHERE i.theme = t.name AND i.removed_at IS NULL) AS items"
        " FROM agenda_themes t ORDER BY t.position, t.id"
    )
    return [ThemeUse.model_validate(dict(r)) for r in rows]


def _find_theme(db: Database | Transaction, name: str) -> str:
    """The stored name of the theme ``name`` (case and accents ignored)."""
    for theme in list_themes(db):
        if fold(theme) == fold(name):
            return theme
    raise NotFound(f"Het thema {name.strip()!r} bestaat niet (meer).")


def add_theme(db: Database, caller: Caller, name: str) -> str:
    """Add a theme at the end of the list; returns its name as stored."""
    require_themes(db, caller)
    name = clean_text(name, "theme", "Thema", max_length=60)
    with db.write(caller.actor) as tx:
        if any(fold(t) == fold(name) for t in list_themes(tx)):
            raise InvalidInput(f"Het thema {name!r} bestaat al.", "theme")
        position = tx.fetchone("SELECT COALESCE(MAX(position), 0) + 1 AS p FROM agenda_themes")
        assert position is not None
        tx.insert("agenda_themes", {"name": name, "position": position["p"]})
        tx.audit("thema toegevoegd", "agenda_theme", name, None, {"name": name})
    return name


def rename_theme(db: Database, caller: Caller, old: str, new: str) -> str:
    """Rename a theme, and with it every item on an agenda that has it; returns the new name.

    Each item gets a history row and audit line, and a fixed agenda whose items change becomes
    the next concept. Items taken off an agenda keep the old name, as fixed versions do: both
    are read, never edited.
    """
    require_themes(db, caller)
    name = clean_text(new, "theme", "Thema", max_length=60)
    with db.write(caller.actor) as tx:
        current = _find_theme(tx, old)
        if name == current:
            return name
        for existing in list_themes(tx):
            if fold(existing) == fold(name) and existing != current:
                raise InvalidInput(f"Het thema {existing!r} bestaat al.", "theme")
        tx.execute("UPDATE agenda_themes SET name = ? WHERE name = ?", (name, current))
        rows = tx.fetchall(
            "SELECT * FROM agenda_items WHERE theme = ? AND removed_at IS NULL ORDER BY id",
            (current,),
        )
        # The list is shared, the items are not: renaming may not reach into an agenda this
        # user only reads (a kernregisseur of Zoelen cannot edit Ingen).
        for agenda_id in sorted({row["agenda_id"] for row in rows}):
            agenda = get_agenda(tx, agenda_id)
            if not allowed(caller, AGENDA_EDIT, kern_id=agenda.kern_id):
                raise NotAllowed(
                    f"Het thema {current!r} wordt ook gebruikt in de kernagenda van "
                    f"{agenda.kern_name}; alleen de coördinator of de kernregisseur van alle "
                    "betrokken kernen kan het hernoemen. Een nieuw thema toevoegen kan wel."
                )
        for row in rows:
            apply_changes(tx, item_from_row(row), {"theme": name})
        tx.audit(
            "thema hernoemd",
            "agenda_theme",
            current,
            {"name": current},
            {"name": name, "agendapunten": len(rows)},
        )
    return name


def _removal_problem(db: Database | Transaction, current: str) -> str | None:
    row = db.fetchone(
        "SELECT count(*) AS n FROM agenda_items WHERE theme = ? AND removed_at IS NULL",
        (current,),
    )
    used = int(row["n"]) if row is not None else 0
    if used:
        items = "agendapunt" if used == 1 else "agendapunten"
        return (
            f"Het thema {current!r} wordt nog gebruikt door {used} {items}; geef die eerst een "
            "ander thema."
        )
    if len(list_themes(db)) == 1:
        return f"Het thema {current!r} is het laatste; een agenda heeft minstens één thema."
    return None


def theme_removal_problem(db: Database, name: str) -> str | None:
    """Why :func:`remove_theme` would refuse ``name`` now, or None (asked before confirming)."""
    try:
        return _removal_problem(db, _find_theme(db, name))
    except NotFound as exc:
        return exc.message


def remove_theme(db: Database, caller: Caller, name: str) -> None:
    """Remove a theme no item on an agenda uses; the list never becomes empty."""
    require_themes(db, caller)
    with db.write(caller.actor) as tx:
        current = _find_theme(tx, name)
        problem = _removal_problem(tx, current)
        if problem:
            raise InvalidInput(problem, "theme")
        tx.execute("DELETE FROM agenda_themes WHERE name = ?", (current,))
        tx.audit("thema verwijderd", "agenda_theme", current, {"name": current}, None)


def move_theme(db: Database, caller: Caller, name: str, step: int) -> None:
    """Move a theme up (``step=-1``) or down (``step=1``) in the order lists and documents
    show; at either end nothing changes."""
    require_themes(db, caller)
    with db.write(caller.actor) as tx:
        # The order is that of every agenda's list and documents: only who edits them all.
        for agenda in list_agendas(tx):
            if not allowed(caller, AGENDA_EDIT, kern_id=agenda.kern_id):
                raise NotAllowed(
                    "De volgorde van de thema's geldt voor elke kernagenda; alleen wie ze "
                    f"allemaal wijzigt (ook {agenda.kern_name}) kan haar veranderen."
                )
        rows = tx.fetchall("SELECT id, name, position FROM agenda_themes ORDER BY position, id")
        names = [r["name"] for r in rows]
        current = _find_theme(tx, name)
        index = names.index(current)
        other = index + (-1 if step < 0 else 1)
        if not 0 <= other < len(names):
            return
        names[index], names[other] = names[other], names[index]
        # Numbered afresh: older lists may hold equal positions, which a swap would not change.
        for position, (row, theme) in enumerate(zip(rows, names, strict=True), start=1):
            if row["name"] != theme or row["position"] != position:
                tx.execute(
                    "UPDATE agenda_themes SET position = ? WHERE name = ?", (position, theme)
                )
        tx.audit(
            "thema verplaatst",
            "agenda_theme",
            current,
            {"positie": index + 1},
            {"positie": other + 1},
        )
