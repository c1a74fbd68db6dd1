"""``kernagenda set``: the agenda's version name, period and review date (made when missing)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from festival.cli.common import EXIT_OK, SubParsers, cli_caller, out
from festival.core.errors import InvalidInput
from kernagenda.cli.common import add_kern_arg, command, describe, find_kern

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parsers(sub: SubParsers) -> None:
    a = command(
        sub,
        "set",
        "versienaam, periode en herzieningsdatum (maakt de agenda als die er nog niet is)",
        cmd_agenda_set,
        needs="agenda.edit",
    )
    add_kern_arg(a)
    a.add_argument("--versie", metavar="TEKST", help="naam van de versie, bijv. 'eerste versie'")
    a.add_argument("--periode", metavar="TEKST", help="bijv. 2025-2028")
    a.add_argument("--herziening", metavar="DATUM", help="volgende bespreking, bijv. 01-06-2026")
    a.add_argument("--vereniging", metavar="NAAM", help="dorps- of bewonersvereniging")
    a.add_argument("--contact", metavar="TEKST", help="contactpunt voor inwoners (openbaar)")
    a.add_argument("--kernavond", metavar="DATUM", help="datum van de kernavond")


def cmd_agenda_set(args: argparse.Namespace, db: Database) -> int:
    from festival.core.dates import format_date
    from kernagenda.domain.agendas import agenda_for_kern, create_agenda, update_agenda

    kern = find_kern(db, args.kern)
    agenda = agenda_for_kern(db, kern.id)
    if agenda is None:
        if args.versie is None:
            raise InvalidInput(
                f"{kern.name} heeft nog geen kernagenda; geef --versie om er een te maken.",
                "version_label",
            )
        agenda = create_agenda(
            db,
            cli_caller(),
            kern.id,
            args.versie,
            period=args.periode or "",
            review_date=args.herziening or "",
        )
        _head(args, db, agenda.id)
        out(f"Kernagenda {kern.name} gemaakt: {describe(agenda)}.")
        return EXIT_OK
    agenda = update_agenda(
        db,
        cli_caller(),
        agenda.id,
        version_label=agenda.version_label if args.versie is None else args.versie,
        period=agenda.period if args.periode is None else args.periode,
        review_date=(
            format_date(agenda.review_date) if args.herziening is None else args.herziening
        ),
    )
    _head(args, db, agenda.id)
    out(f"Kernagenda {kern.name}: {describe(agenda)}.")
    return EXIT_OK


def _head(args: argparse.Namespace, db: Database, agenda_id: int) -> None:
    """The document's head: village association, contact point, kernavond (when given)."""
    from kernagenda.domain.publication import set_document_head

    if args.vereniging is None and args.contact is None and args.kernavond is None:
        return
    set_document_head(
        db,
        cli_caller(),
        agenda_id,
        association=args.vereniging,
        contact=args.contact,
        kernavond_date=args.kernavond,
    )
