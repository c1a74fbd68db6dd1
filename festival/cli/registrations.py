"""``festival registrations``: import, possible duplicates, merge, keep both."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from festival.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    FESTIVAL_HELP,
    SubParsers,
    chosen_festival_id,
    cli_caller,
    handles,
    imported,
    out,
)

if TYPE_CHECKING:
    from festival.domain.registration import Registration
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser("registrations", help="aanmeldingen: import, duplicates, merge, keep-both")
    rs = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = rs.add_parser("import", help="aanmeldingen uit CSV importeren (alles of niets)")
    a.add_argument("bestand")
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_registrations_import, needs="registrations.import")
    a = rs.add_parser("duplicates", help="mogelijk dubbele aanmeldingen, met nummers")
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_registrations_duplicates, needs="registrations.duplicates")
    a = rs.add_parser("merge", help="twee aanmeldingen van één persoon samenvoegen")
    a.add_argument("houden", type=int, metavar="KEEP_ID", help="registratie die blijft")
    a.add_argument("weg", type=int, metavar="REMOVE_ID", help="registratie die verdwijnt")
    handles(a, cmd_registrations_merge, needs="registrations.merge")
    a = rs.add_parser("keep-both", help="twee aanmeldingen zijn twee personen: beide houden")
    a.add_argument("a", type=int, metavar="A_ID")
    a.add_argument("b", type=int, metavar="B_ID")
    handles(a, cmd_registrations_keep_both, needs="registrations.duplicates")


def _who(r: Registration) -> str:
    state = ", ingecheckt" if r.checked_in_at else ""
    return f"#{r.id} {r.name} ({r.origin or 'geen kern'}; {r.role_labels}{state})"


def cmd_registrations_import(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import registration_io

    report = imported(
        Path(args.bestand),
        lambda data: registration_io.import_registrations(
            db, cli_caller(), chosen_festival_id(args, db), data
        ),
    )
    if report is None:
        return EXIT_FAILED
    out(
        f"{report.imported} aanmeldingen geïmporteerd ({report.initiatives} initiatieven, "
        f"{report.funders} subsidieverleners)."
    )
    if report.duplicates:
        out(f"{len(report.duplicates)} mogelijk dubbel (beoordeel met 'registrations duplicates'):")
        for pair in report.duplicates:
            out(f"  {_who(pair.a)}  ↔  {_who(pair.b)}: {pair.reason}")
    return EXIT_OK


def cmd_registrations_duplicates(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.duplicates import duplicate_pairs

    pairs = duplicate_pairs(db, cli_caller(), chosen_festival_id(args, db))
    if not pairs:
        out("Geen mogelijk dubbele aanmeldingen.")
        return EXIT_OK
    for pair in pairs:
        out(f"{_who(pair.a)}  ↔  {_who(pair.b)}: {pair.reason}")
    out("")
    out("Samenvoegen: festival registrations merge HOUDEN WEG")
    out("Twee personen: festival registrations keep-both A B")
    return EXIT_OK


def cmd_registrations_merge(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.duplicates import merge

    merged = merge(db, cli_caller(), args.houden, args.weg)
    out(f"Samengevoegd: registratie {args.weg} is opgegaan in {_who(merged)}, code {merged.code}.")
    return EXIT_OK


def cmd_registrations_keep_both(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.duplicates import keep_both

    keep_both(db, cli_caller(), args.a, args.b)
    out(f"Registraties {args.a} en {args.b} blijven allebei; het paar wordt niet meer getoond.")
    return EXIT_OK
