"""Choose one item of an agenda (to merge a kernavond idea into)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kernagenda.domain.models import Item


class ItemPickerDialog(ModalScreen[int]):
    """Returns the chosen item's id, or None when closed."""

    BINDINGS = [Binding("escape", "dismiss_none", "Sluiten")]
    AUTO_FOCUS = "#picker"

    def __init__(self, title: str, items: list[Item]) -> None:
        super().__init__()
        self.title_text = title
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="picker-box"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static("Enter kiest; Esc sluit.", classes="dialog-help")
            yield OptionList(
                *(Option(f"{i.theme}: {i.title}", id=str(i.id)) for i in self.items),
                id="picker",
                markup=False,
            )

    @on(OptionList.OptionSelected, "#picker")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
