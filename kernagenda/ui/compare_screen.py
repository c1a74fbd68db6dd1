"""Compare a fixed version with a later one or with the agenda as it is now."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from festival.core.dates import format_moment
from festival.session import Session
from festival.ui.widgets.title_bar import TitleBar
from kernagenda.domain.models import FIELD_LABELS, Agenda, Comparison, display_value
from kernagenda.domain.versions import compare_versions, list_versions


def comparison_text(comparison: Comparison) -> RenderableType:
    if not (comparison.added or comparison.removed or comparison.changed):
        return Text("Geen verschillen.", style="dim")
    parts: list[RenderableType] = []
    for label, titles, style in (
        ("Toegevoegd", comparison.added, "green"),
        ("Verwijderd", comparison.removed, "red"),
    ):
        if titles:
            parts.append(Text(f"{label} ({len(titles)})", style=f"bold {style}"))
            parts += [Text(f"  + {t}" if style == "green" else f"  − {t}") for t in titles]
    if comparison.changed:
        parts.append(Text(f"Gewijzigd ({len(comparison.changed)})", style="bold yellow"))
        for item in comparison.changed:
            parts.append(Text(f"  {item.title}", style="bold"))
            for change in item.changes:
                line = Text(f"    {FIELD_LABELS.get(change.field, change.field)}: ")
                line.append(display_value(change.field, change.old), style="red")
                line.append(" → ")
                line.append(display_value(change.field, change.new), style="green")
                parts.append(line)
    return Group(*parts)


class CompareScreen(Screen[None]):
    """``[`` and ``]`` choose the older version; ``n`` compares it with now or with the
    version after it."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug"),
        Binding("ctrl+l", "app.logout", "Uitloggen", show=False),
        Binding("left_square_bracket", "older", "Oudere versie"),
        Binding("right_square_bracket", "newer", "Nieuwere versie"),
        Binding("n", "toggle_now", "Met nu / met de volgende versie"),
    ]

    def __init__(self, session: Session, agenda: Agenda) -> None:
        super().__init__()
        self.session = session
        self.agenda = agenda
        self.versions = list_versions(session.db, agenda.id)
        #: Index of the older side; the newer side is now, or the next version.
        self.index = len(self.versions) - 1
        self.with_now = True

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="compare-title", classes="screen-title")
        with VerticalScroll(id="compare-body"):
            yield Static(id="compare")
        yield Footer()

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        title = self.query_one("#compare-title", Static)
        body = self.query_one("#compare", Static)
        if not self.versions:
            title.update(f"Versies van de kernagenda {self.agenda.kern_name}")
            body.update(
                Text(
                    "Er is nog geen vastgestelde versie om mee te vergelijken; v stelt de "
                    "huidige versie vast.",
                    style="dim",
                )
            )
            return
        old = self.versions[self.index]
        has_next = self.index + 1 < len(self.versions)
        newer = self.versions[self.index + 1] if has_next and not self.with_now else None
        header = Text(f"Kernagenda {self.agenda.kern_name}: ", style="bold")
        header.append(f"{old.version_label} (vastgesteld {format_moment(old.frozen_at)})")
        header.append(" → ")
        header.append(
            f"{newer.version_label} (vastgesteld {format_moment(newer.frozen_at)})"
            if newer
            else f"nu ({self.agenda.version_label}, {self.agenda.status.value})"
        )
        title.update(header)
        comparison = compare_versions(
            self.session.db, old.id, newer.id if newer is not None else None
        )
        body.update(comparison_text(comparison))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "older":
            return self.index > 0
        if action == "newer":
            return self.index < len(self.versions) - 1
        if action == "toggle_now":
            return self.index < len(self.versions) - 1
        return True

    def action_toggle_now(self) -> None:
        self.with_now = not self.with_now
        self.show()

    def action_older(self) -> None:
        self.index -= 1
        self.show()
        self.refresh_bindings()

    def action_newer(self) -> None:
        self.index += 1
        self.show()
        self.refresh_bindings()
