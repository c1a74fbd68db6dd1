"""The jury on the festival day: the coordinator's board following the jurors, and seven jurors
saving at once.

The database is the demo festival with seven jurors (the three demo jurors and four more) and
twenty initiatives on the pitch programme, five criteria each.

* **Board**: a second process (``_juror.py board``) saves one juror's scores for one initiative
  through :func:`festival.domain.jury.save_scores`, at a random moment within one poll period,
  and notes ``time.time()`` right after the save returned (after its COMMIT). This process runs
  the real app headless (``make_app`` + ``run_test``), logged in as the coordinator, with the
  jury board open (``j`` on the home screen), so the app's own ``ChangeWatch`` timer at
  ``Settings().poll_interval`` notices the commit, the board screen reloads and redraws. A
  sample ends at the first frame, rendered to terminal bytes as in the desk bench, that shows
  one more "✓ gescoord" cell than before. The context row does the same without a screen:
  ``ChangeWatch`` polled at the app's interval, then :func:`jury.board` until the cell says
  SCORED.
* **Seven at once**: seven processes (``_juror.py burst``), one per juror, each connected and
  waiting on a start file, then saving all twenty initiatives (5 criteria each, one
  transaction per save) as fast as they can. Total time runs from creating the start file to
  the last process's last save; a failed save is an error. Every run starts from a copy of the
  same unscored database and is checked afterwards: every successful save's five scores are
  there, once.
"""

from __future__ import annotations

import asyncio
import json
import random
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from bench.common import CHILD_TIMEOUT, child_command, child_env, progress
from bench.desk import FRAME_TIMEOUT, FrameProbe
from bench.figures import Figure, Row, Target, percentile
from festival.app import make_app
from festival.domain import jury, permissions
from festival.domain.accounts import add_user
from festival.domain.festivals import current_festival
from festival.domain.pin_key import key_path
from festival.domain.roles import Role
from festival.features import fill_demo
from festival.settings import Settings
from festival.store.database import ChangeWatch, Database
from festival.ui.screens.home import HomeScreen
from festival.ui.screens.jury_board import JuryBoardScreen

JURORS = 7
PITCHES = 20
CRITERIA = 5
EXTRA_JURORS = ("Jurylid Vier", "Jurylid Vijf", "Jurylid Zes", "Jurylid Zeven")
TRIALS = 30
RUNS = 10
SEED = 4
LOGIN = ("Carla Coördinator", "111111")
#: Wide enough for the board with seven juror columns, tall enough for twenty pitches.
SIZE = (160, 50)
SCORED = "✓ gescoord"

Cell = tuple[int, int]
"""(juror id, initiative id)"""


# -- the database --------------------------------------------------------------------------


def jury_database(path: Path) -> tuple[Path, int]:
    """The demo festival with :data:`JURORS` jurors and :data:`PITCHES` pitches, unscored
    (the demo as it is before the jury starts)."""
    with Database(path) as db:
        fill_demo(db, finished=False)
        festival = current_festival(db)
        assert festival is not None, "the demo has no festival"
        for n, name in enumerate(EXTRA_JURORS):
            user = add_user(db, permissions.DEMO, name=name, role=Role.JURY, pin=f"90{n}{n}")
            jury.set_juror(db, permissions.DEMO, festival.id, user.id, True)
        missing = PITCHES - len(jury.list_pitches(db, festival.id))
        unselected = [
            p.initiative_id for p in jury.list_initiatives(db, festival.id) if not p.position
        ]
        assert len(unselected) >= missing, "the demo has too few initiatives"
        for initiative_id in unselected[:missing]:
            jury.set_selected(db, permissions.DEMO, festival.id, initiative_id, True)
        board = jury.board(db, permissions.SYSTEM, festival.id)
        assert (len(board.jurors), len(board.pitches)) == (JURORS, PITCHES), board
        assert len(jury.list_criteria(db, festival.id)) == CRITERIA
        assert set(board.cells.values()) == {jury.BoardCell.OPEN}
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return path, festival.id


def fresh_copy(template: Path, path: Path) -> Path:
    """A copy of the (checkpointed, closed) template database."""
    shutil.copyfile(template, path)
    shutil.copyfile(key_path(template), key_path(path))  # the PINs need their key
    return path


def trial_cells(db_path: Path, festival_id: int) -> list[Cell]:
    """:data:`TRIALS` different (juror, initiative) cells in a random order."""
    with Database(db_path, migrate=False) as db:
        board = jury.board(db, permissions.SYSTEM, festival_id)
    cells = sorted(board.cells)
    return random.Random(SEED).sample(cells, TRIALS)


# -- one score saved in another process ----------------------------------------------------


