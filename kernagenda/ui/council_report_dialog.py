"""The progress of all pilot kernen for a raadsinformatiebrief: preview, then save as text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Static

from festival.core.dates import format_date, parse_optional_date
from festival.core.errors import InvalidInput
from festival.core.files import os_error_text
from festival.session import Session
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField
from kernagenda.domain.council import format_progress, progress_summary


class CouncilReportDialog(FormDialog[Path]):
    """Returns the written path, or None when closed without saving."""

    AUTO_FOCUS = "#report-since"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.report = ""

    def compose(self) -> ComposeResult:
        start = date(date.today().year, 1, 1)
        with VerticalScroll(classes="dialog dialog-wide", id="report-box"):
            yield Static("Voortgang voor de raad", classes="dialog-title")
            yield Static(
                "Alle pilotkernen: aantallen per status en thema, en wat sinds de datum is "
                "toegevoegd, afgerond of gewijzigd. Leeg: geen vergelijking.",
                classes="dialog-help",
            )
            yield FormField(
                "Sinds",
                Input(
                    format_date(start), id="report-since", compact=True, placeholder="dd-mm-jjjj"
                ),
                name="since",
            )
            with VerticalScroll(id="report-preview"):
                yield Static(id="report-text", markup=False)
            yield FormField(
                "Bestand",
                Input(
                    str(Path.home() / f"voortgang-kernagendas-{date.today().isoformat()}.txt"),
                    id="report-path",
                    compact=True,
                ),
                name="path",
            )
            yield from self.form_footer("Opslaan")

    def on_mount(self) -> None:
        self._preview()

    @on(Input.Changed, "#report-since")
    def _since_changed(self) -> None:
        self._preview()

    def _preview(self) -> bool:
        """Redraw the report for the date typed; False (and the last good preview kept) while
        the date is not a date."""
        raw = self.query_one("#report-since", Input).value
        try:
            since = parse_optional_date(raw, "since")
        except InvalidInput as exc:
            self.query_one("#field-since", FormField).error = exc.message
            return False
        self.query_one("#field-since", FormField).error = ""
        self.report = format_progress(progress_summary(self.session.db, since), since)
        self.query_one("#report-text", Static).update(Text(self.report))
        return True

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        if not self._preview():
            return
        raw = self.query_one("#report-path", Input).value.strip()
        if not raw:
            self.show_errors({"path": "Vul een bestandsnaam in."})
            return
        path = Path(raw).expanduser()
        self.show_errors({})  # an earlier refusal no longer holds
        self.write_after_asking(path, "dit overzicht", lambda: self._write(path))

    def _write(self, path: Path) -> None:
        try:
            path.write_text(self.report, encoding="utf-8")
        except OSError as exc:
            self.show_errors({"path": f"Kan {path} niet schrijven: {os_error_text(exc)}."})
            return
        self.dismiss(path)
