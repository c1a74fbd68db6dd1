"""The kernagenda subcommands (``kernagenda items|show|log|…`` and ``festival agenda …``).

Like :mod:`festival.commands` these never import Textual. The command line acts with the
rights of a named system caller (:func:`festival.commands.cli_caller`), attributed to the
operating-system user. Refusals from the domain
(``InvalidInput``, ``ValidationErrors``, ``NotFound``, ``NotAllowed``) are reported by
:func:`festival.cli.run`, so the handlers here only describe what went right.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path

from festival.cli import EXIT_FAILED, EXIT_OK, err
from festival.commands import cli_caller, out
from festival.core.csv_io import ImportFailed
from festival.core.dates import format_date, format_date_long, format_moment, parse_date
from festival.core.errors import InvalidInput, NotFound
from festival.core.files import os_error_text
from festival.core.money import format_money
from festival.domain.kernen import Kern, KernIndex, list_kernen
from festival.store.database import Database
from kernagenda.domain.agendas import agenda_for_kern, create_agenda, get_agenda, update_agenda
from kernagenda.domain.item_edits import move_item, remove_item, set_status
from kernagenda.domain.items import get_item, list_items
from kernagenda.domain.links import funded_cents, link_item, linkable, list_links, unlink_item
from kernagenda.domain.models import (
    FIELD_LABELS,
    ITEM_FIELDS,
    Agenda,
    AgendaVersion,
    Item,
    ItemStatus,
    Link,
    Priority,
    display_value,
)
from kernagenda.domain.progress import add_progress, item_history, list_progress
from kernagenda.domain.search import matching_items
from kernagenda.domain.validation import choose
from kernagenda.domain.versions import compare_versions, fix_version, get_version, list_versions

# -- shared helpers ------------------------------------------------------------------------


def _kern(db: Database, name: str) -> Kern:
    return KernIndex(list_kernen(db, include_inactive=True)).find(name)


def _agenda(db: Database, kern_name: str) -> Agenda:
    kern = _kern(db, kern_name)
    agenda = agenda_for_kern(db, kern.id)
    if agenda is None:
        raise NotFound(
            f"{kern.name} heeft nog geen kernagenda; maak er een met het subcommando set "
            "(--versie)."
        )
    return agenda


def _describe(agenda: Agenda) -> str:
    parts = [f"versie {agenda.version_label!r} ({agenda.status.value})"]
    if agenda.period:
        parts.append(f"periode {agenda.period}")
    if agenda.review_date:
        parts.append(f"volgende bespreking {format_date(agenda.review_date)}")
    return ", ".join(parts)


def _priority(item: Item) -> str:
    if item.priority is Priority.SPEARHEAD and item.rank is not None:
        return f"speerpunt {item.rank}"
    return item.priority.value


def _arrow(field: str, old: object, new: object) -> str:
    return f"{display_value(field, old)} → {display_value(field, new)}"


def _link_line(link: Link) -> str:
    amounts = f"gevraagd {format_money(link.requested_cents)}"
    if link.granted_cents is not None:
        amounts += f", toegekend {format_money(link.granted_cents)}"
    return f"{link.kind} {link.target_id}: {link.title} — {amounts} ({link.status})"


def _target(args: argparse.Namespace) -> tuple[str, int] | None:
    if args.aanvraag is not None:
        return "aanvraag", int(args.aanvraag)
    if args.initiatief is not None:
        return "initiatief", int(args.initiatief)
    return None


# -- export, progress, import --------------------------------------------------------------


def _say_which_version(db: Database, version_id: int | None) -> None:
    """On stderr, after the document is out: which version residents get."""
    if version_id is None:
        err(
            "Let op: dit is de conceptversie (de huidige agenda, nog niet vastgesteld als "
            "versie); zonder --concept exporteer ik de laatst vastgestelde versie."
        )
    else:
        version = get_version(db, version_id)
        day = datetime.fromisoformat(version.frozen_at).astimezone().date()
        err(
            f"Vastgestelde versie {version.version_label!r} ({format_date_long(day)}) geëxporteerd."
        )


def cmd_agenda_export(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.documents import default_version, export_document

    kern = _kern(db, args.kern)
    version_id: int | None = None
    if not args.concept:
        version_id = args.versie if args.versie is not None else default_version(db, kern.id)
    data = export_document(db, kern.id, args.format, version_id)
    if args.out is None:
        if args.format == "pdf" and sys.stdout.isatty():
            err("Een PDF schrijf ik niet naar het scherm; geef --out BESTAND.pdf.")
            return EXIT_FAILED
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        _say_which_version(db, version_id)
        return EXIT_OK
    path = Path(args.out)
    try:
        path.write_bytes(data)
    except OSError as exc:
        err(f"Kan {path} niet schrijven: {os_error_text(exc)}.")
        return EXIT_FAILED
    out(f"Kernagenda geschreven naar {path}.")
    _say_which_version(db, version_id)
    return EXIT_OK


def cmd_agenda_progress(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.council import format_progress, progress_summary

    since = parse_date(args.since, "since") if args.since else None
    sys.stdout.write(format_progress(progress_summary(db, since), since))
    return EXIT_OK


def cmd_agenda_import(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.importing import import_items

    path = Path(args.bestand)
    try:
        data = path.read_bytes()
    except OSError as exc:
        err(f"Kan {path} niet lezen: {os_error_text(exc)}.")
        return EXIT_FAILED
    try:
        report = import_items(db, cli_caller(), _kern(db, args.kern).id, data)
    except ImportFailed as exc:
        err(f"{path}: niets geïmporteerd; verbeter deze regels en probeer opnieuw:")
        for problem in exc.problems:
            err(f"  {problem}")
        return EXIT_FAILED
    out(f"{report.imported} agendapunten geïmporteerd.")
    return EXIT_OK


# -- items ---------------------------------------------------------------------------------


def cmd_agenda_items(args: argparse.Namespace, db: Database) -> int:
    agenda = _agenda(db, args.kern)
    items = list_items(db, agenda.id)
    if args.status:
        status = choose(ItemStatus, args.status, "status", "status")
        items = [i for i in items if i.status is status]
    if args.zoek:
        # Every word, in the fields or the progress notes (the full-text indexes).
        found = matching_items(db, args.zoek)
        items = [i for i in items if found is None or i.id in found]
    out(f"Kernagenda {agenda.kern_name}: {_describe(agenda)}")
    if not items:
        out("Geen agendapunten gevonden.")
        return EXIT_OK
    row = "{:>5}  {:<13} {:<22} {:<14} {:<11}  {}".format
    out(row("nr", "prioriteit", "thema", "status", "streefdatum", "onderwerp"))
    today = date.today()
    for i in items:
        late = "  (verlopen)" if i.is_overdue(today) else ""
        target = format_date(i.target_date) or "—"
        out(row(i.id, _priority(i), i.theme, i.status.value, target, i.title + late))
    return EXIT_OK


def cmd_agenda_show(args: argparse.Namespace, db: Database) -> int:
    item = get_item(db, args.item)
    agenda = get_agenda(db, item.agenda_id)
    marks = []
    if item.removed_at is not None:
        marks.append(f"van de agenda gehaald op {format_moment(item.removed_at)}")
    if item.is_overdue(date.today()):
        marks.append("verlopen")
    out(f"Agendapunt {item.id}: {item.title}" + (f" ({'; '.join(marks)})" if marks else ""))
    out(f"  {'kern':<22} {agenda.kern_name}")
    out(f"  {'prioriteit':<22} {_priority(item)}")
    for field in ITEM_FIELDS:
        value = getattr(item, field)
        if field not in ("title", "priority", "rank") and value not in (None, "", 0):
            out(f"  {FIELD_LABELS[field]:<22} {display_value(field, value)}")
    links = list_links(db, item.id)
    out("Koppelingen:" + ("" if links else " geen"))
    for link in links:
        out(f"  {_link_line(link)}")
    out(f"Gefinancierd: {format_money(funded_cents(links))}")
    progress = list_progress(db, item.id)
    out("Voortgang:" + ("" if progress else " nog niets vastgelegd"))
    for p in progress:
        change = f" ({p.old_status} → {p.new_status})" if p.new_status else ""
        out(f"  {format_moment(p.at)}  {p.who}: {p.text}{change}")
    out("Geschiedenis:")
    for h in item_history(db, item.id):
        label = FIELD_LABELS.get(h.field, h.field)
        if h.field in ITEM_FIELDS:
            what = _arrow(h.field, h.old, h.new)
        else:  # aangemaakt, voortgang, koppeling (weggehaald: no new value), verwijderd
            what = h.new if h.new is not None else f"{h.old} (weggehaald)"
        out(f"  {format_moment(h.at)}  {h.who}: {label}: {what}")
    return EXIT_OK


def cmd_agenda_log(args: argparse.Namespace, db: Database) -> int:
    update = add_progress(
        db, cli_caller(), args.item, " ".join(args.tekst), new_status=args.status or ""
    )
    title = get_item(db, args.item).title
    change = f" Status: {update.old_status} → {update.new_status}." if update.new_status else ""
    out(f"Voortgang vastgelegd bij {title!r}.{change}")
    return EXIT_OK


def cmd_agenda_status(args: argparse.Namespace, db: Database) -> int:
    before = get_item(db, args.item)
    after = set_status(db, cli_caller(), args.item, " ".join(args.status))
    if after.status is before.status:
        out(f"{after.title!r} staat al op {after.status.value!r}.")
    else:
        out(f"{after.title!r}: status {before.status.value} → {after.status.value}.")
    return EXIT_OK


def cmd_agenda_move(args: argparse.Namespace, db: Database) -> int:
    step = -1 if args.richting in ("omhoog", "up") else 1
    before = get_item(db, args.item)
    after = move_item(db, cli_caller(), args.item, step)
    if after.rank == before.rank:
        where = "bovenaan" if step < 0 else "onderaan"
        out(f"{after.title!r} staat al {where} ({_priority(after)}).")
    else:
        out(f"{after.title!r} is nu {_priority(after)}.")
    return EXIT_OK


def cmd_agenda_remove(args: argparse.Namespace, db: Database) -> int:
    item = remove_item(db, cli_caller(), args.item, args.reden)
    out(f"{item.title!r} is van de agenda gehaald; het blijft leesbaar met show {item.id}.")
    return EXIT_OK


# -- links ---------------------------------------------------------------------------------


def cmd_agenda_link(args: argparse.Namespace, db: Database) -> int:
    target = _target(args)
    if target is None:
        item = get_item(db, args.item)
        found = linkable(db, args.item)
        out(f"Te koppelen aan {item.title!r}" + (":" if found else ": niets (meer)."))
        for link in found:
            out(f"  {_link_line(link)}")
        if found:
            out("Koppel met --aanvraag N of --initiatief N.")
        return EXIT_OK
    kind, target_id = target
    links = link_item(db, cli_caller(), args.item, kind, target_id)
    added = next(link for link in links if (link.kind, link.target_id) == target)
    out(f"Gekoppeld: {_link_line(added)}")
    out(f"Gefinancierd: {format_money(funded_cents(links))}")
    return EXIT_OK


def cmd_agenda_unlink(args: argparse.Namespace, db: Database) -> int:
    target = _target(args)
    assert target is not None  # argparse requires one of the two
    links = unlink_item(db, cli_caller(), args.item, *target)
    out(f"Koppeling met {target[0]} {target[1]} weggehaald.")
    out(f"Gefinancierd: {format_money(funded_cents(links))}")
    return EXIT_OK


# -- versions ------------------------------------------------------------------------------


def cmd_agenda_fix(args: argparse.Namespace, db: Database) -> int:
    agenda = _agenda(db, args.kern)
    version = fix_version(db, cli_caller(), agenda.id)
    out(
        f"Kernagenda {agenda.kern_name} vastgesteld als versie {version.version_label!r} "
        f"(versie {version.id}, {len(version.items)} agendapunten)."
    )
    return EXIT_OK


def cmd_agenda_versions(args: argparse.Namespace, db: Database) -> int:
    agenda = _agenda(db, args.kern)
    versions = list_versions(db, agenda.id)
    if not versions:
        out(f"{agenda.kern_name} heeft nog geen vastgestelde versie.")
    for v in versions:
        out(
            f"{v.id:>5}  {v.version_label:<32} {format_moment(v.frozen_at)}  {v.frozen_by}  "
            f"({len(v.items)} agendapunten)"
        )
    return EXIT_OK


def _version(db: Database, agenda: Agenda, version_id: int) -> AgendaVersion:
    version = get_version(db, version_id)
    if version.agenda_id != agenda.id:
        raise NotFound(f"Versie {version_id} hoort niet bij de kernagenda van {agenda.kern_name}.")
    return version


def cmd_agenda_compare(args: argparse.Namespace, db: Database) -> int:
    agenda = _agenda(db, args.kern)
    new = _version(db, agenda, args.tot) if args.tot is not None else None
    if args.van is not None:
        old = _version(db, agenda, args.van)
    else:
        earlier = [v for v in list_versions(db, agenda.id) if new is None or v.id < new.id]
        if not earlier:
            raise NotFound(
                f"{agenda.kern_name} heeft geen eerdere vastgestelde versie om mee te "
                "vergelijken; stel er eerst een vast met het subcommando fix."
            )
        old = earlier[-1]
    result = compare_versions(db, old.id, new.id if new else None)
    until = (
        f"versie {new.id} {new.version_label!r}"
        if new
        else f"de huidige agenda ({_describe(agenda)})"
    )
    out(f"Kernagenda {agenda.kern_name}: versie {old.id} {old.version_label!r} → {until}")
    if not (result.added or result.removed or result.changed):
        out("Geen verschillen.")
    for heading, titles, sign in (
        ("Toegevoegd", result.added, "+"),
        ("Verwijderd", result.removed, "-"),
    ):
        if titles:
            out(f"{heading}:")
            for title in titles:
                out(f"  {sign} {title}")
    if result.changed:
        out("Gewijzigd:")
    for changed in result.changed:
        out(f"  {changed.title}")
        for c in changed.changes:
            out(f"    {FIELD_LABELS.get(c.field, c.field)}: {_arrow(c.field, c.old, c.new)}")
    return EXIT_OK


# -- the agenda itself ---------------------------------------------------------------------


def cmd_agenda_set(args: argparse.Namespace, db: Database) -> int:
    kern = _kern(db, args.kern)
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
        out(f"Kernagenda {kern.name} gemaakt: {_describe(agenda)}.")
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
    out(f"Kernagenda {kern.name}: {_describe(agenda)}.")
    return EXIT_OK
