"""The ``festival`` command: the full-screen app by default, subcommands for staff and scripts.

Subcommands never import Textual, so scripts start fast and run without a terminal.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from festival.domain import budget, budget_io, demo, kernen
from festival.domain.csv_io import ImportFailed
from festival.domain.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.domain.money import format_money
from festival.settings import Settings
from festival.store import audit, users
from festival.store.database import Actor, Database, DatabaseError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace, Database], int]


def cli_actor() -> Actor:
    """Command-line changes are attributed to the operating-system user."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "onbekend"
    return Actor(name=f"cli:{who}")


def out(text: str = "") -> None:
    print(text)


def err(text: str) -> None:
    print(text, file=sys.stderr)


def open_db(settings: Settings) -> Database:
    db = Database(settings.db)
    if not db.scalar("SELECT count(*) FROM kernen"):
        kernen.seed_kernen(db, Actor(name="systeem"))
    return db


# -- demo ----------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace, db: Database) -> int:
    if not demo.is_empty(db):
        if args.if_empty:
            return EXIT_OK
        err("De database bevat al gebruikers; demodata gaat alleen in een lege database.")
        return EXIT_FAILED
    added = demo.fill_demo(db)
    out(f"Demodata geladen: {added} aanvragen, {len(demo.DEMO_LOGINS)} gebruikers.")
    for login in demo.DEMO_LOGINS:
        out(f"  {login.name:<20} {login.role.label:<14} PIN {login.pin}")
    return EXIT_OK


# -- users ---------------------------------------------------------------------------------


def _find_user(db: Database, name: str) -> users.User:
    for user in users.list_users(db):
        if user.name.casefold() == name.strip().casefold():
            return user
    raise NotFound(f"Geen gebruiker met de naam {name!r}.")


def _pin(args: argparse.Namespace) -> str:
    if args.pin:
        return str(args.pin)
    if not sys.stdin.isatty():
        raise InvalidInput("Geef een PIN met --pin.", "pin")
    first = getpass.getpass("PIN: ")
    if getpass.getpass("PIN nogmaals: ") != first:
        raise InvalidInput("De twee PIN's verschillen.", "pin")
    return first


def _kern_ids(db: Database, names: Sequence[str]) -> frozenset[int]:
    index = kernen.KernIndex(kernen.list_kernen(db, include_inactive=True))
    return frozenset(index.find(n).id for n in names)


def cmd_users_list(args: argparse.Namespace, db: Database) -> int:
    names = {k.id: k.name for k in kernen.list_kernen(db, include_inactive=True)}
    for user in users.list_users(db):
        state = "actief" if user.active else "gedeactiveerd"
        kern_list = ", ".join(sorted(names[k] for k in user.kern_ids))
        out(f"{user.name:<24} {user.role.label:<14} {state:<14} {kern_list}")
    return EXIT_OK


def cmd_users_add(args: argparse.Namespace, db: Database) -> int:
    role = users.role_from_label(args.rol)
    user = users.add_user(
        db,
        cli_actor(),
        name=args.naam,
        role=role,
        pin=_pin(args),
        kern_ids=_kern_ids(db, args.kern or []),
    )
    out(f"Gebruiker {user.name} ({user.role.label}) toegevoegd.")
    return EXIT_OK


def cmd_users_reset_pin(args: argparse.Namespace, db: Database) -> int:
    user = _find_user(db, args.naam)
    users.reset_pin(db, cli_actor(), user.id, _pin(args))
    out(f"Nieuwe PIN ingesteld voor {user.name}; een blokkade is opgeheven.")
    return EXIT_OK


def cmd_users_active(active: bool) -> Handler:
    def handler(args: argparse.Namespace, db: Database) -> int:
        user = _find_user(db, args.naam)
        users.set_active(db, cli_actor(), user.id, active)
        out(f"{user.name} is {'geactiveerd' if active else 'gedeactiveerd'}.")
        return EXIT_OK

    return handler


# -- kernen --------------------------------------------------------------------------------


def cmd_kernen_list(args: argparse.Namespace, db: Database) -> int:
    for kern in kernen.list_kernen(db, include_inactive=True):
        marks = [
            m
            for m, on in (("pilot kernagenda", kern.is_pilot), ("inactief", not kern.active))
            if on
        ]
        out(f"{kern.name:<18} {', '.join(marks)}".rstrip())
    return EXIT_OK


