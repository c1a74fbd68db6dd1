"""Shared behaviour of the modal forms: show field errors, close with Escape."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Optional, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from festival.core.files import is_existing_file
from festival.ui.dialogs.confirm_dialog import ConfirmDialog
from festival.ui.widgets.form_field import FormField

T = TypeVar("T")


class ErrorLine(Static):
    """The line for general errors below a form's fields. In a long form that scrolls it can
    be out of sight, so :meth:`show` brings a message into view."""

    _reveal = False

    def show(self, message: str) -> None:
        self.update(message)
        self._reveal = bool(message)
        if message:
            self.scroll_visible()  # enough when the message is as high as the line was

    def on_resize(self) -> None:
        # A message of more lines gets its full height later; only then is all of it in view.
        if self._reveal:
            self._reveal = False
            self.scroll_visible()


class FormDialog(ModalScreen[Optional[T]]):  # noqa: UP045 - a TypeVar union
    """A modal form; subclasses call :meth:`show_errors` with messages keyed by field."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren")]

    def form_footer(
        self,
        save_label: str = "Opslaan",
        *,
        save_id: str = "save",
        cancel_label: str = "Annuleren (Esc)",
        error_line: bool = True,
    ) -> ComposeResult:
        """The line for general errors and the save and cancel buttons every form ends with."""
        if error_line:
            yield ErrorLine("", id="form-error", markup=False)
        with Horizontal(classes="dialog-buttons"):
            yield Button(save_label, id=save_id, variant="primary")
            yield Button(cancel_label, id="cancel")

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        # Through the action, so that a dialog that may not close yet (an import) can refuse.
        self.action_cancel()

    def write_after_asking(self, path: Path, what: str, write: Callable[[], None]) -> None:
        """Call ``write``; when ``path`` is an existing file, only once the user agrees to
        replace it with ``what`` ("dit overzicht")."""
        if not is_existing_file(path):
            write()
            return

        def answered(overwrite: bool | None) -> None:
            if overwrite:
                write()

        self.app.push_screen(
            ConfirmDialog(
                "Bestand overschrijven?",
                f"{path} bestaat al. Vervangen door {what}?",
                "Overschrijven",
            ),
            answered,
        )

    def show_errors(self, errors: dict[str, str], general: str = "") -> None:
        shown = set()
        for form_field in self.query(FormField):
            message = errors.get(form_field.field_name, "")
            form_field.error = message
            if message:
                shown.add(form_field.field_name)
        leftover = [m for f, m in errors.items() if f not in shown]
        general_text = "\n".join([*leftover, general]).strip()
        general_line = self.query_one("#form-error", Static)
        if isinstance(general_line, ErrorLine):
            general_line.show(general_text)
        else:
            general_line.update(general_text)
        invalid = [f for f in self.query(FormField) if f.field_name in shown]
        if invalid and invalid[0].control.focusable:
            invalid[0].control.focus()
