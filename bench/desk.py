"""The registration desk with 10,000 people registered: typing a name, and scanning a badge.

The real app runs headless in this process (``make_app`` + ``run_test``), logged in as the desk
("Bas Balie"), on the demo database plus 10,000 invented registrations. Each figure runs from the
moment a key event is posted to the app until the first frame that shows the result:

* **Keys** are posted the way the terminal driver posts them (``driver.send_message``, the same
  call ``Pilot.press`` makes), without Pilot's idle waits: Pilot only settles the app between
  samples, so its overhead is not in the figures.
* **A frame** is the compositor update the app hands to ``App._display``. Headless Textual skips
  turning it into terminal bytes; the hook below does that work too (truecolor escape codes, as
  a modern terminal gets them), takes the time, and then applies the update to a text mirror of
  the terminal. A figure stops at the first frame whose mirror shows the expected text (only
  writing the bytes to a real terminal and the terminal drawing them are left out).
* **Keystroke to matches**: one letter typed into the desk input (2 to 6 letters of a first or
  last name) until the frame shows the typed text and every expected match, after the desk's
  search has run for that text: Textual's key handling, the SQLite search (names containing
  the text, at most ten) and the repaint. Textual's frame pacing is most of it: the screen's
  60 fps update timer draws a frame as soon as anything changed, then skips ahead to the slot
  after the next one (``Timer._run``). When the letter was echoed in a frame of its own before
  the matches were ready (an ``Input.Changed`` message travels two queues up first), the
  matches came 17 to 33 ms later; the desk's field therefore calls the search in the same
  turn as the key, so letter and matches share one frame. A real terminal runs the same timer.
* **The floor** (a context row): the same keystrokes in a bare Textual app with one Input and a
  ten-line list that follows it through ``Input.Changed``, measured in the same run: what any
  Textual screen with a list costs on this machine.
* **Scan to WELKOM**: a code typed at once, as a hand scanner does. "From Enter" starts when the
  field already holds the code and Enter is posted (the check-in transaction with
  synchronous=FULL, the counts, the result panel). "From the first character" starts before the
  code's first character, all ten characters and Enter posted in one burst, so every prefix of
  the code also goes through the name search on the way, as it does with a real scanner.

The context rows are the same domain calls without a screen, on the same database.
"""

from __future__ import annotations

import asyncio
import io
import random
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from textual import events, on
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.app import App, ComposeResult
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import Input, OptionList

from bench.common import demo_database, progress
from bench.figures import Figure, Row, Target
from festival.app import KerngerichtApp, make_app
from festival.domain import checkin, permissions, registration, registration_search
from festival.domain.festivals import current_festival
from festival.domain.kernen import KernIndex, list_kernen
from festival.domain.permissions import SystemCaller
from festival.domain.registration import PersonInput, insert_person, validate_person
from festival.domain.registration_search import MAX_MATCHES
from festival.settings import Settings
from festival.store.database import Actor, Database

PEOPLE = 10_000
KEYSTROKES = 100
SCANS = 100
SIZE = (120, 40)
SEED = 3
LOGIN = ("Bas Balie", "2222")
BENCH_ACTOR = Actor(name="bench")
#: How long one frame may take to show up before the bench gives up (seconds).
FRAME_TIMEOUT = 5.0

