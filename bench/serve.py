"""The festival day in browsers: ``festival serve`` with 20 tabs, through a scripted websocket
client (no browser: :class:`festival.serve.client.ScriptedTab` speaks the page's protocol).

The server runs in this process on a free port over the demo database; every tab is a real app
process, as a browser tab's is.

* **Memory per session**: 20 tabs open and logged in (the three jurors on their scoring screen,
  the desk, the coordinator on the jury board, in turn). Per app process, its PSS (proportional
  set size: shared libraries counted in part, from ``/proc/PID/smaps_rollup``) and its RSS.
* **Score to board**: the three jurors' tabs score every pitch, one save at a time (five
  values typed, then Enter): the first half of the programme with only the board and the
  jurors open (4 sessions, the context row), the second half with all 20 open. A sample runs
  from sending Enter on a juror's websocket to the moment the coordinator's tab (another app
  process, another websocket) receives the frame whose board row for that pitch shows one more
  juror done: the save (its transaction), the board's poll of the database (every 0.2 s), its
  reload and redraw, and both websockets. Every open session reloads its screen on each
  commit, so the 16 extra sessions compete for the same cores.
* **Kiosk scan to ballot form**: a kiosk tab, the badge code of a checked-in visitor typed as
  a scanner does with Enter; from Enter until the tab shows the ballot form, with the 20
  sessions still open.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bench.common import demo_database, progress
from bench.figures import Figure, Row, Target
from festival.domain import jury
from festival.domain.festivals import current_festival
from festival.domain.jury import Criterion, Pitch
from festival.serve.client import ScriptedTab
from festival.serve.server import FestivalServer
from festival.store.database import Database

SESSIONS = 20
KIOSK_SCANS = 20
JURORS = (("Julia Jury", "3333"), ("Jan Jurylid", "6666"), ("Joke Jurylid", "7777"))
OTHERS = (("Bas Balie", "2222"), ("Carla Coördinator", "111111"))


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of a process in kB."""
    values = {}
    with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
        for line in rollup:
            key, _, rest = line.partition(":")
            if key in ("Pss", "Rss"):
                values[key] = int(rest.split()[0])
    return values["Pss"], values["Rss"]


def _field_shows(tab: ScriptedTab, label: str, value: str) -> bool:
    """Whether the form's field for ``label`` holds ``value`` (the value ends its line)."""
    return any(
        f"{label} (" in line and line.rstrip().endswith(value)
        for line in (row.split("│")[-1] for row in tab.screen.text.splitlines())
    )


def _board_row(tab: ScriptedTab, title: str) -> str:
    """The board's table row of a pitch (the line with its "done/jurors" count)."""
    return next(
        (
            line
            for line in tab.screen.text.splitlines()
            if title[:25] in line and f"/{len(JURORS)}" in line
        ),
        "",
    )


async def _measure(db_path: Path) -> list[Row]:
    with Database(db_path) as db:
        festival = current_festival(db)
        assert festival is not None
        pitches = jury.list_pitches(db, festival.id)
        criteria = jury.list_criteria(db, festival.id)
    server = FestivalServer(db_path, port=_free_port(), max_sessions=SESSIONS + 2)
    runner = await server.start()
    tabs: list[ScriptedTab] = []
    try:
        progress(f"serve: {SESSIONS} tabs log in")
        logins = [*JURORS, *OTHERS]
        board = ScriptedTab(server.public_url, server.token, width=160, height=45)
        await board.connect()
        await board.login("Carla Coördinator", "111111")
        await board.wait_for("Welkom")
        await board.type("j")
        await board.wait_for("Klaar")
        jurors: list[ScriptedTab] = []
        for name, pin in JURORS:
            tab = ScriptedTab(server.public_url, server.token, width=120, height=36)
            await tab.connect()
            await tab.login(name, pin)
            jurors.append(tab)
        for tab in jurors:
            await tab.wait_for("gescoord")
        tabs.extend(jurors)
        half = len(pitches) // 2
        progress("serve: jurors score the first pitches with 4 sessions open")
        few = await _score(board, jurors, pitches[:half], criteria)
        progress(f"serve: {SESSIONS} tabs log in")
        for n in range(SESSIONS - 1 - len(JURORS)):
            name, pin = logins[n % len(logins)]
            tab = ScriptedTab(server.public_url, server.token, width=120, height=36)
            await tab.connect()
            await tab.login(name, pin)
            tabs.append(tab)
        await asyncio.sleep(2.0)
        pss, rss = [], []
        for session in server.sessions:
            assert session.pid is not None
            p, r = _memory_kb(session.pid)
            pss.append(p / 1024)
            rss.append(r / 1024)
        progress(f"serve: {len(pss)} sessions measured; jurors score the other pitches")
        latencies = await _score(board, jurors, pitches[half:], criteria)
        progress("serve: kiosk scans")
        scans = await _kiosk_scans(server, db_path, festival.id)
        return [
            Figure(f"serve: memory per browser session, PSS ({len(pss)} sessions)", pss, unit="MB"),
            Figure(f"  context: RSS per session ({len(rss)} sessions)", rss, unit="MB"),
            Figure(
                f"serve: score in one browser to the board in another ({SESSIONS} sessions)",
                latencies,
                target=Target(500, "p95"),
            ),
            Figure(f"  context: the same with {len(JURORS) + 1} sessions open", few),
            Figure("serve: kiosk, badge scan to ballot form (in a browser session)", scans),
        ]
    finally:
        for tab in [board, *tabs]:
            await tab.close()
        await runner.cleanup()


