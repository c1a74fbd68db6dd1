"""The command line: :func:`run` parses and dispatches, one module per command group.

Each group module (``users``, ``budget``, ``jury``, …) adds its parsers next to its handlers and
links them with :func:`festival.cli.common.handles`; shared helpers live in
:mod:`festival.cli.common`, the parser and the dispatch in :mod:`festival.cli.main`.
"""

from festival.cli.main import build_parser, run

__all__ = ["build_parser", "run"]
