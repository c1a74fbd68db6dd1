"""The kernagenda screen with 500 items: opening it, and a filter keystroke.

The real app runs headless in this process on the 500-item database of :mod:`bench.agenda`,
logged in as the kernregisseur of Ingen, with the frame probe of :mod:`bench.desk` (each frame
rendered to terminal bytes and mirrored as text; a figure stops at the first frame that shows
the result):

* **First frame of the kernagenda screen**: from the key ``k`` on the home screen until the
  frame that shows the agenda's title and the count line under the full list (the agenda read,
  500 items validated, grouped by theme and drawn).
* **Filter keystroke**: one letter typed in the filter until the frame shows the typed text
  and the count line for exactly the items that match it (the in-memory filter over the 500
  items' fields, one indexed query for their progress notes, the list rebuilt, the repaint).
  Words are typed letter by letter, so the first letters, which match most of the list, are in
  the samples too.
"""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from bench.agenda import ITEMS, KERN, prepared
from bench.common import progress
from bench.desk import FrameProbe, post_keys
from bench.figures import Figure, Row, Target
from festival.app import KerngerichtApp, make_app
from festival.settings import Settings
from festival.store.database import Database
from kernagenda.domain.attention import searchable
from kernagenda.domain.items import list_items
from kernagenda.domain.models import Item
from kernagenda.domain.search import filter_loaded, note_matches, search_words

SIZE = (120, 40)
LOGIN = ("Karin Regisseur", "4444")
OPENS = 30
#: Words a kernregisseur looks for: some match many items, some a few.
WORDS = (
    "dijk", "school", "jeugd", "cafe", "speeltuin", "verlichting", "dorpshuis", "wonen",
    "bankje", "glasvezel", "ouderen", "boomgaard", "parkeren", "zonnepanelen",
)  # fmt: skip
FRAME_TIMEOUT = 5.0


def _count_line(shown: int, total: int) -> re.Pattern[str]:
    text = f"{shown} van {total} punten" if shown != total else f"{total} punten"
    return re.compile(rf"(^|\s){re.escape(text)}")


class AgendaRun:
    def __init__(
        self, pilot: Pilot[None], probe: FrameProbe, db: Database, search: list[tuple[str, Item]]
    ) -> None:
        self.pilot = pilot
        self.app: KerngerichtApp = pilot.app  # type: ignore[assignment]
        self.probe = probe
        #: The bench's own connection, to know what a filter should show (not timed).
        self.db = db
        self.search = search
        self.total = len(search)

    async def log_in(self) -> None:
        screen = self.app.screen
        screen.query_one("#name", Input).value = LOGIN[0]
        screen.query_one("#pin", Input).value = LOGIN[1]
        screen.query_one("#pin", Input).focus()
        await self.pilot.press("enter")
        await self._until(lambda: "Kernagenda" in type(self.app.screen).__name__)

    async def _until(self, condition: object) -> None:
        deadline = time.monotonic() + FRAME_TIMEOUT
        while not condition():  # type: ignore[operator]
            if time.monotonic() > deadline:
                raise RuntimeError(f"agenda bench: gave up waiting on {self.app.screen}")
            await self.pilot.pause(0.01)
        await self.pilot.pause()

    async def open_from_home(self) -> float:
        """Back to the home screen, then ``k``: ms to the frame with the whole list drawn."""
        post_keys(self.app, "escape")
        await self._until(lambda: type(self.app.screen).__name__ == "HomeScreen")
        count = _count_line(self.total, self.total)

        def shown(rows: list[str]) -> bool:
            return any(f"Kernagenda {KERN}" in r for r in rows) and any(
                count.search(r) for r in rows
            )

        self.probe.expect(shown)
        started = time.perf_counter()
        post_keys(self.app, "k")
        seen = await self.probe.wait(f"the kernagenda of {KERN}")
        await self.pilot.pause()
        return (seen - started) * 1000

    def matching(self, typed: str) -> int:
        words = search_words(typed)
        return len(filter_loaded(self.search, words, note_matches(self.db, words)))

    async def keystroke(self, letter: str, typed: str) -> float:
        count = _count_line(self.matching(typed), self.total)
        field = self.app.screen.query_one("#agenda-filter", Input).content_region.y

        def shown(rows: list[str]) -> bool:
            return typed in rows[field] and any(count.search(r) for r in rows)

        self.probe.expect(shown)
        started = time.perf_counter()
        post_keys(self.app, letter)
        seen = await self.probe.wait(f"the items matching {typed!r}")
        await self.pilot.pause()
        return (seen - started) * 1000

    async def clear_filter(self) -> None:
        self.app.screen.query_one("#agenda-filter", Input).value = ""
        await self.pilot.pause()


async def run_screen(db_path: Path) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {"open": [], "key": []}
    db = Database(db_path)
    agenda_id = db.scalar(
        "SELECT a.id FROM agendas a JOIN kernen k ON k.id = a.kern_id WHERE k.name = ?",
        (KERN,),
    )
    # The screen's own index: the items' fields and their attention words ("verlopen").
    search = searchable(db, int(agenda_id), list_items(db, int(agenda_id)), date.today())
    assert len(search) == ITEMS, len(search)
    app = make_app(Settings(db=db_path, start="kernagenda"))
    async with app.run_test(size=SIZE) as pilot:
        probe = FrameProbe(app, *SIZE)
        run = AgendaRun(pilot, probe, db, search)
        await run.log_in()
        # Typing first, as a kernregisseur who opens the agenda and looks something up; the
        # repeated openings after it grow the heap (Textual keeps drawn lines in bounded
        # caches), and with it the full garbage collections that land in the samples.
        progress(f"kernagenda filter: {len(WORDS)} words typed letter by letter")
        post_keys(app, "slash")
        await pilot.pause()
        for word in WORDS:
            for i, letter in enumerate(word):
                samples["key"].append(await run.keystroke(letter, word[: i + 1]))
            await run.clear_filter()
        post_keys(app, "escape")  # back to the list
        await pilot.pause()
        await run.open_from_home()  # warm up: not counted
        progress(f"kernagenda screen: opened {OPENS} times")
        for _ in range(OPENS):
            samples["open"].append(await run.open_from_home())
    db.close()
    return samples


def agenda_screen_time(workdir: Path) -> list[Row]:
    import asyncio

    path, _ = prepared(workdir)
    samples = asyncio.run(run_screen(path))
    return [
        Figure(
            f"kernagenda screen, {ITEMS} items: key on home to first full frame", samples["open"]
        ),
        Figure(
            f"kernagenda filter keystroke to updated list, {ITEMS} items",
            samples["key"],
            target=Target(50),
        ),
    ]
