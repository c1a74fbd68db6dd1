"""A screen's keys, read from its bindings: for the key help sheet and the command palette.

The bindings are the one list of what a screen's keys do: the footer shows their short
description, the help sheet and the palette their tooltip (the longer explanation) when there is
one. A new binding therefore shows up everywhere without a second list to edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import Screen

#: How keys are named on the help sheet (the footer keeps Textual's short forms).
_KEY_NAMES = {
    "escape": "Esc",
    "delete": "Delete",
    "enter": "Enter",
    "space": "Spatie",
    "tab": "Tab",
    "backspace": "Backspace",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
}
_MODIFIERS = {"ctrl": "Ctrl+", "shift": "⇧", "alt": "Alt+"}

#: The group of keys that no screen's grouping names (leaving, help, quitting).
OTHER_KEYS = "Verder"


@dataclass(frozen=True)
class ScreenKey:
    """One thing a key does on a screen: one line of help, one palette entry."""

    #: The keys that do it, as the help names them ("⇧↑", "-").
    keys: tuple[str, ...]
    #: The short label the footer shows.
    description: str
    #: The longer explanation (the binding's tooltip), else the description.
    explanation: str
    action: str
    #: Where the action runs: the screen, or the app for app-wide keys.
    node: DOMNode
    #: False when the key is shown but cannot be used right now.
    enabled: bool

    @property
    def action_name(self) -> str:
        """The action without its arguments: ``move(-1)`` -> ``move``."""
        return self.action.split("(", 1)[0]

    @property
    def key_text(self) -> str:
        return " of ".join(self.keys)


def key_name(binding: Binding) -> str:
    """A key the way the help sheet names it: ``Ctrl+Q``, ``⇧↑``, ``/``, ``F2``."""
    if binding.key_display:
        return binding.key_display
    *modifiers, key = binding.key.split("+")
    if key in _KEY_NAMES:
        name = _KEY_NAMES[key]
    elif len(key) > 1 and key[0] == "f" and key[1:].isdigit():
        name = key.upper()
    else:
        name = format_key(key)
    if modifiers and len(name) == 1:
        name = name.upper()
    return "".join(_MODIFIERS.get(m, f"{m}+") for m in modifiers) + name


def _own_actions(node: DOMNode) -> set[str]:
    """The actions the project binds on ``node``'s classes (Textual's own focus and copy keys,
    described in English, are not a screen's keys)."""
    return {
        binding.action
        for cls in type(node).__mro__
        if not cls.__module__.startswith("textual.")
        for binding in cls.__dict__.get("BINDINGS", ())
        if isinstance(binding, Binding)
    }


def screen_keys(screen: Screen[Any]) -> list[ScreenKey]:
    """The keys that work on ``screen`` now: its own and the app's, one entry per action.

    Read from the screen's active bindings, so a key the user's role may not use (the screen's
    ``check_action`` says False) is left out, and so is a key a focused input takes as typing.
    Keys of the focused widget itself (list movement and the like) are not the screen's.
    """
    app = screen.app
    own = {id(screen): _own_actions(screen), id(app): _own_actions(app)}
    found: dict[tuple[int, str], ScreenKey] = {}
    for active in screen.active_bindings.values():
        node, binding = active.node, active.binding
        if binding.action not in own.get(id(node), ()) or not binding.description:
            continue
        slot = (id(node), binding.action)
        known = found.get(slot)
        if known is not None:
            found[slot] = ScreenKey(
                keys=(*known.keys, key_name(binding)),
                description=known.description,
                explanation=known.explanation,
                action=known.action,
                node=node,
                enabled=known.enabled or active.enabled,
            )
            continue
        found[slot] = ScreenKey(
            keys=(key_name(binding),),
            description=binding.description,
            explanation=binding.tooltip or binding.description,
            action=binding.action,
            node=node,
            enabled=active.enabled,
        )
    return list(found.values())


def key_sheet(keys: list[ScreenKey], groups: Mapping[str, str], note: str = "") -> str:
    """The help sheet: each key on a line, under the group ``groups`` gives its action.

    ``groups`` maps an action name to its group's title; the groups and their lines follow
    its order. Keys it does not name come last, under :data:`OTHER_KEYS`, in binding order.
    """
    order = {action: index for index, action in enumerate(groups)}
    titles = list(dict.fromkeys(groups.values()))
    grouped: dict[str, list[ScreenKey]] = {title: [] for title in [*titles, OTHER_KEYS]}
    for key in keys:
        grouped[groups.get(key.action_name, OTHER_KEYS)].append(key)
    # One key column for the whole sheet, wide enough for the longest keys.
    width = max([12, *(len(k.key_text) + 2 for k in keys)])
    blocks = []
    for title, members in grouped.items():
        if not members:
            continue
        members.sort(key=lambda k: order.get(k.action_name, len(order)))
        lines = [f"  {k.key_text.ljust(width)}{k.explanation}" for k in members]
        blocks.append("\n".join([title, *lines]))
    if note:
        blocks.append(note)
    return "\n\n".join(blocks)