async def _score(
    board: ScriptedTab, jurors: list[ScriptedTab], pitches: list[Pitch], criteria: list[Criterion]
) -> list[float]:
    """Each juror in turn scores each pitch; per save, Enter in the juror's tab until the
    coordinator's tab shows the pitch's row with one more juror done."""
    latencies: list[float] = []
    for pitch in pitches:
        for done, tab in enumerate(jurors, start=1):
            # Each value waits until the form's help line names that criterion: the focus
            # has moved (a key typed sooner would land in the field before).
            for n, criterion in enumerate(criteria):
                await tab.wait_for(f"{criterion.name}: ")
                await tab.type(str(5 + n))
                await tab.wait_until(
                    lambda t=tab, c=criterion, v=str(5 + n): _field_shows(t, c.name, v),
                    f"{criterion.name} did not take its value",
                    10,
                )
                if n < len(criteria) - 1:
                    await tab.press("tab")
            expected = f"{done}/{len(JURORS)}"
            start = time.monotonic()
            await tab.press("enter")
            await board.wait_until(
                lambda: expected in _board_row(board, pitch.title),  # noqa: B023
                f"the board did not show {expected} for {pitch.title}",
                10,
            )
            latencies.append((time.monotonic() - start) * 1000)
    return latencies


async def _kiosk_scans(server: FestivalServer, db_path: Path, festival_id: int) -> list[float]:
    """Checked-in badges scanned at a kiosk tab: Enter to the ballot form, then Esc."""
    from festival.domain import checkin, kiosk
    from festival.domain.accounts import list_users
    from festival.domain.permissions import SYSTEM

    with Database(db_path) as db:
        users = {u.name: u for u in list_users(db, SYSTEM)}
        kiosk.open_voting(db, users["Carla Coördinator"], festival_id, max_choices=3)
        rows = db.fetchall(
            "SELECT id, code FROM registrations WHERE festival_id = ? AND checked_in_at IS NULL"
            " ORDER BY id LIMIT ?",
            (festival_id, KIOSK_SCANS),
        )
        for row in rows:
            checkin.check_in(db, users["Bas Balie"], row["id"], "Balie 1")
    booth = ScriptedTab(server.public_url, server.token, screen="stemzuil", width=100, height=30)
    await booth.connect()
    try:
        await booth.login("Bas Balie", "2222")
        await booth.wait_for("Scan uw badge")
        samples = []
        for row in rows:
            await booth.type(row["code"])
            await booth.wait_for(row["code"])
            start = time.monotonic()
            await booth.press("enter")
            await booth.wait_for("Kies de initiatieven")
            samples.append((time.monotonic() - start) * 1000)
            await booth.press("escape")
            await booth.wait_gone("Kies de initiatieven")
        return samples
    finally:
        await booth.close()


def serve_figures(scratch: Path) -> list[Row]:
    """The rows for ``make bench``: memory per session, score-to-board latency."""
    # Jurors score live: the festival before the jury starts (the finished day is locked).
    db_path = demo_database(scratch / "serve.db", finished=False)
    return asyncio.run(_measure(db_path))
