"""Kernavond mode: during a residents' evening the kernregisseur types residents' input as
ideas (one line each, optional theme; source and date filled in), then triages them: merge
into an existing item, make a new item, or park with a reason. Each idea keeps its source, so
an item made from one says "uit de kernavond van 12-11-2026"."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from festival.core.dates import format_date, parse_optional_date
from festival.core.errors import InvalidInput, NotFound
from festival.core.text import clean_text
from festival.domain.permissions import Caller
from festival.store.database import Database, Row, Transaction, utc_now
from kernagenda.domain.agendas import get_agenda, mark_edited
from kernagenda.domain.items import get_item, insert_item, item_to_edit, write_history
from kernagenda.domain.models import Item, ItemInput
from kernagenda.domain.permissions import require_edit
from kernagenda.domain.themes import list_themes
from kernagenda.domain.validation import validate_item

OPEN = "open"
MERGED = "samengevoegd"
NEW_ITEM = "nieuw agendapunt"
PARKED = "geparkeerd"


class Idea(BaseModel):
    id: int
    agenda_id: int
    text: str
    theme: str
    source: str
    evening_date: date
    written_by: str
    written_at: str
    outcome: str
    item_id: int | None
    reason: str
    triaged_by: str | None
    triaged_at: str | None


def evening_source(evening: date) -> str:
    """Where an idea (and an item made of it) came from, as the agenda shows it."""
    return f"uit de kernavond van {format_date(evening)}"


def _idea(row: Row) -> Idea:
    values = dict(row)
    values["evening_date"] = date.fromisoformat(values["evening_date"])
    return Idea.model_validate(values)


def get_idea(db: Database | Transaction, idea_id: int) -> Idea:
    row = db.fetchone("SELECT * FROM agenda_ideas WHERE id = ?", (idea_id,))
    if row is None:
        raise NotFound(f"Idee {idea_id} bestaat niet.")
    return _idea(row)


def list_ideas(
    db: Database | Transaction, agenda_id: int, *, open_only: bool = False
) -> list[Idea]:
    """The agenda's ideas in the order they were typed (only the untriaged ones if asked)."""
    sql = "SELECT * FROM agenda_ideas WHERE agenda_id = ?"
    if open_only:
        sql += " AND outcome = 'open'"
    return [_idea(r) for r in db.fetchall(sql + " ORDER BY id", (agenda_id,))]


def add_idea(
    db: Database,
    caller: Caller,
    agenda_id: int,
    text: str,
    *,
    theme: str = "",
    evening: str = "",
) -> Idea:
    """One resident's input, typed during the evening (``evening``: its date, today if empty)."""
    agenda = get_agenda(db, agenda_id)
    require_edit(caller, agenda)
    body = clean_text(text, "text", "Idee", max_length=500)
    day = parse_optional_date(evening, "evening") or date.today()
    chosen = theme.strip()
    if chosen and chosen not in list_themes(db):
        raise InvalidInput(f"Onbekend thema {chosen!r}.", "theme")
    with db.write(caller.actor) as tx:
        values = {
            "agenda_id": agenda_id,
            "text": body,
            "theme": chosen,
            "source": evening_source(day),
            "evening_date": day.isoformat(),
            "written_by": caller.actor.name,
            "written_at": utc_now(),
        }
        idea_id = tx.insert("agenda_ideas", values)
        tx.audit("idee genoteerd", "agenda_idea", idea_id, None, values)
    return get_idea(db, idea_id)


def _open_idea(db: Database, caller: Caller, idea_id: int) -> Idea:
    idea = get_idea(db, idea_id)
    require_edit(caller, get_agenda(db, idea.agenda_id))
    if idea.outcome != OPEN:
        raise InvalidInput(f"Dit idee is al verwerkt ({idea.outcome}).", "idea")
    return idea


def _close(
    tx: Transaction, idea: Idea, outcome: str, item_id: int | None, reason: str = ""
) -> None:
    if get_idea(tx, idea.id).outcome != OPEN:  # another terminal was first
        raise InvalidInput("Dit idee is intussen al verwerkt.", "idea")
    tx.execute(
        "UPDATE agenda_ideas SET outcome = ?, item_id = ?, reason = ?, triaged_by = ?,"
        " triaged_at = ? WHERE id = ?",
        (outcome, item_id, reason, tx.actor.name, utc_now(), idea.id),
    )
    tx.audit(
        "idee verwerkt",
        "agenda_idea",
        idea.id,
        {"uitkomst": OPEN},
        {"uitkomst": outcome, "agendapunt": item_id, "reden": reason},
    )


def merge_idea(db: Database, caller: Caller, idea_id: int, item_id: int) -> Item:
    """Add the idea to an existing item of the same agenda, as an internal progress note
    that names where it came from."""
    idea = _open_idea(db, caller, idea_id)
    item = item_to_edit(db, caller, item_id)
    if item.agenda_id != idea.agenda_id:
        raise InvalidInput("Dat agendapunt hoort bij een andere kernagenda.", "item")
    note = f"{idea.source.capitalize()}: {idea.text}"
    with db.write(caller.actor) as tx:
        tx.insert(
            "progress_updates",
            {
                "item_id": item.id,
                "who": caller.actor.name,
                "at": utc_now(),
                "text": note,
                "old_status": None,
                "new_status": None,
                "public": 0,
            },
        )
        write_history(tx, item.id, "voortgang", None, note)
        _close(tx, idea, MERGED, item.id)
    return item


def idea_to_item(
    db: Database, caller: Caller, idea_id: int, *, title: str = "", theme: str = ""
) -> Item:
    """Make a new item of the idea (an idee, overig), its source the evening."""
    idea = _open_idea(db, caller, idea_id)
    chosen = theme.strip() or idea.theme
    if not chosen:
        raise InvalidInput("Kies een thema voor het nieuwe agendapunt.", "theme")
    subject = (title.strip() or idea.text)[:120]
    themes = list_themes(db)
    draft = validate_item(
        ItemInput(theme=chosen, title=subject, problem=idea.text, source=idea.source), themes
    )
    # The item and the idea's outcome in one transaction: never an item from a lost idea.
    with db.write(caller.actor) as tx:
        item_id = insert_item(tx, idea.agenda_id, draft)
        mark_edited(tx, idea.agenda_id)
        _close(tx, idea, NEW_ITEM, item_id)
    return get_item(db, item_id)


def park_idea(db: Database, caller: Caller, idea_id: int, reason: str) -> Idea:
    """Put the idea aside, with a reason (it stays in the list of the evening)."""
    idea = _open_idea(db, caller, idea_id)
    why = clean_text(reason, "reason", "Reden", max_length=500)
    with db.write(caller.actor) as tx:
        _close(tx, idea, PARKED, None, why)
    return get_idea(db, idea_id)
