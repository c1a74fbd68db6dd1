"""The kernagenda's subcommands (``kernagenda items|show|log|…`` and ``festival agenda …``).

One module per command group, each parser next to its handlers; like the festival's command
line these never import Textual, and import the kernagenda's domain only inside the handlers,
because the full parser is built before any subcommand runs. The command line acts as the app
user who logged in (:func:`festival.cli.common.cli_caller`), with that user's role. Refusals
from the domain (``InvalidInput``, ``ValidationErrors``, ``NotFound``, ``NotAllowed``) are
reported by :func:`festival.cli.run`, so the handlers only describe what went right.
"""

from __future__ import annotations

from collections.abc import Callable

from festival.cli.common import SubParsers
from kernagenda.cli import agenda, attention, documents, items, kernavond, links, versions


def add_parsers(sub: SubParsers) -> None:
    """The kernagenda subcommands on ``sub`` (top level or under ``agenda``), in help order."""
    groups: tuple[Callable[[SubParsers], None], ...] = (
        documents.add_parsers,
        attention.add_parsers,
        items.add_parsers,
        kernavond.add_parsers,
        links.add_parsers,
        versions.add_parsers,
        agenda.add_parsers,
    )
    for add in groups:
        add(sub)
