"""The coordinator's registrations: find someone, import pre-registrations, review look-alikes,
merge."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Input, Static

from festival.core.errors import InvalidInput, NotAllowed, NotFound
from festival.domain import duplicates, registration, registration_io, registration_search
from festival.domain.duplicates import DuplicatePair
from festival.domain.festivals import Festival
from festival.domain.registration import Registration
from festival.domain.registration_io import RegistrationImportReport
from festival.session import Session
from festival.store.errors import DatabaseError
from festival.ui.dialogs.confirm_dialog import ConfirmDialog
from festival.ui.dialogs.import_dialog import ImportDialog
from festival.ui.screens.live_screen import LiveScreen
from festival.ui.widgets.record_table import RecordTable
from festival.ui.widgets.title_bar import TitleBar


def found_text(matches: list[Registration]) -> Text:
    """One line per person found: name, badge code, roles and kern or organisation, and the
    time of check-in (user text stays plain text)."""
    text = Text()
    for i, r in enumerate(matches):
        if i:
            text.append("\n")
        text.append(r.name, style="bold")
        text.append(f"  {r.code}  {r.role_labels}")
        if r.origin:
            text.append(f" · {r.origin}", style="dim")
        if r.checked_in_at:
            text.append(f"  ✓ {r.checked_in_at.astimezone():%H:%M}")
    return text


def person_line(r: Registration) -> str:
    """One person in the merge question: name, code, roles, kern or organisation, check-in."""
    state = f", ingecheckt {r.checked_in_at.astimezone():%H:%M}" if r.checked_in_at else ""
    origin = f" · {r.origin}" if r.origin else ""
    return f"{r.name} ({r.code}) {r.role_labels}{origin}{state}"


class RegistrationsScreen(LiveScreen[None]):
    """Pre-registrations in, look-alike pairs out: merge one way or keep both."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Terug"),
        Binding("i", "import", "Importeren"),
        Binding("1", "merge('a')", "Samenvoegen, links blijft"),
        Binding("2", "merge('b')", "Samenvoegen, rechts blijft"),
        Binding("h", "keep_both", "Beide houden"),
        Binding("slash", "search", "Zoeken"),
    ]
    AUTO_FOCUS = "#pairs"

    def __init__(self, session: Session, festival: Festival | None) -> None:
        super().__init__()
        self.session = session
        self.festival = festival
        self.pairs: dict[int, DuplicatePair] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="registrations-title", classes="screen-title")
        yield Static(id="registrations-summary")
        yield Input(
            id="registrations-search",
            placeholder="Zoeken (/): naam, e-mail, organisatie of kern; Tab terug naar de paren",
        )
        yield Static(id="registrations-found", markup=False)
        yield Static("Lijken dezelfde persoon:", classes="screen-title")
        yield RecordTable(id="pairs", cursor_type="row", zebra_stripes=True)
        yield Static(id="pairs-hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#pairs", RecordTable)
        # At 80 columns the names give way, so that the reason ("zelfde naam") stays in view.
        name_width = 24 if self.app.size.width >= 100 else 16
        table.add_column("Links", width=name_width)
        table.add_column("Code", width=10)
        table.add_column("Rechts", width=name_width)
        table.add_column("Code", width=10)
        table.add_column("Waarom")
        if self.festival is None:
            self.query_one("#registrations-title", Static).update(
                "Er is nog geen festival. Leg het vast met: festival festivals add …"
            )
            return
        self.reload()

    @property
    def follows_changes(self) -> bool:
        return self.festival is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.festival is not None or action not in (
            "import",
            "merge",
            "keep_both",
            "search",
        )

    def action_search(self) -> None:
        self.query_one("#registrations-search", Input).focus()

    @on(Input.Changed, "#registrations-search")
    def _searched(self, event: Input.Changed) -> None:
        found = self.query_one("#registrations-found", Static)
        if (
            self.festival is None
            or len(event.value.strip()) < registration_search.MIN_SEARCH_LENGTH
        ):
            found.update("")
            return
        matches = registration_search.find_registrations(
            self.session.db, self.session.user, self.festival.id, event.value
        )
        found.update(found_text(matches) if matches else Text("Niemand gevonden."))

    def reload(self) -> None:
        assert self.festival is not None
        db = self.session.db
        present, expected = registration.totals(db, self.festival.id)
        self.query_one("#registrations-title", Static).update(
            Text.assemble(("Aanmeldingen ", "bold"), self.festival.name)
        )
        self.query_one("#registrations-summary", Static).update(
            f"{expected} aangemeld, {present} aanwezig. Importeren met i; "
            "badges: festival badges --out badges.pdf"
        )
        table = self.query_one("#pairs", RecordTable)
        current = table.selected_id
        table.clear()
        self.pairs = {}
        for index, pair in enumerate(
            duplicates.duplicate_pairs(db, self.session.user, self.festival.id)
        ):
            self.pairs[index] = pair
            table.add_row(
                Text(pair.a.name),
                Text(pair.a.code),
                Text(pair.b.name),
                Text(pair.b.code),
                Text(pair.reason),
                key=str(index),
            )
        table.select_id(current)
        hint = (
            f"{len(self.pairs)} paar/paren. 1: samenvoegen met links als blijvende, "
            "2: rechts blijft, h: beide houden (het zijn echt twee mensen)."
            if self.pairs
            else "Geen dubbele aanmeldingen gevonden."
        )
        self.query_one("#pairs-hint", Static).update(hint)

    def _current(self) -> DuplicatePair | None:
        selected = self.query_one("#pairs", RecordTable).selected_id
        return None if selected is None else self.pairs.get(selected)

    def action_merge(self, keep: str) -> None:
        pair = self._current()
        if pair is None:
            return
        kept, gone = (pair.a, pair.b) if keep == "a" else (pair.b, pair.a)
        explanation = (
            f"Blijft:    {person_line(kept)}\n"
            f"Verdwijnt: {person_line(gone)}\n\n"
            f"Rollen, initiatieven (elk één keer) en check-in gaan naar {kept.name}; de "
            f"badge {gone.code} blijft werken en checkt {kept.name} in. De gegevens van de "
            "tweede worden gewist; dit kan niet ongedaan worden gemaakt."
        )
        self.app.push_screen(
            ConfirmDialog(f"Samenvoegen ({pair.reason})?", explanation, "Samenvoegen"),
            lambda confirmed: self._merge(kept, gone) if confirmed else None,
        )

    def _merge(self, kept: Registration, gone: Registration) -> None:
        try:
            duplicates.merge(self.session.db, self.session.user, kept.id, gone.id)
        except (NotAllowed, NotFound, InvalidInput) as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        except DatabaseError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.reload()
        self.notify(
            f"Samengevoegd: {kept.name} ({kept.code}) blijft; {gone.code} checkt nu deze "
            "persoon in.",
            markup=False,
        )

    def action_keep_both(self) -> None:
        pair = self._current()
        if pair is None:
            return
        try:
            duplicates.keep_both(self.session.db, self.session.user, pair.a.id, pair.b.id)
        except (NotAllowed, NotFound, InvalidInput) as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        self.reload()
        self.notify("Beide aanmeldingen blijven; dit paar wordt niet meer getoond.")

    def action_import(self) -> None:
        assert self.festival is not None
        festival_id = self.festival.id
        dialog: ImportDialog[RegistrationImportReport] = ImportDialog(
            self.session,
            "Vooraanmeldingen importeren (CSV)",
            ";".join(registration_io.HEADERS),
            lambda db, caller, data, progress: registration_io.import_registrations(
                db, caller, festival_id, data, progress=progress
            ),
        )
        self.app.push_screen(dialog, self._imported)

    def _imported(self, report: RegistrationImportReport | None) -> None:
        if report is None:
            return
        self.reload()
        extra = f"; {len(report.duplicates)} mogelijk dubbel" if report.duplicates else ""
        message = f"{report.imported} aanmeldingen geïmporteerd{extra}."
        if report.skipped:
            # Per line, as the file numbers them; the first few, the rest counted.
            shown = report.skipped[:5]
            more = len(report.skipped) - len(shown)
            lines = [str(p) for p in shown] + ([f"en nog {more} regel(s)"] if more else [])
            message += (
                f"\n{len(report.skipped)} regel(s) overgeslagen, al aangemeld:\n" + "\n".join(lines)
            )
        self.notify(message, markup=False, timeout=12)