# Invented people with common Dutch names (and some of the region), for a realistic spread
# of LIKE matches: many share a first name, a surname, or a tussenvoegsel.
FIRST_NAMES = (
    "Anna", "Anouk", "Annemiek", "Bram", "Bas", "Bert", "Britt", "Carmen", "Cor", "Corrie",
    "Daan", "Dirk", "Demi", "Eva", "Emma", "Esther", "Evert", "Fenna", "Femke", "Frank",
    "Gijs", "Gerrit", "Gerda", "Hanna", "Henk", "Hendrik", "Ilse", "Imke", "Ingrid", "Jan",
    "Jannes", "Joost", "Johan", "Julia", "Jeroen", "Kees", "Karin", "Koen", "Lotte", "Lieke",
    "Lars", "Luuk", "Mees", "Marieke", "Mark", "Marloes", "Maarten", "Noor", "Nienke", "Niels",
    "Olaf", "Olivia", "Pien", "Pieter", "Petra", "Ruud", "Rik", "Roos", "Sanne", "Sander",
    "Sem", "Sophie", "Thijs", "Tess", "Tom", "Vera", "Vincent", "Wout", "Willem", "Wilma",
    "Yara", "Yvonne", "Zoë", "Aziz", "Bilal", "Chloé", "Elif", "Fleur", "Gert", "Hatice",
    "Mohammed", "Fatima", "Noah", "Liam", "Milan", "Jesse", "Sara", "Iris", "Nina", "Lucas",
)  # fmt: skip
SURNAMES = (
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "van Dijk",
    "Mulder", "de Boer", "van ’t Hof", "Hendriks", "Dekker", "Verbeek", "van Leeuwen",
    "Brouwer", "de Graaf", "Kuiper", "Vos", "Peters", "van der Linden", "Janssen", "de Jong",
    "van der Meer", "Bos", "Vermeulen", "van den Heuvel", "van der Heijden", "de Wit",
    "Dijkstra", "Willems", "Schouten", "van Beek", "Hoekstra", "Koster", "Prins", "Huisman",
    "Kok", "van Wijk", "Post", "Kramer", "van Rijn", "Wouters", "Verhoeven", "de Haan",
    "van Dam", "Boer", "Timmermans", "Groen", "Gerritsen", "Scholten", "van Vliet", "Jacobs",
    "van Doorn", "Koning", "de Lange", "Mertens", "Claassen", "Molenaar", "van Zanten",
    "van Kesteren", "Lingeman", "van Ommeren", "Rietveld", "Hak", "van Eck", "Blom",
    "Ruiter", "van Maurik", "Verwoerd", "ten Hove", "Drost", "Hofman", "van Setten", "Baars",
    "Pauw", "Sluijter", "van Kooten", "de Ridder", "Brink", "Zwart", "Stam", "Veenstra",
    "van Tuil", "Schipper", "Evers", "Hol", "de Bruijn", "Kamphuis", "Wolters",
)  # fmt: skip
ORGANISATIONS = (
    "Fonds Rivierland",
    "Stichting Betuwse Dorpen",
    "Dorpshuis De Kiezel",
    "Gemeente Buren",
    "Woonstichting Lingewaard-Oost",
    "Sportvereniging Lienden",
    "Rabobank West Betuwe",
)
ROLES = ("bezoeker",) * 14 + ("initiatiefnemer",) * 3 + ("subsidieverlener", "jury", "staf")


# -- the database --------------------------------------------------------------------------


def invented_people(rng: random.Random, count: int, kernen: Sequence[str]) -> list[PersonInput]:
    people: list[PersonInput] = []
    for _ in range(count):
        role = rng.choice(ROLES)
        with_org = role in ("subsidieverlener", "staf") or rng.random() < 0.1
        people.append(
            PersonInput(
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                roles=role,
                kern="" if with_org and rng.random() < 0.5 else rng.choice(kernen),
                organisation=rng.choice(ORGANISATIONS) if with_org else "",
                consent_contact=rng.random() < 0.5,
            )
        )
    return people


def desk_database(path: Path) -> tuple[Path, int]:
    """The demo database plus :data:`PEOPLE` more registrations; returns it and the festival."""
    demo_database(path)
    with Database(path) as db:
        festival = current_festival(db)
        assert festival is not None, "the demo has no festival"
        kernen = list_kernen(db)
        index = KernIndex(kernen)
        people = invented_people(random.Random(SEED), PEOPLE, [k.name for k in kernen])
        with db.write(BENCH_ACTOR) as tx:  # one transaction: seconds, not minutes
            for person in people:
                insert_person(tx, festival.id, validate_person(person, index), source="bench")
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        total = db.scalar(
            "SELECT count(*) FROM registrations WHERE festival_id = ?", (festival.id,)
        )
        assert total >= PEOPLE, total
        return path, festival.id


def typing_words(db: Database, rng: random.Random) -> list[str]:
    """Parts of registered names as desk staff type them: 3 to 6 letters of a first name or
    of a surname without its tussenvoegsel, plain letters only."""
    names = [r["name_key"] for r in db.fetchall("SELECT name_key FROM people ORDER BY id")]
    words: list[str] = []
    letters = 0
    while letters < KEYSTROKES:
        parts = rng.choice(names).split()
        part = parts[0] if rng.random() < 0.5 else parts[-1]
        word = "".join(c for c in part if "a" <= c <= "z")[: rng.randint(3, 6)]
        if len(word) >= 3:
            words.append(word)
            letters += len(word) - 1  # the first letter alone searches nothing
    return words


