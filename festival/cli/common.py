"""What every command group shares: output, exit codes, the caller, the handler link, lookups.

Imported when the parser is built, on every start: only the standard library and the error
types at module level. Domain modules are imported inside the helpers that need them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias, TypeVar

from festival.core.errors import NotFound
from festival.features import SubParsers as SubParsers  # where a group adds its parsers

if TYPE_CHECKING:
    from festival.core.csv_io import ImportFailed
    from festival.domain.festivals import Festival
    from festival.domain.permissions import Caller
    from festival.store.database import Database

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

#: A subcommand's work: the parsed arguments and an open database in, the exit code out.
Handler: TypeAlias = "Callable[[argparse.Namespace, Database], int]"
#: Whether a subcommand may run without a login on this database (bootstrapping).
Bootstrap: TypeAlias = "Callable[[argparse.Namespace, Database], bool]"
R = TypeVar("R")

FESTIVAL_HELP = "festivalnummer (anders het huidige festival)"
#: The allocation rules as the command line names them (``allocation settings``, ``pabulib run``).
RULES = ("greedy", "greedy-no-skip", "greedy-threshold", "knapsack", "equalshares-add1")


def handles(
    parser: argparse.ArgumentParser,
    handler: Handler,
    *,
    needs: str | None = None,
    public: bool = False,
    bootstrap: Bootstrap | None = None,
) -> argparse.ArgumentParser:
    """Link ``parser`` to the function that does its work (checked by the type checker).

    A subcommand runs as a logged-in app user unless it is ``public`` (it reads only public
    data and changes nothing), or ``bootstrap`` says this database lets it run without one.
    ``needs`` names the action of the permission table the subcommand performs: a user whose
    role may never do it is refused before the subcommand starts (the services still check,
    with the kern where it matters). Every subcommand that is not public names one.
    """
    if public == (needs is not None):
        raise ValueError(f"{parser.prog}: a subcommand is either public or names its action")
    if not public:
        # Also after the subcommand; SUPPRESS keeps a name given before it.
        parser.add_argument(
            "--als", metavar="NAAM", default=argparse.SUPPRESS, help="gebruiker (of FESTIVAL_USER)"
        )
    parser.set_defaults(handler=handler, public=public, needs=needs, bootstrap=bootstrap)
    return parser


def out(text: str = "") -> None:
    print(text)


def err(text: str) -> None:
    print(text, file=sys.stderr)


def cli_caller() -> Caller:
    """The caller of the running subcommand: the app user who logged in (the audit log also
    names the operating-system account), or a stand-in where bootstrapping allows one."""
    from festival.cli.session import current

    return current()


# -- files -----------------------------------------------------------------------------------


def read_file(path: Path) -> bytes | None:
    """The file's bytes, or None after saying on stderr why it cannot be read."""
    from festival.core.files import os_error_text

    try:
        return path.read_bytes()
    except OSError as exc:
        err(f"Kan {path} niet lezen: {os_error_text(exc)}.")
        return None


def write_file(path: Path, data: bytes) -> bool:
    """Write ``data`` as a file only its owner may read (every export may hold personal data);
    False after saying on stderr why it could not be written."""
    from festival.core.files import os_error_text, write_private

    try:
        write_private(path, data)
    except OSError as exc:
        err(f"Kan {path} niet schrijven: {os_error_text(exc)}.")
        return False
    return True


def imported(path: Path, run_import: Callable[[bytes], R]) -> R | None:
    """Read ``path`` and hand its bytes to an all-or-nothing import; None after saying on
    stderr why nothing was imported (the file cannot be read, or lines were refused)."""
    from festival.core.csv_io import ImportFailed

    data = read_file(path)
    if data is None:
        return None
    try:
        return run_import(data)
    except ImportFailed as exc:
        import_failed(exc, path)
        return None


def import_failed(exc: ImportFailed, path: Path) -> int:
    """Report an all-or-nothing import that stored nothing, line by line."""
    err(f"Niets geïmporteerd: {len(exc.problems)} regel(s) afgekeurd in {path.name}.")
    for problem in exc.problems:
        err(f"  {problem}")
    return EXIT_FAILED


# -- which festival --------------------------------------------------------------------------


def chosen_festival_id(args: argparse.Namespace, db: Database) -> int:
    """The festival named with ``--festival``, else the current one."""
    from festival.domain.festivals import current_festival, list_festivals

    if args.festival is not None:
        if not any(f.id == args.festival for f in list_festivals(db)):
            raise NotFound(f"Festival {args.festival} bestaat niet; zie 'festival festivals list'.")
        return int(args.festival)
    festival = current_festival(db)
    if festival is None:
        raise NotFound("Er is nog geen festival; leg er een vast met 'festival festivals add'.")
    return festival.id


def chosen_festival(args: argparse.Namespace, db: Database) -> Festival:
    """Like :func:`chosen_festival_id`, the whole festival."""
    from festival.domain.festivals import list_festivals

    wanted = chosen_festival_id(args, db)
    return next(f for f in list_festivals(db) if f.id == wanted)
