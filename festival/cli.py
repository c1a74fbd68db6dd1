"""The ``festival`` command: the full-screen app by default, subcommands for staff and scripts.

Only argument parsing and the database are imported up front: the screen path loads Textual,
and a subcommand loads :mod:`festival.commands`, each only when wanted. Subcommands never import
Textual, so scripts run without a terminal.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from festival.domain.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.settings import Settings, SettingsError
from festival.store.database import Actor, Database, DatabaseError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def err(text: str) -> None:
    print(text, file=sys.stderr)


def open_db(settings: Settings) -> Database:
    db = Database(settings.db)
    if not db.scalar("SELECT count(*) FROM kernen"):
        from festival.domain.kernen import seed_kernen

        seed_kernen(db, Actor(name="systeem"))
    return db


# -- parser --------------------------------------------------------------------------------


def build_parser(prog: str = "festival") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Kerngericht: initiatievenfestival en kernagenda's van gemeente Buren. "
        "Zonder subcommando opent de applicatie.",
    )
    parser.add_argument("--db", type=Path, help="databasebestand (anders FESTIVAL_DB of standaard)")
    sub = parser.add_subparsers(dest="command", metavar="SUBCOMMANDO")

    p = sub.add_parser("demo", help="vul een lege database met een verzonnen festivaljaar")
    p.add_argument(
        "--if-empty", "--als-leeg", action="store_true", help="doe niets als er al gebruikers zijn"
    )
    p.set_defaults(handler="demo")

    p = sub.add_parser(
        "users", help="gebruikers beheren: list, add, reset-pin, deactivate, activate"
    )
    us = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    us.add_parser("list", help="alle gebruikers").set_defaults(handler="users_list")
    a = us.add_parser("add", help="gebruiker toevoegen")
    a.add_argument("naam")
    a.add_argument("--rol", required=True, help="coördinator, balie, jury of kernregisseur")
    a.add_argument("--pin", help="4 tot 12 cijfers (anders gevraagd)")
    a.add_argument("--kern", action="append", help="kern van een kernregisseur (herhaalbaar)")
    a.set_defaults(handler="users_add")
    a = us.add_parser("reset-pin", help="nieuwe PIN instellen en blokkade opheffen")
    a.add_argument("naam")
    a.add_argument("--pin")
    a.set_defaults(handler="users_reset_pin")
    a = us.add_parser("deactivate", help="gebruiker deactiveren")
    a.add_argument("naam")
    a.set_defaults(handler="users_deactivate")
    a = us.add_parser("activate", help="gebruiker weer activeren")
    a.add_argument("naam")
    a.set_defaults(handler="users_activate")

    p = sub.add_parser("kernen", help="kernen tonen, toevoegen en als pilot markeren")
    ks = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    ks.add_parser("list", help="alle kernen").set_defaults(handler="kernen_list")
    a = ks.add_parser("add", help="kern toevoegen")
    a.add_argument("naam")
    a.set_defaults(handler="kernen_add")
    a = ks.add_parser("pilot", help="kern als kernagenda-pilot markeren")
    a.add_argument("naam")
    a.add_argument("--uit", action="store_true", help="pilotmarkering weghalen")
    a.set_defaults(handler="kernen_pilot")

    p = sub.add_parser("budget", help="leefbaarheidsbudget: overzicht, set, import, export")
    bs = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = bs.add_parser("summary", help="het jaar zoals de raadsbrief het telt, met de festivalpot")
    a.add_argument("--jaar")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler="budget_summary")
    a = bs.add_parser("set", help="jaarbudget, reserve en maximum per aanvraag vaststellen")
    a.add_argument("--jaar", required=True)
    a.add_argument("--budget", required=True, help="bijvoorbeeld 50.000")
    a.add_argument("--reserve")
    a.add_argument("--max", help="maximum per aanvraag (standaard 750)")
    a.set_defaults(handler="budget_set")
    a = bs.add_parser("import", help="aanvragen uit CSV importeren (alles of niets)")
    a.add_argument("bestand")
    a.set_defaults(handler="budget_import")
    a = bs.add_parser("export", help="aanvragen naar CSV voor Excel")
    a.add_argument("bestand")
    a.add_argument("--jaar")
    a.set_defaults(handler="budget_export")

    p = sub.add_parser("backup", help="consistente kopie van de database terwijl anderen werken")
    p.add_argument("pad")
    p.set_defaults(handler="backup")

    p = sub.add_parser("audit", help="de laatste regels van het auditlog")
    p.add_argument("--aantal", type=int, default=30)
    p.set_defaults(handler="audit")
    return parser


def run(
    argv: Sequence[str] | None = None, *, prog: str = "festival", start: str = "festival"
) -> int:
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env(start=start, db=args.db)
    except SettingsError as exc:
        err(str(exc))
        return EXIT_USAGE
    try:
        db = open_db(settings)
    except DatabaseError as exc:
        err(str(exc))
        return EXIT_FAILED
    if args.command is None:
        from festival.app import make_app  # Textual only when the screen is wanted

        make_app(settings, db).run()  # the app closes the database when it ends
        return EXIT_OK
    try:
        commands = importlib.import_module("festival.commands")
        result: int = getattr(commands, f"cmd_{args.handler}")(args, db)
        return result
    except ValidationErrors as exc:
        for message in exc.errors.values():
            err(message)
        return EXIT_FAILED
    except (InvalidInput, NotAllowed, NotFound, DatabaseError) as exc:
        err(getattr(exc, "message", str(exc)))
        return EXIT_FAILED
    finally:
        db.close()
