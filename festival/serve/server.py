"""The hall's web server: textual-serve's page and app processes, with the project's checks.

textual-serve 1.1.3 (pinned) starts one app process per websocket and serves its page and
assets, but checks no token and no Origin, links a web font from an outside server and lists
its static folder. :class:`FestivalServer` subclasses its ``Server`` and replaces the routes
(page, websocket, assets), the template and the start-up; textual-serve's ``AppService`` still
runs each app process.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import os
import shlex
import ssl
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Protocol

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from festival.serve import access
from festival.serve.sessions import SESSION_ENV, Session, SessionRegistry

log = logging.getLogger("kerngericht.serve")

TEMPLATES = Path(__file__).parent / "templates"
#: Settings a browser tab must never inherit: each tab logs in on its own, at its own desk.
PRIVATE_ENV = ("FESTIVAL_USER", "FESTIVAL_PIN", "FESTIVAL_NEW_PIN", "FESTIVAL_DESK")
#: How long an app process gets to end after "quit" before it is killed (seconds).
STOP_GRACE = 5.0
#: Sent as the close reason when the server refuses or ends a session (ASCII, < 123 bytes).
CLOSE_FULL = "too many sessions"


#: The screens a link opens by its path: the hall screen (no login) and the voting kiosk.
SCREENS = ("zaal", "stemzuil")
#: The close code a tab gets when the coordinator ends it (4000-4999: for applications).
CLOSE_ENDED = 4001
ENDED_TEXT = "De coördinator heeft deze terminal beëindigd."


def app_command(db: Path, screen: str = "app") -> str:
    """The shell line that runs one tab's app process; ``exec`` leaves no shell behind it."""
    command = [sys.executable, "-m", "festival.serve.child", "--db", str(db), "--scherm", screen]
    return "exec " + shlex.join(command)


class TerminalBook(Protocol):
    """Where the server notes its tabs and reads the coordinator's requests to end one."""

    def opened(self, session: Session, kind: str) -> None: ...
    def closed(self, session: Session) -> None: ...
    def end_requests(self) -> set[str]: ...


class SessionProcess(AppService):
    """One tab's app process: without the server's login, and killed if it will not stop."""

    def __init__(self, session_id: str, command: str, **kwargs: object) -> None:
        super().__init__(command, **kwargs)  # type: ignore[arg-type]
        self.session_id = session_id

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        for name in PRIVATE_ENV:
            environment.pop(name, None)
        environment[SESSION_ENV] = self.session_id
        return environment

    async def stop(self) -> None:
        """Ask the app to quit; kill it when it has not ended after :data:`STOP_GRACE`."""
        process = self._process
        try:
            await asyncio.wait_for(super().stop(), STOP_GRACE)
        except TimeoutError:
            log.warning("app process %s did not quit; killed", self.session_id)
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), STOP_GRACE)


