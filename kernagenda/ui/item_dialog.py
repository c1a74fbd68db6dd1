"""Add or edit an agenda item: every field of DOMAIN.md, errors beside the fields."""

from __future__ import annotations

from enum import StrEnum

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Select, Static

from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.domain.roles import Role
from festival.session import Session
from festival.ui.dialogs.confirm_dialog import ConfirmDialog
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField
from kernagenda.domain.item_edits import Conflicts, add_item, update_item
from kernagenda.domain.models import (
    Agenda,
    BudgetSource,
    Item,
    ItemInput,
    ItemKind,
    ItemStatus,
    MunicipalityRole,
    Owner,
)
from kernagenda.domain.validation import may_change_status


def _options(enum: type[StrEnum], blank: str = "") -> list[tuple[str, str]]:
    return [(m.value or blank, m.value) for m in enum]


class ItemDialog(FormDialog[Item]):
    """Returns the stored :class:`~kernagenda.domain.models.Item`, or None when cancelled."""

    AUTO_FOCUS = "#title"

    def __init__(
        self,
        session: Session,
        agenda: Agenda,
        themes: list[str],
        item: Item | None = None,
        *,
        theme: str = "",
    ) -> None:
        super().__init__()
        self.session = session
        self.agenda = agenda
        self.themes = themes
        self.item = item
        self.default_theme = theme
        #: The form as it opened, to tell whether Escape would throw anything away.
        self.initial: ItemInput | None = None

    def _input(self, field: str, value: str, **kwargs: object) -> Input:
        return Input(value, id=field, compact=True, **kwargs)  # type: ignore[arg-type]

    def _select(self, field: str, options: list[tuple[str, str]], value: str) -> Select[str]:
        return Select(options, id=field, compact=True, allow_blank=False, value=value)

    def _statuses(self) -> list[tuple[str, str]]:
        """A new item may start anywhere; an existing one only where its status may go."""
        if self.item is None:
            return _options(ItemStatus)
        old = self.item.status
        return [(s.value, s.value) for s in ItemStatus if may_change_status(old, s)]

    def compose(self) -> ComposeResult:
        if self.item is not None:
            v = self.item.as_input()
        else:
            theme = self.default_theme or (self.themes[0] if self.themes else "")
            # A kernregisseur adding an item usually pulls it; the coordinator rarely does.
            regisseur = (
                self.session.user.name if self.session.user.role is Role.KERNREGISSEUR else ""
            )
            v = ItemInput(theme=theme, title="", kernregisseur=regisseur)
        title = (
            "Agendapunt wijzigen" if self.item else f"Nieuw agendapunt — {self.agenda.kern_name}"
        )
        with VerticalScroll(classes="dialog dialog-wide", id="item-form"):
            yield Static(title, classes="dialog-title", markup=False)
            yield FormField(
                "Onderwerp", self._input("title", v.title, max_length=200), name="title"
            )
            theme_value = v.theme if v.theme in self.themes else Select.BLANK
            yield FormField(
                "Thema",
                Select(
                    [(t, t) for t in self.themes],
                    id="theme",
                    compact=True,
                    prompt="kies een thema",
                    value=theme_value,
                ),
                name="theme",
            )
            yield FormField(
                "Knelpunt/wens", self._input("problem", v.problem, max_length=2000), name="problem"
            )
            yield FormField(
                "Gewenst resultaat",
                self._input("desired_result", v.desired_result, max_length=2000),
                name="desired_result",
            )
            yield FormField("Soort", self._select("kind", _options(ItemKind), v.kind), name="kind")
            yield FormField(
                "Prioriteit",
                self._input(
                    "priority",
                    v.priority,
                    placeholder="speerpunt 1, speerpunt (achteraan) of overig",
                ),
                name="priority",
            )
            yield FormField(
                "Status", self._select("status", self._statuses(), v.status), name="status"
            )
            yield FormField(
                "Startdatum",
                self._input("start_date", v.start_date, placeholder="dd-mm-jjjj"),
                name="start_date",
            )
            yield FormField(
                "Streefdatum",
                self._input("target_date", v.target_date, placeholder="dd-mm-jjjj"),
                name="target_date",
            )
            yield FormField(
                "Trekker", self._select("owner", _options(Owner), v.owner), name="owner"
            )
            yield FormField(
                "Partners", self._input("partners", v.partners, max_length=500), name="partners"
            )
            yield FormField(
                "Rol gemeente",
                self._select("municipality_role", _options(MunicipalityRole), v.municipality_role),
                name="municipality_role",
            )
            yield FormField(
                "Kernregisseur",
                self._input("kernregisseur", v.kernregisseur, max_length=120),
                name="kernregisseur",
            )
            yield FormField(
                "Haalbaarheid",
                self._input("feasibility", v.feasibility, max_length=500),
                name="feasibility",
            )
            yield FormField(
                "Budget €",
                self._input(
                    "budget",
                    "" if v.budget in ("0,00", "") else v.budget,
                    placeholder="bijv. 12.500,00",
                ),
                name="budget_cents",
            )
            yield FormField(
                "Budgetbron",
                self._select("budget_source", _options(BudgetSource, "geen"), v.budget_source),
                name="budget_source",
            )
            yield FormField(
                "Bron",
                self._input("source", v.source, max_length=500, placeholder="bijv. kernavond 2024"),
                name="source",
            )
            yield FormField(
                "Besproken op",
                self._input("last_discussed", v.last_discussed, placeholder="dd-mm-jjjj"),
                name="last_discussed",
            )
            yield from self.form_footer()

    def on_mount(self) -> None:
        self.initial = self.collect()

    def action_cancel(self) -> None:
        # A careful office user may have typed a lot: ask before throwing it away.
        if self.collect() == self.initial:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                "Wijzigingen weggooien?",
                "U hebt in dit formulier iets veranderd dat nog niet is opgeslagen.",
                "Weggooien",
            ),
            answered,
        )

    def _text(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value

    def _choice(self, field: str) -> str:
        value = self.query_one(f"#{field}", Select).value
        return "" if value == Select.BLANK else str(value)

    def collect(self) -> ItemInput:
        return ItemInput(
            theme=self._choice("theme"),
            title=self._text("title"),
            problem=self._text("problem"),
            desired_result=self._text("desired_result"),
            kind=self._choice("kind"),
            priority=self._text("priority"),
            owner=self._choice("owner"),
            partners=self._text("partners"),
            municipality_role=self._choice("municipality_role"),
            kernregisseur=self._text("kernregisseur"),
            feasibility=self._text("feasibility"),
            status=self._choice("status"),
            start_date=self._text("start_date"),
            target_date=self._text("target_date"),
            budget=self._text("budget"),
            budget_source=self._choice("budget_source"),
            source=self._text("source"),
            last_discussed=self._text("last_discussed"),
        )

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        data = self.collect()
        db, user = self.session.db, self.session.user
        try:
            if self.item is None:
                stored = add_item(db, user, self.agenda.id, data)
            else:
                stored = update_item(db, user, self.item.id, data, loaded=self.item)
        except Conflicts as exc:
            # The rest is saved; the form now stands for the item as it is, so saving again
            # puts the user's value over the other one on purpose.
            self.item = exc.item
            self.show_errors(exc.errors)
            return
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return
        except InvalidInput as exc:
            # A field this form has shows the message beside it; any other goes below.
            self.show_errors({exc.field or "": exc.message})
            return
        except (NotAllowed, NotFound) as exc:
            self.show_errors({}, exc.message)
            return
        self.dismiss(stored)