def scan_codes(db: Database, festival_id: int, count: int, offset: int) -> list[tuple[str, str]]:
    """``(code, name)`` of people not checked in whose name nobody else has (so the screen
    tells one welcome from the next), from the bench's own registrations."""
    rows = db.fetchall(
        """SELECT r.code, p.name FROM registrations r JOIN people p ON p.id = r.person_id
        WHERE r.festival_id = ? AND r.source = 'bench' AND r.checked_in_at IS NULL
          AND p.name IN (SELECT name FROM people GROUP BY name HAVING count(*) = 1)
        ORDER BY r.id LIMIT ? OFFSET ?""",
        (festival_id, count, offset),
    )
    assert len(rows) == count, f"only {len(rows)} people with a name of their own"
    return [(r["code"], r["name"]) for r in rows]


# -- the screen as the terminal shows it ---------------------------------------------------


class ScreenMirror:
    """The text a terminal shows after the app's updates, kept from the updates themselves."""

    def __init__(self, width: int, height: int) -> None:
        self.cells = [[" "] * width for _ in range(height)]

    def apply(self, update: object) -> None:
        if isinstance(update, LayoutUpdate):
            for y, line in enumerate(update.strips, update.region.y):
                x = update.region.x
                for strip in line:
                    self._put(x, y, strip)
                    x += strip.cell_length
        elif isinstance(update, ChopsUpdate):
            for y, x1, x2 in update.spans:
                pieces = update.chops[y].items()
                for end, (x, piece) in zip(update.chop_ends[y], pieces, strict=False):
                    if piece is None or x > x2 or end <= x1:
                        continue
                    if x2 > x >= x1 and end <= x2:
                        self._put(x, y, piece)
                    else:  # the same cropping as ChopsUpdate.render_segments
                        self._put(x, y, piece.crop(0, min(end, x2) - x))

    def _put(self, x: int, y: int, strip: Strip) -> None:
        if not 0 <= y < len(self.cells):
            return
        row = self.cells[y]
        for char in strip.text:
            width = cell_len(char)
            if width == 0:
                if x > 0:
                    row[x - 1] += char
                continue
            if x < len(row):
                row[x] = char
            if width == 2 and x + 1 < len(row):
                row[x + 1] = ""
            x += width

    def rows(self) -> list[str]:
        return [
            unicodedata.normalize("NFC", "".join(row)).replace("\xa0", " ") for row in self.cells
        ]


class FrameProbe:
    """Hooks ``App._display``: renders each frame to terminal bytes, mirrors it, and notes the
    time of the first frame for which the pending condition holds."""

    def __init__(self, app: App[Any], width: int, height: int) -> None:
        self.mirror = ScreenMirror(width, height)
        # Truecolor escape codes, as a modern terminal gets them: the work headless mode skips.
        self.console = Console(
            file=io.StringIO(),
            force_terminal=True,
            color_system="truecolor",
            width=width,
            height=height,
            legacy_windows=False,
            safe_box=False,
        )
        self.frames = 0
        self._condition: Callable[[list[str]], bool] | None = None
        self.seen: float | None = None
        app._display = self._display  # type: ignore[method-assign]

    def _display(self, screen: object, renderable: Any) -> None:
        if renderable is None:
            return
        if hasattr(renderable, "render_segments"):
            renderable.render_segments(self.console)
        at = time.perf_counter()
        self.frames += 1
        self.mirror.apply(renderable)
        if self._condition is not None and self._condition(self.mirror.rows()):
            self.seen = at
            self._condition = None

    def expect(self, condition: Callable[[list[str]], bool]) -> None:
        self.seen = None
        self._condition = condition

    async def wait(self, what: str) -> float:
        deadline = time.monotonic() + FRAME_TIMEOUT
        while self.seen is None:
            if time.monotonic() > deadline:
                screen = "\n".join(self.mirror.rows())
                raise RuntimeError(f"desk bench: no frame showed {what}:\n{screen}")
            await asyncio.sleep(0.002)
        return self.seen


def key_event(key: str) -> events.Key:
    """The key event for ``key``, built as ``App._press_keys`` (Pilot.press) builds it."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def post_keys(app: App[Any], *keys: str) -> None:
    """Hand keys to the app as its terminal driver does after reading them."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        driver.send_message(event)


def in_order(rows: Sequence[str], texts: Sequence[str], start: int = 0) -> bool:
    """Whether every text is on its own row, in this order, from row ``start`` on."""
    y = start
    for text in texts:
        while y < len(rows) and text not in rows[y]:
            y += 1
        if y == len(rows):
            return False
        y += 1
    return True


