"""The ``festival`` command: the full-screen app by default, subcommands for staff and scripts.

Only argument parsing and the database are imported up front: the screen path loads Textual,
and a subcommand's handler loads the domain modules it needs, each only when wanted. The screen
path reads only the top-level options; a subcommand builds the full parser, which imports every
command group, each importing only argparse at module level. Subcommands never import Textual,
so scripts run without a terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from festival.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, Handler, SubParsers, err
from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.features import installed
from festival.settings import Settings, SettingsError
from festival.store.database import Database, Error
from festival.store.errors import DatabaseError, store_error


def command_groups() -> tuple[Callable[[SubParsers], None], ...]:
    """Each command group's ``add_parser``, in the order ``--help`` lists them."""
    from festival.cli import (
        allocation,
        attendance,
        audit,
        backup,
        badges,
        budget,
        checkin,
        demo,
        festivals,
        initiatives,
        jury,
        kernen,
        pabulib,
        podium,
        privacy,
        registrations,
        serve,
        stemmen,
        stemzuil,
        users,
        verify,
        zaal,
    )

    return (
        demo.add_parser,
        users.add_parser,
        kernen.add_parser,
        budget.add_parser,
        checkin.add_parser,
        festivals.add_parser,
        registrations.add_parser,
        privacy.add_parser,
        badges.add_parser,
        attendance.add_parser,
        initiatives.add_parser,
        jury.add_parser,
        allocation.add_parser,
        pabulib.add_parser,
        backup.add_parser,
        audit.add_parser,
        verify.add_parser,
        serve.add_parser,
        zaal.add_parser,
        stemzuil.add_parser,
        stemmen.add_parser,
        podium.add_parser,
    )


def open_db(settings: Settings) -> Database:
    """Open the database, with every installed feature's tables and the kernen seeded on first
    use."""
    installed()  # registers the features' schema steps: the app's path builds no parser
    db = Database(settings.db)
    if not db.scalar("SELECT count(*) FROM kernen"):
        from festival.domain.kernen import seed_kernen
        from festival.domain.permissions import SYSTEM

        seed_kernen(db, SYSTEM)
    return db


# -- parser --------------------------------------------------------------------------------


def _add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help="databasebestand (anders FESTIVAL_DB of standaard)")
    parser.add_argument("--desk", help="naam van deze balie, bijv. 'Balie 1' (of FESTIVAL_DESK)")
    parser.add_argument(
        "--als",
        metavar="NAAM",
        help="gebruiker van Kerngericht die het subcommando uitvoert (of FESTIVAL_USER); "
        "de PIN wordt gevraagd (scripts: FESTIVAL_PIN)",
    )


def build_parser(prog: str = "festival") -> argparse.ArgumentParser:
    """The whole parser: the festival's command groups, then each installed feature's."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Kerngericht: initiatievenfestival en kernagenda's van gemeente Buren. "
        "Zonder subcommando opent de applicatie.",
    )
    _add_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="SUBCOMMANDO")
    for add_parser in command_groups():
        add_parser(sub)
    for feature in installed():
        if feature.add_cli is not None:
            feature.add_cli(sub, prog)
    return parser


class _NeedsFullParser(Exception):
    pass


class _OptionsParser(argparse.ArgumentParser):
    """Only the top-level options; any mistake is left to the full parser to report."""

    def error(self, message: str) -> NoReturn:
        raise _NeedsFullParser(message)


def _screen_options(argv: Sequence[str] | None, prog: str) -> argparse.Namespace | None:
    """The options when only the app is asked for (no subcommand, no help), else None.

    The app's path skips building every command group's parser: the first frame comes sooner.
    Anything else (a subcommand, ``--help``, a mistake) goes to the full parser, which answers
    exactly as before.
    """
    options = _OptionsParser(prog=prog, add_help=False)
    _add_options(options)
    try:
        args, rest = options.parse_known_args(argv)
    except _NeedsFullParser:
        return None
    if rest:
        return None
    args.command = None
    return args


def _run_app(settings: Settings, db: Database) -> int:
    """The full-screen app (Textual is imported only when the screen is wanted)."""
    from festival.app import make_app

    return run_screen_app(make_app(settings, db), settings)


def run_screen_app(app: Any, settings: Settings) -> int:
    """Run one of the app's full-screen apps (the app, the hall screen, the kiosk). An error it
    could not show on screen (while it ends, after the terminal is restored) becomes one Dutch
    line naming the log, and exit code 1."""
    from festival.core.error_log import new_reference, write_error

    reference: str | None = None
    try:
        app.run()  # the app closes the database when it ends
    except Exception as exc:
        reference = new_reference()
        try:
            write_error(settings.log, exc, reference, context="bij het afsluiten")
        except OSError as log_error:
            from festival.core.files import os_error_text

            err(
                f"Kerngericht is gestopt door een onverwachte fout; het logbestand "
                f"{settings.log} kon niet worden bijgewerkt ({os_error_text(log_error)})."
            )
            return EXIT_FAILED
    # An error met while ending was logged by the app, which then returns code 1. (getattr:
    # tests put a bare stand-in in place of the app to check the start path alone.)
    if reference is None and getattr(app, "return_code", None):
        reference = app.error_references[-1] if app.error_references else "onbekend"
    if reference is not None:
        err(
            f"Kerngericht is gestopt door een onverwachte fout (foutcode {reference}); "
            f"de details staan in {settings.log}."
        )
        return EXIT_FAILED
    return EXIT_OK


def run(
    argv: Sequence[str] | None = None, *, prog: str = "festival", start: str = "festival"
) -> int:
    """Run the command line: the app without a subcommand, else the subcommand's handler."""
    args = _screen_options(argv, prog)
    if args is None:
        args = build_parser(prog).parse_args(argv)
    try:
        settings = Settings.from_env(start=start, db=args.db, desk=args.desk)
    except SettingsError as exc:
        err(str(exc))
        return EXIT_USAGE
    try:
        db = open_db(settings)
    except DatabaseError as exc:
        err(str(exc))
        return EXIT_FAILED
    if args.command is None:
        return _run_app(settings, db)
    from festival.cli import session

    try:
        caller = session.caller_for(args, db)
        session.check_role(args, caller)
        session.begin(caller)
        handler: Handler = args.handler
        return handler(args, db)
    except ValidationErrors as exc:
        for message in exc.errors.values():
            err(message)
        return EXIT_FAILED
    except (InvalidInput, NotAllowed, NotFound, DatabaseError) as exc:
        err(getattr(exc, "message", str(exc)))
        return EXIT_FAILED
    except BrokenPipeError:
        # Output piped into `head` that stopped reading: not an error of ours. Python would
        # complain again when it flushes stdout at exit, so stdout goes nowhere from here.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except (Error, OSError) as exc:
        # A busy database or a full disk met outside a write transaction (a read, a file
        # written): named in Dutch like the same error inside one. Anything else is a bug.
        mapped = store_error(exc, settings.db)
        if mapped is None:
            raise
        err(str(mapped))
        return EXIT_FAILED
    finally:
        session.end()
        db.close()
