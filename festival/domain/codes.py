"""Badge codes: short, random, typeable, and safe for hand scanners on any keyboard layout.

A code is 9 random characters plus 1 check character from an alphabet without characters that
are easy to confuse (0/O, 1/I/L) or that a scanner set to another keyboard layout types
differently (QWERTZ swaps Y and Z; AZERTY swaps A/Q and Z/W and moves M). No hyphens, no
lowercase. The code carries no personal data; the check character turns most typing errors
into "not a code" instead of somebody else's badge.
"""

from __future__ import annotations

import secrets

ALPHABET = "BCDEFGHJKNPRSTUVX23456789"
#: 25**9 (3.8e12) codes: 100,000 badges almost never draw the same code twice (the database
#: refuses a repeat anyway), and guessing one that exists is hopeless.
RANDOM_LENGTH = 9
CODE_LENGTH = RANDOM_LENGTH + 1
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
#: Weights share no factor with 25 (no 5, 10, ...), nor do neighbouring weights' differences:
#: so every single wrong character and every swap of neighbours changes the check character.
_WEIGHTS = (1, 2, 3, 4, 6, 7, 8, 9, 11)


def check_character(body: str) -> str:
    """A weighted sum modulo the alphabet size (catches one wrong or two swapped characters)."""
    total = sum(w * _INDEX[c] for w, c in zip(_WEIGHTS, body, strict=True))
    return ALPHABET[total % len(ALPHABET)]


def new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + check_character(body)


def normalise(raw: str) -> str:
    """What is safe to fix in what a scanner or a person typed: case, spaces, line ends, dashes."""
    return "".join(c for c in raw.upper() if c not in " \t\r\n-_.")


def is_code(text: str) -> bool:
    """True when ``text`` (normalised) has the shape of a code and a matching check character."""
    return (
        len(text) == CODE_LENGTH
        and all(c in _INDEX for c in text)
        and check_character(text[:-1]) == text[-1]
    )
