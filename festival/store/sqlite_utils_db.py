"""sqlite-utils over one of our own connections, for bulk inserts and the full-text index.

Inside the transaction a caller already holds (our ``BEGIN IMMEDIATE``), sqlite-utils nests its
writes as a SAVEPOINT and commits nothing, so its rows and our audit lines commit together or
not at all. Never call its top-level ``atomic()``: that starts a plain ``BEGIN``, which loses the
write lock race under several writers.

sqlite-utils is imported inside the function: importing it costs ~130 ms, which must stay off
the path to the app's first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3

    import sqlite_utils


def utils_database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """A sqlite-utils Database over ``conn`` that leaves the connection's settings alone.

    No ``PRAGMA recursive_triggers`` (our code never relies on it and REPLACE is never used on
    indexed tables) and no plugins: the connection stays exactly as :mod:`.database` set it up.
    sqlite-utils prefers ``pysqlite3`` when it is installed, so both use the same SQLite.
    """
    import sqlite_utils

    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
