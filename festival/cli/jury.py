"""``festival jury``: ranking, score sheets, paper scores, export, lock, publish, audience."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from festival.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    FESTIVAL_HELP,
    SubParsers,
    chosen_festival_id,
    cli_caller,
    err,
    handles,
    imported,
    out,
    write_file,
)
from festival.core.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser(
        "jury", help="jury: rangschikking, scoreformulieren, papieren scores, export, vergrendelen"
    )
    js = p.add_subparsers(dest="action", metavar="ACTIE", required=True)
    a = js.add_parser("ranking", help="de initiatieven op volgorde van eindscore")
    a.add_argument("--json", action="store_true", help="als JSON-lijst")
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_jury_ranking, needs="jury.ranking")
    a = js.add_parser("sheets", help="scoreformulier per jurylid als PDF, voor scoren op papier")
    a.add_argument("--out", required=True, type=Path, help="het PDF-bestand dat wordt geschreven")
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_jury_sheets, needs="jury.sheets")
    a = js.add_parser(
        "import",
        help="papieren scores uit CSV: jurylid;initiatief;criterium;score (alles of niets); "
        "initiatief = pitchnummer (Nr op het formulier), code of titel, of nummer en code samen "
        "(ook als losse kolommen nr en code); die moeten bij elkaar passen",
    )
    a.add_argument("bestand")
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_jury_import, needs="jury.paper")
    a = js.add_parser(
        "export",
        help="alle scores, belangenverstrengeling, opmerkingen en rangschikking (CSV of XLSX)",
    )
    a.add_argument("bestand", help="eindigt op .xlsx voor Excel, anders CSV")
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_jury_export, needs="jury.export")
    a = js.add_parser("lock", help="het scoren vergrendelen (vraagt om bevestiging)")
    a.add_argument("--ja", action="store_true", help=YES_HELP)
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_jury_lock, needs="jury.lock")
    a = js.add_parser("unlock", help="het scoren weer openen (met reden, gelogd)")
    a.add_argument("--reden", required=True, help="waarom het scoren weer opengaat")
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_jury_unlock, needs="jury.unlock")
    a = js.add_parser(
        "publish", help="de uitslag zichtbaar maken voor de juryleden (vraagt om bevestiging)"
    )
    a.add_argument("--ja", action="store_true", help=YES_HELP)
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_jury_publish, needs="jury.publish")
    a = js.add_parser(
        "withdraw-conflict",
        help="een gemelde belangenverstrengeling intrekken (met reden, gelogd)",
    )
    a.add_argument("--jurylid", required=True, help="naam van het jurylid")
    a.add_argument(
        "--initiatief", required=True, help="pitchnummer, code of titel van het initiatief"
    )
    a.add_argument("--reden", required=True, help="waarom de melding wordt ingetrokken")
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_jury_withdraw_conflict, needs="jury.conflict_withdraw")
    a = js.add_parser(
        "ballots", help="goedkeuringsstemmen van het publiek inlezen (stemmer;initiatief)"
    )
    a.add_argument("bestand")
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_jury_ballots, needs="allocation.ballots")
    a = js.add_parser(
        "settings", help="publieksstem (gewicht en stemmen) en normalisatie instellen"
    )
    a.add_argument("--publiek", type=int, help="gewicht van de publieksstem in procent (0-100)")
    a.add_argument("--normaliseren", choices=("aan", "uit"), help="genormaliseerde score tonen")
    a.add_argument(
        "--stemmen",
        action="append",
        metavar="INITIATIEF=AANTAL",
        help="publieksstemmen per initiatief (pitchnummer, code of titel), herhaalbaar",
    )
    a.add_argument("--festival", type=int, help=FESTIVAL_HELP)
    handles(a, cmd_jury_settings, needs="jury.settings")


YES_HELP = "zonder vragen bevestigen (voor scripts)"


def confirmed(args: argparse.Namespace, explanation: str, question: str) -> bool:
    """``--ja``, or the user's "ja" at a prompt; without a terminal and without --ja: no."""
    if args.ja:
        return True
    if not sys.stdin.isatty():
        err(
            f"{explanation}\nNiet gedaan: bevestig met --ja (er is geen terminal om het te vragen)."
        )
        return False
    out(explanation)
    try:
        answer = input(f"{question} [ja/nee] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() in ("j", "ja"):
        return True
    out("Niet gedaan.")
    return False


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}".replace(".", ",")


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def cmd_jury_ranking(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury

    festival_id = chosen_festival_id(args, db)
    state = jury.get_state(db, festival_id)
    ranked, note = jury.read_ranking(db, cli_caller(), festival_id)
    if args.json:
        rows = [
            {
                "initiative": r.initiative_id,
                "code": jury.initiative_code(r.initiative_id),
                "title": r.title,
                "jury_score": _rounded(r.jury_score),
                "normalised_score": _rounded(r.normalised_score),
                "audience_score": _rounded(r.audience_score),
                "final_score": _rounded(r.final_score),
                "jurors": r.jurors,
            }
            for r in ranked
        ]
        out(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not ranked:
        out("Er staan nog geen pitches op het programma.")
        return EXIT_OK
    normalised = state.normalise and not note
    # (heading, width); the title is left-aligned, the figures right-aligned.
    # The code, as on the score sheet (an id here would be typed back as a pitch number).
    columns = [("positie", 7), ("code", 6), ("titel", -40), ("jury", 7)]
    if normalised:
        columns.append(("genormaliseerd", 14))
    columns += [("publiek", 7), ("eind", 7), ("juryleden", 9)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.ljust(-width) if width < 0 else cell.rjust(width)
            for cell, (_, width) in zip(cells, columns, strict=True)
        ).rstrip()

    out(line([heading for heading, _ in columns]))
    position = 0
    for r in ranked:
        if r.final_score is not None:
            position += 1
        title = r.title if len(r.title) <= 40 else r.title[:39] + "…"
        cells = [
            str(position) if r.final_score is not None else "–",
            jury.initiative_code(r.initiative_id),
        ]
        cells += [title, _score(r.jury_score)]
        if normalised:
            cells.append(_score(r.normalised_score))
        cells += [_score(r.audience_score), _score(r.final_score), str(r.jurors)]
        out(line(cells))
    out("")
    out(
        f"Eindscore = {100 - state.audience_weight} % jury + {state.audience_weight} % publiek; "
        "juryleden = op hoeveel juryleden de juryscore rust."
    )
    if note:
        out(note)
    return EXIT_OK


def cmd_jury_sheets(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury

    festival_id = chosen_festival_id(args, db)
    data = jury.score_sheets_pdf(db, cli_caller(), festival_id)
    if not write_file(args.out, data):
        return EXIT_FAILED
    jurors = len(jury.list_jurors(db, festival_id))
    out(f"Scoreformulieren voor {jurors} juryleden geschreven naar {args.out}.")
    return EXIT_OK


def cmd_jury_import(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury

    report = imported(
        Path(args.bestand),
        lambda data: jury.import_paper_scores(db, cli_caller(), chosen_festival_id(args, db), data),
    )
    if report is None:
        return EXIT_FAILED
    out(
        f"{report.scores} papieren scores geïmporteerd: {report.saves} formulier(en) van "
        f"{report.jurors} jurylid/juryleden, gelogd als papier."
    )
    return EXIT_OK


def cmd_jury_export(args: argparse.Namespace, db: Database) -> int:
    from festival.core.files import os_error_text
    from festival.domain import jury

    path = Path(args.bestand)
    festival_id = chosen_festival_id(args, db)
    try:
        report = jury.export_scores(db, cli_caller(), festival_id, path)
    except OSError as exc:
        err(f"Kan {path} niet schrijven: {os_error_text(exc)}.")
        return EXIT_FAILED
    out(
        f"{report.scores} scores, {report.conflicts} gemelde belangenverstrengeling(en), "
        f"{report.remarks} opmerking(en) en de rangschikking van {report.initiatives} "
        f"initiatieven geschreven naar {path} ({report.format.upper()})."
    )
    return EXIT_OK


def lock_explanation(db: Database, festival_id: int) -> str:
    """What locking does, and which pitches nobody has scored (the screen says the same)."""
    from festival.domain import jury, permissions

    board = jury.board(db, permissions.SYSTEM, festival_id)
    text = (
        "Vergrendelen: de juryleden kunnen daarna niets meer opslaan, terugdraaien of melden; "
        "de rangschikking rust op de scores van nu."
    )
    unscored = board.unscored()
    if unscored:
        names = ", ".join(f"{p.position}. {p.title}" for p in unscored)
        text += (
            f"\nLet op: {len(unscored)} van {len(board.pitches)} pitches heeft nog van niemand"
            f" een score: {names}."
        )
    return text


def cmd_jury_lock(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury, permissions

    caller = cli_caller()
    permissions.require(caller, permissions.JURY_LOCK)
    festival_id = chosen_festival_id(args, db)
    if not confirmed(args, lock_explanation(db, festival_id), "Het scoren vergrendelen?"):
        return EXIT_FAILED
    jury.lock(db, caller, festival_id)
    out("Het scoren is vergrendeld.")
    return EXIT_OK


def cmd_jury_unlock(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury

    jury.unlock(db, cli_caller(), chosen_festival_id(args, db), args.reden)
    out("Het scoren is weer open; de reden staat in het auditlog.")
    return EXIT_OK


def cmd_jury_ballots(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.allocation.ballots import import_ballots

    report = imported(
        Path(args.bestand),
        lambda data: import_ballots(db, cli_caller(), chosen_festival_id(args, db), data),
    )
    if report is None:
        return EXIT_FAILED
    out(f"{report.approvals} stemmen van {report.voters} stemmers ingelezen.")
    return EXIT_OK


def cmd_jury_settings(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury

    festival_id = chosen_festival_id(args, db)
    # Named as on the score sheet: a number is the pitch number, never an initiative's id.
    keys = jury.sheet_keys(db, festival_id)
    pitch_ids = {p.initiative_id for p in keys.pitches}
    votes: dict[int, int] = {}
    for item in args.stemmen or []:
        name, _, count = item.rpartition("=")
        if not name or not count.strip().isdigit():
            raise InvalidInput(f"{item!r}: schrijf INITIATIEF=AANTAL, bijvoorbeeld 4=40.")
        try:
            key = keys.find(name)
        except InvalidInput as exc:
            raise NotFound(
                f"{name.strip()!r} staat niet op het programma ({exc.message})."
            ) from exc
        if key not in pitch_ids:
            raise NotFound(f"{name.strip()!r} staat niet op het programma.")
        votes[key] = int(count)
    jury.set_audience(
        db,
        cli_caller(),
        festival_id,
        weight=args.publiek,
        votes=votes or None,
        normalise=None if args.normaliseren is None else args.normaliseren == "aan",
    )
    state = jury.get_state(db, festival_id)
    out(
        f"Publieksstem {state.audience_weight}%, normaliseren "
        f"{'aan' if state.normalise else 'uit'}; {len(votes)} initiatief/initiatieven met stemmen."
    )
    return EXIT_OK


def cmd_jury_publish(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury, permissions

    caller = cli_caller()
    permissions.require(caller, permissions.JURY_PUBLISH)
    festival_id = chosen_festival_id(args, db)
    if jury.get_state(db, festival_id).status is not jury.JuryStatus.LOCKED:
        jury.publish(db, caller, festival_id)  # refuses, saying why, before any question
    explanation = (
        "Publiceren: alle juryleden zien daarna de rangschikking met de eindscores "
        "(terugnemen kan alleen door het scoren te ontgrendelen, met reden)."
    )
    if not confirmed(args, explanation, "De uitslag publiceren?"):
        return EXIT_FAILED
    jury.publish(db, caller, festival_id)
    out("De uitslag is gepubliceerd: de juryleden zien nu de rangschikking.")
    return EXIT_OK


def cmd_jury_withdraw_conflict(args: argparse.Namespace, db: Database) -> int:
    from festival.core.text import fold
    from festival.domain import jury, permissions
    from festival.domain.accounts import list_users

    caller = cli_caller()
    festival_id = chosen_festival_id(args, db)
    juror = next(
        (u for u in list_users(db, permissions.SYSTEM) if fold(u.name) == fold(args.jurylid)),
        None,
    )
    if juror is None:
        raise NotFound(f"Er is geen gebruiker {args.jurylid.strip()!r}.")
    initiative_id = jury.sheet_keys(db, festival_id).find(args.initiatief)
    jury.withdraw_conflict(db, caller, festival_id, juror, initiative_id, args.reden)
    out(
        f"De belangenverstrengeling van {juror.name} is ingetrokken; de reden staat in het"
        " auditlog."
    )
    return EXIT_OK
