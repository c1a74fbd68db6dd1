"""sqlite-utils over one of our own connections, for bulk inserts and the full-text indexes,
and how every full-text index folds text and is queried.

Inside the transaction a caller already holds (our ``BEGIN IMMEDIATE``), sqlite-utils nests its
writes as a SAVEPOINT and commits nothing, so its rows and our audit lines commit together or
not at all. Never call its top-level ``atomic()``: that starts a plain ``BEGIN``, which loses the
write lock race under several writers.

sqlite-utils is imported inside the function: importing it costs ~130 ms, which must stay off
the path to the app's first frame.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3

    import sqlite_utils


#: How every full-text index splits and folds text: case and accents do not count, so "chloe"
#: finds "Chloé".
FOLDED_TOKENIZER = "unicode61 remove_diacritics 2"

_TOKEN = re.compile(r"\w+")


def prefix_term(word: str) -> str | None:
    """``word`` as an FTS5 prefix query: a quoted phrase of its tokens, so nothing a user types
    acts as FTS syntax; None for a word of only punctuation, which no index holds."""
    tokens = _TOKEN.findall(word)
    return f'"{" ".join(tokens)}"*' if tokens else None


def prefix_query(text: str) -> str | None:
    """Every word of ``text`` as a prefix term, all required; None when no word is left."""
    terms = [t for t in (prefix_term(w) for w in text.split()) if t]
    return " ".join(terms) if terms else None


def utils_database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """A sqlite-utils Database over ``conn`` that leaves the connection's settings alone.

    No ``PRAGMA recursive_triggers`` (our code never relies on it and REPLACE is never used on
    indexed tables) and no plugins: the connection stays exactly as :mod:`.database` set it up.
    sqlite-utils prefers ``pysqlite3`` when it is installed, so both use the same SQLite.
    """
    import sqlite_utils

    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
