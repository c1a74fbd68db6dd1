"""``festival budget``: the year's summary, setting the budget, CSV import and export."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from festival.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    SubParsers,
    cli_caller,
    handles,
    imported,
    out,
    write_file,
)
from festival.core.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser("budget", help="leefbaarheidsbudget: overzicht, set, import, export")
    bs = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = bs.add_parser("summary", help="het jaar zoals de raadsbrief het telt, met de festivalpot")
    a.add_argument("--jaar")
    a.add_argument("--json", action="store_true")
    handles(a, cmd_budget_summary, public=True)
    a = bs.add_parser("set", help="jaarbudget, reserve en maximum per aanvraag vaststellen")
    a.add_argument("--jaar", required=True)
    a.add_argument("--budget", required=True, help="bijvoorbeeld 50.000")
    a.add_argument("--reserve")
    a.add_argument("--max", help="maximum per aanvraag (standaard 750)")
    handles(a, cmd_budget_set, needs="budget.set")
    a = bs.add_parser("import", help="aanvragen uit CSV importeren (alles of niets)")
    a.add_argument("bestand")
    handles(a, cmd_budget_import, needs="budget.import")
    a = bs.add_parser("export", help="aanvragen naar CSV voor Excel")
    a.add_argument("bestand")
    a.add_argument("--jaar")
    handles(a, cmd_budget_export, needs="budget.export")


def _year_arg(text: str) -> int:
    if not text.strip().isdigit():
        raise InvalidInput(f"{text!r} is geen geldig jaar.", "year")
    return int(text)


def _year(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import budget

    if args.jaar:
        return _year_arg(args.jaar)
    known = budget.years(db)
    if not known:
        raise NotFound("Er is nog geen begrotingsjaar; gebruik 'festival budget set'.")
    return known[0]


def cmd_budget_summary(args: argparse.Namespace, db: Database) -> int:
    from festival.core.money import format_money
    from festival.domain import budget

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
    from festival.core.money import format_money
    from festival.domain import budget

    current = budget.get_budget_year(db, _year_arg(args.jaar))
    year = budget.set_budget_year(
        db,
        cli_caller(),
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
    from festival.domain import budget_io

    report = imported(
        Path(args.bestand), lambda data: budget_io.import_applications(db, cli_caller(), data)
    )
    if report is None:
        return EXIT_FAILED
    years = ", ".join(map(str, report.years))
    out(f"{report.imported} aanvragen geïmporteerd ({years}).")
    return EXIT_OK


def cmd_budget_export(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import budget_io

    data = budget_io.export_applications(
        db, cli_caller(), _year_arg(args.jaar) if args.jaar else None
    )
    path = Path(args.bestand)
    if not write_file(path, data):
        return EXIT_FAILED
    lines = data.count(b"\r\n") - 1
    out(f"{lines} aanvragen geschreven naar {path}.")
    return EXIT_OK
