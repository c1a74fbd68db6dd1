"""``festival kernen``: list, add, and mark a kern as a kernagenda pilot."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from festival.cli.common import EXIT_OK, SubParsers, cli_caller, handles, out

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser("kernen", help="kernen tonen, toevoegen en als pilot markeren")
    ks = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    handles(ks.add_parser("list", help="alle kernen"), cmd_kernen_list, public=True)
    a = ks.add_parser("add", help="kern toevoegen")
    a.add_argument("naam")
    handles(a, cmd_kernen_add, needs="kernen.manage")
    a = ks.add_parser("pilot", help="kern als kernagenda-pilot markeren")
    a.add_argument("naam")
    a.add_argument("--uit", action="store_true", help="pilotmarkering weghalen")
    handles(a, cmd_kernen_pilot, needs="kernen.manage")


def cmd_kernen_list(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import kernen

    for kern in kernen.list_kernen(db, include_inactive=True):
        marks = [
            m
            for m, on in (("pilot kernagenda", kern.is_pilot), ("inactief", not kern.active))
            if on
        ]
        out(f"{kern.name:<18} {', '.join(marks)}".rstrip())
    return EXIT_OK


def cmd_kernen_add(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import kernen

    kern = kernen.add_kern(db, cli_caller(), args.naam)
    out(f"Kern {kern.name} toegevoegd.")
    return EXIT_OK


def cmd_kernen_pilot(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import kernen

    index = kernen.KernIndex(kernen.list_kernen(db, include_inactive=True))
    kern = kernen.update_kern(db, cli_caller(), index.find(args.naam).id, is_pilot=not args.uit)
    out(f"{kern.name} is {'een' if kern.is_pilot else 'geen'} pilotkern voor de kernagenda.")
    return EXIT_OK
