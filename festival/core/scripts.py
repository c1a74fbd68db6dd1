"""Which writing system (script) a name is written in, and the same name in Latin letters.

The script of a letter comes from its Unicode name ("ARABIC LETTER MEEM" is Arabic, "CJK UNIFIED
IDEOGRAPH-674E" is CJK): the standard library knows it, so no table of code point ranges needs
keeping up to date. Digits, spaces, punctuation and combining accents belong to no script of
their own; they are drawn by whatever font draws the letters around them.

The Latin letters come from anyascii (ISC licence, tables for every script including Chinese,
Japanese and Korean, kept up to date with Unicode); Unidecode does the same but is GPL.
"""

from __future__ import annotations

import re
import unicodedata

#: Scripts whose letters share one font family (Chinese characters, Japanese kana, Korean
#: Hangul, and the full-width forms typed with them).
CJK = "CJK"
_CJK_NAMES = {
    "CJK",
    "HIRAGANA",
    "KATAKANA",
    "HANGUL",
    "BOPOMOFO",
    "IDEOGRAPHIC",
    "KANGXI",
    "FULLWIDTH",
    "HALFWIDTH",
}
#: Scripts whose Unicode name is two words, so the first word alone would not name them.
_TWO_WORDS = ("OL CHIKI", "NEW TAI LUE", "TAI THAM", "TAI VIET", "TAI LE", "SYLOTI NAGRI")
#: Kana and Hangul tell Japanese and Korean apart from Chinese (same characters, other shapes).
JAPANESE = "ja"
KOREAN = "ko"
CHINESE = "zh"


def script_of(char: str) -> str | None:
    """The script of one character in capitals ("LATIN", "ARABIC", :data:`CJK` …), or None
    for characters that belong to none (digits, spaces, punctuation, combining accents)."""
    if unicodedata.category(char)[0] not in "LM":
        return None
    name = unicodedata.name(char, "")
    if not name or name.startswith(("COMBINING", "MODIFIER")):
        return None
    for words in _TWO_WORDS:
        if name.startswith(words + " "):
            return words
    first = name.split(" ", 1)[0].split("-", 1)[0]
    return CJK if first in _CJK_NAMES else first


def scripts_in(text: str) -> list[str]:
    """The scripts of ``text`` in the order they first appear, each once."""
    found: list[str] = []
    for char in text:
        script = script_of(char)
        if script is not None and script not in found:
            found.append(script)
    return found


def cjk_language(text: str) -> str:
    """Which CJK writing ``text`` is most likely in: Japanese (has kana), Korean (has Hangul),
    else Chinese. The same character is drawn differently in each, so a font picks by it."""
    names = [unicodedata.name(c, "") for c in text]
    if any(n.startswith(("HIRAGANA", "KATAKANA")) for n in names):
        return JAPANESE
    if any(n.startswith("HANGUL") for n in names):
        return KOREAN
    return CHINESE


_NOT_IN_A_NAME = re.compile(r"[^A-Za-z0-9 .'\-]")


def in_latin_letters(text: str) -> str:
    """``text`` written in Latin letters without accents, for a badge whose name the fonts
    cannot draw: "李小龙" becomes "Li Xiao Long", "ሰላም" "Selam", "Zoë" "Zoe".

    Chinese characters and Hangul syllables are each a syllable: they are set apart with a
    space. Words of scripts without capitals get one, as a name would.
    """
    from anyascii import anyascii  # imported here: about 2 MB of tables, used only for this

    parts: list[str] = []
    previous_syllable = False
    for char in text:
        syllable = script_of(char) == CJK and unicodedata.name(char, "").startswith(
            ("CJK", "HANGUL SYLLABLE")
        )
        if syllable and previous_syllable:
            parts.append(" ")
        parts.append(anyascii(char))
        previous_syllable = syllable
    words = _NOT_IN_A_NAME.sub("", "".join(parts)).split()
    cased = any(c.isupper() for c in text)
    return " ".join(w if cased else w[:1].upper() + w[1:] for w in words)
