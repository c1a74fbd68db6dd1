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
    err,
    handles,
    imported,
    out,
)
from festival.core.text import printable

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
    a.add_argument(
        "--ja", action="store_true", help="niet vragen: samenvoegen (voor scripts; kan niet terug)"
    )
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
    if report.skipped:
        out(f"{len(report.skipped)} regel(s) overgeslagen, al aangemeld (geen nieuwe badge):")
        for line in report.skipped:
            out(f"  {printable(str(line))}")
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
    import sys

    from festival.domain import permissions
    from festival.domain.duplicates import merge
    from festival.domain.registration import get_registration

    caller = cli_caller()
    permissions.require(caller, permissions.REGISTRATIONS_MERGE)
    kept, gone = get_registration(db, args.houden), get_registration(db, args.weg)
    out(f"Blijft:    {printable(_who(kept))}, code {kept.code}")
    out(f"Verdwijnt: {printable(_who(gone))}, code {gone.code}")
    out(
        f"Code {gone.code} blijft werken en checkt dan #{kept.id} in; de gegevens van "
        f"#{gone.id} worden gewist. Dit kan niet ongedaan worden gemaakt."
    )
    if not args.ja:
        if not sys.stdin.isatty():
            err("Niets samengevoegd: bevestig met --ja.")
            return EXIT_FAILED
        answer = input("Samenvoegen? (ja/nee) ").strip().lower()
        if answer not in ("ja", "j"):
            out("Niets samengevoegd.")
            return EXIT_FAILED
    merged = merge(db, caller, kept.id, gone.id)
    out(f"Samengevoegd: registratie {args.weg} is opgegaan in {_who(merged)}, code {merged.code}.")
    return EXIT_OK


def cmd_registrations_keep_both(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.duplicates import keep_both

    keep_both(db, cli_caller(), args.a, args.b)
    out(f"Registraties {args.a} en {args.b} blijven allebei; het paar wordt niet meer getoond.")
    return EXIT_OK
