"""The kernagenda screen's keys: the groups of the help ("?", made from the bindings) and which
actions edit or need an item."""

#: The groups of the key help ("?"), by action, in the order the sheet lists them. The lines
#: themselves come from BINDINGS (their tooltips); a key not named here is listed under "Verder".
KEY_GROUPS = {
    **dict.fromkeys(("filter", "group", "next_kern", "show_removed"), "Lijst"),
    **dict.fromkeys(
        ("new", "edit", "progress", "toggle_spearhead", "move", "link", "log", "remove"),
        "Agendapunt (kernregisseur van de kern of coördinator)",
    ),
    **dict.fromkeys(
        ("agenda", "fix", "compare", "export", "import", "themes", "council"), "Agenda"
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
    "fix",
    "agenda",
    "import",
}
#: Actions that need an item under the cursor.
ON_ITEM = {"edit", "progress", "move", "toggle_spearhead", "link", "remove", "log"}