class Saver:
    """``_juror.py board``: saves a juror's scores when told, prints the time after COMMIT."""

    def __init__(self, db_path: Path, festival_id: int) -> None:
        self.proc = subprocess.Popen(
            child_command("_juror.py", "board", db_path, festival_id),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=child_env(),
        )
        if self.readline() != "ready":
            raise RuntimeError("the juror process did not start")

    def readline(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the juror process stopped (exit code {self.proc.poll()})")
        return line.strip()

    def go(self, delay: float, cell: Cell) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"go {delay:.4f} {cell[0]} {cell[1]}\n")
        self.proc.stdin.flush()

    def committed(self) -> float:
        """``time.time()`` right after the save's COMMIT (waits for the child to say so)."""
        return float(self.readline())

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                assert self.proc.stdin is not None
                self.proc.stdin.write("quit\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=CHILD_TIMEOUT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()


def count_scored(rows: list[str]) -> int:
    return sum(row.count(SCORED) for row in rows)


async def screen_delays_ms(db_path: Path, festival_id: int, cells: list[Cell]) -> list[float]:
    """Milliseconds from another process's COMMIT to the first frame of the coordinator's
    board that shows the new "✓ gescoord"."""
    settings = Settings(db=db_path)
    rng = random.Random(SEED + 1)
    app = make_app(settings)
    saver = Saver(db_path, festival_id)
    delays: list[float] = []
    try:
        async with app.run_test(size=SIZE) as pilot:
            probe = FrameProbe(app, *SIZE)
            app.screen.query_one("#name", Input).value = LOGIN[0]
            app.screen.query_one("#pin", Input).value = LOGIN[1]
            app.screen.query_one("#pin", Input).focus()
            await pilot.press("enter")
            await _until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
            await pilot.press("j")
            await _until(pilot, lambda: isinstance(app.screen, JuryBoardScreen), "the board")
            await pilot.pause(0.2)
            screen = app.screen
            assert isinstance(screen, JuryBoardScreen)
            before = count_scored(probe.mirror.rows())
            if before != 0:
                raise RuntimeError("jury bench: the board shows scores before any were saved")
            for cell in cells:
                wanted = before + 1
                seen_at: list[float] = []

                def shown(
                    rows: list[str], wanted: int = wanted, seen_at: list[float] = seen_at
                ) -> bool:
                    if count_scored(rows) < wanted:
                        return False
                    seen_at.append(time.time())
                    return True

                probe.expect(shown)
                saver.go(rng.uniform(0.01, 0.01 + settings.poll_interval), cell)
                await probe.wait(f"{wanted} scored cells on the board")
                committed = saver.committed()
                delays.append((seen_at[0] - committed) * 1000)
                board = screen.board
                assert board is not None and board.cells[cell] is jury.BoardCell.SCORED, cell
                before = wanted
                await pilot.pause()
            if count_scored(probe.mirror.rows()) != len(cells):
                rows = "\n".join(probe.mirror.rows())
                raise RuntimeError(f"jury bench: the board does not show every score:\n{rows}")
    finally:
        saver.close()
    return delays


async def _until(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + FRAME_TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"jury bench: no {what} (screen: {pilot.app.screen})")
        await pilot.pause(0.01)


def domain_delays_ms(
    db_path: Path, festival_id: int, cells: list[Cell]
) -> tuple[list[float], list[float]]:
    """The same without a screen: ``ChangeWatch`` at the app's poll interval, then
    :func:`jury.board` until the cell is SCORED. Also returns each ``board()`` call's ms."""
    interval = Settings(db=db_path).poll_interval
    rng = random.Random(SEED + 2)
    saver = Saver(db_path, festival_id)
    delays: list[float] = []
    board_ms: list[float] = []
    try:
        with Database(db_path, migrate=False) as db:
            watch = ChangeWatch(db)
            for cell in cells:
                watch.changed()
                saver.go(rng.uniform(0.01, 0.01 + interval), cell)
                tick = time.monotonic()
                deadline = tick + 10
                while True:
                    tick += interval
                    if tick > deadline:
                        raise RuntimeError(f"jury bench: {cell} not scored on the board in 10 s")
                    time.sleep(max(0.0, tick - time.monotonic()))
                    if not watch.changed():
                        continue
                    started = time.perf_counter()
                    board = jury.board(db, permissions.SYSTEM, festival_id)
                    board_ms.append((time.perf_counter() - started) * 1000)
                    if board.cells[cell] is jury.BoardCell.SCORED:
                        break
                seen = time.time()
                delays.append((seen - saver.committed()) * 1000)
    finally:
        saver.close()
    return delays, board_ms


# -- seven jurors at once ------------------------------------------------------------------


@dataclass(frozen=True)
class Burst:
    seconds: float
    saved: int
    errors: int
    latencies_ms: list[float]


def burst_run(db_path: Path, festival_id: int, start: Path) -> Burst:
    """Seven juror processes save all pitches at once; total seconds, saves and errors."""
    with Database(db_path, migrate=False) as db:
        jurors = [j.id for j in jury.list_jurors(db, festival_id)]
        pitches = [p.initiative_id for p in jury.list_pitches(db, festival_id)]
    procs = [
        subprocess.Popen(
            child_command("_juror.py", "burst", db_path, festival_id, juror, start, *pitches),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
        )
        for juror in jurors
    ]
    try:
        for proc in procs:  # all connected and waiting on the start file
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != "ready":
                raise RuntimeError(f"a juror process did not start: {proc.communicate()[1]}")
        started = time.time()
        start.touch()
        reports: list[dict[str, Any]] = []
        crashed = 0
        for proc in procs:
            out, err = proc.communicate(timeout=CHILD_TIMEOUT)
            if proc.returncode != 0 or err.strip():
                crashed += 1
                progress(f"jury: a juror process failed ({proc.returncode}): {err.strip()}")
                continue
            reports.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    saved = sum(int(r["saved"]) for r in reports)
    failed = sum(int(r["failed"]) for r in reports) + crashed * len(pitches)
    for report in reports:
        if report["first_error"]:
            progress(f"jury: a save failed: {report['first_error']}")
    with Database(db_path, migrate=False) as db:
        rows = db.scalar("SELECT count(*) FROM jury_scores")
        saves = db.scalar("SELECT count(*) FROM jury_saves")
        integrity = db.integrity_check()
    if (rows, saves, integrity) != (saved * CRITERIA, saved, "ok"):
        raise RuntimeError(
            f"jury bench: {saved} saves succeeded but the database holds {saves} saves and "
            f"{rows} scores (integrity: {integrity})"
        )
    return Burst(
        seconds=max(float(r["done"]) for r in reports) - started if reports else float("nan"),
        saved=saved,
        errors=failed,
        latencies_ms=[float(ms) for r in reports for ms in r["latencies_ms"]],
    )


# -- the figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Throughput(Figure):
    """A rate, where more is better: its "p95" column is the slow end (the 5th percentile), so
    that column means the worst 5 % in every row of the table."""

    @property
    def p95(self) -> float:
        return percentile(self.samples, 0.05)


def jury_latency(workdir: Path) -> list[Row]:
    progress(f"jury: demo festival with {JURORS} jurors and {PITCHES} pitches")
    template, festival_id = jury_database(workdir / "template.db")
    cells = trial_cells(template, festival_id)
    poll = Settings(db=template).poll_interval

    progress(f"jury: board on screen x{TRIALS}, poll {poll} s")
    on_screen = asyncio.run(
        screen_delays_ms(fresh_copy(template, workdir / "screen.db"), festival_id, cells)
    )
    progress(f"jury: board without a screen x{TRIALS}")
    domain, board_ms = domain_delays_ms(
        fresh_copy(template, workdir / "domain.db"), festival_id, cells
    )

    seconds: list[float] = []
    rates: list[float] = []
    errors: list[float] = []
    latencies: list[float] = []
    total = JURORS * PITCHES
    for run in range(RUNS):
        progress(f"jury: {JURORS} jurors x {PITCHES} x {CRITERIA} at once, run {run + 1}/{RUNS}")
        db_path = fresh_copy(template, workdir / f"burst-{run}.db")
        result = burst_run(db_path, festival_id, workdir / f"start-{run}")
        seconds.append(result.seconds)
        rates.append(result.saved / result.seconds)
        errors.append(result.errors)
        latencies.extend(result.latencies_ms)
    return [
        Figure(
            f"jury: score saved in another process, shown on the coordinator's board "
            f"(screen, app poll {poll * 1000:.0f} ms)",
            on_screen,
            target=Target(500, "p95"),
        ),
        Figure("  context: the same without a screen (ChangeWatch + jury.board())", domain),
        Figure(f"  context: jury.board() alone ({JURORS} jurors x {PITCHES} pitches)", board_ms),
        Figure(
            f"jury: {JURORS} jurors x {PITCHES} initiatives x {CRITERIA} criteria at once, "
            f"total time ({total} saves, {total * CRITERIA} scores per run)",
            seconds,
            unit="s",
        ),
        Throughput("  the same, saves per second (p95 column: the slowest 5 %)", rates, "saves/s"),
        Figure(
            f"jury: errors in {JURORS} x {PITCHES} x {CRITERIA} at once (per run)",
            errors,
            unit="errors",
            target=Target(0, "p95"),
        ),
        Figure("  context: one save while six others save", latencies),
    ]
