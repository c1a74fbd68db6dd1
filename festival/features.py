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
from typing import TYPE_CHECKING, TypeAlias

from festival.store.schema import SchemaTrack, register_track

if TYPE_CHECKING:
    from festival.domain.permissions import Caller
    from festival.store.database import Database
    from festival.ui.sections import Section

#: The features that ship with Kerngericht: modules that each define ``FEATURE``.
INSTALLED: tuple[str, ...] = ("kernagenda.feature", "festival.serve.feature")

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
    #: Adds the feature's part of the invented demo festival.
    seed_demo: Callable[[Database, Caller], None] | None = None


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


def feature_named(name: str) -> Feature | None:
    return next((f for f in installed() if f.name == name), None)


def fill_demo(db: Database) -> int:
    """The invented demo festival and every installed feature's part of it (``festival
    demo``); the number of budget applications added."""
    from festival.domain import demo
    from festival.domain.permissions import DEMO

    features = installed()
    db.migrate()  # a database opened before the features loaded gets their tables now
    added = demo.fill_demo(db)
    for feature in features:
        if feature.seed_demo is not None:
            feature.seed_demo(db, DEMO)
    return added
