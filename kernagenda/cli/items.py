"""``kernagenda items|show|log|status|move|remove|restore``: reading and working on agenda
items."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from festival.cli.common import EXIT_OK, SubParsers, cli_caller, out
from kernagenda.cli.common import (
    STATUSES,
    add_item_arg,
    add_kern_arg,
    agenda_of,
    arrow,
    command,
    describe,
    link_line,
    priority,
)

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parsers(sub: SubParsers) -> None:
    a = command(
        sub, "items", "de agendapunten van een kern, met hun nummers", cmd_agenda_items, public=True
    )
    add_kern_arg(a)
    a.add_argument("--status", metavar="S", help=f"alleen deze status: {STATUSES}")
    a.add_argument("--zoek", metavar="TEKST", help="alleen punten waarin deze tekst voorkomt")
    add_item_arg(
        command(
            sub,
            "show",
            "één agendapunt: velden, koppelingen, voortgang, historie",
            cmd_agenda_show,
            needs="agenda.read",
        )
    )
    a = command(
        sub, "log", "voortgang vastleggen bij een agendapunt", cmd_agenda_log, needs="agenda.edit"
    )
    add_item_arg(a)
    a.add_argument("tekst", nargs="+", metavar="TEKST", help="wat er is gebeurd")
    a.add_argument("--status", metavar="S", help=f"en de status wordt: {STATUSES}")
    a.add_argument(
        "--openbaar",
        action="store_true",
        help="mag in documenten voor inwoners en de raad (anders een interne werknotitie)",
    )
    a = command(
        sub,
        "openbaar",
        "een voortgangsnotitie openbaar (of weer intern) maken",
        cmd_agenda_public,
        needs="agenda.edit",
    )
    a.add_argument("notitie", type=int, metavar="NOTITIE", help="nummer van de notitie (show)")
    a.add_argument("--intern", action="store_true", help="weer een interne werknotitie")
    a = command(
        sub,
        "toestemming",
        "toestemming vastleggen om een persoon bij de partners te noemen",
        cmd_agenda_consent,
        needs="agenda.edit",
    )
    add_item_arg(a)
    a.add_argument("naam", metavar="NAAM", help="de naam zoals bij de partners")
    a = command(
        sub,
        "status",
        "de status van een agendapunt wijzigen",
        cmd_agenda_status,
        needs="agenda.edit",
    )
    add_item_arg(a)
    a.add_argument("status", nargs="+", metavar="S", help=STATUSES)
    a = command(
        sub,
        "move",
        "een speerpunt een plaats omhoog of omlaag zetten",
        cmd_agenda_move,
        needs="agenda.edit",
    )
    add_item_arg(a)
    a.add_argument("richting", choices=("omhoog", "omlaag", "up", "down"))
    a = command(
        sub,
        "remove",
        "een agendapunt van de agenda halen (met reden)",
        cmd_agenda_remove,
        needs="agenda.edit",
    )
    add_item_arg(a)
    a.add_argument("--reden", required=True, metavar="TEKST", help="waarom het eraf gaat")
    a = command(
        sub,
        "restore",
        "een van de agenda gehaald punt terugzetten",
        cmd_agenda_restore,
        needs="agenda.edit",
    )
    add_item_arg(a)


def cmd_agenda_items(args: argparse.Namespace, db: Database) -> int:
    from festival.core.dates import format_date
    from kernagenda.domain.items import list_items
    from kernagenda.domain.models import ItemStatus
    from kernagenda.domain.search import matching_items
    from kernagenda.domain.validation import choose

    agenda = agenda_of(db, args.kern)
    items = list_items(db, agenda.id)
    if args.status:
        status = choose(ItemStatus, args.status, "status", "status")
        items = [i for i in items if i.status is status]
    if args.zoek:
        # Every word, in the fields or the progress notes (the full-text indexes).
        found = matching_items(db, args.zoek)
        items = [i for i in items if found is None or i.id in found]
    out(f"Kernagenda {agenda.kern_name}: {describe(agenda)}")
    if not items:
        out("Geen agendapunten gevonden.")
        return EXIT_OK
    row = "{:>5}  {:<13} {:<22} {:<14} {:<11}  {}".format
    out(row("nr", "prioriteit", "thema", "status", "streefdatum", "onderwerp"))
    today = date.today()
    for i in items:
        late = "  (verlopen)" if i.is_overdue(today) else ""
        target = format_date(i.target_date) or "—"
        out(row(i.id, priority(i), i.theme, i.status.value, target, i.title + late))
    return EXIT_OK


def cmd_agenda_show(args: argparse.Namespace, db: Database) -> int:
    from festival.core.dates import format_moment
    from festival.core.money import format_money
    from kernagenda.domain.agendas import get_agenda
    from kernagenda.domain.items import get_item
    from kernagenda.domain.links import funded_cents, list_links
    from kernagenda.domain.models import FIELD_LABELS, ITEM_FIELDS, display_value
    from kernagenda.domain.progress import item_history, list_progress

    item = get_item(db, args.item)
    agenda = get_agenda(db, item.agenda_id)
    marks = []
    if item.removed_at is not None:
        marks.append(f"van de agenda gehaald op {format_moment(item.removed_at)}")
    if item.is_overdue(date.today()):
        marks.append("verlopen")
    out(f"Agendapunt {item.id}: {item.title}" + (f" ({'; '.join(marks)})" if marks else ""))
    out(f"  {'kern':<22} {agenda.kern_name}")
    out(f"  {'prioriteit':<22} {priority(item)}")
    for field in ITEM_FIELDS:
        value = getattr(item, field)
        if field not in ("title", "priority", "rank") and value not in (None, "", 0):
            out(f"  {FIELD_LABELS[field]:<22} {display_value(field, value)}")
    links = list_links(db, item.id)
    out("Koppelingen:" + ("" if links else " geen"))
    for link in links:
        out(f"  {link_line(link)}")
    out(f"Gefinancierd: {format_money(funded_cents(links))}")
    progress = list_progress(db, item.id)
    out("Voortgang:" + ("" if progress else " nog niets vastgelegd"))
    for p in progress:
        change = f" ({p.old_status} → {p.new_status})" if p.new_status else ""
        seen = "openbaar" if p.public else "intern"
        out(f"  [{p.id} {seen}] {format_moment(p.at)}  {p.who}: {p.text}{change}")
    out("Geschiedenis:")
    for h in item_history(db, item.id):
        label = FIELD_LABELS.get(h.field, h.field)
        if h.field in ITEM_FIELDS:
            what = arrow(h.field, h.old, h.new)
        else:  # aangemaakt, voortgang, koppeling (weggehaald: no new value), verwijderd
            what = h.new if h.new is not None else f"{h.old} (weggehaald)"
        out(f"  {format_moment(h.at)}  {h.who}: {label}: {what}")
    return EXIT_OK


def cmd_agenda_log(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.items import get_item
    from kernagenda.domain.progress import add_progress

    update = add_progress(
        db,
        cli_caller(),
        args.item,
        " ".join(args.tekst),
        new_status=args.status or "",
        public=args.openbaar,
    )
    title = get_item(db, args.item).title
    change = f" Status: {update.old_status} → {update.new_status}." if update.new_status else ""
    seen = "openbaar" if update.public else "intern"
    out(f"Voortgang {update.id} vastgelegd bij {title!r} ({seen}).{change}")
    return EXIT_OK


def cmd_agenda_public(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.publication import set_progress_public

    set_progress_public(db, cli_caller(), args.notitie, not args.intern)
    out(f"Voortgang {args.notitie} is {'intern' if args.intern else 'openbaar'}.")
    return EXIT_OK


def cmd_agenda_consent(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.publication import record_consent

    record_consent(db, cli_caller(), args.item, args.naam)
    out(f"Toestemming van {args.naam} vastgelegd; de naam mag bij de partners in documenten.")
    return EXIT_OK


def cmd_agenda_status(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.item_edits import set_status
    from kernagenda.domain.items import get_item

    before = get_item(db, args.item)
    after = set_status(db, cli_caller(), args.item, " ".join(args.status))
    if after.status is before.status:
        out(f"{after.title!r} staat al op {after.status.value!r}.")
    else:
        out(f"{after.title!r}: status {before.status.value} → {after.status.value}.")
    return EXIT_OK


def cmd_agenda_move(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.item_edits import move_item
    from kernagenda.domain.items import get_item

    step = -1 if args.richting in ("omhoog", "up") else 1
    before = get_item(db, args.item)
    after = move_item(db, cli_caller(), args.item, step)
    if after.rank == before.rank:
        where = "bovenaan" if step < 0 else "onderaan"
        out(f"{after.title!r} staat al {where} ({priority(after)}).")
    else:
        out(f"{after.title!r} is nu {priority(after)}.")
    return EXIT_OK


def cmd_agenda_remove(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.item_edits import remove_item

    item = remove_item(db, cli_caller(), args.item, args.reden)
    out(f"{item.title!r} is van de agenda gehaald; het blijft leesbaar met show {item.id}.")
    return EXIT_OK


def cmd_agenda_restore(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.item_edits import restore_item

    item = restore_item(db, cli_caller(), args.item)
    out(f"{item.title!r} staat weer op de agenda ({priority(item)}).")
    return EXIT_OK
