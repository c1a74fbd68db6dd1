"""A labelled form field with its error message underneath."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static


class FormField(Vertical):
    """Wraps one input widget; ``error`` shows a Dutch message beside the field."""

    DEFAULT_CSS = """
    FormField { height: auto; margin-bottom: 1; }
    FormField > .field-row { height: auto; }
    FormField > .field-row > Label { width: 16; color: $text-muted; padding-top: 0; }
    FormField > .field-row > * { width: 1fr; }
    FormField > .field-error { color: $error; height: auto; display: none; padding-left: 16; }
    FormField.-invalid > .field-error { display: block; }
    FormField.-invalid > .field-row > Label { color: $error; }
    """

    def __init__(self, label: str, control: Widget, *, name: str) -> None:
        super().__init__(id=f"field-{name}")
        self.field_name = name
        self._label = label
        self._control = control

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Label(self._label)
            yield self._control
        yield Static("", classes="field-error", markup=False)

    @property
    def control(self) -> Widget:
        return self._control

    @property
    def error(self) -> str:
        return str(self.query_one(".field-error", Static).content)

    @error.setter
    def error(self, message: str) -> None:
        self.query_one(".field-error", Static).update(message)
        self.set_class(bool(message), "-invalid")
