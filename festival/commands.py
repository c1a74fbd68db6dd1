"""The subcommands' work: each handler gets the parsed arguments and an open database.

Kept apart from :mod:`festival.cli` so that opening the screen does not import every domain
module first (the first frame comes sooner); :func:`festival.cli.run` loads this on demand.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from festival.cli import EXIT_FAILED, EXIT_OK, err
from festival.domain import budget, budget_io, demo, kernen
from festival.domain.csv_io import ImportFailed
from festival.domain.errors import InvalidInput, NotFound
from festival.domain.money import format_money
from festival.store import audit, users
from festival.store.database import Actor, Database


def cli_actor() -> Actor:
    """Command-line changes are attributed to the operating-system user."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "onbekend"
    return Actor(name=f"cli:{who}")


def out(text: str = "") -> None:
    print(text)


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


def _set_active(args: argparse.Namespace, db: Database, active: bool) -> int:
    user = _find_user(db, args.naam)
    users.set_active(db, cli_actor(), user.id, active)
    out(f"{user.name} is {'geactiveerd' if active else 'gedeactiveerd'}.")
    return EXIT_OK


def cmd_users_deactivate(args: argparse.Namespace, db: Database) -> int:
    return _set_active(args, db, False)


def cmd_users_activate(args: argparse.Namespace, db: Database) -> int:
    return _set_active(args, db, True)


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
