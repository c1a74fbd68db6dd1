"""What the kernagenda's command groups share: argument helpers and how things are named.

Imported whenever the parser is built: the kernagenda's domain modules are imported
inside the helpers, never at module level.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from festival.cli.common import Handler, SubParsers, handles
from festival.core.errors import NotFound

if TYPE_CHECKING:
    from festival.domain.kernen import Kern
    from festival.store.database import Database
    from kernagenda.domain.models import Agenda, Item, Link

STATUSES = "idee, gepland, in uitvoering, afgerond, geparkeerd of niet haalbaar"


# -- arguments -------------------------------------------------------------------------------


def command(
    sub: SubParsers,
    name: str,
    help_text: str,
    handler: Handler,
    *,
    needs: str | None = None,
    public: bool = False,
) -> argparse.ArgumentParser:
    """A subcommand on ``sub`` linked to its handler: ``public`` ones need no login, the others
    name the action they perform (see :func:`festival.cli.common.handles`)."""
    return handles(sub.add_parser(name, help=help_text), handler, needs=needs, public=public)


def add_kern_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kern", metavar="KERN", help="naam van de kern, bijv. Zoelen")


def add_item_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("item", type=int, metavar="ITEM", help="nummer van het agendapunt")


def add_target_args(parser: argparse.ArgumentParser, required: bool) -> None:
    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument("--aanvraag", type=int, metavar="N", help="aanvraag leefbaarheidsbudget")
    group.add_argument("--initiatief", type=int, metavar="N", help="initiatief van het festival")


def chosen_target(args: argparse.Namespace) -> tuple[str, int] | None:
    """The application or initiative named with ``--aanvraag``/``--initiatief``, if any."""
    if args.aanvraag is not None:
        return "aanvraag", int(args.aanvraag)
    if args.initiatief is not None:
        return "initiatief", int(args.initiatief)
    return None


# -- lookups and wording ---------------------------------------------------------------------


def find_kern(db: Database, name: str) -> Kern:
    from festival.domain.kernen import KernIndex, list_kernen

    return KernIndex(list_kernen(db, include_inactive=True)).find(name)


def agenda_of(db: Database, kern_name: str) -> Agenda:
    """The kern's agenda; NotFound (with the way to make one) when it has none yet."""
    from kernagenda.domain.agendas import agenda_for_kern

    kern = find_kern(db, kern_name)
    agenda = agenda_for_kern(db, kern.id)
    if agenda is None:
        raise NotFound(
            f"{kern.name} heeft nog geen kernagenda; maak er een met het subcommando set "
            "(--versie)."
        )
    return agenda


def describe(agenda: Agenda) -> str:
    from festival.core.dates import format_date

    parts = [f"versie {agenda.version_label!r} ({agenda.status.value})"]
    if agenda.period:
        parts.append(f"periode {agenda.period}")
    if agenda.review_date:
        parts.append(f"volgende bespreking {format_date(agenda.review_date)}")
    return ", ".join(parts)


def priority(item: Item) -> str:
    from kernagenda.domain.models import Priority

    if item.priority is Priority.SPEARHEAD and item.rank is not None:
        return f"speerpunt {item.rank}"
    return item.priority.value


def arrow(field: str, old: object, new: object) -> str:
    from kernagenda.domain.models import display_value

    return f"{display_value(field, old)} → {display_value(field, new)}"


def link_line(link: Link) -> str:
    from festival.core.money import format_money

    amounts = f"gevraagd {format_money(link.requested_cents)}"
    if link.granted_cents is not None:
        amounts += f", toegekend {format_money(link.granted_cents)}"
    return f"{link.kind} {link.target_id}: {link.title} — {amounts} ({link.status})"
