"""The command palette (Ctrl+P): the logged-in role's sections and the current screen's keys.

Only what the role may do is offered: the home sections of its role, and the keys the screen's
``check_action`` allows now. Before anyone logs in the palette does not open at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.screen import ModalScreen
from textual.widgets.option_list import Option

from festival.ui.key_help import screen_keys

if TYPE_CHECKING:
    from festival.app import KerngerichtApp

PLACEHOLDER = "Zoek een onderdeel of opdracht…"
NO_MATCHES = "Niets gevonden"


@dataclass(frozen=True)
class PaletteCommand:
    """One line of the palette: what it says, a help line under it, and what it does."""

    text: str
    help: str
    run: Callable[[], object]


class RoleCommands(Provider):
    """The sections the user's role may open and the current screen's usable keys."""

    def commands(self) -> list[PaletteCommand]:
        app = cast("KerngerichtApp", self.app)
        session = app.session
        if session is None:
            return []
        # Imported here: the sections are not needed before someone has logged in.
        from festival.ui.sections import sections_for

        commands: list[PaletteCommand] = []
        # A dialog is answered or closed first; it is not left by opening a section.
        if not isinstance(self.screen, ModalScreen):
            commands.extend(
                PaletteCommand(
                    section.title, section.description, partial(app.open_section, section)
                )
                for section in sections_for(session.user.role)
            )
        seen = {command.text for command in commands}
        for key in screen_keys(self.screen):
            if not key.enabled or key.action_name == "command_palette":
                continue
            # The home's own section keys are the sections listed above.
            if key.description in seen:
                continue
            seen.add(key.description)
            explanation = "" if key.explanation == key.description else f" · {key.explanation}"
            commands.append(
                PaletteCommand(
                    key.description,
                    f"Toets {key.key_text}{explanation}",
                    partial(app.run_action, key.action, key.node),
                )
            )
        return commands

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(command.text, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            # The name counts most; the explanation under it finds the rest ("raad").
            score = matcher.match(command.text) or matcher.match(command.help) / 2
            if score > 0:
                yield Hit(score, matcher.highlight(command.text), command.run, help=command.help)


class KerngerichtPalette(CommandPalette):
    """Textual's command palette, in Dutch."""

    def __init__(self) -> None:
        super().__init__(placeholder=PLACEHOLDER, id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own version says "No matches found"; this one says it in Dutch.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(NO_MATCHES, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
