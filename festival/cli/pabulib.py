"""``festival pabulib``: run an allocation rule on a pabulib file (.pb), and export the locked
allocation as one, so any pabulib tool can re-check it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from festival.cli.allocation import locked_or_refuse
from festival.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    FESTIVAL_HELP,
    RULES,
    SubParsers,
    chosen_festival,
    cli_caller,
    err,
    handles,
    out,
    read_file,
    write_file,
)

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser("pabulib", help="een verdeelregel narekenen op een pabulib-bestand (.pb)")
    pbs = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = pbs.add_parser(
        "run",
        help="een regel toepassen op een .pb-bestand: gekozen projecten en totale kosten "
        "(exit 2 bij een onjuist bestand)",
    )
    a.add_argument("bestand", metavar="FILE.pb")
    a.add_argument(
        "--rule",
        choices=RULES,
        help="de verdeelregel (zonder: de regel die in het bestand staat, META rule)",
    )
    a.add_argument("--json", action="store_true", help='{"selected": [...], "cost": ...}')
    handles(a, cmd_pabulib_run, public=True)
    a = pbs.add_parser(
        "export",
        help="de vastgestelde verdeling als pabulib-bestand (.pb), met de publieksstemmen "
        "(.publiek.pb) en de scores per jurylid (.jury.csv) ernaast",
    )
    a.add_argument("bestand", metavar="FILE.pb")
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_pabulib_export, needs="allocation.export")


#: How many of a file's warnings are printed one by one (the rest is counted).
SHOWN_WARNINGS = 5


def cmd_pabulib_run(args: argparse.Namespace, db: Database) -> int:
    """Run a rule on a pabulib file (the database is not used). A malformed file, or a rule
    this program does not run: exit 2."""
    from festival.core.text import printable
    from festival.domain.allocation import pabulib
    from festival.domain.allocation.model import Rule
    from festival.domain.allocation.pabulib_run import UnknownRule, rule_named, run

    path = Path(args.bestand)
    data = read_file(path)
    if data is None:
        return EXIT_FAILED
    try:
        instance = pabulib.parse(pabulib.decode(data))
    except pabulib.PabulibError as exc:
        # The message may quote the file: a project id can carry terminal escape sequences.
        err(printable(f"{path.name}, regel {exc.line}: {exc.message}"))
        return EXIT_USAGE
    if args.rule:
        rule = Rule(args.rule)
    elif "rule" in instance.meta:
        try:
            rule = rule_named(instance.meta["rule"])
        except UnknownRule as exc:
            err(printable(f"{path.name}: {exc.message}. Kies er een met --rule."))
            return EXIT_USAGE
    else:
        err(f"{path.name} noemt geen regel (META rule): kies er een met --rule.")
        return EXIT_USAGE
    for warning in instance.warnings[:SHOWN_WARNINGS]:
        err(printable(f"Let op, {path.name}, {warning}."))
    if len(instance.warnings) > SHOWN_WARNINGS:
        err(f"Let op: nog {len(instance.warnings) - SHOWN_WARNINGS} zulke stemmen.")
    selection = run(instance, rule)
    cost = pabulib.amount_text(selection.cost)
    if args.json:
        # json.dumps writes every control character as \uXXXX: nothing reaches the terminal.
        number = int(cost) if cost.isdigit() else float(cost)
        out(json.dumps({"selected": selection.selected, "cost": number}))
        return EXIT_OK
    chosen = ", ".join(printable(p) for p in selection.selected)
    out(f"Gekozen ({selection.rule.value}): {chosen or 'geen'}")
    out(f"Totale kosten: {cost} (budget {pabulib.amount_text(instance.budget)})")
    return EXIT_OK


def companion(path: Path, kind: str, suffix: str) -> Path:
    """``besluit.pb`` → ``besluit.publiek.pb`` / ``besluit.jury.csv``."""
    return path.with_name(f"{path.stem}.{kind}{suffix}")


def cmd_pabulib_export(args: argparse.Namespace, db: Database) -> int:
    """The active locked allocation as pabulib files, to re-check with any pabulib tool: the
    jury's file, the audience's ballots beside it, and the scores per juror."""
    from festival.core.csv_io import write_csv
    from festival.domain import jury
    from festival.domain.allocation import pabulib
    from festival.domain.allocation.pabulib_export import juror_scores_csv, pabulib_export

    path = Path(args.bestand)
    festival = chosen_festival(args, db)
    # The files hold every juror's scores: who may not read the ranking may not export them.
    jury.read_ranking(db, cli_caller(), festival.id)
    locked = locked_or_refuse(db, festival, export=True)
    if locked is None:
        return EXIT_FAILED
    files = pabulib_export(locked, festival)
    audience_path = companion(path, "publiek", path.suffix or ".pb")
    jurors_path = companion(path, "jury", ".csv")
    header, *rows = juror_scores_csv(db, festival.id)
    for target, data in (
        (path, pabulib.write(files.scores).encode("utf-8")),
        (audience_path, pabulib.write(files.audience).encode("utf-8")),
        (jurors_path, write_csv(header, rows)),
    ):
        if not write_file(target, data):
            return EXIT_FAILED
    scores = files.scores
    out(
        f"Verdeling {locked.id} als pabulib geschreven naar {path} ({len(scores.projects)} "
        f"projecten, budget {scores.meta['budget']}, de eindscores als één stem), "
        f"{audience_path.name} ({len(files.audience.votes)} publieksstemmen) en "
        f"{jurors_path.name} (de scores per jurylid)."
    )
    out(f"Narekenen: festival pabulib run {path}  (of met pabutools, zie de README)")
    return EXIT_OK
