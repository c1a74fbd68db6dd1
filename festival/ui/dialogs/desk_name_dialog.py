"""Name this terminal's desk once, so check-ins say where they happened.

A name another desk is using is refused: a desk is in use when something was checked in under
its name in the last :data:`~festival.domain.checkin.LIVE_DESK_WINDOW` (fifteen minutes). The
field starts on the first "Balie N" that is free.
"""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Static

from festival.core.errors import InvalidInput
from festival.core.text import clean_text, fold
from festival.domain.checkin import LIVE_DESK_WINDOW
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField


def free_desk_name(live: dict[str, datetime]) -> str:
    """The first "Balie N" no live desk uses."""
    taken = {fold(name) for name in live}
    number = 1
    while fold(f"Balie {number}") in taken:
        number += 1
    return f"Balie {number}"


class DeskNameDialog(FormDialog[str]):
    AUTO_FOCUS = "#desk"

    def __init__(self, live: dict[str, datetime] | None = None) -> None:
        super().__init__()
        #: Desks in use now: name -> last check-in there.
        self.live = live or {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Welke balie is dit?", classes="dialog-title")
            yield Static(
                "De naam staat bij elke check-in, zodat iedereen ziet waar iemand binnenkwam. "
                "Tip: start met --desk 'Balie 1' of FESTIVAL_DESK om dit over te slaan.",
                classes="dialog-help",
            )
            yield FormField(
                "Balie",
                Input(free_desk_name(self.live), id="desk", compact=True, max_length=30),
                name="desk",
            )
            yield from self.form_footer()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        try:
            desk = clean_text(
                self.query_one("#desk", Input).value, "desk", "Balienaam", max_length=30
            )
        except InvalidInput as exc:
            self.show_errors({"desk": exc.message})
            return
        in_use = {fold(name): (name, at) for name, at in self.live.items()}
        if fold(desk) in in_use:
            name, at = in_use[fold(desk)]
            minutes = int(LIVE_DESK_WINDOW.total_seconds() // 60)
            self.show_errors(
                {
                    "desk": f"{name} is in gebruik (laatste check-in om "
                    f"{at.astimezone():%H:%M}, binnen {minutes} minuten); kies een andere naam."
                }
            )
            return
        self.dismiss(desk)
