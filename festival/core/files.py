"""Reading and writing files: what went wrong, in Dutch (``strerror`` is English)."""

from __future__ import annotations

import errno
from pathlib import Path

_TEXTS = {
    errno.ENOENT: "de map of het bestand bestaat niet",
    errno.EISDIR: "dat is een map, geen bestand",
    errno.EACCES: "geen toestemming",
    errno.EPERM: "geen toestemming",
    errno.ENOSPC: "de schijf is vol",
    errno.EROFS: "alleen-lezen",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.ENAMETOOLONG: "de naam is te lang",
}


def os_error_text(exc: OSError) -> str:
    """A short Dutch reason for ``exc``, to follow "Kan {path} niet schrijven: "."""
    if exc.errno is None:
        return "fout bij het lezen of schrijven"
    return _TEXTS.get(exc.errno, f"fout bij het lezen of schrijven (errno {exc.errno})")


def is_existing_file(path: Path) -> bool:
    """True when ``path`` is there and is not a map (a failing look counts as not there: the
    write that follows reports the reason)."""
    try:
        return path.exists() and not path.is_dir()
    except OSError:
        return False
