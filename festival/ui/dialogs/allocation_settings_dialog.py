"""Fix the allocation's rules before the day: rule, maximum award, caps, threshold, tie-break.

Once the rules are fixed (the jury locked, or the allocation is vastgesteld) the dialog only
shows them, says why, and has nothing to save."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Select, Static

from festival.core.errors import NotAllowed, ValidationErrors
from festival.core.money import format_money
from festival.domain.allocation.config import AllocationConfig, ConfigInput, set_config
from festival.domain.allocation.model import Rule
from festival.domain.festivals import Festival
from festival.session import Session
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField


def _amount(cents: int | None) -> str:
    return "" if cents is None else format_money(cents).replace("€\xa0", "")


class AllocationSettingsDialog(FormDialog[AllocationConfig]):
    AUTO_FOCUS = "#rule"

    def __init__(
        self,
        session: Session,
        festival: Festival,
        config: AllocationConfig,
        *,
        read_only: str | None = None,
    ) -> None:
        """``read_only``: why the rules can no longer change (None: they can)."""
        super().__init__()
        self.session = session
        self.festival = festival
        self.config = config
        self.read_only = read_only

    def on_mount(self) -> None:
        if self.read_only is not None:
            for field in self.query("Input, Select, Checkbox"):
                field.disabled = True
            close = self.query_one("#cancel", Button)
            self.call_after_refresh(close.focus)  # after the form's own first focus

    def compose(self) -> ComposeResult:
        c = self.config
        with VerticalScroll(classes="dialog dialog-wide"):
            if self.read_only is None:
                yield Static("Verdeelregels (vooraf vastleggen)", classes="dialog-title")
            else:
                yield Static("Verdeelregels (alleen lezen)", classes="dialog-title")
                yield Static(self.read_only, id="read-only", classes="dialog-help", markup=False)
            yield FormField(
                "Regel",
                Select(
                    [(r.label, r.value) for r in Rule],
                    id="rule",
                    compact=True,
                    allow_blank=False,
                    value=c.rule.value,
                ),
                name="rule",
            )
            yield FormField(
                "Max. per initiatief",
                Input(_amount(c.max_award_cents), id="max-award", compact=True),
                name="max_award_cents",
            )
            yield FormField(
                "Max. aantal",
                Input(
                    str(c.max_awards or ""),
                    id="max-awards",
                    compact=True,
                    placeholder="geen maximum",
                ),
                name="max_awards",
            )
            yield FormField(
                "Minimale score",
                Input(
                    "" if c.threshold is None else str(c.threshold).replace(".", ","),
                    id="threshold",
                    compact=True,
                    placeholder="minimale eindscore (elke regel)",
                ),
                name="threshold",
            )
            yield FormField(
                "Max. per kern",
                Input(
                    str(c.kern_max_awards or ""),
                    id="kern-max-awards",
                    compact=True,
                    placeholder="aantal toekenningen",
                ),
                name="kern_max_awards",
            )
            yield FormField(
                "Max. € per kern",
                Input(_amount(c.kern_max_amount), id="kern-max-amount", compact=True),
                name="kern_max_amount",
            )
            yield FormField(
                "Bij gelijke score",
                Input(", ".join(t.value for t in c.tie_break), id="tie-break", compact=True),
                name="tie_break",
            )
            yield Checkbox(
                "Het eerste initiatief dat niet past krijgt de rest (deels)",
                value=c.partial_last,
                id="partial",
                compact=True,
            )
            yield Static(
                "Deze regels liggen vast zodra de jury vergrendelt. De loting gebruikt een "
                f"vastgelegd getal ({c.seed}), zodat de uitkomst na te rekenen is.",
                classes="dialog-help",
            )
            if self.read_only is None:
                yield from self.form_footer()
            else:
                with Horizontal(classes="dialog-buttons"):
                    yield Button("Sluiten (Esc)", id="cancel", variant="primary")

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        if self.read_only is not None:
            return  # nothing to save: the rules are fixed
        data = ConfigInput(
            rule=str(self.query_one("#rule", Select).value),
            max_award=self._value("#max-award"),
            max_awards=self._value("#max-awards"),
            threshold=self._value("#threshold"),
            kern_max_awards=self._value("#kern-max-awards"),
            kern_max_amount=self._value("#kern-max-amount"),
            partial_last=self.query_one("#partial", Checkbox).value,
            tie_break=self._value("#tie-break"),
        )
        try:
            stored = set_config(self.session.db, self.session.user, self.festival, data)
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return
        except NotAllowed as exc:
            self.show_errors({}, exc.message)
            return
        self.dismiss(stored)
