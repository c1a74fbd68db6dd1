"""``festival allocation``: the pot's allocation shown, configured, overridden, locked, published,
verified and exported for the college. The command line acts as ``cli_caller()``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from festival.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    FESTIVAL_HELP,
    RULES,
    SubParsers,
    chosen_festival,
    cli_caller,
    err,
    handles,
    out,
    write_file,
)

if TYPE_CHECKING:
    from festival.domain.allocation.config import AllocationConfig
    from festival.domain.allocation.questions import Question
    from festival.domain.allocation.record import LockedAllocation
    from festival.domain.festivals import Festival
    from festival.store.database import Database


YES_HELP = "niet vragen om te bevestigen (voor scripts)"


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser(
        "allocation",
        help="verdeling van de pot: show, settings, override, lock, publish, verify, export",
    )
    als = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = als.add_parser(
        "show", help="de verdeling met bedrag, uitkomst en reden per initiatief, en de pot"
    )
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_allocation_show, needs="jury.ranking")
    a = als.add_parser(
        "settings", help="de verdeelregels vooraf vastleggen (wat je weglaat, blijft zoals het is)"
    )
    a.add_argument("--regel", choices=RULES, help="de verdeelregel")
    a.add_argument("--max-toekenning", help="maximum per initiatief, bijvoorbeeld 2.500")
    a.add_argument("--max-aantal", help="maximum aantal toekenningen ('' = geen)")
    a.add_argument("--drempel", help="minimale eindscore 0-100 ('' = geen)")
    a.add_argument("--kern-max-aantal", help="maximum aantal toekenningen per kern ('' = geen)")
    a.add_argument("--kern-max-bedrag", help="maximum bedrag per kern, bijv. 5.000 ('' = geen)")
    a.add_argument(
        "--deels",
        action="store_true",
        default=None,
        help="het eerste initiatief dat niet past krijgt het restant",
    )
    a.add_argument("--niet-deels", dest="deels", action="store_false", help="niets deels toekennen")
    a.add_argument(
        "--gelijk",
        help="bij gelijke score, bijv. 'hogere juryscore, lager bedrag, loting'",
    )
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_allocation_settings, needs="allocation.configure")
    a = als.add_parser(
        "override", help="een bedrag met de hand aanpassen (0 = niet toekennen), met reden"
    )
    a.add_argument("initiatief", type=int, metavar="INITIATIVE_ID")
    a.add_argument("bedrag", metavar="BEDRAG", help="bijvoorbeeld 1.500 of 0")
    a.add_argument("--reden", default="", help="waarom (verplicht)")
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_allocation_override, needs="allocation.override")
    a = als.add_parser("lock", help="de verdeling vaststellen, met SHA-256")
    a.add_argument(
        "--vervangt-reden", help="reden om een eerder vastgestelde verdeling te vervangen"
    )
    a.add_argument("--ja", action="store_true", help=YES_HELP)
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_allocation_lock, needs="allocation.lock")
    a = als.add_parser("publish", help="de vastgestelde verdeling zichtbaar maken")
    a.add_argument("--ja", action="store_true", help=YES_HELP)
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_allocation_publish, needs="allocation.publish")
    a = als.add_parser(
        "verify",
        help="de SHA-256 van de vastgestelde verdeling narekenen (exit 1 als die niet klopt)",
    )
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_allocation_verify, public=True)
    a = als.add_parser(
        "export", help="het besluit voor het college: CSV, XLSX of PDF (naar de bestandsnaam)"
    )
    a.add_argument("bestand", metavar="FILE", help="eindigt op .csv, .xlsx of .pdf")
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_allocation_export, needs="allocation.export")


def confirmed(question: Question, yes: bool) -> bool:
    """Ask ``question`` on the terminal (j/ja goes on); ``--ja`` answers for a script. Without
    a terminal and without ``--ja`` nothing happens: a script must say it on purpose."""
    import sys

    from festival.core.text import printable

    if yes:
        if question.warning:
            err(printable(f"Let op: {question.warning}"))
        return True
    if not sys.stdin.isatty():
        err(
            f"{question.title} Dat vraagt om een bevestiging, en er is geen terminal om het "
            "te vragen: herhaal de opdracht met --ja als dat de bedoeling is."
        )
        return False
    out(question.title)
    for line in question.full_text.split("\n"):
        out(printable(line))  # titles are typed text: no terminal escape gets through
    try:
        answer = input(f"{question.confirm}? [j/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() in ("j", "ja", "y", "yes"):
        return True
    err("Niets gedaan.")
    return False


def locked_or_refuse(
    db: Database, festival: Festival, *, export: bool = False
) -> LockedAllocation | None:
    """The active locked allocation (to ``export``: as the logged-in user, who must be allowed
    to), or None after saying on stderr that there is none."""
    from festival.domain.allocation.locking import active_allocation, allocation_for_export

    if export:
        locked = allocation_for_export(db, cli_caller(), festival.id)
    else:
        locked = active_allocation(db, festival.id)
    if locked is None:
        err(
            f"Er is nog geen vastgestelde verdeling voor {festival.name}; stel haar eerst vast "
            "met 'festival allocation lock'."
        )
    return locked


def cmd_allocation_show(args: argparse.Namespace, db: Database) -> int:
    from festival.core.money import format_money_whole
    from festival.domain import jury
    from festival.domain.allocation import report_text
    from festival.domain.allocation.drift import SUPERSEDE_HINT_CLI, drift, score_text
    from festival.domain.allocation.inputs import read_inputs
    from festival.domain.allocation.locking import active_allocation
    from festival.domain.allocation.proposal import RuleUnavailable, draft

    festival = chosen_festival(args, db)
    # The allocation follows from the ranking: who may not read that may not read this.
    jury.read_ranking(db, cli_caller(), festival.id)
    locked = active_allocation(db, festival.id)
    if locked is not None:
        # A locked decision is shown as it was locked, never as the live draft.
        rows = report_text.decision_rows(locked)
        pot = report_text.pot_of(locked.record)
        rule = report_text.rule_of(locked.record)
        out(f"Verdeling {locked.id} van {festival.name}. {report_text.status_sentence(locked)}")
        changed = drift(locked.record, read_inputs(db, festival))
        if changed.stale:
            out(f"Let op, {changed.headline}:")
            for change in changed.changes:
                out(f"  - {change.text}")
            out(SUPERSEDE_HINT_CLI)
    else:
        try:
            current = draft(db, festival)
        except RuleUnavailable as exc:
            err(exc.message)
            return EXIT_FAILED
        rows = report_text.draft_rows(current)
        pot, rule = current.pot, current.result.rule
        state = jury.get_state(db, festival.id).status
        note = "" if state is jury.JuryStatus.LOCKED else "; de jury scoort nog"
        out(f"Concept voor {festival.name} (nog niet vastgesteld{note}).")
    out(f"Regel: {rule.label}.")
    out(pot.sentence + ".")
    if not rows:
        out("Er staan nog geen pitches op het programma.")
        return EXIT_OK
    out("")
    columns = (("nr", 3), ("score", 6), ("gevraagd", 11), ("bedrag", 11), ("uitkomst", -16))
    out("  ".join(h.rjust(w) if w > 0 else h.ljust(-w) for h, w in columns) + "  initiatief")
    for r in rows:
        cells = (
            str(r.rank),
            score_text(r.score),
            format_money_whole(r.requested),
            format_money_whole(r.amount),
            r.outcome + (" *" if r.overridden else ""),
        )
        line = "  ".join(
            c.rjust(w) if w > 0 else c.ljust(-w) for c, (_, w) in zip(cells, columns, strict=True)
        )
        out(f"{line}  {r.title} (#{r.initiative_id}{', ' + r.kern if r.kern else ''})")
        out(f"     {r.reason}")
    total = sum(r.amount for r in rows)
    out("")
    out(
        f"Verdeeld: {format_money_whole(total)} over {sum(1 for r in rows if r.amount)} "
        f"initiatieven; over: {format_money_whole(pot.pot_cents - total)}."
    )
    if any(r.overridden for r in rows):
        out("* = handmatig aangepast.")
    return EXIT_OK


def _config_lines(config: AllocationConfig) -> list[str]:
    from festival.core.money import format_money_whole

    def maybe(value: object) -> str:
        return "geen" if value is None else str(value)

    return [
        f"Regel: {config.rule.label} ({config.rule.value})",
        f"Maximum per initiatief: {format_money_whole(config.max_award_cents)}",
        f"Maximum aantal toekenningen: {maybe(config.max_awards)}",
        f"Drempel (minimale eindscore): {maybe(config.threshold)}",
        f"Maximum aantal per kern: {maybe(config.kern_max_awards)}",
        "Maximum bedrag per kern: "
        + (
            "geen" if config.kern_max_amount is None else format_money_whole(config.kern_max_amount)
        ),
        f"Restant deels toekennen: {'ja' if config.partial_last else 'nee'}",
        f"Bij gelijke score: {', '.join(t.value for t in config.tie_break)}",
    ]


def cmd_allocation_settings(args: argparse.Namespace, db: Database) -> int:
    from festival.core.money import cents_to_plain
    from festival.domain.allocation.config import ConfigInput, get_config, set_config

    festival = chosen_festival(args, db)
    now = get_config(db, festival.id)

    def keep(given: str | None, current: object) -> str:
        if given is not None:
            return given
        return "" if current is None else str(current)

    data = ConfigInput(
        rule=args.regel or now.rule.value,
        max_award=keep(args.max_toekenning, cents_to_plain(now.max_award_cents)),
        max_awards=keep(args.max_aantal, now.max_awards),
        threshold=keep(args.drempel, now.threshold),
        kern_max_awards=keep(args.kern_max_aantal, now.kern_max_awards),
        kern_max_amount=keep(
            args.kern_max_bedrag,
            None if now.kern_max_amount is None else cents_to_plain(now.kern_max_amount),
        ),
        partial_last=now.partial_last if args.deels is None else args.deels,
        tie_break=keep(args.gelijk, ", ".join(t.value for t in now.tie_break)),
    )
    config = set_config(db, cli_caller(), festival, data)
    out(f"Verdeelregels vastgelegd voor {festival.name}:")
    for line in _config_lines(config):
        out(f"  {line}")
    return EXIT_OK


def cmd_allocation_override(args: argparse.Namespace, db: Database) -> int:
    from festival.core.money import format_money_whole
    from festival.domain.allocation.inputs import overrides
    from festival.domain.allocation.overrides import set_override

    festival = chosen_festival(args, db)
    set_override(db, cli_caller(), festival, args.initiatief, args.bedrag, args.reden)
    made = overrides(db, festival.id)[args.initiatief]
    out(
        f"Initiatief {args.initiatief} aangepast naar {format_money_whole(made.amount_cents)} "
        f"(reden: {made.reason}); zichtbaar als aanpassing tot het vaststellen."
    )
    return EXIT_OK


def cmd_allocation_lock(args: argparse.Namespace, db: Database) -> int:
    from festival.core.money import format_money_whole
    from festival.domain import permissions
    from festival.domain.allocation.locking import lock_allocation, lock_preview
    from festival.domain.allocation.proposal import RuleUnavailable
    from festival.domain.allocation.questions import lock_question
    from festival.domain.allocation.report_text import decision_rows

    festival = chosen_festival(args, db)
    caller = cli_caller()
    permissions.require(caller, permissions.ALLOCATION_LOCK)  # refused before any question
    try:
        record, previous = lock_preview(db, festival)
    except RuleUnavailable as exc:
        err(exc.message)
        return EXIT_FAILED
    if previous is not None and not args.vervangt_reden:
        err(
            f"Er is al een vastgestelde verdeling ({previous.id}); vervang haar met een reden: "
            "festival allocation lock --vervangt-reden 'REDEN'."
        )
        return EXIT_FAILED
    if not confirmed(lock_question(record, previous), args.ja):
        return EXIT_FAILED
    locked = lock_allocation(
        db,
        caller,
        festival,
        supersede_reason=args.vervangt_reden,
        confirmed_sha256=record.sha256(),
    )
    rows = decision_rows(locked)
    total = sum(r.amount for r in rows)
    out(
        f"Verdeling {locked.id} vastgesteld: {format_money_whole(total)} aan "
        f"{sum(1 for r in rows if r.amount)} van {len(rows)} initiatieven."
    )
    out(f"SHA-256: {locked.sha256}")
    return EXIT_OK


def cmd_allocation_publish(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import permissions
    from festival.domain.allocation.drift import drift
    from festival.domain.allocation.inputs import read_inputs
    from festival.domain.allocation.locking import active_allocation, publish_allocation
    from festival.domain.allocation.questions import publish_question

    festival = chosen_festival(args, db)
    caller = cli_caller()
    permissions.require(caller, permissions.ALLOCATION_PUBLISH)  # refused before any question
    active = active_allocation(db, festival.id)
    if active is None:
        err("Stel de verdeling eerst vast.")
        return EXIT_FAILED
    question = publish_question(active, drift(active.record, read_inputs(db, festival)))
    if not confirmed(question, args.ja):
        return EXIT_FAILED
    locked = publish_allocation(db, caller, festival)
    out(f"Verdeling {locked.id} is gepubliceerd.")
    return EXIT_OK


def cmd_allocation_verify(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.allocation.verify import check_allocation

    locked = locked_or_refuse(db, chosen_festival(args, db))
    if locked is None:
        return EXIT_FAILED
    findings = check_allocation(db, locked)
    if not findings:
        out(f"Verdeling {locked.id}: de SHA-256 klopt ({locked.sha256}).")
        return EXIT_OK
    out(f"Verdeling {locked.id}: de SHA-256 klopt NIET ({locked.sha256}).")
    for finding in findings:
        out(f"  - {finding.text}")
    out("'festival verify' controleert ook het auditlog en het bestand.")
    return EXIT_FAILED


def cmd_allocation_export(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.allocation.report_pdf import decision_pdf
    from festival.domain.allocation.report_sheets import decision_file
    from festival.domain.allocation.report_text import decision_rows

    path = Path(args.bestand)
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("csv", "xlsx", "pdf"):
        err(f"{path.name}: kies een bestandsnaam die eindigt op .csv, .xlsx of .pdf.")
        return EXIT_FAILED
    festival = chosen_festival(args, db)
    locked = locked_or_refuse(db, festival, export=True)
    if locked is None:
        return EXIT_FAILED
    if kind == "pdf":
        from festival.domain.allocation.college import college_context

        data = decision_pdf(locked, festival, college_context(db, festival))
    else:
        data = decision_file(locked, xlsx=kind == "xlsx", festival=festival)
    if not write_file(path, data):
        return EXIT_FAILED
    rows = decision_rows(locked)
    out(
        f"Besluit over verdeling {locked.id} ({len(rows)} initiatieven) geschreven naar {path} "
        f"({kind.upper()})."
    )
    return EXIT_OK
