"""The short code of an initiative, printed on the paper score sheet beside the pitch number.

Why this code: the pitch number changes whenever the programme is reordered, and an
initiative's id is a number too (keying one for the other put scores on the wrong initiative).
The code is therefore made of letters only, so it can never be read as a number; it is derived
from the initiative's id, so it never changes when the title or the programme changes and no two
initiatives share one; and its last letter is a check letter, so a mistyped or swapped letter
gives an unknown code instead of another initiative.

The alphabet leaves out I, L and O (read as 1, 1 and 0). It has 23 letters, a prime, so the
weighted check letter catches every single wrong letter and every swap of two neighbours.
"""

from __future__ import annotations

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ"
_BASE = len(ALPHABET)
_DIGITS = 2
"""Letters before the check letter (more for ids beyond 23² − 1)."""


def _check(letters: str) -> str:
    total = sum((position + 1) * ALPHABET.index(c) for position, c in enumerate(letters))
    return ALPHABET[total % _BASE]


def initiative_code(initiative_id: int) -> str:
    """``7`` → ``"AHQ"``: at least three letters, the last one a check letter."""
    if initiative_id < 0:
        raise ValueError("an initiative id is never negative")
    letters = ""
    rest = initiative_id
    while rest or len(letters) < _DIGITS:
        rest, digit = divmod(rest, _BASE)
        letters = ALPHABET[digit] + letters
    return letters + _check(letters)


def looks_like_code(text: str) -> bool:
    """Three or more letters of the code alphabet (any case): meant as a code, right or not."""
    raw = text.strip().upper()
    return len(raw) >= _DIGITS + 1 and all(c in ALPHABET for c in raw)


def initiative_id_of(code: str) -> int | None:
    """The id behind a code (any case), or None when the check letter does not match."""
    raw = code.strip().upper()
    if not looks_like_code(raw):
        return None
    letters, check = raw[:-1], raw[-1]
    if _check(letters) != check:
        return None
    value = 0
    for c in letters:
        value = value * _BASE + ALPHABET.index(c)
    return value if initiative_code(value) == raw else None
