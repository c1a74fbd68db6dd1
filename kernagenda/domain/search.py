"""Searching the items of an agenda, with accents and case ignored: every word of the search
must match, either the item's own fields or one of its progress notes.

The full-text indexes (made by step 3 of :mod:`kernagenda.store.schema`) match a word against
the start of the words in the text, so a search works while the user is still typing
("chlo" finds "Chloé"). The command line (``items --zoek``) asks them for the whole search in
one query.

The screen's filter keeps matching the fields of the items it has loaded in memory, as it did
before the indexes: there a word may also sit inside a longer one ("woning" finds
"Starterswoningen"), and the list answers a keystroke at 500 items in about 16 ms, which a round
trip per keystroke for the fields would only slow down. Progress notes are not loaded with the
list, so for them the screen asks the notes' index, once per keystroke
(:func:`note_matches`), and combines both with :func:`filter_loaded`.
"""

from __future__ import annotations

from collections.abc import Sequence

from festival.core.text import fold
from festival.store.database import Database, Transaction
from festival.store.sqlite_utils_db import prefix_term
from kernagenda.domain.models import Item

_ITEMS = "SELECT rowid AS id FROM agenda_items_fts WHERE agenda_items_fts MATCH ?"
_NOTES = (
    "SELECT p.item_id AS id FROM progress_updates_fts f"
    " JOIN progress_updates p ON p.id = f.rowid WHERE progress_updates_fts MATCH ?"
)


def search_words(query: str) -> list[str]:
    """The words of a search, folded as the item texts are (no case, accents, hyphens)."""
    return fold(query).split()


def matching_items(db: Database | Transaction, query: str) -> set[int] | None:
    """Ids of the items in which every word of ``query`` starts a word of the item's fields or
    of one of its progress notes; None when ``query`` has no words (everything matches)."""
    terms = [t for t in (prefix_term(w) for w in search_words(query)) if t]
    if not terms:
        return None if not search_words(query) else set()
    one_word = f"SELECT id FROM ({_ITEMS} UNION {_NOTES})"
    sql = " INTERSECT ".join(one_word for _ in terms)
    params = [term for term in terms for _ in range(2)]
    return {int(r["id"]) for r in db.fetchall(sql, params)}


def note_matches(db: Database | Transaction, words: Sequence[str]) -> list[set[int]]:
    """Per word of ``words``: the ids of the items with a progress note holding a word that
    starts with it (one query for all words)."""
    found: list[set[int]] = [set() for _ in words]
    parts: list[str] = []
    params: list[str] = []
    for index, word in enumerate(words):
        term = prefix_term(word)
        if term is not None:
            # The index is a number made here, never user text.
            parts.append(f"SELECT DISTINCT {index} AS word, id FROM ({_NOTES})")
            params.append(term)
    if parts:
        for row in db.fetchall(" UNION ALL ".join(parts), params):
            found[int(row["word"])].add(int(row["id"]))
    return found


def filter_loaded(
    index: Sequence[tuple[str, Item]], words: Sequence[str], notes: Sequence[set[int]]
) -> list[Item]:
    """The loaded items (with their :meth:`~kernagenda.domain.models.Item.search_text`) in
    which every word is in the fields' text or matches one of the item's progress notes."""
    return [
        item
        for text, item in index
        if all(word in text or item.id in notes[k] for k, word in enumerate(words))
    ]
