"""``festival users``: list, add, reset-pin, deactivate, activate."""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from festival.cli.common import EXIT_OK, SubParsers, cli_caller, handles, out
from festival.core.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from festival.domain.roles import User
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser(
        "users", help="gebruikers beheren: list, add, reset-pin, deactivate, activate"
    )
    us = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    handles(us.add_parser("list", help="alle gebruikers"), cmd_users_list, needs="users.list")
    a = us.add_parser("add", help="gebruiker toevoegen")
    a.add_argument("naam")
    a.add_argument("--rol", required=True, help="coördinator, balie, jury of kernregisseur")
    a.add_argument("--pin", help=argparse.SUPPRESS)  # refused: a PIN never goes in argv
    a.add_argument("--kern", action="append", help="kern van een kernregisseur (herhaalbaar)")
    handles(a, cmd_users_add, needs="users.manage", bootstrap=_first_coordinator)
    a = us.add_parser(
        "reset-pin",
        help="nieuwe PIN instellen en blokkade opheffen (ook na een kopie zonder PIN-sleutel)",
    )
    a.add_argument("naam")
    a.add_argument("--pin", help=argparse.SUPPRESS)  # refused: a PIN never goes in argv
    handles(a, cmd_users_reset_pin, needs="users.manage", bootstrap=_pins_need_reset)
    a = us.add_parser("deactivate", help="gebruiker deactiveren")
    a.add_argument("naam")
    handles(a, cmd_users_deactivate, needs="users.manage")
    a = us.add_parser("activate", help="gebruiker weer activeren")
    a.add_argument("naam")
    handles(a, cmd_users_activate, needs="users.manage")


def _find_user(db: Database, name: str) -> User:
    from festival.domain.accounts import list_users

    for user in list_users(db, cli_caller()):
        if user.name.casefold() == name.strip().casefold():
            return user
    raise NotFound(f"Geen gebruiker met de naam {name!r}.")


def _first_coordinator(args: argparse.Namespace, db: Database) -> bool:
    """Bootstrapping: the first user of a database, a coordinator, needs no login."""
    from festival.domain.roles import Role, role_from_label

    try:
        role = role_from_label(args.rol)
    except InvalidInput:
        return False
    return role is Role.COORDINATOR and not db.scalar("SELECT count(*) FROM users")


def _pins_need_reset(args: argparse.Namespace, db: Database) -> bool:
    """A copy restored without its PIN key: no PIN works, so a reset needs no login."""
    from festival.domain.accounts import pins_need_reset

    return pins_need_reset(db)


def _pin(args: argparse.Namespace) -> str:
    """The new PIN: from FESTIVAL_NEW_PIN (scripts), else asked twice at a hidden prompt."""
    if args.pin is not None:
        raise InvalidInput(
            "Een PIN op de opdrachtregel is voor iedereen op deze computer te zien; --pin "
            "bestaat daarom niet meer. Typ de nieuwe PIN als erom gevraagd wordt, of zet "
            "FESTIVAL_NEW_PIN.",
            "pin",
        )
    pin = os.environ.get("FESTIVAL_NEW_PIN")
    if pin is not None:
        return pin
    try:
        first = getpass.getpass("Nieuwe PIN: ")
        again = getpass.getpass("Nieuwe PIN nogmaals: ")
    except (EOFError, OSError, KeyboardInterrupt) as exc:
        raise InvalidInput(
            "Geen PIN gelezen: typ de nieuwe PIN als erom gevraagd wordt, of zet FESTIVAL_NEW_PIN.",
            "pin",
        ) from exc
    if again != first:
        raise InvalidInput("De twee PIN's verschillen.", "pin")
    return first


def _kern_ids(db: Database, names: Sequence[str]) -> frozenset[int]:
    from festival.domain import kernen

    index = kernen.KernIndex(kernen.list_kernen(db, include_inactive=True))
    return frozenset(index.find(n).id for n in names)


def cmd_users_list(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import accounts as users
    from festival.domain import kernen

    names = {k.id: k.name for k in kernen.list_kernen(db, include_inactive=True)}
    for user in users.list_users(db, cli_caller()):
        state = "actief" if user.active else "gedeactiveerd"
        kern_list = ", ".join(sorted(names[k] for k in user.kern_ids))
        out(f"{user.name:<24} {user.role.label:<14} {state:<14} {kern_list}")
    return EXIT_OK


def cmd_users_add(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import accounts as users
    from festival.domain.roles import role_from_label

    role = role_from_label(args.rol)
    user = users.add_user(
        db,
        cli_caller(),
        name=args.naam,
        role=role,
        pin=_pin(args),
        kern_ids=_kern_ids(db, args.kern or []),
    )
    out(f"Gebruiker {user.name} ({user.role.label}) toegevoegd.")
    return EXIT_OK


def cmd_users_reset_pin(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import accounts as users

    user = _find_user(db, args.naam)
    users.reset_pin(db, cli_caller(), user.id, _pin(args))
    out(f"Nieuwe PIN ingesteld voor {user.name}; een blokkade is opgeheven.")
    return EXIT_OK


def _set_active(args: argparse.Namespace, db: Database, active: bool) -> int:
    from festival.domain import accounts as users

    user = _find_user(db, args.naam)
    users.set_active(db, cli_caller(), user.id, active)
    out(f"{user.name} is {'geactiveerd' if active else 'gedeactiveerd'}.")
    return EXIT_OK


def cmd_users_deactivate(args: argparse.Namespace, db: Database) -> int:
    return _set_active(args, db, False)


def cmd_users_activate(args: argparse.Namespace, db: Database) -> int:
    return _set_active(args, db, True)
