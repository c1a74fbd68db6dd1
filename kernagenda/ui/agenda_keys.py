"""The kernagenda screen's keys: its bindings (their tooltips are the lines of the help), the
groups of the help ("?") and which actions edit or need an item."""

from textual.binding import Binding, BindingType

#: The screen's BINDINGS; keys with show=False are only in the help ("?").
AGENDA_BINDINGS: list[BindingType] = [
    Binding("escape", "back", "Terug"),
    # A priority binding runs before the next key is handed on, so letters typed right
    # after "/" land in the filter instead of triggering n, e, p on the list.
    Binding(
        "slash",
        "filter",
        "Zoeken",
        priority=True,
        tooltip="Filteren terwijl u typt (Enter of ↓: terug naar de lijst)",
    ),
    Binding("n", "new", "Nieuw", tooltip="Nieuw agendapunt (in het thema onder de cursor)"),
    Binding("e", "edit", "Wijzigen", tooltip="Wijzigen (ook met Enter)"),
    Binding("p", "progress", "Voortgang", tooltip="Voortgang vastleggen, eventueel met een status"),
    Binding("shift+up", "move(-1)", "Hoger", key_display="⇧↑", tooltip="Speerpunt hoger"),
    Binding("shift+down", "move(1)", "Lager", key_display="⇧↓", tooltip="Speerpunt lager"),
    Binding(
        "s",
        "toggle_spearhead",
        "Speerpunt aan/uit",
        show=False,
        tooltip="Speerpunt maken (achteraan) of weer overig",
    ),
    Binding("minus", "move(-1)", "Hoger", show=False),
    Binding("plus", "move(1)", "Lager", show=False),
    Binding(
        "g", "group", "Groeperen", tooltip="Groeperen: per thema, per status, of op prioriteit"
    ),
    Binding("h", "log", "Geschiedenis", tooltip="Geschiedenis: voortgang en elke wijziging"),
    Binding(
        "x", "export", "Exporteren", tooltip="Exporteren voor inwoners (PDF, HTML of Markdown)"
    ),
    Binding("question_mark", "keys", "Alle toetsen", key_display="?"),
    Binding(
        "l",
        "link",
        "Koppelen",
        show=False,
        tooltip="Koppelen aan aanvragen en festivalinitiatieven",
    ),
    Binding("k", "next_kern", "Andere kern", show=False, tooltip="Andere pilotkern"),
    Binding(
        "a",
        "agenda",
        "Agenda",
        show=False,
        tooltip="Agenda aanmaken, of versie, periode en herziening wijzigen",
    ),
    Binding("v", "fix", "Vaststellen", show=False, tooltip="Vaststellen: deze versie bevriezen"),
    Binding(
        "c",
        "compare",
        "Vergelijken",
        show=False,
        tooltip="Vergelijken met een vastgestelde versie",
    ),
    Binding("i", "import", "Importeren", show=False, tooltip="Importeren uit CSV (alles of niets)"),
    Binding(
        "t",
        "themes",
        "Thema's",
        show=False,
        tooltip="Thema's: toevoegen, hernoemen, verwijderen, volgorde",
    ),
    Binding(
        "r",
        "council",
        "Voortgang voor de raad",
        show=False,
        tooltip="Voortgang van alle pilotkernen voor de raad (als tekstbestand)",
    ),
    Binding(
        "w",
        "show_removed",
        "Verwijderde punten",
        show=False,
        tooltip="Ook de punten tonen die van de agenda zijn gehaald (en waarom)",
    ),
    Binding(
        "delete",
        "remove",
        "Verwijderen",
        show=False,
        tooltip="Van de agenda halen (met reden; de geschiedenis blijft)",
    ),
    Binding(
        "z",
        "restore",
        "Terugzetten",
        show=False,
        tooltip="Een van de agenda gehaald punt terugzetten (w toont ze)",
    ),
    Binding(
        "o",
        "kernavond",
        "Kernavond",
        show=False,
        tooltip="Kernavond: ideeën van inwoners noteren en daarna verwerken",
    ),
    Binding("ctrl+l", "app.logout", "Uitloggen", show=False, tooltip="Uitloggen"),
]
#: Which action each key of the screen does (a reader pressing an edit key gets a notice).
EDIT_KEYS = {
    binding.key: binding.action for binding in AGENDA_BINDINGS if isinstance(binding, Binding)
}


#: The groups of the key help ("?"), by action, in the order the sheet lists them. The lines
#: themselves come from AGENDA_BINDINGS (their tooltips); a key not named here is listed
#: under "Verder".
KEY_GROUPS = {
    **dict.fromkeys(("filter", "group", "next_kern", "show_removed"), "Lijst"),
    **dict.fromkeys(
        (
            "new",
            "edit",
            "progress",
            "toggle_spearhead",
            "move",
            "link",
            "log",
            "remove",
            "restore",
        ),
        "Agendapunt (kernregisseur van de kern of coördinator)",
    ),
    **dict.fromkeys(
        ("agenda", "fix", "compare", "export", "import", "themes", "council", "kernavond"),
        "Agenda",
    ),
}
#: What the help says beyond the screen's own keys: the list's keys.
KEYS_NOTE = "Met ↑ en ↓ kiest u een punt; ernaast staat alles over dat punt."


#: Actions that change the agenda: shown and allowed only to who may edit this kern.
EDITS = {
    "new",
    "edit",
    "progress",
    "move",
    "toggle_spearhead",
    "link",
    "remove",
    "restore",
    "fix",
    "agenda",
    "import",
    "kernavond",
}
#: Actions that need an item under the cursor.
ON_ITEM = {"edit", "progress", "move", "toggle_spearhead", "link", "remove", "log", "restore"}
