"""Import applications from a CSV file, with a progress bar and every refused line listed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Input, ProgressBar, Static

from festival.core.csv_io import ImportFailed, Progress
from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.core.files import os_error_text
from festival.domain.permissions import Caller
from festival.session import Session
from festival.store.database import Database
from festival.store.errors import DatabaseError
from festival.ui.dialogs.form_dialog import FormDialog

R = TypeVar("R")
Importer = Callable[[Database, Caller, bytes, Progress], R]


class ImportDialog(FormDialog[R]):
    """Reads a CSV file and runs ``importer`` in a worker; returns its report, else None.

    The importer is all or nothing and raises :class:`ImportFailed` with every bad line, or a
    domain error (e.g. :class:`NotAllowed`) for the import as a whole. While it runs the dialog
    stays open: closing it would let the import finish unseen.
    """

    AUTO_FOCUS = "#path"

    def __init__(self, session: Session, title: str, columns: str, importer: Importer[R]) -> None:
        super().__init__()
        self.session = session
        self.title_text = title
        self.columns = columns
        self.importer = importer
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(
                f"Kolommen: {self.columns}. "
                "Alles of niets: bij één foute regel wordt niets opgeslagen.",
                classes="dialog-help",
            )
            yield Input(id="path", placeholder="pad naar het CSV-bestand", compact=True)
            yield ProgressBar(id="progress", total=1, show_eta=False)
            with VerticalScroll(id="import-result"):
                yield Static("", id="form-error", markup=False)
            yield from self.form_footer(
                "Importeren", save_id="start", cancel_label="Sluiten (Esc)", error_line=False
            )

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#start")
    def start(self) -> None:
        if self.running:
            return
        raw = self.query_one("#path", Input).value.strip()
        path = Path(raw).expanduser()
        result = self.query_one("#form-error", Static)
        if not raw:
            result.update("Vul het pad naar het bestand in.")
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            result.update(f"Kan {path} niet lezen: {os_error_text(exc)}.")
            return
        result.update("Bezig met controleren…")
        self.query_one("#start", Button).disabled = True
        self.running = True
        self.run_import(data)

    def action_cancel(self) -> None:
        if self.running:
            self.query_one("#form-error", Static).update("Bezig met importeren; even geduld.")
            return
        super().action_cancel()

    @work(thread=True, exclusive=True)
    def run_import(self, data: bytes) -> None:
        # A worker thread needs its own connection (SQLite connections belong to one thread).
        db = self.session.db.reopen()
        try:
            report = self.importer(
                db,
                self.session.user,
                data,
                lambda done, total: self.app.call_from_thread(self._progress, done, total),
            )
        except ImportFailed as exc:
            self.app.call_from_thread(self._failed, exc)
        except (InvalidInput, ValidationErrors, NotAllowed, NotFound) as exc:
            self.app.call_from_thread(self._refused, _domain_message(exc))
        except DatabaseError as exc:
            # A busy database or a full disk: nothing stored, the dialog stays open to try again.
            self.app.call_from_thread(self._refused, str(exc))
        else:
            self.app.call_from_thread(self._done, report)
        finally:
            db.close()

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#progress", ProgressBar).update(total=total, progress=done)

    def _failed(self, exc: ImportFailed) -> None:
        lines = [f"Niets geïmporteerd: {len(exc.problems)} regel(s) afgekeurd."]
        lines += [str(p) for p in exc.problems]
        self._show_failure("\n".join(lines))

    def _refused(self, message: str) -> None:
        self._show_failure(f"Niets geïmporteerd: {message}")

    def _show_failure(self, text: str) -> None:
        self.running = False
        self.query_one("#start", Button).disabled = False
        self.query_one("#form-error", Static).update(Text(text, style="red"))

    def _done(self, report: R) -> None:
        self.running = False
        self.dismiss(report)


def _domain_message(exc: InvalidInput | ValidationErrors | NotAllowed | NotFound) -> str:
    """The Dutch text of a domain error; a set of field errors as one line each."""
    if isinstance(exc, ValidationErrors):
        return "\n".join(exc.errors.values())
    return exc.message
