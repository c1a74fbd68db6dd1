"""Finding registrations by what someone types: the desk's name matcher and the coordinator's
full-text search.

The desk matches the folded name with ``LIKE`` on ``people.name_key``: it runs at every
keystroke over up to 10,000 people (1 ms alone; `make bench`), finds a name by any part
("ja" finds "Jansen" and "Bijlsma", names starting with it first) and needs no index to keep.
The full-text index matches whole words and word starts only, so it would not find "ijl" in
"Bijlsma" the way staff are used to, and it would not be faster at this size: the desk keeps
its matcher.

The coordinator searches by name, e-mail, organisation or kern with the FTS5 index
``people_fts`` (festival migration step 8, kept current by triggers): every typed word must
start a word somewhere, without regard to case or accents, so "chloe" finds "Chloé" and
"leeuwen" finds "van Leeuwen".
"""

from __future__ import annotations

from festival.core.text import fold
from festival.domain import permissions
from festival.domain.kernen import list_kernen
from festival.domain.permissions import Caller
from festival.domain.registration import (
    SELECT_REGISTRATION,
    Registration,
    registration_from_row,
)
from festival.store.database import Database
from festival.store.sqlite_utils_db import prefix_query

MAX_MATCHES = 10
MIN_SEARCH_LENGTH = 2
#: The coordinator sees more at once than the desk, but never everyone.
MAX_FOUND = 50


def search(
    db: Database, caller: Caller, festival_id: int, text: str, limit: int = MAX_MATCHES
) -> list[Registration]:
    """At most ``limit`` people whose name contains ``text`` (folded); names starting with it
    first. Fewer than two letters give nothing: the desk never shows a list of everyone."""
    permissions.require(caller, permissions.DESK_SEARCH)
    key = fold(text)
    if len(key.replace(" ", "")) < MIN_SEARCH_LENGTH:
        return []
    pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    prefix = key + "%"
    rows = db.fetchall(
        f"""{SELECT_REGISTRATION}
        WHERE r.festival_id = ? AND p.name_key LIKE ? ESCAPE '\\'
        ORDER BY (p.name_key LIKE ? ESCAPE '\\') DESC, p.name_key
        LIMIT ?""",
        (festival_id, pattern, prefix, limit),
    )
    return [registration_from_row(r) for r in rows]


def _starts_words(name: str, text: str) -> bool:
    """Whether every typed word starts a word of ``name`` (folded), as the index matches."""
    words = fold(name).split()
    return all(any(w.startswith(t) for w in words) for t in fold(text).split())


def find_registrations(
    db: Database, caller: Caller, festival_id: int, text: str, limit: int = MAX_FOUND
) -> list[Registration]:
    """People of one festival whose name, e-mail or organisation, or else whose kern, has words
    starting with every typed word (case and accents ignored), by name; at most ``limit``.

    Fewer than two letters give nothing. Reads personal data: the coordinator only.
    """
    permissions.require(caller, permissions.REGISTRATIONS_SEARCH)
    if len(fold(text).replace(" ", "")) < MIN_SEARCH_LENGTH:
        return []
    kern_ids = [k.id for k in list_kernen(db, include_inactive=True) if _starts_words(k.name, text)]
    matches: list[str] = []
    params: list[object] = [festival_id]
    query = prefix_query(text)  # None when only punctuation was typed: no word to look up
    if query is not None:
        matches.append("p.id IN (SELECT rowid FROM people_fts WHERE people_fts MATCH ?)")
        params.append(query)
    if kern_ids:
        matches.append(f"p.kern_id IN ({', '.join('?' for _ in kern_ids)})")
        params.extend(kern_ids)
    if not matches:
        return []
    rows = db.fetchall(
        f"""{SELECT_REGISTRATION}
        WHERE r.festival_id = ? AND ({" OR ".join(matches)})
        ORDER BY p.name_key
        LIMIT ?""",
        (*params, limit),
    )
    return [registration_from_row(r) for r in rows]
