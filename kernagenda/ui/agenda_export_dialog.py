"""Write the agenda for residents as PDF, Word, HTML or Markdown.

Before anything is saved the dialog previews what is left out of the document and why
(contact details, persons without consent, internal notes). The preview and the document are
made in workers (a PDF of hundreds of items takes a good part of a second); the dialog shows it
is busy meanwhile, writes the file when the document arrives (a concept's name says so) and
records the publication.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.traceback import Traceback
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Select, Static
from textual.worker import get_current_worker

from festival.core.dates import format_date_long
from festival.core.errors import InvalidInput, NotAllowed
from festival.core.files import os_error_text, write_private
from festival.core.text import fold
from festival.session import Session
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField
from kernagenda.domain.documents import (
    build_document,
    concept_path,
    describe_omission,
    export_document,
)
from kernagenda.domain.models import Agenda
from kernagenda.domain.permissions import require_publish
from kernagenda.domain.publication import record_publication
from kernagenda.domain.versions import get_version, list_versions
from kernagenda.ui.document_errors import MAKE_ERRORS, make_failed_message

FORMATS = [
    ("PDF (om te printen of te mailen)", "pdf"),
    ("Word (docx)", "docx"),
    ("HTML (website)", "html"),
    ("Markdown (tekst)", "md"),
]
FORMAT_NAMES = {"pdf": "PDF", "docx": "Word", "html": "HTML", "md": "Markdown"}
#: The endings a name can have, and the format each one means.
SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".md": "md"}
#: The Versie choice for the current agenda (a fixed version is chosen by its id).
CONCEPT = -1
#: Shown above the buttons while the worker makes the document.
BUSY_TEXT = "Bezig met maken …"


class AgendaExportDialog(FormDialog[Path]):
    """Returns the written path, or None when cancelled."""

    AUTO_FOCUS = "#export-path"

    @dataclass
    class DocumentMade(Message):
        """A worker made the document (or met an error that stopped it)."""

        path: Path
        """where the document is to be written"""
        made: bytes | Exception
        """the document, or the error (one of MAKE_ERRORS) that stopped it"""

    @dataclass
    class PreviewMade(Message):
        """A worker listed what the document of a version leaves out."""

        version_id: int | None
        lines: list[str] | Exception

    def __init__(self, session: Session, agenda: Agenda) -> None:
        super().__init__()
        self.session = session
        self.agenda = agenda
        #: A document is being made: a second save waits for it.
        self.making = False
        #: What the document being made is, for the record of its publication.
        self._format = "pdf"
        self._version_id: int | None = None

    def _default(self, fmt: str) -> Path:
        name = fold(self.agenda.kern_name).replace(" ", "-")
        return Path.home() / f"kernagenda-{name}.{fmt}"

    def _versions(self) -> list[tuple[str, int]]:
        """The fixed versions, newest first, then the current concept."""
        choices = []
        for version in reversed(list_versions(self.session.db, self.agenda.id)):
            day = datetime.fromisoformat(version.frozen_at).astimezone().date()
            choices.append(
                (f"{version.version_label} (vastgesteld {format_date_long(day)})", version.id)
            )
        choices.append(("huidige concept (nog niet vastgesteld)", CONCEPT))
        return choices

    def compose(self) -> ComposeResult:
        versions = self._versions()
        with VerticalScroll(classes="dialog dialog-wide"):
            yield Static(
                f"Kernagenda {self.agenda.kern_name} voor inwoners",
                classes="dialog-title",
                markup=False,
            )
            yield Static(
                "Alleen wat openbaar is; hieronder staat wat wordt weggelaten.",
                classes="dialog-help",
            )
            yield FormField(
                "Formaat",
                Select(FORMATS, id="export-format", compact=True, allow_blank=False, value="pdf"),
                name="format",
            )
            yield FormField(
                "Versie",
                Select(
                    versions,
                    id="export-version",
                    compact=True,
                    allow_blank=False,
                    value=versions[0][1],
                ),
                name="version",
            )
            yield FormField(
                "Voor",
                Input("inwoners", id="export-recipient", compact=True, max_length=200),
                name="recipient",
            )
            yield FormField(
                "Bestand",
                Input(str(self._default("pdf")), id="export-path", compact=True),
                name="path",
            )
            with VerticalScroll(id="export-preview"):
                yield Static(BUSY_TEXT, id="export-left-out", markup=False)
            yield Static(BUSY_TEXT, id="busy-note", classes="busy-note")
            yield from self.form_footer("Exporteren")

    def on_mount(self) -> None:
        self._preview(self._chosen_version())

    def _chosen_version(self) -> int | None:
        chosen = self.query_one("#export-version", Select).value
        return chosen if isinstance(chosen, int) and chosen != CONCEPT else None

    @on(Select.Changed, "#export-version")
    def _version_changed(self) -> None:
        self._preview(self._chosen_version())

    @work(thread=True, exclusive=True, group="preview")
    def _preview(self, version_id: int | None) -> None:
        lines: list[str] | Exception
        try:
            with self.session.db.reopen() as db:
                made = build_document(db, self.agenda.kern_id, version_id)
            lines = [describe_omission(o) for o in made.omissions]
        except MAKE_ERRORS as exc:
            lines = exc
        if not get_current_worker().is_cancelled:
            self.post_message(self.PreviewMade(version_id, lines))

    @on(PreviewMade)
    def _preview_made(self, message: PreviewMade) -> None:
        if message.version_id != self._chosen_version():
            return  # an older choice's answer
        shown = self.query_one("#export-left-out", Static)
        if isinstance(message.lines, Exception):
            shown.update(make_failed_message(message.lines))
        elif message.lines:
            shown.update(f"Wordt weggelaten ({len(message.lines)}):\n" + "\n".join(message.lines))
        else:
            shown.update("Niets weggelaten: geen contactgegevens of interne notities gevonden.")

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        path_input = self.query_one("#export-path", Input)
        current = Path(path_input.value.strip()).expanduser()
        if current.suffix.lower() in SUFFIXES:
            path_input.value = str(current.with_suffix(f".{event.value}"))

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        if self.making:
            return
        fmt = str(self.query_one("#export-format", Select).value)
        version_id = self._chosen_version()
        try:
            require_publish(self.session.user, self.agenda)
        except NotAllowed as exc:
            self.show_errors({}, exc.message)
            return
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self.show_errors({"path": "Vul een bestandsnaam in."})
            return
        path = Path(raw).expanduser()
        meant = SUFFIXES.get(path.suffix.lower())
        if meant is not None and meant != fmt:
            self.show_errors(
                {
                    "path": f"De naam eindigt op {path.suffix} maar het formaat is "
                    f"{FORMAT_NAMES[fmt]}; pas de naam of het formaat aan."
                }
            )
            return
        if version_id is None:
            path = concept_path(path)  # a concept's file name says so
        self.show_errors({})  # an earlier refusal no longer holds
        self.write_after_asking(path, "deze kernagenda", lambda: self._start(path, fmt, version_id))

    def _start(self, path: Path, fmt: str, version_id: int | None) -> None:
        self._show_busy(True)
        self._make(path, fmt, version_id)
        self._format, self._version_id = fmt, version_id

    def _show_busy(self, busy: bool) -> None:
        self.making = busy
        self.set_class(busy, "-busy")  # shows the busy note
        self.query_one("#save", Button).disabled = busy

    @work(thread=True, exclusive=True)
    def _make(self, path: Path, fmt: str, version_id: int | None) -> None:
        made: bytes | Exception
        try:
            # A connection of this thread's own: an SQLite connection belongs to one thread.
            with self.session.db.reopen() as db:
                made = export_document(db, self.agenda.kern_id, fmt, version_id)
        except MAKE_ERRORS as exc:
            made = exc
        if not get_current_worker().is_cancelled:  # closed meanwhile: nothing to write
            self.post_message(self.DocumentMade(path, made))

    @on(DocumentMade)
    def _document_made(self, message: DocumentMade) -> None:
        self._show_busy(False)
        path, made = message.path, message.made
        if isinstance(made, Exception):
            # Textual's crash screen would show local variables; the log keeps the details.
            self.log.error(Traceback.from_exception(type(made), made, made.__traceback__))
            self.show_errors({}, make_failed_message(made))
            return
        try:
            write_private(path, made)
        except OSError as exc:
            self.show_errors({"path": f"Kan {path} niet schrijven: {os_error_text(exc)}."})
            return
        label = self.agenda.version_label
        if self._version_id is not None:
            label = get_version(self.session.db, self._version_id).version_label
        try:
            record_publication(
                self.session.db,
                self.session.user,
                self.agenda.id,
                version_id=self._version_id,
                version_label=label,
                fmt=self._format,
                recipient=self.query_one("#export-recipient", Input).value,
            )
        except (InvalidInput, NotAllowed) as exc:
            self.show_errors({}, f"Geschreven naar {path}, maar niet vastgelegd: {exc.message}")
            return
        self.dismiss(path)
