"""``festival festivals``: list the festivals and record a new one."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from festival.cli.common import EXIT_OK, SubParsers, cli_caller, handles, out

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser("festivals", help="festivals tonen en vastleggen")
    fs = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    handles(fs.add_parser("list", help="alle festivals"), cmd_festivals_list, public=True)
    a = fs.add_parser("add", help="festival vastleggen (naam, datum, plaats, bewaartermijn)")
    a.add_argument("--naam", required=True)
    a.add_argument("--datum", required=True, help="festivaldag, bijvoorbeeld 12-09-2026")
    a.add_argument("--plaats", default="")
    a.add_argument(
        "--bewaren-tot", required=True, help="persoonsgegevens bewaren tot (na de festivaldag)"
    )
    handles(a, cmd_festivals_add, needs="festival.manage")


def cmd_festivals_list(args: argparse.Namespace, db: Database) -> int:
    from festival.core.dates import format_date
    from festival.domain.festivals import list_festivals

    festivals = list_festivals(db)
    if not festivals:
        out("Nog geen festivals; leg er een vast met 'festival festivals add'.")
    for f in festivals:
        state = "  (persoonsgegevens gewist)" if f.purged else ""
        place = f", {f.place}" if f.place else ""
        out(
            f"{f.id:>4}  {format_date(f.date)}  {f.name}{place}"
            f"  — bewaren tot {format_date(f.retention_date)}{state}"
        )
    return EXIT_OK


def cmd_festivals_add(args: argparse.Namespace, db: Database) -> int:
    from festival.core.dates import format_date
    from festival.domain.festivals import add_festival

    festival = add_festival(
        db,
        cli_caller(),
        name=args.naam,
        day=args.datum,
        place=args.plaats,
        retention=args.bewaren_tot,
    )
    out(
        f"Festival {festival.id} vastgelegd: {festival.name} op {format_date(festival.date)}; "
        f"persoonsgegevens bewaren tot {format_date(festival.retention_date)}."
    )
    return EXIT_OK
