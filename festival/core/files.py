"""Reading and writing files: what went wrong, in Dutch (``strerror`` is English), and files
with personal data that only their owner may read."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
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


# -- files only their owner may read -----------------------------------------------------------

#: Personal data is the owner's alone: files 0600, folders 0700, whatever the umask says.
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def make_private_folder(path: Path) -> None:
    """Create ``path`` and any missing folders above it, each readable by the owner only.

    A folder that already exists is left as it is: it may be shared on purpose (``/tmp``).
    """
    missing: list[Path] = []
    current = path
    while not current.exists() and current.parent != current:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            continue  # another process made it a moment ago
        # mkdir's mode passes through the umask: set it exactly.
        os.chmod(folder, PRIVATE_FOLDER)


def write_private(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` as a file only its owner may read or write (0600).

    An existing file is replaced whole: the data goes to a temporary file beside it, 0600 from
    the start, which then takes the name; so an old file's looser mode goes with it, and nobody
    ever reads half a file. With ``exclusive`` an existing ``path`` is left alone and
    :class:`FileExistsError` raised. Something that is not a regular file (a terminal, a pipe)
    is written into as it is.
    """
    if exclusive:
        _create_private(path, data)
        return
    try:
        is_regular = stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        is_regular = True
    if not is_regular:
        with open(path, "wb") as handle:
            handle.write(data)
        return
    # Cut a long name: the temporary name must fit the file system as well.
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:100]}.", suffix=".tmp")
    try:
        os.fchmod(fd, PRIVATE_FILE)  # mkstemp's mode already; said here, not assumed
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _create_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)  # the umask may have taken bits the owner needs
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def restrict_to_owner(path: Path) -> None:
    """Take the group's and others' access off an existing file of this user (0644 becomes
    0600); a missing file, or one of another user, is left alone."""
    try:
        info = os.stat(path)
        if info.st_uid == os.geteuid() and info.st_mode & 0o077:
            os.chmod(path, stat.S_IMODE(info.st_mode) & ~0o077)
    except OSError:
        pass  # not there, or not ours to change: opening it says what is wrong
