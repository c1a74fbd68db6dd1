"""The pitch timer's minutes (pitch, then questions), set by the coordinator from the board."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Static

from festival.core.errors import InvalidInput, NotAllowed
from festival.domain import stage
from festival.domain.stage import StageTimer
from festival.session import Session
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField


class StageTimerDialog(FormDialog[StageTimer]):
    def __init__(self, session: Session, festival_id: int) -> None:
        super().__init__()
        self.session = session
        self.festival_id = festival_id

    def compose(self) -> ComposeResult:
        current = stage.read_timer(self.session.db, self.festival_id)
        with Vertical(classes="dialog"):
            yield Static("Pitchtimer", classes="dialog-title")
            yield Static(
                "Hoeveel minuten voor de pitch en daarna voor vragen? De timer op het bord, bij "
                "de juryleden en op het zaalscherm telt ze af.",
                classes="dialog-help",
            )
            yield FormField(
                "Pitch (min.)",
                Input(str(current.pitch_minutes), id="pitch", compact=True),
                name="pitch",
            )
            yield FormField(
                "Vragen (min.)",
                Input(str(current.question_minutes), id="questions", compact=True),
                name="questions",
            )
            yield from self.form_footer()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        try:
            stored = stage.set_minutes(
                self.session.db,
                self.session.user,
                self.festival_id,
                pitch=self.query_one("#pitch", Input).value,
                questions=self.query_one("#questions", Input).value,
            )
        except (InvalidInput, NotAllowed) as exc:
            self.show_errors({}, exc.message)
            return
        self.dismiss(stored)
