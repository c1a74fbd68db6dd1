"""``kernagenda fix|versions|compare``: fixing an agenda as a version and comparing versions."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from festival.cli.common import EXIT_OK, SubParsers, cli_caller, out
from festival.core.errors import NotFound
from kernagenda.cli.common import add_kern_arg, agenda_of, arrow, command, describe

if TYPE_CHECKING:
    from festival.store.database import Database
    from kernagenda.domain.models import Agenda, AgendaVersion


def add_parsers(sub: SubParsers) -> None:
    add_kern_arg(
        command(
            sub, "fix", "de kernagenda vaststellen als versie", cmd_agenda_fix, needs="agenda.edit"
        )
    )
    add_kern_arg(
        command(
            sub,
            "versions",
            "de vastgestelde versies van een kernagenda",
            cmd_agenda_versions,
            needs="agenda.read",
        )
    )
    a = command(
        sub,
        "compare",
        "twee versies vergelijken (standaard: laatste versie met de huidige agenda)",
        cmd_agenda_compare,
        needs="agenda.read",
    )
    add_kern_arg(a)
    a.add_argument("--van", type=int, metavar="VERSIE_ID", help="oude versie (nummer)")
    a.add_argument("--tot", type=int, metavar="VERSIE_ID", help="nieuwe versie (anders: nu)")


def cmd_agenda_fix(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.versions import fix_version

    agenda = agenda_of(db, args.kern)
    version = fix_version(db, cli_caller(), agenda.id)
    out(
        f"Kernagenda {agenda.kern_name} vastgesteld als versie {version.version_label!r} "
        f"(versie {version.id}, {len(version.items)} agendapunten)."
    )
    return EXIT_OK


def cmd_agenda_versions(args: argparse.Namespace, db: Database) -> int:
    from festival.core.dates import format_moment
    from kernagenda.domain.versions import list_versions

    agenda = agenda_of(db, args.kern)
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
    from kernagenda.domain.versions import get_version

    version = get_version(db, version_id)
    if version.agenda_id != agenda.id:
        raise NotFound(f"Versie {version_id} hoort niet bij de kernagenda van {agenda.kern_name}.")
    return version


def cmd_agenda_compare(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.models import FIELD_LABELS
    from kernagenda.domain.versions import compare_versions, list_versions

    agenda = agenda_of(db, args.kern)
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
        else f"de huidige agenda ({describe(agenda)})"
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
            out(f"    {FIELD_LABELS.get(c.field, c.field)}: {arrow(c.field, c.old, c.new)}")
    return EXIT_OK
