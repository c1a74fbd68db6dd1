"""Write the ledger to a CSV file that Excel with Dutch settings opens correctly."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Static

from festival.core.files import os_error_text, write_private
from festival.domain import budget_io
from festival.session import Session
from festival.ui.dialogs.form_dialog import FormDialog


class ExportDialog(FormDialog[Path]):
    """Returns the written path, or None when cancelled."""

    AUTO_FOCUS = "#path"

    def __init__(self, session: Session, year: int) -> None:
        super().__init__()
        self.session = session
        self.year = year

    def compose(self) -> ComposeResult:
        default = Path.home() / f"aanvragen-leefbaarheidsbudget-{self.year}.csv"
        with Vertical(classes="dialog dialog-wide"):
            yield Static(
                f"Aanvragen {self.year} exporteren (CSV voor Excel)", classes="dialog-title"
            )
            yield Input(str(default), id="path", compact=True)
            yield from self.form_footer("Exporteren")

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        try:
            write_private(
                path, budget_io.export_applications(self.session.db, self.session.user, self.year)
            )
        except OSError as exc:
            self.query_one("#form-error", Static).update(
                f"Kan {path} niet schrijven: {os_error_text(exc)}."
            )
            return
        self.dismiss(path)