# -- the measurements ----------------------------------------------------------------------


class DeskRun:
    def __init__(self, pilot: Pilot[None], probe: FrameProbe, db: Database, festival_id: int):
        self.pilot = pilot
        self.app: KerngerichtApp = pilot.app  # type: ignore[assignment]
        self.probe = probe
        self.db = db
        self.festival_id = festival_id
        #: When the desk's search handler last finished, and for which text.
        self.searched: tuple[str, float] | None = None

    @property
    def scan(self) -> Input:
        return self.app.screen.query_one("#scan", Input)

    async def open_desk(self) -> None:
        from festival.ui.screens.desk import DeskScreen

        screen = self.app.screen
        screen.query_one("#name", Input).value = LOGIN[0]
        screen.query_one("#pin", Input).value = LOGIN[1]
        screen.query_one("#pin", Input).focus()
        await self.pilot.press("enter")
        deadline = time.monotonic() + FRAME_TIMEOUT
        while not isinstance(self.app.screen, DeskScreen):
            if time.monotonic() > deadline:
                raise RuntimeError(f"desk bench: no desk screen after login: {self.app.screen}")
            await self.pilot.pause(0.01)
        await self.pilot.pause()
        desk = self.app.screen
        show_matches = desk.show_matches

        def noted(matches: list[registration.Registration], **shown: Any) -> None:
            show_matches(matches, **shown)
            self.searched = (self.scan.value, time.perf_counter())

        desk.show_matches = noted  # type: ignore[method-assign]

    async def settle(self) -> None:
        await self.pilot.pause()

    async def keystroke(self, letter: str, typed: str) -> float:
        """Type ``letter`` (the field then holds ``typed``); ms to the frame with the matches."""
        expected = [
            r.name
            for r in registration_search.search(
                self.db, permissions.SYSTEM, self.festival_id, typed
            )
        ]
        assert expected, f"no one matches {typed!r}"

        field = self.scan.content_region.y  # the row the typed text is on

        def shown(rows: list[str]) -> bool:
            if self.searched is None or self.searched[0] != typed:
                return False  # the frame was drawn before the search for this text finished
            return typed in rows[field] and in_order(rows, expected, field + 1)

        self.probe.expect(shown)
        started = time.perf_counter()
        post_keys(self.app, letter)
        seen = await self.probe.wait(f"the matches for {typed!r}")
        await self.settle()
        return (seen - started) * 1000

    async def clear(self) -> None:
        post_keys(self.app, "escape")
        await self.settle()
        assert self.scan.value == "", self.scan.value

    def _welcomed(self, name: str) -> Callable[[list[str]], bool]:
        screen = self.app.screen

        def shown(rows: list[str]) -> bool:
            result = screen.query_one("#result")
            if "-welcome" not in result.classes:
                return False
            return any("WELKOM" in row for row in rows) and any(name in row for row in rows)

        return shown

    async def scan_from_enter(self, code: str, name: str) -> float:
        post_keys(self.app, *code)
        await self.settle()
        assert self.scan.value == code, (self.scan.value, code)
        self.probe.expect(self._welcomed(name))
        started = time.perf_counter()
        post_keys(self.app, "enter")
        seen = await self.probe.wait(f"WELKOM for {name}")
        await self.settle()
        return (seen - started) * 1000

    async def scan_burst(self, code: str, name: str) -> float:
        self.probe.expect(self._welcomed(name))
        started = time.perf_counter()
        post_keys(self.app, *code, "enter")
        seen = await self.probe.wait(f"WELKOM for {name}")
        await self.settle()
        return (seen - started) * 1000


