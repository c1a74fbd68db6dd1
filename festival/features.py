"""The registry that features plug into: home sections, subcommands, demo data, stylesheets.

The festival is the shell; a feature such as the kernagenda is a package that describes itself
in a :class:`Feature` and is named in :data:`INSTALLED`. The shell loads the named modules by
name, so it never imports a feature's code (an import contract checks this): removing a line
from :data:`INSTALLED` removes the feature from the app, the command line and the demo.

A feature's schema is not here: the feature registers its own schema track when its package is
imported (see :mod:`festival.store.schema`).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from festival.domain.permissions import Caller
    from festival.store.database import Database
    from festival.ui.sections import Section

#: The features that ship with Kerngericht: modules that each define ``FEATURE``.
INSTALLED: tuple[str, ...] = ("kernagenda.feature",)

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


@dataclass(frozen=True)
class Feature:
    """What a feature adds to the shell. Every hook is optional.

    ``sections`` is called only when a home screen is built, so a feature's screens (and
    Textual) stay off the command line's path.
    """

    name: str
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
    """The installed features, loaded once per process."""
    global _loaded
    if _loaded is None:
        _loaded = [importlib.import_module(name).FEATURE for name in INSTALLED]
    return list(_loaded)


def feature_named(name: str) -> Feature | None:
    return next((f for f in installed() if f.name == name), None)
