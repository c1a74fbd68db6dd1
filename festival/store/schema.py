"""Schema tracks: each feature migrates its own tables, in its own numbered steps.

The festival's own steps count in ``PRAGMA user_version`` (:mod:`festival.store.migrations`);
every other feature registers a :class:`SchemaTrack` whose version is kept in the table
``schema_tracks``. A feature registers its track when its package is imported, so any process
that uses the feature migrates its tables at open, and a process that never loads it leaves
them alone.

A step is a list of SQL statements or of callables that receive the open connection (for a
step that needs code, e.g. sqlite-utils' ``transform()``). Never edit a released step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3

Statement = str | Callable[["sqlite3.Connection"], Any]
Step = tuple[int, Sequence[Statement]]


@dataclass(frozen=True)
class SchemaTrack:
    """A feature's numbered schema steps.

    ``adopt`` tells, for a database that has no version recorded for this track yet, which
    step its tables already match (0 for none): databases made before the track existed had
    the feature's tables made by the festival's own steps.
    """

    name: str
    steps: Sequence[Step]
    adopt: Callable[[sqlite3.Connection], int] | None = None

    @property
    def latest(self) -> int:
        return max((version for version, _ in self.steps), default=0)


_TRACKS: dict[str, SchemaTrack] = {}


def register_track(track: SchemaTrack) -> None:
    """Add a feature's track (registering the same name again replaces it)."""
    _TRACKS[track.name] = track


def registered_tracks() -> list[SchemaTrack]:
    return list(_TRACKS.values())


def run_statement(conn: sqlite3.Connection, statement: Statement) -> None:
    if isinstance(statement, str):
        conn.execute(statement)
    else:
        statement(conn)
