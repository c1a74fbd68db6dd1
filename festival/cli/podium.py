"""``festival podium volgende|timer|sluit``: the stage, run by the coordinator."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from festival.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    SubParsers,
    chosen_festival_id,
    cli_caller,
    err,
    handles,
    out,
)

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    podium = sub.add_parser("podium", help="het podium: volgende pitch, pitchtimer, pitch sluiten")
    podium.set_defaults(festival=None)  # the current festival
    podium_sub = podium.add_subparsers(dest="podium", metavar="ACTIE", required=True)
    handles(
        podium_sub.add_parser("volgende", help="de volgende pitch op het podium (timer start)"),
        cmd_stage_next,
        needs="jury.stage",
    )
    timer = podium_sub.add_parser("timer", help="de minuten voor pitch en vragen")
    timer.add_argument("--pitch", required=True, metavar="MINUTEN")
    timer.add_argument("--vragen", required=True, metavar="MINUTEN")
    handles(timer, cmd_stage_timer, needs="jury.stage")
    close = podium_sub.add_parser("sluit", help="het scoren van één pitch sluiten")
    close.add_argument(
        "initiatief", help="pitchnummer (Nr op het programma), code of titel van het initiatief"
    )
    handles(close, cmd_stage_close, needs="jury.stage")


def cmd_stage_next(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury, stage

    fid = chosen_festival_id(args, db)
    moved = stage.next_pitch(db, cli_caller(), fid)
    if moved is None:
        err("Het programma is rond: er is geen volgende pitch.")
        return EXIT_FAILED
    pitch = next(p for p in jury.list_pitches(db, fid) if p.initiative_id == moved)
    out(f"Op het podium: {pitch.position}. {pitch.title}; de pitchtimer loopt.")
    return EXIT_OK


def cmd_stage_timer(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import stage

    timer = stage.set_minutes(
        db, cli_caller(), chosen_festival_id(args, db), pitch=args.pitch, questions=args.vragen
    )
    out(f"Pitchtimer: {timer.pitch_minutes} minuten pitch, {timer.question_minutes} vragen.")
    return EXIT_OK


def cmd_stage_close(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury, stage

    fid = chosen_festival_id(args, db)
    # A number is the pitch number, as on the sheets and the board: never an initiative's id.
    initiative_id = jury.sheet_keys(db, fid).find(args.initiatief)
    pitch = next(p for p in jury.list_pitches(db, fid) if p.initiative_id == initiative_id)
    stage.close_scoring(db, cli_caller(), fid, initiative_id)
    out(f"Het scoren van pitch {pitch.position} ({pitch.title}) is gesloten.")
    return EXIT_OK
