"""``kernagenda link|unlink``: an agenda item's links to applications and initiatives."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from festival.cli.common import EXIT_OK, SubParsers, cli_caller, out
from kernagenda.cli.common import add_item_arg, add_target_args, chosen_target, command, link_line

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parsers(sub: SubParsers) -> None:
    a = command(
        sub,
        "link",
        "een aanvraag of initiatief koppelen (zonder doel: wat gekoppeld kan worden)",
        cmd_agenda_link,
        needs="agenda.edit",
    )
    add_item_arg(a)
    add_target_args(a, required=False)
    a = command(sub, "unlink", "een koppeling weghalen", cmd_agenda_unlink, needs="agenda.edit")
    add_item_arg(a)
    add_target_args(a, required=True)


def cmd_agenda_link(args: argparse.Namespace, db: Database) -> int:
    from festival.core.money import format_money
    from kernagenda.domain.items import get_item
    from kernagenda.domain.links import funded_cents, link_item, linkable

    target = chosen_target(args)
    if target is None:
        item = get_item(db, args.item)
        found = linkable(db, args.item)
        out(f"Te koppelen aan {item.title!r}" + (":" if found else ": niets (meer)."))
        for link in found:
            out(f"  {link_line(link)}")
        if found:
            out("Koppel met --aanvraag N of --initiatief N.")
        return EXIT_OK
    kind, target_id = target
    links = link_item(db, cli_caller(), args.item, kind, target_id)
    added = next(link for link in links if (link.kind, link.target_id) == target)
    out(f"Gekoppeld: {link_line(added)}")
    out(f"Gefinancierd: {format_money(funded_cents(links))}")
    return EXIT_OK


def cmd_agenda_unlink(args: argparse.Namespace, db: Database) -> int:
    from festival.core.money import format_money
    from kernagenda.domain.links import funded_cents, unlink_item

    target = chosen_target(args)
    assert target is not None  # argparse requires one of the two
    links = unlink_item(db, cli_caller(), args.item, *target)
    out(f"Koppeling met {target[0]} {target[1]} weggehaald.")
    out(f"Gefinancierd: {format_money(funded_cents(links))}")
    return EXIT_OK
