"""The store's errors, in Dutch: what the user can do about a busy database, a full disk or a
damaged file, told apart from SQLite's own (English, technical) errors."""

from __future__ import annotations

import errno
import os
import resource
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3
else:
    from pysqlite3 import dbapi2 as sqlite3


class DatabaseError(RuntimeError):
    """A problem with the database file that the user has to solve (message in Dutch)."""


BUSY_MESSAGE = "De database is even bezet; probeer het opnieuw."
DISK_FULL_MESSAGE = (
    "De schijf is vol: maak ruimte vrij en probeer het opnieuw; er is niets half opgeslagen."
)


class DatabaseBusy(DatabaseError):
    """Another terminal held the write lock for longer than the busy timeout."""

    def __init__(self) -> None:
        super().__init__(BUSY_MESSAGE)


class DiskFull(DatabaseError):
    """The disk (or the file-size limit) has no room left; the transaction was rolled back."""

    def __init__(self) -> None:
        super().__init__(DISK_FULL_MESSAGE)


# SQLite's primary result codes (an extended code carries one in its low byte).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_IOERR = 10
_SQLITE_FULL = 13
#: Below this much free space an I/O error is taken for a full disk.
_ROOM_NEEDED = 1 << 20
#: OS errors that mean "no room": a full disk, a full quota, the process's file-size limit.
_NO_ROOM_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _no_room(path: Path) -> bool:
    """Whether the database at ``path`` has no room to grow: its file system is (nearly) full,
    or the process's file-size limit leaves it (nearly) none."""
    try:
        stats = os.statvfs(path.parent)
        largest = max((p.stat().st_size for p in path.parent.glob(f"{path.name}*")), default=0)
    except OSError:
        return False
    if stats.f_bavail * stats.f_frsize < _ROOM_NEEDED:
        return True
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    return limit != resource.RLIM_INFINITY and limit < largest + _ROOM_NEEDED


def store_error(exc: BaseException, path: Path | None = None) -> DatabaseError | None:
    """The Dutch error for a busy database or a full disk behind ``exc``, else None.

    SQLite names a full disk "database or disk is full" only when a write came up short; when
    it cannot even start writing (growing the WAL index at open) it says "disk I/O error", so an
    I/O error where the database at ``path`` has no room to grow is a full disk too.
    """
    if isinstance(exc, OSError):
        return DiskFull() if exc.errno in _NO_ROOM_ERRNOS else None
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary == _SQLITE_FULL or "disk is full" in text:
        return DiskFull()
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text:
        return DatabaseBusy()
    if primary == _SQLITE_IOERR and path is not None and _no_room(path):
        return DiskFull()
    return None


def damaged_message(path: Path, problems: Sequence[str]) -> str:
    """What to do about a database file with damaged pages (in Dutch)."""
    first = problems[0] if problems else "onbekende fout"
    return (
        f"Het databasebestand {path} is beschadigd ({first}); de app opent het niet, zodat er "
        "niets bij komt. Zet de laatste kopie terug die met 'festival backup' is gemaakt: stop "
        "eerst alle terminals, bewaar het beschadigde bestand apart en zet de kopie op deze "
        "plek. 'festival verify' controleert de kopie daarna."
    )
