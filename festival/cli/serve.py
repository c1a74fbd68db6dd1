"""``festival serve``: the app in every browser on the hall network, with its own PIN login."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from festival.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    SubParsers,
    cli_caller,
    err,
    handles,
    out,
)

if TYPE_CHECKING:
    from festival.store.database import Database

DEFAULT_PORT = 8000
DEFAULT_MAX_SESSIONS = 20


def add_parser(sub: SubParsers) -> None:
    p = sub.add_parser(
        "serve",
        help="de app in de browsers van de zaal (link met toegangscode en QR-code)",
        description="Start een webserver die de app in elke browser op het zaalnetwerk opent, "
        "elk tabblad met een eigen inlog. De link bevat een toegangscode die bij elke start "
        "nieuw is.",
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="adres om op te luisteren (standaard alleen deze computer; 0.0.0.0: het hele "
        "zaalnetwerk)",
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="poort (standaard 8000)")
    p.add_argument("--cert", type=Path, help="TLS-certificaat (PEM); samen met --key")
    p.add_argument("--key", type=Path, help="sleutel van het TLS-certificaat (PEM)")
    p.add_argument(
        "--max-sessies",
        type=int,
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=f"hoeveel browsertabbladen tegelijk (standaard {DEFAULT_MAX_SESSIONS})",
    )
    p.add_argument(
        "--url",
        metavar="ADRES",
        help="het adres zoals browsers de server bereiken, bijv. https://festival.local:8000 "
        "(standaard het netwerkadres van deze computer)",
    )
    handles(p, cmd_serve)
    hall = sub.add_parser(
        "zaal",
        help="het zaalscherm voor de projector (programma, podium, timer; na publicatie de "
        "uitslag), zonder inlog",
    )
    handles(hall, cmd_hall, public=True)
    booth = sub.add_parser(
        "stemzuil",
        help="de stemzuil: bezoekers scannen hun badge en stemmen (de balie of de coördinator "
        "logt de zuil in)",
    )
    # The app's own login decides: only the desk or the coordinator opens a kiosk.
    handles(booth, cmd_kiosk, public=True)
    voting = sub.add_parser("stemmen", help="het stemmen bij de stemzuilen openen of sluiten")
    voting_sub = voting.add_subparsers(dest="stemmen", metavar="open|sluiten", required=True)
    opening = voting_sub.add_parser("open", help="het stemmen openen")
    opening.add_argument("--max", type=int, metavar="N", help="hooguit N keuzes per stem")
    handles(opening, cmd_voting_open)
    closing = voting_sub.add_parser(
        "sluiten", help="het stemmen sluiten; de stemmen gaan naar publiek en Equal Shares"
    )
    handles(closing, cmd_voting_close)
    podium = sub.add_parser("podium", help="het podium: volgende pitch, pitchtimer, pitch sluiten")
    podium_sub = podium.add_subparsers(dest="podium", metavar="ACTIE", required=True)
    handles(
        podium_sub.add_parser("volgende", help="de volgende pitch op het podium (timer start)"),
        cmd_stage_next,
    )
    timer = podium_sub.add_parser("timer", help="de minuten voor pitch en vragen")
    timer.add_argument("--pitch", required=True, metavar="MINUTEN")
    timer.add_argument("--vragen", required=True, metavar="MINUTEN")
    handles(timer, cmd_stage_timer)
    close = podium_sub.add_parser("sluit", help="het scoren van één pitch sluiten")
    close.add_argument("initiatief", type=int, help="nummer van het initiatief")
    handles(close, cmd_stage_close)


def _usage_problem(args: argparse.Namespace) -> str | None:
    if not 0 < args.port < 65536:
        return f"Poort {args.port} bestaat niet; kies een getal van 1 tot 65535."
    if args.max_sessies < 1:
        return "--max-sessies moet minstens 1 zijn."
    if (args.cert is None) != (args.key is None):
        return "Geef --cert en --key samen: het certificaat en zijn sleutel."
    if args.url is not None and not args.url.startswith(("http://", "https://")):
        return f"--url moet met http:// of https:// beginnen, niet {args.url!r}."
    return None


def cmd_serve(args: argparse.Namespace, db: Database) -> int:
    import ssl
    import sys

    from festival.domain.hall_network import open_hall_network
    from festival.serve import access
    from festival.serve.qr import terminal_qr
    from festival.serve.server import FestivalServer, tls_context

    problem = _usage_problem(args)
    if problem is not None:
        err(problem)
        return EXIT_USAGE
    context = None
    if args.cert is not None:
        try:
            context = tls_context(args.cert, args.key)
        except (OSError, ssl.SSLError) as exc:
            err(f"Het TLS-certificaat of de sleutel is niet te gebruiken: {exc}.")
            return EXIT_FAILED
    from festival.serve.book import DatabaseBook

    caller = cli_caller()
    book = DatabaseBook(db, caller)
    server = FestivalServer(
        db.path,
        host=args.host,
        port=args.port,
        public_url=args.url,
        max_sessions=args.max_sessies,
        ssl_context=context,
        book=book,
    )
    open_hall_network(
        db,
        caller,
        public_url=server.public_url,
        max_sessions=args.max_sessies,
        tls=context is not None,
    )
    if access.binds_everywhere(args.host):
        out(
            "Let op: de server luistert op alle netwerkaansluitingen van deze computer. "
            "Alleen wie de link met de toegangscode hieronder heeft, komt bij de inlog."
        )
        if context is None:
            out(
                "Zonder --cert/--key gaan PIN's onversleuteld over het netwerk: gebruik dit "
                "alleen op het eigen netwerk van de zaal, niet op open wifi."
            )

    def ready() -> None:
        book.start(server.link)
        out(f"Kerngericht in de browser, tot {args.max_sessies} tabbladen tegelijk:")
        out("")
        out(f"  {server.link}")
        out("")
        out(terminal_qr(server.link))
        out(f"Zaalscherm voor de projector (zonder inlog): {server.hall_link}")
        out(f"Stemzuil (de balie of de coördinator logt in): {server.kiosk_link}")
        out("De toegangscode is nieuw bij elke start. Stoppen: Ctrl+C (alle tabbladen sluiten).")
        sys.stdout.flush()

    try:
        server.run_until_stopped(ready)
    except OSError as exc:
        err(f"De server kan niet starten op {args.host}:{args.port}: {exc.strerror or exc}.")
        return EXIT_FAILED
    finally:
        book.stop()
    out("De server is gestopt; alle tabbladen zijn gesloten.")
    return EXIT_OK


def cmd_hall(args: argparse.Namespace, db: Database) -> int:
    """The hall screen in this terminal: public information only, so no login."""
    from festival.settings import Settings
    from festival.ui.hall_app import make_hall_app

    app = make_hall_app(Settings.from_env(db=db.path), db)
    app.run()
    return EXIT_FAILED if app.return_code else EXIT_OK


def cmd_kiosk(args: argparse.Namespace, db: Database) -> int:
    """The voting kiosk in this terminal, after a desk or coordinator login."""
    from festival.settings import Settings
    from festival.ui.kiosk_app import make_kiosk_app

    app = make_kiosk_app(Settings.from_env(db=db.path), db)
    app.run()
    return EXIT_FAILED if app.return_code else EXIT_OK


def cmd_voting_open(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import kiosk

    state = kiosk.open_voting(db, cli_caller(), _festival_id(args, db), max_choices=args.max)
    limit = f", hooguit {state.max_choices} keuzes per stem" if state.max_choices else ""
    out(f"Het stemmen is open{limit}.")
    return EXIT_OK


def cmd_voting_close(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import kiosk

    count = kiosk.close_voting(db, cli_caller(), _festival_id(args, db))
    out(f"Het stemmen is gesloten: {count} stemmen van de stemzuil doorgegeven.")
    return EXIT_OK


def _festival_id(args: argparse.Namespace, db: Database) -> int:
    from festival.cli.common import chosen_festival_id

    args.festival = None
    return chosen_festival_id(args, db)


def cmd_stage_next(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury, stage

    fid = _festival_id(args, db)
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
        db, cli_caller(), _festival_id(args, db), pitch=args.pitch, questions=args.vragen
    )
    out(f"Pitchtimer: {timer.pitch_minutes} minuten pitch, {timer.question_minutes} vragen.")
    return EXIT_OK


def cmd_stage_close(args: argparse.Namespace, db: Database) -> int:
    from festival.core.errors import NotFound
    from festival.domain import jury, stage

    fid = _festival_id(args, db)
    if args.initiatief not in {p.initiative_id for p in jury.list_pitches(db, fid)}:
        raise NotFound(f"Initiatief {args.initiatief} staat niet in het programma.")
    stage.close_scoring(db, cli_caller(), fid, args.initiatief)
    out(f"Het scoren van initiatief {args.initiatief} is gesloten.")
    return EXIT_OK
