"""The kernagenda subcommands' arguments (only argparse: the parser is built on every start)."""

from __future__ import annotations

import argparse


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``export``, ``progress`` and ``import`` on ``sub`` (top level or under ``agenda``)."""
    module = {"module": "kernagenda.commands"}
    a = sub.add_parser("export", help="de kernagenda als document voor inwoners")
    a.add_argument("kern", metavar="KERN")
    a.add_argument("--format", choices=("md", "html", "pdf"), default="md")
    a.add_argument("--out", metavar="FILE", help="bestand (anders naar het scherm)")
    a.set_defaults(handler="agenda_export", **module)
    a = sub.add_parser("progress", help="voortgang van de pilotkernen voor de raad")
    a.add_argument("--since", metavar="DATE", help="wijzigingen sinds, bijv. 01-01-2025")
    a.set_defaults(handler="agenda_progress", **module)
    a = sub.add_parser("import", help="kernagenda uit CSV importeren (alles of niets)")
    a.add_argument("kern", metavar="KERN")
    a.add_argument("bestand", metavar="FILE")
    a.set_defaults(handler="agenda_import", **module)
