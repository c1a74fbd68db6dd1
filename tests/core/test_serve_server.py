"""festival serve with real app processes, driven by a scripted websocket client and plain
HTTP: the token, the Origin, the session limit, TLS, and a tab's own PIN login and its end."""

from __future__ import annotations

import re
import ssl
import subprocess
from pathlib import Path

import aiohttp
import pytest
from serve_support import environment_of, process_ended, running_server, until

from festival.serve.client import ScriptedTab
from festival.store.database import Database

pytestmark = pytest.mark.usefixtures("quiet_log")


@pytest.fixture
def quiet_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app processes log to the test's folder, never to the user's."""
    monkeypatch.setenv("FESTIVAL_LOG", str(tmp_path / "log" / "k.log"))
    monkeypatch.setenv("FESTIVAL_USER", "Carla Coördinator")
    monkeypatch.setenv("FESTIVAL_PIN", "111111")


async def test_the_page_needs_the_token_and_loads_nothing_from_outside(demo_db: Database) -> None:
    async with running_server(demo_db.path) as server, aiohttp.ClientSession() as http:
        base = server.public_url
        for query in ("", "?token=", "?token=gisteren", f"?token={server.token}x"):
            async with http.get(f"{base}/{query}") as refused:
                assert refused.status == 403
                body = await refused.text()
                assert "toegangscode ontbreekt of is niet meer geldig" in body
                assert server.token not in body
        async with http.get(server.link) as page:
            assert page.status == 200
            body = await page.text()
            csp = page.headers["Content-Security-Policy"]
            assert page.headers["Referrer-Policy"] == "no-referrer"
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        # Every asset is a path on this server; no address of another host anywhere.
        assets = re.findall(r'(?:href|src)="([^"]+)"|url\("([^"]+)"\)', body)
        paths = [a or b for a, b in assets]
        assert paths and all(p.startswith("/static/") for p in paths), paths
        assert "googleapis" not in body and "https://" not in body
        assert f'ws://127.0.0.1:{server.port}/ws/{server.token}"' in body
        # The assets it names are there; the folder itself is not listed.
        for path in paths:
            async with http.get(f"{base}{path}") as asset:
                assert asset.status == 200, path
        async with http.get(f"{base}/static/") as listing:
            assert listing.status in (403, 404)
        async with http.get(f"{base}/static/js/textual.js") as script:
            assert b"fonts.googleapis" not in await script.read()


async def test_a_websocket_without_token_or_from_another_site_is_refused(
    demo_db: Database,
) -> None:
    async with running_server(demo_db.path) as server, aiohttp.ClientSession() as http:
        ws = server.public_url.replace("http", "ws")
        own = {"Origin": server.public_url}
        cases = [
            (f"{ws}/ws", own, "toegangscode"),
            (f"{ws}/ws/", own, "toegangscode"),
            (f"{ws}/ws/?token={server.token}", own, "toegangscode"),  # the old place
            (f"{ws}/ws/fout", own, "toegangscode"),
            (
                f"{ws}/ws/{server.token}",
                {"Origin": "http://evil.example"},
                "niet van de pagina",
            ),
            (
                f"{ws}/ws/{server.token}",
                {"Origin": f"http://evil.example:{server.port}"},
                "niet van de pagina",
            ),
            (f"{ws}/ws/{server.token}", {}, "niet van de pagina"),
        ]
        for url, headers, words in cases:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(url, headers=headers)
            assert refused.value.status == 403
            async with http.get(
                url,
                headers={
                    **headers,
                    "Connection": "Upgrade",
                    "Upgrade": "websocket",
                    "Sec-WebSocket-Version": "13",
                    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
                },
            ) as r:
                assert words in await r.text()
        assert len(server.sessions) == 0  # no app process was started for any of them


async def test_each_tab_logs_in_with_its_own_pin_and_quitting_ends_only_that_tab(
    demo_db: Database,
) -> None:
    async with running_server(demo_db.path) as server:
        async with (
            ScriptedTab(server.public_url, server.token) as desk,
            ScriptedTab(server.public_url, server.token) as juror,
        ):
            # The server runs as the coordinator (FESTIVAL_USER/PIN): no tab inherits that.
            await desk.wait_for("Inloggen")
            await juror.wait_for("Inloggen")
            pids = [s.pid for s in server.sessions]
            assert len(pids) == 2 and all(pids)
            for pid in pids:
                env = environment_of(pid)  # type: ignore[arg-type]
                assert "FESTIVAL_PIN" not in env and "FESTIVAL_USER" not in env
            await desk.login("Bas Balie", "9999")
            await desk.wait_for("Onbekende naam of onjuiste PIN")
            await desk.login("Bas Balie", "2222")
            await desk.wait_for("Welke balie is dit")
            await juror.login("Julia Jury", "3333")
            await juror.wait_for("Julia Jury")
            # Ctrl+Q in the desk's tab: its app process ends and its websocket closes.
            desk_session = next(s for s in server.sessions if s.pid == pids[0])
            await desk.press("ctrl+q")
            assert await desk.wait_closed() is not None
            assert await until(lambda: process_ended(pids[0]))
            assert await until(lambda: server.sessions.get(desk_session.id) is None)
            # The other tab is untouched and still answers.
            assert len(server.sessions) == 1 and not process_ended(pids[1])
        # Closing the browser tab (the websocket) ends its app process too.
        assert await until(lambda: process_ended(pids[1]))
        assert await until(lambda: len(server.sessions) == 0)
        audit = demo_db.fetchall("SELECT actor, action FROM audit_log WHERE action = 'ingelogd'")
        assert {"Bas Balie", "Julia Jury"} <= {row["actor"] for row in audit}


async def test_the_session_limit_is_said_in_dutch(demo_db: Database) -> None:
    async with running_server(demo_db.path, max_sessions=1) as server:
        async with ScriptedTab(server.public_url, server.token) as first:
            await first.wait_for("Inloggen")
            second = ScriptedTab(server.public_url, server.token)
            await second.connect()
            code = await second.wait_closed()
            assert code == 1013
            assert "Er zijn al 1 terminals verbonden" in second.text
            await second.close()
            async with aiohttp.ClientSession() as http, http.get(server.link) as page:
                assert page.status == 503
                assert "het maximum voor deze server" in await page.text()
            assert len(server.sessions) == 1
        # A place is free again once the first tab is closed.
        assert await until(lambda: len(server.sessions) == 0)
        async with ScriptedTab(server.public_url, server.token) as again:
            await again.wait_for("Inloggen")


async def test_tls_with_a_certificate(demo_db: Database, tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    from festival.serve.server import tls_context

    async with running_server(demo_db.path, ssl_context=tls_context(cert, key)) as server:
        assert server.link.startswith("https://127.0.0.1:")
        trust = ssl.create_default_context(cafile=str(cert))
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=trust)) as http:
            async with http.get(server.link) as page:
                assert page.status == 200
                assert f"wss://127.0.0.1:{server.port}/ws" in await page.text()
            ws_url = server.public_url.replace("https", "wss")
            # An http:// page is not this server's page once it speaks TLS.
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await http.ws_connect(
                    f"{ws_url}/ws/{server.token}",
                    headers={"Origin": server.public_url.replace("https", "http")},
                )
            ws = await http.ws_connect(
                f"{ws_url}/ws/{server.token}", headers={"Origin": server.public_url}
            )
            text = b""
            while b"Inloggen" not in text:
                message = await ws.receive(timeout=15)
                text += message.data
            await ws.close()
        # Without TLS on its side, a client gets nothing.
        async with aiohttp.ClientSession() as plain:
            with pytest.raises(aiohttp.ClientError):
                async with plain.get(server.link.replace("https", "http")) as r:
                    await r.read()


async def test_the_hall_link_opens_the_hall_screen_without_a_login(demo_db: Database) -> None:
    async with running_server(demo_db.path) as server:
        assert server.hall_link.startswith(f"{server.public_url}/zaal?token={server.token}")
        async with aiohttp.ClientSession() as http:
            async with http.get(server.hall_link) as page:
                assert page.status == 200
                assert f"/ws/{server.token}/zaal" in await page.text()
            async with http.get(f"{server.public_url}/zaal?token=fout") as refused:
                assert refused.status == 403
        async with ScriptedTab(
            server.public_url, server.token, screen="zaal", width=160, height=45
        ) as hall:
            await hall.wait_for("Nu op het podium")
            await hall.wait_for("Programma")
            assert "PIN" not in hall.screen.text


async def test_the_coordinator_sees_the_terminals_and_ends_one(demo_db: Database) -> None:
    from jury_support import user
    from serve_support import free_port

    from festival.core.errors import NotAllowed
    from festival.domain import terminals
    from festival.serve.book import DatabaseBook
    from festival.serve.server import CLOSE_ENDED, FestivalServer

    carla = user(demo_db, "Carla Coördinator")
    book = DatabaseBook(demo_db, carla)
    server = FestivalServer(demo_db.path, port=free_port(), book=book)
    runner = await server.start()
    book.start(server.link)
    try:
        assert terminals.current_link(demo_db, carla) == server.link
        with pytest.raises(NotAllowed):
            terminals.list_terminals(demo_db, user(demo_db, "Bas Balie"))
        async with (
            ScriptedTab(server.public_url, server.token) as desk,
            ScriptedTab(server.public_url, server.token, screen="zaal") as hall,
        ):
            await desk.login("Bas Balie", "2222")
            await desk.wait_for("Welke balie is dit")
            await hall.wait_for("Nu op het podium")
            listed = terminals.list_terminals(demo_db, carla)
            assert sorted((t.label, t.user_name) for t in listed) == [
                ("terminal", "Bas Balie"),
                ("zaalscherm", None),
            ]
            bas = next(t for t in listed if t.user_name == "Bas Balie")
            assert bas.role is not None and bas.role.label == "balie"
            assert bas.peer == "127.0.0.1"
            terminals.end_terminal(demo_db, carla, bas.session_id)
            assert await desk.wait_closed() == CLOSE_ENDED
            assert "De coördinator heeft deze terminal beëindigd." in desk.text
            assert await until(
                lambda: (
                    [t.label for t in terminals.list_terminals(demo_db, carla)] == ["zaalscherm"]
                )
            )
            assert not hall.closed  # the other tab goes on
        actions = [r["action"] for r in demo_db.fetchall("SELECT action FROM audit_log")]
        assert "terminal beëindigd" in actions and actions.count("terminal verbonden") == 2
    finally:
        await runner.cleanup()
        book.stop()
    assert terminals.current_link(demo_db, carla) is None
