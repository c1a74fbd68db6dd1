"""The voting kiosk (stemzuil): scan the badge, tick the initiatives you support, confirm,
and read the receipt. A staff member (desk or coordinator) logs the kiosk in once; visitors
never see anyone else's ballot, and the next visitor starts at the scan again.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, SelectionList, Static

from festival.core.errors import InvalidInput, NotAllowed, NotFound
from festival.domain import kiosk
from festival.domain.festivals import Festival
from festival.domain.kiosk import Voter
from festival.session import Session
from festival.ui.screens.live_screen import LiveScreen
from festival.ui.widgets.scan_input import ScanInput

#: Seconds the receipt stays before the kiosk is ready for the next visitor.
RECEIPT_SECONDS = 10.0
STEPS = ("scan", "ballot", "confirm", "receipt")


class KioskScreen(LiveScreen[None]):
    CSS_PATH = "kiosk.tcss"
    BINDINGS = [Binding("escape", "back", "Terug", show=False)]

    def __init__(self, session: Session, festival: Festival) -> None:
        super().__init__()
        self.session = session
        self.festival = festival
        self.voter: Voter | None = None
        self.choices: set[int] = set()
        self._reset_timer: object | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="kiosk-title", markup=False)
        yield Static(id="kiosk-status")
        with Vertical(id="kiosk-scan"):
            yield Static("Scan uw badge om te stemmen", id="kiosk-prompt")
            yield ScanInput(id="kiosk-code", placeholder="badgecode", max_length=40)
            yield Static(id="kiosk-message", markup=False)
        with Vertical(id="kiosk-ballot"):
            yield Static(id="kiosk-welcome", markup=False)
            yield SelectionList[int](id="kiosk-choices")
            yield Static(id="kiosk-count", markup=False)
            with Horizontal(classes="kiosk-buttons"):
                yield Button("Verder", id="kiosk-next", variant="primary")
                yield Button("Terug (Esc)", id="kiosk-cancel")
        with Vertical(id="kiosk-confirm"):
            yield Static(id="kiosk-summary", markup=False)
            with Horizontal(classes="kiosk-buttons"):
                yield Button("Bevestigen", id="kiosk-ok", variant="success")
                yield Button("Aanpassen (Esc)", id="kiosk-change")
        with Vertical(id="kiosk-receipt"):
            yield Static(id="kiosk-thanks", markup=False)
            yield Button("Volgende bezoeker", id="kiosk-done", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#kiosk-title", Static).update(f"Stemzuil · {self.festival.name}")
        self.reload()
        self.step("scan")

    def reload(self) -> None:
        state = kiosk.voting_state(self.session.db, self.festival.id)
        status = self.query_one("#kiosk-status", Static)
        if not state.open:
            status.update(Text("Het stemmen is gesloten.", style="bold red"))
        elif state.max_choices:
            status.update(
                Text(f"Stemmen is open · kies hooguit {state.max_choices}", style="bold green")
            )
        else:
            status.update(Text("Stemmen is open", style="bold green"))

    def step(self, name: str) -> None:
        for each in STEPS:
            self.set_class(each == name, f"-{each}")
        if name == "scan":
            self.voter = None
            code = self.query_one("#kiosk-code", ScanInput)
            code.value = ""
            code.focus()
        elif name == "ballot":
            self.query_one("#kiosk-choices", SelectionList).focus()
        elif name == "confirm":
            self.query_one("#kiosk-ok", Button).focus()
        elif name == "receipt":
            self.query_one("#kiosk-done", Button).focus()

    def _say(self, message: str, *, ok: bool = False) -> None:
        widget = self.query_one("#kiosk-message", Static)
        widget.update(message)
        widget.set_class(not ok, "-error")

    # -- scan -------------------------------------------------------------------------------

    @on(ScanInput.Scanned, "#kiosk-code")
    def _scanned(self, event: ScanInput.Scanned) -> None:
        event.scan_input.handled(event.value)
        if not event.value.strip():
            return
        try:
            voter = kiosk.scan(self.session.db, self.session.user, self.festival.id, event.value)
        except (InvalidInput, NotAllowed, NotFound) as exc:
            self._say(exc.message)
            return
        self._say("", ok=True)
        self.voter = voter
        self.choices = set(voter.choices)
        state = kiosk.voting_state(self.session.db, self.festival.id)
        limit = f" (hooguit {state.max_choices})" if state.max_choices else ""
        again = " U stemde al; u kunt uw stem hier wijzigen." if voter.choices else ""
        self.query_one("#kiosk-welcome", Static).update(
            f"Welkom{', ' + voter.first_name if voter.first_name else ''}. Kies de initiatieven "
            f"die u steunt{limit}: spatie of klik zet een vinkje.{again}"
        )
        options = self.query_one("#kiosk-choices", SelectionList)
        options.clear_options()
        options.add_options(
            [
                (
                    Text(f"{p.title}" + (f" ({p.kern_name})" if p.kern_name else "")),
                    p.initiative_id,
                    p.initiative_id in self.choices,
                )
                for p in kiosk.candidates(self.session.db, self.festival.id)
            ]
        )
        self._count()
        self.step("ballot")

    # -- ballot -----------------------------------------------------------------------------

    @on(SelectionList.SelectedChanged, "#kiosk-choices")
    def _changed(self) -> None:
        self.choices = set(self.query_one("#kiosk-choices", SelectionList).selected)
        self._count()

    def _count(self) -> None:
        state = kiosk.voting_state(self.session.db, self.festival.id)
        n = len(self.choices)
        over = state.max_choices is not None and n > state.max_choices
        text = f"{n} gekozen"
        if over:
            text += f": dat zijn er meer dan {state.max_choices}; haal er een vinkje af."
        count = self.query_one("#kiosk-count", Static)
        count.update(text)
        count.set_class(over, "-error")
        self.query_one("#kiosk-next", Button).disabled = over or n == 0

    @on(Button.Pressed, "#kiosk-next")
    def _next(self) -> None:
        titles = [
            p.title
            for p in kiosk.candidates(self.session.db, self.festival.id)
            if p.initiative_id in self.choices
        ]
        self.query_one("#kiosk-summary", Static).update(
            "U steunt:\n" + "\n".join(f"  ✓ {t}" for t in titles) + "\n\nKlopt dit?"
        )
        self.step("confirm")

    @on(Button.Pressed, "#kiosk-cancel")
    def _cancel(self) -> None:
        self.step("scan")

    # -- confirm and receipt ----------------------------------------------------------------

    @on(Button.Pressed, "#kiosk-ok")
    def _confirm(self) -> None:
        assert self.voter is not None
        try:
            receipt = kiosk.cast_ballot(
                self.session.db, self.session.user, self.festival.id, self.voter, self.choices
            )
        except (InvalidInput, NotAllowed) as exc:
            self.step("scan")
            self._say(exc.message)
            return
        when = receipt.at.astimezone().strftime("%H:%M")
        word = "gewijzigd" if receipt.changed else "opgeslagen"
        n = len(receipt.choices)
        self.query_one("#kiosk-thanks", Static).update(
            f"Dank u wel! Uw stem is {word} om {when}.\n\n"
            f"U steunt {n} initiatief{'en' if n != 1 else ''}. "
            "Tot het stemmen sluit kunt u uw stem met uw badge nog wijzigen."
        )
        self.step("receipt")
        self.set_timer(RECEIPT_SECONDS, self._after_receipt)

    def _after_receipt(self) -> None:
        if self.has_class("-receipt"):
            self.step("scan")

    @on(Button.Pressed, "#kiosk-done")
    def _done(self) -> None:
        self.step("scan")

    @on(Button.Pressed, "#kiosk-change")
    def _change(self) -> None:
        self.step("ballot")

    def action_back(self) -> None:
        if self.has_class("-confirm"):
            self.step("ballot")
        elif not self.has_class("-scan"):
            self.step("scan")
