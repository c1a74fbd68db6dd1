"""The registry that features plug into: home sections, subcommands, demo data, stylesheets.

The festival is the shell; a feature such as the kernagenda is a package that describes itself
in a :class:`Feature` and is named in :data:`INSTALLED`. The shell loads the named modules by
name, so it never imports a feature's code (an import contract checks this): removing a line
from :data:`INSTALLED` removes the feature from the app, the command line and the demo.

Loading the features registers their schema tracks with the store (:mod:`festival.store.schema`),
so the shell calls :func:`installed` before it opens a database: every terminal migrates every
feature's tables, whichever command it was started with.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from festival.store.schema import SchemaTrack, register_track

if TYPE_CHECKING:
    from datetime import datetime

    from textual.screen import Screen

    from festival.domain.permissions import Caller
    from festival.session import Session
    from festival.store.database import Database
    from festival.ui.sections import Section

#: The features that ship with Kerngericht: modules that each define ``FEATURE``.
INSTALLED: tuple[str, ...] = ("kernagenda.feature", "matchmaking.feature", "festival.serve.feature")

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


@dataclass(frozen=True)
class Feature:
    """What a feature adds to the shell. Every hook is optional.

    ``sections`` is called only when a home screen is built, so a feature's screens (and
    Textual) stay off the command line's path.
    """

    name: str
    #: The feature's own numbered schema steps (its tables live in the same database).
    schema: SchemaTrack | None = None
    #: Adds the feature's subcommands to the ``festival`` parser; ``prog`` is the command's name.
    add_cli: Callable[[SubParsers, str], None] | None = None
    #: The feature's home sections (loaded lazily: they import Textual screens).
    sections: Callable[[], Sequence[Section]] | None = None
    #: The key of the section that the feature's own command (``prog``) opens after login.
    start_section: str | None = None
    #: Stylesheets (.tcss) for the feature's screens.
    stylesheets: Sequence[Path] = ()
    #: The module that declares the feature's actions in the permission table; imported
    #: before the command line checks a subcommand's role (:func:`load_actions`).
    actions: str | None = None
    #: Adds the feature's part of the invented demo festival.
    seed_demo: Callable[[Database, Caller], None] | None = None
    #: Lines about one registered person that the desk shows on check-in (e.g. their table
    #: talks); called with the desk's caller and the registration id.
    person_lines: Callable[[Database, Caller, int], Sequence[str]] | None = None
    #: What the feature holds about one registration, for the privacy export (JSON-ready, Dutch
    #: keys; empty when it holds nothing).
    person_data: Callable[[Database, int], dict[str, Any]] | None = None
    #: Public lines for the hall screen about the festival at a local time (e.g. the tables of
    #: the current round of talks); never a person's name.
    hall_lines: Callable[[Database, int, datetime], Sequence[str]] | None = None
    #: A form the desk shows right after a walk-in is registered (e.g. what a funder offers),
    #: or None when the feature has nothing to ask about this registration.
    after_walk_in: Callable[[Session, int], Screen[Any] | None] | None = None


_loaded: list[Feature] | None = None


def installed() -> list[Feature]:
    """The installed features, loaded (and their schema tracks registered) once per process."""
    global _loaded
    if _loaded is None:
        _loaded = [importlib.import_module(name).FEATURE for name in INSTALLED]
        for feature in _loaded:
            if feature.schema is not None:
                register_track(feature.schema)
    return list(_loaded)


def load_actions() -> None:
    """Declare every installed feature's actions (a feature's domain is otherwise imported
    only by the handlers that use it, after the role check that needs the whole table)."""
    import importlib

    for feature in installed():
        if feature.actions is not None:
            importlib.import_module(feature.actions)


def feature_named(name: str) -> Feature | None:
    return next((f for f in installed() if f.name == name), None)


def fill_demo(db: Database, *, finished: bool = True) -> int:
    """The invented demo festival and every installed feature's part of it (``festival
    demo``); the number of budget applications added. ``finished=False``: the festival before
    the jury starts (see :func:`festival.domain.demo.fill_demo`)."""
    from festival.domain import demo
    from festival.domain.permissions import DEMO

    features = installed()
    db.migrate()  # a database opened before the features loaded gets their tables now
    added = demo.fill_demo(db, finished=finished)
    for feature in features:
        if feature.seed_demo is not None:
            feature.seed_demo(db, DEMO)
    return added


def person_lines(db: Database, caller: Caller, registration_id: int) -> list[str]:
    """What the installed features have to say about one person at the desk, in order."""
    lines: list[str] = []
    for feature in installed():
        if feature.person_lines is not None:
            lines.extend(feature.person_lines(db, caller, registration_id))
    return lines


def hall_lines(db: Database, festival_id: int, now: datetime) -> list[str]:
    """What the installed features show on the hall screen at local time ``now``, in order."""
    lines: list[str] = []
    for feature in installed():
        if feature.hall_lines is not None:
            lines.extend(feature.hall_lines(db, festival_id, now))
    return lines


def after_walk_in(session: Session, registration_id: int) -> list[Screen[Any]]:
    """The forms the installed features want filled in after a walk-in, in order."""
    screens: list[Screen[Any]] = []
    for feature in installed():
        if feature.after_walk_in is not None:
            screen = feature.after_walk_in(session, registration_id)
            if screen is not None:
                screens.append(screen)
    return screens


def person_data(db: Database, registration_id: int) -> dict[str, Any]:
    """What the installed features hold about one registration (for the privacy export)."""
    data: dict[str, Any] = {}
    for feature in installed():
        if feature.person_data is not None:
            data.update(feature.person_data(db, registration_id))
    return data
