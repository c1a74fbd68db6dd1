"""The progress of all pilot kernen as a raadsinformatiebrief: preview, then save as Word,
PDF, Markdown or text (by the file's ending).

The report is made in a worker (it reads every pilot kern's agenda), for the preview on every
date typed and once more on saving, so the file holds what the database says then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.text import Text
from rich.traceback import Traceback
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Static
from textual.worker import get_current_worker

from festival.core.dates import format_date, parse_optional_date
from festival.core.errors import InvalidInput
from festival.core.files import os_error_text, write_private
from festival.session import Session
from festival.ui.dialogs.form_dialog import ErrorLine, FormDialog
from festival.ui.widgets.form_field import FormField
from kernagenda.domain.blocks import to_markdown
from kernagenda.domain.council_report import council_report, report_document
from kernagenda.domain.documents import render
from kernagenda.ui.document_errors import MAKE_ERRORS, make_failed_message

#: Shown above the buttons while the worker makes the document.
BUSY_TEXT = "Bezig met maken …"
#: The endings a report can be saved with, and the format each one means (text: the preview).
SUFFIXES = {".docx": "docx", ".pdf": "pdf", ".md": "md", ".txt": "txt"}


class CouncilReportDialog(FormDialog[Path]):
    """Returns the written path, or None when closed without saving."""

    AUTO_FOCUS = "#report-since"

    @dataclass
    class ReportMade(Message):
        """A worker summarised the progress of every pilot kern (or met an error)."""

        generation: int
        """which request it answers; an older one is dropped"""
        path: Path | None
        """where to save the report once made; None for the preview only"""
        made: tuple[str, bytes] | Exception
        """the preview and the file's bytes (empty for the preview only), or the error (one
        of MAKE_ERRORS) that stopped it"""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.report = ""
        #: Bumped by every request; only the newest one's answer is shown.
        self._generation = 0
        #: The date of the newest preview asked for (and not failed), to ask once per date:
        #: the field reports its first value as a change too.
        self._asked: tuple[date | None] | None = None
        #: The report is being made to be saved: the date and a second save wait for it.
        self.saving = False

    def compose(self) -> ComposeResult:
        start = date(date.today().year, 1, 1)
        with VerticalScroll(classes="dialog dialog-wide", id="report-box"):
            yield Static("Voortgang voor de raad", classes="dialog-title")
            yield Static(
                "Raadsinformatiebrief over alle pilotkernen: speerpunten, wat achterloopt, wat "
                "sinds de datum veranderde, en budgetten. Leeg: sinds de laatst vastgestelde "
                "versie. Opslaan als .docx (Word), .pdf, .md of .txt.",
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
                yield Static(BUSY_TEXT, id="report-text", markup=False)
            yield FormField(
                "Bestand",
                Input(
                    str(Path.home() / f"voortgang-kernagendas-{date.today().isoformat()}.docx"),
                    id="report-path",
                    compact=True,
                ),
                name="path",
            )
            yield Static(BUSY_TEXT, id="busy-note", classes="busy-note")
            yield from self.form_footer("Opslaan")

    def on_mount(self) -> None:
        self._preview()

    @on(Input.Changed, "#report-since")
    def _since_changed(self) -> None:
        if not self.saving:  # a save under way writes the date it started with
            self._preview()

    def _since(self) -> tuple[bool, date | None]:
        """Whether the date typed is a date (else the error shows beside it), and the date
        (None: empty, no comparison)."""
        raw = self.query_one("#report-since", Input).value
        try:
            since = parse_optional_date(raw, "since")
        except InvalidInput as exc:
            self.query_one("#field-since", FormField).error = exc.message
            return False, None
        self.query_one("#field-since", FormField).error = ""
        return True, since

    def _preview(self, path: Path | None = None) -> bool:
        """Have the report made for the date typed, and saved to ``path`` when given; False
        (and the last good preview kept) while the date is not a date."""
        valid, since = self._since()
        if not valid:
            return False
        if path is None and self._asked == (since,):
            return True
        self._asked = (since,)
        self._generation += 1
        self._make(self._generation, since, path)
        return True

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        if self.saving or not self._since()[0]:
            return
        raw = self.query_one("#report-path", Input).value.strip()
        if not raw:
            self.show_errors({"path": "Vul een bestandsnaam in."})
            return
        path = Path(raw).expanduser()
        if path.suffix.lower() not in SUFFIXES:
            self.show_errors({"path": "Laat de naam eindigen op .docx (Word), .pdf, .md of .txt."})
            return
        self.show_errors({})  # an earlier refusal no longer holds
        self.write_after_asking(path, "dit overzicht", lambda: self._start_saving(path))

    def _start_saving(self, path: Path) -> None:
        if self._preview(path):
            self._show_busy(True)

    def _show_busy(self, busy: bool) -> None:
        self.saving = busy
        self.set_class(busy, "-busy")  # shows the busy note
        self.query_one("#save", Button).disabled = busy

    @work(thread=True, exclusive=True)
    def _make(self, generation: int, since: date | None, path: Path | None) -> None:
        made: tuple[str, bytes] | Exception
        try:
            # A connection of this thread's own: an SQLite connection belongs to one thread.
            with self.session.db.reopen() as db:
                report = council_report(db, since, since_version=since is None)
                doc = report_document(db, report)
            preview = to_markdown(doc)
            fmt = SUFFIXES.get(path.suffix.lower(), "txt") if path is not None else "txt"
            data = b"" if path is None else preview.encode("utf-8")
            if fmt not in ("txt", "md"):
                data = render(doc, fmt)
            made = (preview, data)
        except MAKE_ERRORS as exc:
            made = exc
        if not get_current_worker().is_cancelled:  # a newer request or a close replaced it
            self.post_message(self.ReportMade(generation, path, made))

    @on(ReportMade)
    def _report_made(self, message: ReportMade) -> None:
        if message.generation != self._generation:
            return  # a newer request is under way
        made = message.made
        if isinstance(made, Exception):
            self._asked = None  # the same date again is worth another try
            self._show_busy(False)
            # Textual's crash screen would show local variables; the log keeps the details.
            self.log.error(Traceback.from_exception(type(made), made, made.__traceback__))
            self.query_one("#form-error", ErrorLine).show(make_failed_message(made))
            if not self.report:
                self.query_one("#report-text", Static).update("")  # nothing made yet
            return
        self.query_one("#form-error", ErrorLine).show("")  # an earlier failure no longer holds
        self.report, data = made
        self.query_one("#report-text", Static).update(Text(self.report))
        if message.path is not None:
            self._write(message.path, data)

    def _write(self, path: Path, data: bytes) -> None:
        try:
            write_private(path, data)
        except OSError as exc:
            self._show_busy(False)
            self.show_errors({"path": f"Kan {path} niet schrijven: {os_error_text(exc)}."})
            return
        self.dismiss(path)
