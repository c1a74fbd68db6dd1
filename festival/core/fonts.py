"""The fonts a badge needs: DejaVu Sans for Latin, Greek and Cyrillic, Noto for the rest.

DejaVu Sans ships with the app (``data/fonts``). Other scripts come from Debian's font packages,
which ``make run`` and ``make test`` install where missing: ``fonts-noto-core`` (one Noto Sans
file per script: Arabic, Hebrew, Devanagari, Ethiopic, Thai, Georgian …) and
``fonts-noto-cjk`` (Chinese, Japanese and Korean in one collection, a face per language).
Without them the app still works with DejaVu alone, and a name it cannot draw is found
*before* printing by :func:`missing_glyphs`, so the desk can offer the name in Latin letters.

Which font draws a character: the font of its script (:mod:`festival.core.scripts`) when this
machine has one that holds the character, else DejaVu, else Noto Sans. fontTools (which fpdf2
is built on) reads each font's character map once per process.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from festival.core.scripts import CHINESE, CJK, JAPANESE, KOREAN, cjk_language, script_of

#: Where Debian (and Fedora, Arch) put the Noto fonts; the first folder holding a file wins.
FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/noto"),
    Path("/usr/share/fonts/noto-cjk"),
    Path("/usr/share/fonts/google-noto"),
    Path("/usr/share/fonts/google-noto-sans-cjk-fonts"),
)
#: The face of each language in the Noto Sans CJK collections (Debian's fonts-noto-cjk).
_CJK_FACES = {JAPANESE: 0, KOREAN: 1, CHINESE: 2}
#: Scripts DejaVu Sans was made for: their text stays in DejaVu even where Noto has a font.
_DEJAVU_SCRIPTS = {"LATIN", "GREEK", "CYRILLIC"}

BUNDLED_FAMILY = "DejaVu"


@dataclass(frozen=True)
class Face:
    """One font family as fpdf2 registers it: a file for regular and one for bold (the same
    file when the font has no bold), and the face number inside a collection (.ttc)."""

    family: str
    regular: Path
    bold: Path
    index: int = 0

    def file(self, bold: bool) -> Path:
        return self.bold if bold else self.regular


@cache
def bundled() -> Face:
    """DejaVu Sans, shipped with the app: always there."""
    folder = resources.files("festival.data").joinpath("fonts")
    # The package is installed as files (setuptools, editable or not): a real path.
    regular = Path(str(folder.joinpath("DejaVuSans.ttf")))
    return Face(BUNDLED_FAMILY, regular, Path(str(folder.joinpath("DejaVuSans-Bold.ttf"))))


def _find(*names: str) -> Path | None:
    for folder in FONT_DIRS:
        for name in names:
            path = folder / name
            if path.is_file():
                return path
    return None


def _noto(stem: str, family: str, index: int = 0, suffix: str = "ttf") -> Face | None:
    regular = _find(f"{stem}-Regular.{suffix}")
    if regular is None:
        return None
    bold = _find(f"{stem}-Bold.{suffix}") or regular
    return Face(family, regular, bold, index)


@cache
def script_face(script: str, language: str = CHINESE) -> Face | None:
    """The Noto font of ``script`` on this machine (for CJK: the face of ``language``), or
    None when it is not installed."""
    if script == CJK:
        return _noto("NotoSansCJK", f"NotoCJK-{language}", _CJK_FACES[language], "ttc")
    stem = "".join(word.capitalize() for word in script.split())
    return _noto(f"NotoSans{stem}", f"Noto{stem}")


@cache
def general_face() -> Face | None:
    """Noto Sans (Latin, Greek, Cyrillic beyond what DejaVu has), when installed."""
    return _noto("NotoSans", "NotoSans")


@cache
def _characters(path: Path, index: int) -> frozenset[int]:
    """The code points ``path`` (face ``index`` of a collection) has a glyph for."""
    from fontTools.ttLib import TTFont

    # lazy: only the character map is read (80 ms for a CJK collection, not the 20 MB).
    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap())


def draws(face: Face, char: str, bold: bool) -> bool:
    """Whether ``face`` has a glyph for ``char`` (in bold when ``bold``)."""
    return ord(char) in _characters(face.file(bold), face.index)


def candidates(char: str, language: str, bold: bool) -> list[Face]:
    """The faces that could draw ``char``, best first, found on this machine."""
    script = script_of(char)
    own = None if script is None or script in _DEJAVU_SCRIPTS else script_face(script, language)
    general = general_face()
    return [f for f in (own, bundled(), general) if f is not None]


def face_for(char: str, language: str = CHINESE, bold: bool = True) -> Face | None:
    """The face that draws ``char``, or None when no font on this machine has it."""
    for face in candidates(char, language, bold):
        if draws(face, char, bold):
            return face
    return None


def _drawn(text: str) -> Iterable[str]:
    # Spaces and format characters (zero-width joiners, soft hyphens) draw nothing.
    return (c for c in text if not c.isspace() and c.isprintable())


def faces_for(texts: Iterable[str], bold: bool = True) -> list[Face]:
    """Every face beyond DejaVu that ``texts`` need, in the order first needed."""
    needed: list[Face] = []
    for text in texts:
        language = cjk_language(text)
        for char in _drawn(text):
            face = face_for(char, language, bold)
            if face is not None and face.family != BUNDLED_FAMILY and face not in needed:
                needed.append(face)
    return needed


def main_face(text: str, bold: bool = True) -> Face:
    """The face ``text`` is set in: that of its first letter's script when that face draws
    the letter (an Arabic name in Noto Sans Arabic throughout, not letter by letter), else
    DejaVu; characters the main face lacks come from the others as fallback."""
    language = cjk_language(text)
    for char in _drawn(text):
        if script_of(char) is None:
            continue
        face = face_for(char, language, bold)
        return face if face is not None else bundled()
    return bundled()


def forget_fonts() -> None:
    """Look for the fonts again (after fonts were installed, or :data:`FONT_DIRS` changed)."""
    for cached in (script_face, general_face, _characters):
        cached.cache_clear()


def missing_glyphs(text: str, bold: bool = True) -> list[str]:
    """The characters of ``text`` that no font on this machine can draw, each once: they
    would print as an empty box."""
    language = cjk_language(text)
    missing: list[str] = []
    for char in _drawn(text):
        if char not in missing and face_for(char, language, bold) is None:
            missing.append(char)
    return missing
