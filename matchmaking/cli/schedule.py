"""``festival match settings|plan|replan|schedule|person|slips``: the schedule of talks."""

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
    out,
    write_file,
)

if TYPE_CHECKING:
    from festival.store.database import Database
    from matchmaking.domain.schedule import PlanResult


def _festival_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--festival", type=int, help=FESTIVAL_HELP)


def add_parsers(sub: SubParsers) -> None:
    p = sub.add_parser("settings", help="rondes, minuten, tafels, begintijd, pauzes, minimum")
    p.add_argument("--rondes", default="6")
    p.add_argument("--minuten", default="15", help="minuten per ronde")
    p.add_argument("--tafels", default="20")
    p.add_argument("--start", default="13:30", help="begintijd van ronde 1, bijv. 13:30")
    p.add_argument("--pauze", default="", help="RONDE:MINUTEN na die ronde, bijv. 3:15,5:10")
    p.add_argument("--minimum", default="2", help="gesprekken per initiatief (waar het kan)")
    p.add_argument(
        "--automatisch",
        choices=("ja", "nee"),
        default="nee",
        help="herplan vóór elke ronde vanzelf op het scherm van de coördinator",
    )
    _festival_arg(p)
    handles(p, cmd_settings, needs="match.schedule")
    p = sub.add_parser("plan", help="het rooster maken voor alle rondes (vervangt het oude)")
    p.add_argument(
        "--alles-opnieuw",
        action="store_true",
        help="ook als er al mensen zijn ingecheckt (anders: replan --vanaf RONDE)",
    )
    _festival_arg(p)
    handles(p, cmd_plan, needs="match.schedule")
    p = sub.add_parser(
        "replan", help="de rondes vanaf RONDE opnieuw plannen rond wie is ingecheckt"
    )
    p.add_argument("--vanaf", type=int, required=True, metavar="RONDE")
    _festival_arg(p)
    handles(p, cmd_replan, needs="match.schedule")
    p = sub.add_parser("schedule", help="het rooster: per ronde de tafels")
    p.add_argument("--ronde", type=int, metavar="R", help="alleen deze ronde")
    _festival_arg(p)
    handles(p, cmd_schedule, needs="match.read")
    p = sub.add_parser("person", help="waar moet ik heen? de gesprekken van één persoon")
    p.add_argument("wie", metavar="CODE|NAAM", help="badgecode of naam")
    _festival_arg(p)
    handles(p, cmd_person, needs="match.read")
    p = sub.add_parser("slips", help="per persoon een A6 met de eigen gesprekken (PDF)")
    p.add_argument("--out", required=True, metavar="F.pdf")
    p.add_argument(
        "--persoon",
        action="append",
        metavar="CODE|NAAM",
        help="alleen voor deze persoon (mag vaker); anders iedereen met gesprekken",
    )
    _festival_arg(p)
    handles(p, cmd_slips, needs="match.read")


def cmd_settings(args: argparse.Namespace, db: Database) -> int:
    from matchmaking.domain.schedule import read_talks
    from matchmaking.domain.settings import SettingsInput, set_settings

    festival_id = chosen_festival_id(args, db)
    before = len(read_talks(db, festival_id))
    settings = set_settings(
        db,
        cli_caller(),
        festival_id,
        SettingsInput(
            rounds=args.rondes,
            minutes=args.minuten,
            tables=args.tafels,
            start=args.start,
            breaks=args.pauze,
            min_talks=args.minimum,
            auto_replan=args.automatisch == "ja",
        ),
    )
    times = settings.round_times()
    out(
        f"{settings.rounds} rondes van {settings.minutes} minuten aan {settings.tables} tafels, "
        f"minimaal {settings.min_talks} gesprekken per initiatief."
    )
    for r, (start, end) in times.items():
        pause = settings.breaks.get(r)
        out(f"  ronde {r}: {start}–{end}" + (f" (daarna {pause} min pauze)" if pause else ""))
    dropped = before - len(read_talks(db, festival_id))
    if dropped:
        out(
            f"{dropped} geplande gesprekken vallen buiten de nieuwe rondes of tafels en zijn "
            "vervallen: plan opnieuw (festival match plan of replan)."
        )
    return EXIT_OK


def _report(result: PlanResult) -> None:
    q = result.quality
    out(q.summary() + f" ({q.seconds:.1f} s)")
    if q.kept or q.moved_or_dropped:
        out(f"Behouden gesprekken van aanwezigen: {q.kept}.")
    for line in q.unmet:
        out(f"Let op: {line}")


def cmd_plan(args: argparse.Namespace, db: Database) -> int:
    from matchmaking.domain.schedule import plan

    _report(plan(db, cli_caller(), chosen_festival_id(args, db), start_over=args.alles_opnieuw))
    return EXIT_OK


def cmd_replan(args: argparse.Namespace, db: Database) -> int:
    from matchmaking.domain.schedule import replan

    _report(replan(db, cli_caller(), chosen_festival_id(args, db), args.vanaf))
    return EXIT_OK


def cmd_schedule(args: argparse.Namespace, db: Database) -> int:
    from festival.core.text import printable
    from matchmaking.domain.schedule import talks

    found = [
        t
        for t in talks(db, cli_caller(), chosen_festival_id(args, db))
        if args.ronde is None or t.round == args.ronde
    ]
    if not found:
        out("Geen tafelgesprekken gepland.")
        return EXIT_OK
    current = None
    for t in found:
        if t.round != current:
            current = t.round
            out(f"Ronde {t.round}  {t.start}–{t.end}")
        wish = "  (wens)" if t.wish else ""
        out(f"  tafel {t.table:>3}  {printable(t.funder)} — {printable(t.initiative)}{wish}")
        out(f"             {t.fit:>3}  {printable(t.reason)}")
    return EXIT_OK


def _person(db: Database, festival_id: int, wanted: str) -> int:
    """The registration id of a badge code or a name (exactly one person)."""
    from festival.core.errors import NotFound
    from festival.core.text import fold, printable
    from festival.domain.registration import by_code
    from matchmaking.domain import participants

    found = by_code(db, wanted.strip().upper(), festival_id)
    if found is not None:
        return found.id
    named = [
        rid
        for rid, name in participants.names(db, festival_id).items()
        if fold(name) == fold(wanted)
    ]
    if len(named) != 1:
        raise NotFound(f"Niemand met code of naam {printable(wanted.strip())!r}.")
    return named[0]


def cmd_person(args: argparse.Namespace, db: Database) -> int:
    from festival.core.text import printable
    from matchmaking.domain.slips import desk_lines

    caller = cli_caller()
    festival_id = chosen_festival_id(args, db)
    registration_id = _person(db, festival_id, args.wie)
    lines = [line for line in desk_lines(db, caller, registration_id) if line]
    for line in lines or ["Geen tafelgesprekken gepland."]:
        out(printable(line))
    return EXIT_OK


def cmd_slips(args: argparse.Namespace, db: Database) -> int:
    from matchmaking.domain.slips import slips_pdf

    festival_id = chosen_festival_id(args, db)
    people = [_person(db, festival_id, p) for p in args.persoon] if args.persoon else None
    data, pages = slips_pdf(db, cli_caller(), festival_id, people)
    if not write_file(Path(args.out), data):
        return EXIT_FAILED
    out(f"{pages} overzichten geschreven naar {args.out}.")
    return EXIT_OK