def _refusal_page(title: str, message: str, status: int) -> web.Response:
    """A small Dutch page for a browser that may not in (no outside assets, no user input)."""
    body = (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{background:#0c181f;color:#fff;font:20px/1.5 sans-serif;"
        "display:flex;align-items:center;justify-content:center;height:100vh;margin:0}"
        "main{max-width:40em;padding:2em;background:#12232d}</style></head>"
        f"<body><main><h1>{html.escape(title)}</h1><p>{html.escape(message)}</p></main>"
        "</body></html>"
    )
    return web.Response(status=status, text=body, content_type="text/html", charset="utf-8")


async def _no_icon(request: web.Request) -> web.Response:
    return web.Response(status=204)


class FestivalServer(Server):
    """Serves the app on the hall network with a token, an Origin check and a session limit."""

    def __init__(
        self,
        db: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        public_url: str | None = None,
        max_sessions: int = 20,
        ssl_context: ssl.SSLContext | None = None,
        token: str | None = None,
        command: str | None = None,
        book: TerminalBook | None = None,
    ) -> None:
        scheme = "https" if ssl_context is not None else "http"
        if public_url is None:
            public_url = f"{scheme}://{access.display_host(host)}:{port}"
        super().__init__(
            command or app_command(db),
            host=host,
            port=port,
            title="Kerngericht",
            public_url=public_url.rstrip("/"),
            templates_path=TEMPLATES,
        )
        self.scheme = scheme
        self.db = db
        self.book = book
        self.ssl_context = ssl_context
        self.token = token or access.new_token()
        self.sessions = SessionRegistry(max_sessions)
        self.own_hosts = access.own_hosts(host, self.public_url)
        self._runner: web.AppRunner | None = None

    @property
    def link(self) -> str:
        """The link to print and to show as a QR code: the page with this run's token."""
        return f"{self.public_url}/?token={self.token}"

    @property
    def kiosk_link(self) -> str:
        """The link for a voting kiosk (a tablet at the back of the hall)."""
        return f"{self.public_url}/stemzuil?token={self.token}&fontsize=20"

    @property
    def hall_link(self) -> str:
        """The link for the projector: the hall screen, without a login."""
        # Larger letters: read from the back of the hall on a 1920x1080 projector.
        return f"{self.public_url}/zaal?token={self.token}&fontsize=32"

    # -- the aiohttp application --------------------------------------------------------------

    def initialize_logging(self) -> None:
        # textual-serve's handler prints tracebacks with local variables on the console:
        # plain one-line warnings are enough for the person running the hall.
        logging.basicConfig(level=logging.WARNING, format="%(message)s")
        # When a tab's app process ends, asyncio's child watcher can find it already reaped by
        # the subprocess transport's own poll and warns "Unknown child process"; the process
        # did end, so the coordinator's console is spared that line.
        logging.getLogger("asyncio").setLevel(logging.ERROR)

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._headers])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/{screen:zaal|stemzuil}", self.handle_index),
                web.get("/ws/{token}/{screen:zaal|stemzuil}", self.handle_websocket),
                # The token is part of the path: the page's script appends "?width=…".
                web.get("/ws/{token}", self.handle_websocket, name="websocket"),
                web.get("/ws", self.handle_websocket),  # refused in Dutch: no token
                web.get("/ws/", self.handle_websocket),
                web.get("/favicon.ico", _no_icon),
                # Only files: no folder listing (textual-serve shows one).
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_shutdown.append(self.on_shutdown)
        if self.book is not None:
            app.on_startup.append(self._start_watch)
        return app

    async def _start_watch(self, app: web.Application) -> None:
        self._watch = asyncio.create_task(self._watch_end_requests())

    async def _watch_end_requests(self) -> None:
        """Every half second: end the tabs the coordinator asked to end."""
        assert self.book is not None
        while True:
            await asyncio.sleep(0.5)
            try:
                wanted = self.book.end_requests()
            except Exception:  # a busy database: ask again in half a second
                log.warning("could not read the terminals to end", exc_info=False)
                continue
            for session in self.sessions:
                if session.id in wanted and not session.websocket.closed:
                    with contextlib.suppress(ConnectionError, RuntimeError):
                        await session.websocket.send_bytes(f"\r\n  {ENDED_TEXT}\r\n".encode())
                    await session.websocket.close(code=CLOSE_ENDED, message=b"ended")

    @web.middleware
    async def _headers(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        response = await handler(request)
        # Nothing from outside the host; no framing by another site; the token in the page's
        # address never travels to another site as a referrer.
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
            "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'"
        )
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page that opens one terminal; refused in Dutch without the token or when full."""
        if not access.token_matches(self.token, request.query.get("token")):
            return _refusal_page("Geen toegang", access.WRONG_TOKEN, 403)
        if self.sessions.full:
            message = access.TOO_MANY_SESSIONS.format(limit=self.sessions.limit)
            return _refusal_page("Alle terminals bezet", message, 503)
        ws_scheme = "wss" if self.scheme == "https" else "ws"
        screen = f"/{request.match_info['screen']}" if "screen" in request.match_info else ""
        static_url = str(request.app.router["static"].url_for(filename="/")).rstrip("/") + "/"
        context = {
            "font_size": min(max(to_int(request.query.get("fontsize", "16"), 16), 8), 48),
            # The websocket goes to the host the browser used for the page (its own Origin).
            "app_websocket_url": f"{ws_scheme}://{request.host}/ws/{self.token}{screen}",
            "config": {"static": {"url": static_url}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Checks the token and the Origin, then runs one app process for this websocket."""
        if not access.token_matches(self.token, request.match_info.get("token")):
            raise web.HTTPForbidden(text=access.WRONG_TOKEN)
        origin = request.headers.get("Origin")
        if not access.origin_allowed(origin, self.scheme, self.port, self.own_hosts):
            log.warning("websocket refused: foreign Origin %r", origin)
            raise web.HTTPForbidden(text=access.FOREIGN_ORIGIN)
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        session = self.sessions.open(request.remote or "?", websocket)
        if session is None:
            # Said in the terminal itself: a browser shows no refused handshake's text.
            message = access.TOO_MANY_SESSIONS.format(limit=self.sessions.limit)
            await websocket.send_bytes(f"\r\n  {message}\r\n".encode())
            await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=CLOSE_FULL.encode())
            return websocket
        try:
            await self._run_session(session, request)
        finally:
            self.sessions.close(session.id)
            if self.book is not None:
                self.book.closed(session)
        return websocket

    async def _run_session(self, session: Session, request: web.Request) -> None:
        websocket = session.websocket
        width = min(max(to_int(request.query.get("width", "80"), 80), 20), 500)
        height = min(max(to_int(request.query.get("height", "24"), 24), 5), 200)
        screen = request.match_info.get("screen")
        command = app_command(self.db, screen) if screen else self.command
        if self.book is not None:
            self.book.opened(session, screen or "app")
        service = SessionProcess(
            session.id,
            command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        try:
            await service.start(width, height)
            if service._process is not None:
                session.pid = service._process.pid
            try:
                await self._process_messages(websocket, service)
            finally:
                await service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception:
            # A broken message from a browser ends only that session.
            log.warning("session %s ended after an error", session.id, exc_info=False)
            await service.stop()
            await websocket.close()

    async def on_shutdown(self, app: web.Application) -> None:
        """Ends every session when the server stops: their app processes quit."""
        if getattr(self, "_watch", None) is not None:
            self._watch.cancel()
        for session in self.sessions:
            await session.websocket.close(code=WSCloseCode.GOING_AWAY)

    # -- running ------------------------------------------------------------------------------

    async def start(self) -> web.AppRunner:
        """Listen on host and port; returns the runner (``await runner.cleanup()`` stops)."""
        app = await self._make_app()
        runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, ssl_context=self.ssl_context)
        await site.start()
        self._runner = runner
        return runner

    def serve(self, debug: bool = False) -> None:
        """Run until Ctrl+C or SIGTERM; every session ends with the server."""
        self.run_until_stopped()

    def run_until_stopped(self, ready: Callable[[], None] | None = None) -> None:
        """Listen, call ``ready`` once the server answers and Ctrl+C is handled, and run until
        Ctrl+C or SIGTERM; every session ends with the server. A port that cannot be opened
        raises :class:`OSError` before ``ready``."""
        self.initialize_logging()
        asyncio.run(self._serve_until_stopped(ready))

    async def _serve_until_stopped(self, ready: Callable[[], None] | None) -> None:
        import signal

        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signum, stop.set)
        runner = await self.start()
        try:
            if ready is not None:
                ready()
            await stop.wait()
        finally:
            await runner.cleanup()


def tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    """A server TLS context from a PEM certificate and key (``--cert``, ``--key``)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(os.fspath(cert), os.fspath(key))
    return context