def cmd_kernen_add(args: argparse.Namespace, db: Database) -> int:
    kern = kernen.add_kern(db, cli_actor(), args.naam)
    out(f"Kern {kern.name} toegevoegd.")
    return EXIT_OK


def cmd_kernen_pilot(args: argparse.Namespace, db: Database) -> int:
    index = kernen.KernIndex(kernen.list_kernen(db, include_inactive=True))
    kern = kernen.update_kern(db, cli_actor(), index.find(args.naam).id, is_pilot=not args.uit)
    out(f"{kern.name} is {'een' if kern.is_pilot else 'geen'} pilotkern voor de kernagenda.")
    return EXIT_OK


# -- budget --------------------------------------------------------------------------------


def _year_arg(text: str) -> int:
    if not text.strip().isdigit():
        raise InvalidInput(f"{text!r} is geen geldig jaar.", "year")
    return int(text)


def _year(args: argparse.Namespace, db: Database) -> int:
    if args.jaar:
        return _year_arg(args.jaar)
    known = budget.years(db)
    if not known:
        raise NotFound("Er is nog geen begrotingsjaar; gebruik 'festival budget set'.")
    return known[0]


def cmd_budget_summary(args: argparse.Namespace, db: Database) -> int:
    s = budget.summary(db, _year(args, db))
    if args.json:
        out(json.dumps(s.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return EXIT_OK
    b = s.budget
    out(f"Leefbaarheidsbudget {b.year}")
    out(
        f"  budget                 {format_money(b.budget_cents):>14}"
        + ("" if b.is_set else "  (nog niet vastgesteld)")
    )
    out(f"  aanvragen ontvangen    {s.received:>14}")
    out(f"    gehonoreerd          {s.honoured:>14}")
    out(f"    afgewezen            {s.rejected:>14}")
    out(f"    ingetrokken          {s.withdrawn:>14}")
    out(f"    doorgeschoven        {s.deferred:>14}")
    out(f"    in behandeling       {s.pending:>14}")
    out(f"  totaal gevraagd        {format_money(s.requested_cents):>14}")
    out(f"  totaal toegekend       {format_money(s.granted_cents):>14}")
    out(f"  maximum ({format_money(b.max_grant_cents)}) toegekend {s.at_maximum:>6} keer")
    out(f"  reserve                {format_money(b.reserve_cents):>14}")
    out(f"  pot festival           {format_money(s.pot_cents):>14}")
    return EXIT_OK


def cmd_budget_set(args: argparse.Namespace, db: Database) -> int:
    current = budget.get_budget_year(db, _year_arg(args.jaar))
    year = budget.set_budget_year(
        db,
        cli_actor(),
        budget.BudgetYearInput(
            year=str(args.jaar),
            budget=args.budget,
            reserve=args.reserve if args.reserve is not None else str(current.reserve_cents / 100),
            max_grant=args.max if args.max is not None else str(current.max_grant_cents / 100),
        ),
    )
    out(
        f"Budget {year.year}: {format_money(year.budget_cents)}, reserve "
        f"{format_money(year.reserve_cents)}, maximum per aanvraag "
        f"{format_money(year.max_grant_cents)}."
    )
    return EXIT_OK


def cmd_budget_import(args: argparse.Namespace, db: Database) -> int:
    path = Path(args.bestand)
    try:
        data = path.read_bytes()
    except OSError as exc:
        err(f"Kan {path} niet lezen: {exc.strerror or exc}.")
        return EXIT_FAILED
    try:
        report = budget_io.import_applications(db, cli_actor(), data)
    except ImportFailed as exc:
        err(f"Niets geïmporteerd: {len(exc.problems)} regel(s) afgekeurd in {path.name}.")
        for problem in exc.problems:
            err(f"  {problem}")
        return EXIT_FAILED
    years = ", ".join(map(str, report.years))
    out(f"{report.imported} aanvragen geïmporteerd ({years}).")
    return EXIT_OK


def cmd_budget_export(args: argparse.Namespace, db: Database) -> int:
    data = budget_io.export_applications(db, _year_arg(args.jaar) if args.jaar else None)
    path = Path(args.bestand)
    try:
        path.write_bytes(data)
    except OSError as exc:
        err(f"Kan {path} niet schrijven: {exc.strerror or exc}.")
        return EXIT_FAILED
    lines = data.count(b"\r\n") - 1
    out(f"{lines} aanvragen geschreven naar {path}.")
    return EXIT_OK


# -- backup and audit ----------------------------------------------------------------------


def cmd_backup(args: argparse.Namespace, db: Database) -> int:
    db.backup(Path(args.pad))
    out(f"Kopie gemaakt: {args.pad}")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace, db: Database) -> int:
    for entry in reversed(audit.entries(db, limit=args.aantal)):
        target = f"{entry.entity} {entry.entity_id or ''}".strip()
        out(f"{entry.at}  {entry.actor:<22} {entry.action} ({target})")
    return EXIT_OK


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
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser(
        "users", help="gebruikers beheren: list, add, reset-pin, deactivate, activate"
    )
    us = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    us.add_parser("list", help="alle gebruikers").set_defaults(handler=cmd_users_list)
    a = us.add_parser("add", help="gebruiker toevoegen")
    a.add_argument("naam")
    a.add_argument("--rol", required=True, help="coördinator, balie, jury of kernregisseur")
    a.add_argument("--pin", help="4 tot 12 cijfers (anders gevraagd)")
    a.add_argument("--kern", action="append", help="kern van een kernregisseur (herhaalbaar)")
    a.set_defaults(handler=cmd_users_add)
    a = us.add_parser("reset-pin", help="nieuwe PIN instellen en blokkade opheffen")
    a.add_argument("naam")
    a.add_argument("--pin")
    a.set_defaults(handler=cmd_users_reset_pin)
    a = us.add_parser("deactivate", help="gebruiker deactiveren")
    a.add_argument("naam")
    a.set_defaults(handler=cmd_users_active(False))
    a = us.add_parser("activate", help="gebruiker weer activeren")
    a.add_argument("naam")
    a.set_defaults(handler=cmd_users_active(True))

    p = sub.add_parser("kernen", help="kernen tonen, toevoegen en als pilot markeren")
    ks = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    ks.add_parser("list", help="alle kernen").set_defaults(handler=cmd_kernen_list)
    a = ks.add_parser("add", help="kern toevoegen")
    a.add_argument("naam")
    a.set_defaults(handler=cmd_kernen_add)
    a = ks.add_parser("pilot", help="kern als kernagenda-pilot markeren")
    a.add_argument("naam")
    a.add_argument("--uit", action="store_true", help="pilotmarkering weghalen")
    a.set_defaults(handler=cmd_kernen_pilot)

    p = sub.add_parser("budget", help="leefbaarheidsbudget: overzicht, set, import, export")
    bs = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = bs.add_parser("summary", help="het jaar zoals de raadsbrief het telt, met de festivalpot")
    a.add_argument("--jaar")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_budget_summary)
    a = bs.add_parser("set", help="jaarbudget, reserve en maximum per aanvraag vaststellen")
    a.add_argument("--jaar", required=True)
    a.add_argument("--budget", required=True, help="bijvoorbeeld 50.000")
    a.add_argument("--reserve")
    a.add_argument("--max", help="maximum per aanvraag (standaard 750)")
    a.set_defaults(handler=cmd_budget_set)
    a = bs.add_parser("import", help="aanvragen uit CSV importeren (alles of niets)")
    a.add_argument("bestand")
    a.set_defaults(handler=cmd_budget_import)
    a = bs.add_parser("export", help="aanvragen naar CSV voor Excel")
    a.add_argument("bestand")
    a.add_argument("--jaar")
    a.set_defaults(handler=cmd_budget_export)

    p = sub.add_parser("backup", help="consistente kopie van de database terwijl anderen werken")
    p.add_argument("pad")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("audit", help="de laatste regels van het auditlog")
    p.add_argument("--aantal", type=int, default=30)
    p.set_defaults(handler=cmd_audit)
    return parser


def run(
    argv: Sequence[str] | None = None, *, prog: str = "festival", start: str = "festival"
) -> int:
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    overrides: dict[str, object] = {"start": start}
    if args.db:
        overrides["db"] = args.db
    settings = Settings(**overrides)  # type: ignore[arg-type]
    try:
        db = open_db(settings)
    except DatabaseError as exc:
        err(str(exc))
        return EXIT_FAILED
    if args.command is None:
        db.close()
        from festival.app import make_app  # Textual only when the screen is wanted

        make_app(settings).run()
        return EXIT_OK
    try:
        result: int = args.handler(args, db)
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
