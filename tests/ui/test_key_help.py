"""The key help ("?") is made from the screen's bindings: a new binding shows up in it, and
every line of it is a binding the user can press."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode
from textual.pilot import Pilot

from festival.app import KerngerichtApp, make_app
from festival.settings import Settings
from festival.ui.key_help import ScreenKey, key_name, key_sheet
from festival.ui.screens.message import MessageScreen
from kernagenda.ui.agenda_screen import KernagendaScreen
from tests.ui.helpers import COORDINATOR, JURY, log_in, static_text, wait_until


class ZoomingAgenda(KernagendaScreen):
    """The kernagenda with one key more, as a later change might add."""

    BINDINGS = [Binding("z", "zoom", "Inzoomen", show=False, tooltip="Inzoomen op het punt")]

    def action_zoom(self) -> None:
        self.notify("ingezoomd")


def kernagenda_app(db_path: Path) -> KerngerichtApp:
    return make_app(Settings(db=db_path, poll_interval=5, start="kernagenda"))


async def open_help(pilot: Pilot[None]) -> str:
    await pilot.press("question_mark")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, MessageScreen))
    return static_text(pilot, "#message")


def sheet_lines(sheet: str) -> list[tuple[str, str]]:
    """The sheet's key lines as (keys, text); group titles and the note are not indented."""
    lines = []
    for line in sheet.splitlines():
        if line.startswith("  "):
            keys, text = line.strip().split("  ", 1)
            lines.append((keys, text.strip()))
    return lines


async def test_every_help_line_is_a_binding_of_the_screen_or_the_app(db_path: Path) -> None:
    app = kernagenda_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *COORDINATOR)
        screen = app.screen
        assert isinstance(screen, KernagendaScreen)
        sheet = await open_help(pilot)
        bound = {
            key_name(binding): binding
            for binding in [*KernagendaScreen.BINDINGS, *type(app).BINDINGS]
            if isinstance(binding, Binding)
        }
        lines = sheet_lines(sheet)
        assert len(lines) > 20
        for keys, text in lines:
            bindings = [bound[key] for key in keys.split(" of ")]
            # One line per action; its text is that action's explanation.
            assert len({b.action for b in bindings}) == 1, keys
            assert text in {b.tooltip or b.description for b in bindings}, text
        # The groups of the hand-written sheet it replaces, and its extra explanations.
        for title in ("Lijst", "Agendapunt (kernregisseur van de kern of coördinator)", "Agenda"):
            assert f"\n{title}\n" in f"\n{sheet}\n"
        assert ("⇧↑ of -", "Speerpunt hoger") in lines
        assert ("/", "Filteren terwijl u typt (Enter of ↓: terug naar de lijst)") in lines
        assert ("Ctrl+Q", "Afsluiten") in lines and ("Esc", "Terug") in lines
        # Textual's own English keys are not the screen's.
        assert "Focus" not in sheet and "Copy" not in sheet


async def test_a_binding_added_to_a_screen_appears_in_its_help(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *COORDINATOR)
        assert app.session is not None
        await app.push_screen(ZoomingAgenda(app.session))
        await pilot.pause()
        sheet = await open_help(pilot)
        assert ("z", "Inzoomen op het punt") in sheet_lines(sheet)
        # Named by no group: it comes under "Verder", with the keys that work everywhere.
        assert sheet.index("Verder") < sheet.index("Inzoomen op het punt")


async def test_the_help_leaves_out_what_the_role_may_not_do(db_path: Path) -> None:
    app = kernagenda_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *JURY)
        sheet = await open_help(pilot)
        texts = [text for _, text in sheet_lines(sheet)]
        assert "Geschiedenis: voortgang en elke wijziging" in texts
        assert "Nieuw agendapunt (in het thema onder de cursor)" not in texts
        assert "Importeren uit CSV (alles of niets)" not in texts


def test_the_sheet_groups_in_the_given_order_and_keeps_unknown_keys_last() -> None:
    node = DOMNode()

    def key(k: str, action: str, text: str) -> ScreenKey:
        return ScreenKey((k,), text, text, action, node, True)

    sheet = key_sheet(
        [key("x", "export", "Exporteren"), key("q", "quit", "Afsluiten"), key("n", "new", "Nieuw")],
        {"new": "Punt", "export": "Agenda"},
        note="Een notitie.",
    )
    assert sheet == (
        "Punt\n  n           Nieuw\n\n"
        "Agenda\n  x           Exporteren\n\n"
        "Verder\n  q           Afsluiten\n\n"
        "Een notitie."
    )


def test_keys_are_named_as_people_read_them() -> None:
    assert key_name(Binding("ctrl+q", "quit")) == "Ctrl+Q"
    assert key_name(Binding("escape", "back")) == "Esc"
    assert key_name(Binding("slash", "filter")) == "/"
    assert key_name(Binding("f2", "walk_in")) == "F2"
    assert key_name(Binding("shift+up", "move", key_display="⇧↑")) == "⇧↑"
    assert key_name(Binding("delete", "remove")) == "Delete"
