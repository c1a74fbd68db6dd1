"""A role's home: who is logged in, the festival pot at a glance, and the role's sections."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Static

from festival.core.money import format_money
from festival.domain import budget, registration
from festival.domain.festivals import current_festival
from festival.domain.roles import Role
from festival.session import Session
from festival.ui.screens.live_screen import LiveScreen
from festival.ui.sections import Section, all_sections, sections_for
from festival.ui.widgets.title_bar import TitleBar


class HomeScreen(LiveScreen[None]):
    """The sections a role may open, each behind a single key."""

    BINDINGS = [
        Binding("ctrl+l", "app.logout", "Uitloggen"),
        *(Binding(s.key, f"open('{s.key}')", s.title) for s in all_sections()),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.sections = sections_for(session.user.role)

    def compose(self) -> ComposeResult:
        user = self.session.user
        yield TitleBar()
        with VerticalScroll(id="home"):
            yield Static(
                Text.assemble(("Welkom, ", ""), (user.name, "bold"), f"  ({user.role.label})"),
                id="home-welcome",
            )
            # The menu first: on a small terminal the figures below may scroll, the way in not.
            with Vertical(id="home-sections"):
                for section in self.sections:
                    with Horizontal(classes="section-row"):
                        yield Button(
                            # Padded: a Button centres its label; a menu reads best aligned.
                            f"{section.key.upper()}  {section.title}".ljust(24),
                            id=f"section-{section.key}",
                            classes="section",
                            compact=True,
                        )
                        yield Static(section.description, classes="section-help")
            if user.role in (Role.COORDINATOR, Role.KERNREGISSEUR):
                yield Static(id="home-pot")
            if user.role is Role.COORDINATOR:
                yield Static(id="home-festival")
        yield Footer()

    def on_mount(self) -> None:
        self._refresh(None)

    def on_screen_resume(self) -> None:
        self._refresh(None)

    def reload(self) -> None:
        self._refresh(None)

    def _refresh(self, _: None) -> None:
        self._refresh_pot(None)
        self._refresh_festival()

    def _refresh_festival(self) -> None:
        """Present / expected per role, as every desk sees it (coordinator only)."""
        if self.session.user.role is not Role.COORDINATOR:
            return
        festival = current_festival(self.session.db)
        widget = self.query_one("#home-festival", Static)
        if festival is None:
            widget.update("Nog geen festival vastgelegd (festival festivals add).")
            return
        present, expected = registration.totals(self.session.db, festival.id)
        text = Text.assemble(
            (festival.name, "bold"), "   aanwezig ", (str(present), "bold green"), f" / {expected}"
        )
        for count in registration.counts(self.session.db, festival.id):
            if count.expected:
                text.append(f"\n  {count.role.label:<17} {count.present:>4} / {count.expected}")
        widget.update(text)

    def _refresh_pot(self, _: None) -> None:
        if self.session.user.role not in (Role.COORDINATOR, Role.KERNREGISSEUR):
            return
        known = budget.years(self.session.db)
        year = known[0] if known else date.today().year
        s = budget.summary(self.session.db, year)
        style = "bold green" if s.pot_cents >= 0 else "bold red"
        self.query_one("#home-pot", Static).update(
            Text.assemble(
                f"Pot initiatievenfestival {year}: ",
                (format_money(s.pot_cents), style),
                f"   (budget {format_money(s.budget.budget_cents)} − toegekend "
                f"{format_money(s.granted_cents)} − reserve "
                f"{format_money(s.budget.reserve_cents)})",
            )
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return self._section(str(parameters[0])) is not None
        return True

    def _section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def action_open(self, key: str) -> None:
        section = self._section(key)
        if section is not None:
            self.app.push_screen(section.open(self.session))

    @on(Button.Pressed, ".section")
    def _pressed(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.action_open(event.button.id.removeprefix("section-"))
