"""The coordinator keys in paper score sheets, one row at a time, as the sheet prints them.

Pick the juror, type the pitch number or the code from the sheet, then the values in the
sheet's column order. The row is shown back as the sheet has it (Nr, code, title, values)
while typing and once more before saving; it is stored as paper scores with the coordinator
as actor.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, Select, Static

from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.domain import jury
from festival.domain.festivals import Festival
from festival.domain.jury import Criterion
from festival.domain.roles import User
from festival.session import Session
from festival.ui.dialogs.confirm_dialog import ConfirmDialog
from festival.ui.screens.live_screen import LiveScreen
from festival.ui.widgets.form_field import FormField
from festival.ui.widgets.title_bar import TitleBar


class JuryKeyingScreen(LiveScreen[None]):
    """Enter in the last field shows the row back; confirming saves it as paper scores."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Terug")]
    AUTO_FOCUS = "#keying-juror"

    def __init__(self, session: Session, festival: Festival) -> None:
        super().__init__()
        self.session = session
        self.festival = festival
        self.criteria: list[Criterion] = jury.list_criteria(session.db, festival.id)
        self.jurors: list[User] = jury.list_jurors(session.db, festival.id)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="keying-status")
        # Above the fields, so the row as read stays in view while typing on a small screen.
        yield Static(id="keying-row")
        with VerticalScroll(id="keying"):
            yield FormField(
                "Jurylid",
                Select(
                    [(j.name, j.id) for j in self.jurors],
                    prompt="kies het jurylid van het formulier",
                    id="keying-juror",
                    compact=True,
                ),
                name="juror",
            )
            yield FormField(
                "Nr of code",
                Input(id="keying-pitch", compact=True, max_length=60, placeholder="bijv. 4 of AJT"),
                name="pitch",
            )
            for c in self.criteria:
                yield FormField(
                    f"{c.name} ({c.scale_min}–{c.scale_max})",
                    Input(
                        id=f"keying-{c.id}",
                        compact=True,
                        # A comma or point may be typed, so "7,5" is refused with a message
                        # instead of silently becoming 75.
                        restrict=r"[\d,.]{0,4}",
                        max_length=4,
                    ),
                    name=f"criterion-{c.id}",
                )
            yield FormField(
                "Opmerking",
                Input(
                    id="keying-remark", compact=True, max_length=500, placeholder="niet verplicht"
                ),
                name="remark",
            )
            yield Static("", id="keying-error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        state = jury.get_state(self.session.db, self.festival.id)
        text = Text.assemble(("Papieren scores intikken ", "bold"), self.festival.name)
        if state.status is jury.JuryStatus.LOCKED:
            text.append(
                "  ·  het scoren is vergrendeld: intikken kan pas na ontgrendelen",
                style="bold yellow",
            )
        else:
            text.append(
                "\nTyp het nummer (Nr) of de code zoals op het formulier, dan de scores in de "
                "volgorde van het formulier; Enter in het laatste veld laat de regel zien."
            )
        self.query_one("#keying-status", Static).update(text)
        self._show_row()

    # -- the row as the sheet has it ---------------------------------------------------------
    def _juror(self) -> User | None:
        chosen = self.query_one("#keying-juror", Select).value
        return next((j for j in self.jurors if j.id == chosen), None)

    def _pitch(self) -> int:
        """The initiative the Nr/code field names; InvalidInput says why not."""
        keys = jury.sheet_keys(self.session.db, self.festival.id)
        found = keys.find(self.query_one("#keying-pitch", Input).value)
        if found not in {p.initiative_id for p in keys.pitches}:
            raise InvalidInput(f"{keys.titles[found]!r} staat niet op het programma")
        return found

    def _row_text(self, initiative_id: int) -> Text:
        keys = jury.sheet_keys(self.session.db, self.festival.id)
        juror = self._juror()
        row = Text("Op het formulier", style="bold")
        row.append(f" van {juror.name}" if juror else "")
        row.append(": ")
        row.append(keys.label(initiative_id), style="bold")
        row.append("\n")
        row.append(
            "  ·  ".join(
                f"{c.name} {self.query_one(f'#keying-{c.id}', Input).value.strip() or '–'}"
                for c in self.criteria
            )
        )
        return row

    def _show_row(self) -> None:
        if not self.query_one("#keying-pitch", Input).value.strip():
            self.query_one("#keying-row", Static).update("")
            return
        try:
            self.query_one("#keying-row", Static).update(self._row_text(self._pitch()))
        except InvalidInput as exc:
            self.query_one("#keying-row", Static).update(Text(exc.message, style="red"))

    @on(Input.Changed)
    @on(Select.Changed)
    def _typed(self) -> None:
        self._show_row()

    # -- saving ------------------------------------------------------------------------------
    def show_errors(self, errors: dict[str, str], general: str = "") -> None:
        for form_field in self.query(FormField):
            form_field.error = errors.get(form_field.field_name, "")
        self.query_one("#keying-error", Static).update(general)

    def _checked(self) -> tuple[User, int, dict[int, int]] | None:
        errors: dict[str, str] = {}
        juror = self._juror()
        if juror is None:
            errors["juror"] = "Kies het jurylid van dit formulier."
        initiative_id: int | None = None
        try:
            initiative_id = self._pitch()
        except InvalidInput as exc:
            errors["pitch"] = exc.message[0].upper() + exc.message[1:] + "."
        values: dict[int, int] = {}
        for c in self.criteria:
            raw = self.query_one(f"#keying-{c.id}", Input).value.strip()
            if raw.isdigit() and c.scale_min <= int(raw) <= c.scale_max:
                values[c.id] = int(raw)
            elif raw.isdigit():
                errors[f"criterion-{c.id}"] = (
                    f"{raw} ligt buiten de schaal {c.scale_min}–{c.scale_max}."
                )
            elif raw:
                errors[f"criterion-{c.id}"] = (
                    f"{raw} is geen heel getal; de schaal kent geen decimalen."
                )
            else:
                errors[f"criterion-{c.id}"] = "Vul een score in."
        self.show_errors(errors)
        if errors or juror is None or initiative_id is None:
            return None
        return juror, initiative_id, values

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        order = ["keying-pitch", *(f"keying-{c.id}" for c in self.criteria), "keying-remark"]
        if event.input.id in order[:-1] and event.input.id != order[-2]:
            # Enter moves on like Tab, as a keyer works down the row.
            self.query_one(f"#{order[order.index(event.input.id) + 1]}", Input).focus()
            return
        checked = self._checked()
        if checked is None:
            return
        juror, initiative_id, values = checked
        explanation = self._row_text(initiative_id).plain
        board = jury.board(self.session.db, self.session.user, self.festival.id)
        if board.cells.get((juror.id, initiative_id)) is not jury.BoardCell.OPEN:
            # Keying a sheet twice would replace the first values without a word otherwise.
            explanation += (
                f"\n\nLet op: {juror.name} heeft voor deze pitch al scores; die worden vervangen."
            )
        self.app.push_screen(
            ConfirmDialog(
                "Klopt deze regel met het formulier?",
                explanation,
                "Opslaan als papier",
                confirm_first=True,
            ),
            lambda yes: self._save(juror, initiative_id, values) if yes else None,
        )

    def _save(self, juror: User, initiative_id: int, values: dict[int, int]) -> None:
        try:
            jury.key_sheet_row(
                self.session.db,
                self.session.user,
                self.festival.id,
                juror,
                initiative_id,
                values,
                self.query_one("#keying-remark", Input).value,
            )
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return
        except (NotAllowed, NotFound, InvalidInput) as exc:
            message = exc.message
            if "belangenverstrengeling" in message:
                # The service speaks to the juror ("U heeft ..."); here the coordinator reads it.
                message = (
                    f"{juror.name} heeft voor deze pitch belangenverstrengeling gemeld; er "
                    "horen geen scores bij (intrekken: b op het juryoverzicht, met reden)."
                )
            self.show_errors({}, message)
            return
        keys = jury.sheet_keys(self.session.db, self.festival.id)
        self.notify(
            f"Opgeslagen als papier: {juror.name}, {keys.label(initiative_id)}.", markup=False
        )
        # On to the next row of the same sheet.
        numbers = sorted(p.position for p in keys.pitches)
        now = next(p.position for p in keys.pitches if p.initiative_id == initiative_id)
        later = [n for n in numbers if n > now]
        for field in self.query(Input):
            field.value = ""
        pitch = self.query_one("#keying-pitch", Input)
        if later:
            pitch.value = str(later[0])
            if self.criteria:
                self.query_one(f"#keying-{self.criteria[0].id}", Input).focus()
        else:
            pitch.focus()