async def run_desk(db_path: Path, festival_id: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {"key": [], "enter": [], "burst": []}
    rng = random.Random(SEED + 1)
    app = make_app(Settings(db=db_path, desk="Bench 1"))
    with Database(db_path) as db:
        words = typing_words(db, rng)
        enter_codes = scan_codes(db, festival_id, SCANS, 0)
        burst_codes = scan_codes(db, festival_id, SCANS, SCANS)
        warm_up = scan_codes(db, festival_id, 1, 2 * SCANS)[0]
        async with app.run_test(size=SIZE) as pilot:
            probe = FrameProbe(app, *SIZE)
            run = DeskRun(pilot, probe, db, festival_id)
            await run.open_desk()
            # Warm up (not counted): the first search and check-in load code and pages.
            post_keys(app, "j")
            await run.settle()
            await run.keystroke("a", "ja")
            await run.clear()
            await run.scan_from_enter(*warm_up)
            progress(f"desk: {len(words)} names typed, letter by letter")
            for word in words:
                post_keys(app, word[0])  # one letter searches nothing: not a sample
                await run.settle()
                for i in range(1, len(word)):
                    samples["key"].append(await run.keystroke(word[i], word[: i + 1]))
                await run.clear()
            progress(f"desk: {SCANS} scans from Enter, {SCANS} scanner bursts")
            for (code, name), (burst, burst_name) in zip(enter_codes, burst_codes, strict=True):
                samples["enter"].append(await run.scan_from_enter(code, name))
                samples["burst"].append(await run.scan_burst(burst, burst_name))
            await pilot.pause()
    return samples


class BareApp(App[None]):
    """The floor: one Input and a ten-line list that follows what is typed, nothing else, as
    plain Textual does it (``Input.Changed`` replaces the list's options)."""

    def compose(self) -> ComposeResult:
        yield Input(id="scan")
        yield OptionList(id="matches")

    @on(Input.Changed, "#scan")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one(OptionList).set_options(
            [f"{event.value} {i}" for i in range(MAX_MATCHES)] if len(event.value) > 1 else []
        )


async def run_bare(words: Sequence[str]) -> list[float]:
    """Keystroke to the frame with the ten lines for it, in :class:`BareApp`."""
    samples: list[float] = []
    app = BareApp()
    async with app.run_test(size=SIZE) as pilot:
        probe = FrameProbe(app, *SIZE)
        field = app.query_one(Input)
        field.focus()
        await pilot.pause()
        for word in words:
            post_keys(app, word[0])
            await pilot.pause()
            for i in range(1, len(word)):
                typed = word[: i + 1]
                lines = [f"{typed} {n}" for n in range(MAX_MATCHES)]
                probe.expect(lambda rows, typed=typed, lines=lines: in_order(rows, [typed, *lines]))
                started = time.perf_counter()
                post_keys(app, word[i])
                seen = await probe.wait(f"the bare list for {typed!r}")
                await pilot.pause()
                samples.append((seen - started) * 1000)
            field.value = ""
            await pilot.pause()
    return samples


def domain_context(db_path: Path, festival_id: int) -> tuple[list[float], list[float]]:
    """The same search and check-in calls without a screen, on the same database."""
    rng = random.Random(SEED + 2)
    actor = SystemCaller("Bas Balie")
    with Database(db_path) as db:
        words = typing_words(db, rng)
        texts = [w[: i + 1] for w in words for i in range(1, len(w))]
        searches: list[float] = []
        registration_search.search(db, permissions.SYSTEM, festival_id, "ja")  # warm up
        for text in texts:
            started = time.perf_counter()
            registration_search.search(db, permissions.SYSTEM, festival_id, text)
            searches.append((time.perf_counter() - started) * 1000)
        checkins: list[float] = []
        for code, _ in scan_codes(db, festival_id, SCANS, 0):
            started = time.perf_counter()
            result = checkin.check_in_code(db, actor, code, "Bench 2")
            checkins.append((time.perf_counter() - started) * 1000)
            assert result.outcome is checkin.CheckInOutcome.WELCOME, result.message
    return searches, checkins


def desk_latency(workdir: Path) -> list[Row]:
    progress(f"desk: demo database plus {PEOPLE:,} registrations")
    db_path, festival_id = desk_database(workdir / "desk.db")
    samples = asyncio.run(run_desk(db_path, festival_id))
    searches, checkins = domain_context(db_path, festival_id)
    with Database(db_path) as db:
        words = typing_words(db, random.Random(SEED + 1))  # the words the desk was typed
    bare = asyncio.run(run_bare(words))
    people = f"{PEOPLE:,} people"
    return [
        Figure(
            f"desk: keystroke to updated matches on screen ({people})",
            samples["key"],
            target=Target(50, "p95"),
        ),
        Figure(
            f"desk: scan to WELKOM on screen, from Enter ({people})",
            samples["enter"],
            target=Target(50, "p95"),
        ),
        Figure(
            f"desk: scan to WELKOM on screen, from a scanner's first character ({people})",
            samples["burst"],
            target=Target(50, "p95"),
        ),
        Figure(
            "  context (floor): the same keystrokes, a bare Textual app with one Input and a"
            " ten-line list",
            bare,
        ),
        Figure("  context: registration_search.search() alone, no screen", searches),
        Figure("  context: check_in_code() alone (synchronous=FULL), no screen", checkins),
    ]
