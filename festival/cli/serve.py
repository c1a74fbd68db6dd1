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
    handles(p, cmd_serve, needs="serve.start")


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
