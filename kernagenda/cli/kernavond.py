"""``kernagenda idee|ideeen|verwerk``: residents' input of a kernavond as ideas, and their
triage (merge into an item, make a new item, or park with a reason)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from festival.cli.common import EXIT_OK, SubParsers, cli_caller, out
from kernagenda.cli.common import add_kern_arg, agenda_of, command

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parsers(sub: SubParsers) -> None:
    a = command(
        sub,
        "idee",
        "een idee van een inwoner op de kernavond noteren",
        cmd_idea,
        needs="agenda.edit",
    )
    add_kern_arg(a)
    a.add_argument("tekst", metavar="TEKST", help="het idee, op één regel")
    a.add_argument("--thema", metavar="THEMA", default="", help="thema (mag later)")
    a.add_argument("--avond", metavar="DATUM", default="", help="datum van de kernavond")
    a = command(
        sub, "ideeen", "de ideeën van de kernavonden van een kern", cmd_ideas, needs="agenda.read"
    )
    add_kern_arg(a)
    a.add_argument("--alle", action="store_true", help="ook de verwerkte ideeën")
    a = command(
        sub,
        "verwerk",
        "een idee verwerken: samenvoegen, nieuw punt of parkeren",
        cmd_triage,
        needs="agenda.edit",
    )
    a.add_argument("idee", type=int, metavar="IDEE", help="nummer van het idee")
    how = a.add_mutually_exclusive_group(required=True)
    how.add_argument("--samenvoegen", type=int, metavar="ITEM", help="bij dit agendapunt")
    how.add_argument("--nieuw", action="store_true", help="als nieuw agendapunt")
    how.add_argument("--parkeren", metavar="REDEN", help="opzij zetten, met reden")
    a.add_argument("--thema", metavar="THEMA", default="", help="thema van het nieuwe punt")
    a.add_argument("--onderwerp", metavar="TEKST", default="", help="onderwerp van het nieuwe punt")


def cmd_idea(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.kernavond import add_idea

    agenda = agenda_of(db, args.kern)
    idea = add_idea(db, cli_caller(), agenda.id, args.tekst, theme=args.thema, evening=args.avond)
    out(f"Idee {idea.id} genoteerd ({idea.source}).")
    return EXIT_OK


def cmd_ideas(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.kernavond import list_ideas

    agenda = agenda_of(db, args.kern)
    ideas = list_ideas(db, agenda.id, open_only=not args.alle)
    if not ideas:
        out("Geen ideeën om te verwerken." if not args.alle else "Nog geen ideeën.")
    for idea in ideas:
        theme = f" [{idea.theme}]" if idea.theme else ""
        outcome = "" if idea.outcome == "open" else f" → {idea.outcome}"
        if idea.item_id is not None:
            outcome += f" (punt {idea.item_id})"
        if idea.reason:
            outcome += f": {idea.reason}"
        out(f"{idea.id:>5}  {idea.text}{theme}  ({idea.source}){outcome}")
    return EXIT_OK


def cmd_triage(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.kernavond import idea_to_item, merge_idea, park_idea

    caller = cli_caller()
    if args.samenvoegen is not None:
        item = merge_idea(db, caller, args.idee, args.samenvoegen)
        out(f"Idee {args.idee} toegevoegd aan {item.title!r} (punt {item.id}).")
    elif args.nieuw:
        item = idea_to_item(db, caller, args.idee, title=args.onderwerp, theme=args.thema)
        out(f"Idee {args.idee} is agendapunt {item.id}: {item.title!r} ({item.source}).")
    else:
        park_idea(db, caller, args.idee, args.parkeren)
        out(f"Idee {args.idee} geparkeerd.")
    return EXIT_OK
