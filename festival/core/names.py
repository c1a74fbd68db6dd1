"""People's names: one key per name however it was typed (for finding the same person twice),
and checking a name as typed.

:func:`match_key` goes further than :func:`festival.core.text.fold` (case, accents,
apostrophes, hyphens, double spaces): it also ignores the tussenvoegsels and the spaces between
the words, and reads "Leeuwen, Eva van" as "Eva van Leeuwen". So "eva van leeuwen",
"Eva van Leeuwen", "Eva Van  Leeuwen", "Eva Leeuwen" and "Leeuwen, Eva van" share one key, as
do "Chloe Vos" and "Chloé Vos". It is a key for a warning ("lijkt al aangemeld"), never for
deciding alone: two people may share it.
"""

from __future__ import annotations

from festival.core.errors import InvalidInput
from festival.core.text import clean_text, fold

#: Name particles (Dutch, Flemish, German, French, Portuguese), folded, as they are written
#: between a first name and a surname. Not words that are also first names (Ben, Do).
TUSSENVOEGSELS = frozenset(
    {
        "van", "de", "der", "den", "het", "t", "te", "ten", "ter", "in", "op", "onder",
        "aan", "bij", "uit", "over", "vd", "v", "d", "du", "del", "della", "la", "le", "les",
        "lo", "von", "vom", "zu", "zum", "zur", "dos", "das",
    }
)  # fmt: skip


def match_key(name: str) -> str:
    """The key two spellings of one name share (see the module docstring); never empty for
    a name with a letter or digit in it."""
    folded = fold(name)
    if "," in folded:
        # "Leeuwen, Eva van": the surname first, as lists and exports write it.
        surname, _, rest = folded.partition(",")
        folded = f"{rest} {surname}"
    words = ["".join(c for c in word if c.isalnum()) for word in folded.split()]
    words = [w for w in words if w]
    kept = [w for w in words if w not in TUSSENVOEGSELS] or words
    return "".join(kept)


#: Invisible direction marks that a name copied from elsewhere may carry; they change how the
#: name reads without showing, so a name with one is refused with a message, never cut silently.
DIRECTION_MARKS = frozenset({"\u200e", "\u200f", "\u061c"})
NAME_LENGTH = 80


def clean_name(value: str, field: str = "name") -> str:
    """A person's name as typed, or a Dutch message on what to fix: too long (with the count),
    a control character or an invisible direction mark."""
    if any(mark in value for mark in DIRECTION_MARKS):
        raise InvalidInput(
            "Naam bevat een onzichtbaar richtingsteken (bijvoorbeeld uit een kopie van een "
            "website); typ de naam opnieuw.",
            field,
        )
    return clean_text(value, field, "Naam", max_length=NAME_LENGTH)
