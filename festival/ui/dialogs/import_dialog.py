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

from festival.domain.budget_io import Progress
from festival.domain.csv_io import ImportFailed
from festival.domain.files import os_error_text
from festival.session import Session
from festival.store.database import Actor, Database
from festival.ui.dialogs.form_dialog import FormDialog

R = TypeVar("R")
Importer = Callable[[Database, Actor, bytes, Progress], R]


class ImportDialog(FormDialog[R]):
    """Reads a CSV file and runs ``importer`` in a worker; returns its report, else None.

    The importer is all or nothing and raises :class:`ImportFailed` with every bad line.
    """

    AUTO_FOCUS = "#path"

    def __init__(self, session: Session, title: str, columns: str, importer: Importer[R]) -> None:
        super().__init__()
        self.session = session
        self.title_text = title
        self.columns = columns
        self.importer = importer

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
        self.run_import(data)

    @work(thread=True, exclusive=True)
    def run_import(self, data: bytes) -> None:
        # A worker thread needs its own connection (SQLite connections belong to one thread).
        db = self.session.db.reopen()
        try:
            report = self.importer(
                db,
                self.session.actor,
                data,
                lambda done, total: self.app.call_from_thread(self._progress, done, total),
            )
        except ImportFailed as exc:
            self.app.call_from_thread(self._failed, exc)
        else:
            self.app.call_from_thread(self._done, report)
        finally:
            db.close()

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#progress", ProgressBar).update(total=total, progress=done)

    def _failed(self, exc: ImportFailed) -> None:
        self.query_one("#start", Button).disabled = False
        lines = [f"Niets geïmporteerd: {len(exc.problems)} regel(s) afgekeurd."]
        lines += [str(p) for p in exc.problems]
        self.query_one("#form-error", Static).update(Text("\n".join(lines), style="red"))

    def _done(self, report: R) -> None:
        self.dismiss(report)
