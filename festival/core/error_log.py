"""The error log: tracebacks of unexpected errors, with local variables, for the owner only.

The screen and the terminal only ever get a Dutch sentence and a short reference code; the
traceback behind it goes here. The file is created 0600 in a folder created 0700 (local
variables may hold personal data), and it is capped: above :data:`MAX_BYTES` the file moves to
``<name>.1`` (replacing the older one) and a new file starts.
"""

from __future__ import annotations

import os
import re
import secrets
import traceback
from collections.abc import Collection
from datetime import datetime
from pathlib import Path

#: Above this size the log moves to ``<name>.1`` before the next entry; at most twice this on
#: disk.
MAX_BYTES = 1_000_000
#: Each local variable's value is cut to this many characters (a list of 10,000 rows is no help).
MAX_LOCAL_CHARS = 300
HIDDEN = "'***'"

# Letters and digits that cannot be mistaken for each other when read aloud or off a screen.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# A local named like this never reaches the log, whatever its value.
_SECRET_NAME = re.compile(r"(^|_)(pin|pins|password|passwd|secret|pepper|token|key_file)(_|$)")


def new_reference() -> str:
    """A short code the user can read out (``K7M2QX``) that finds the entry in the log."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))


def write_error(
    path: Path,
    error: BaseException,
    reference: str,
    *,
    hide: Collection[str] = (),
    context: str = "",
) -> None:
    """Append ``error``'s traceback with its local variables to the log at ``path``.

    Locals named like a PIN or a password are hidden, and so is any text in ``hide`` (the
    PIN a login screen holds at that moment). Raises ``OSError`` when the log cannot be written.
    """
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    header = f"=== {stamp}  foutcode {reference}  pid {os.getpid()}"
    if context:
        header += f"  {context}"
    entry = f"{header}\n{format_error(error, hide=hide)}\n"
    _append(path, entry.encode("utf-8", errors="replace"))


def format_error(error: BaseException, *, hide: Collection[str] = ()) -> str:
    """The traceback of ``error`` (and the errors it came from) with local variables, secrets
    hidden."""
    report = traceback.TracebackException.from_exception(error, capture_locals=True)
    hidden = [text for text in hide if text]
    for part in _chain(report):
        for frame in part.stack:
            if frame.locals:
                frame.locals = {
                    name: _shown_local(name, value, hidden) for name, value in frame.locals.items()
                }
    return "".join(report.format())


def _chain(report: traceback.TracebackException) -> list[traceback.TracebackException]:
    # Every exception the traceback prints: causes, contexts and the members of a group.
    seen: list[traceback.TracebackException] = []
    todo = [report]
    while todo:
        part = todo.pop()
        if any(part is other for other in seen):
            continue
        seen.append(part)
        todo.extend(p for p in (part.__cause__, part.__context__) if p is not None)
        todo.extend(getattr(part, "exceptions", None) or [])
    return seen


def _shown_local(name: str, value: str, hide: list[str]) -> str:
    if _SECRET_NAME.search(name.lower()):
        return HIDDEN
    for text in hide:
        value = value.replace(text, "***")
    if len(value) > MAX_LOCAL_CHARS:
        value = value[:MAX_LOCAL_CHARS] + " …"
    return value


def _append(path: Path, data: bytes) -> None:
    _make_folder(path.parent)
    try:
        if path.stat().st_size + len(data) > MAX_BYTES:
            os.replace(path, path.with_name(path.name + ".1"))
    except FileNotFoundError:
        pass
    # O_APPEND: several terminals of one account write one log; each entry is one write.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        # A file made by hand (or under another umask) is tightened too.
        os.fchmod(fd, 0o600)
        os.write(fd, data)
    finally:
        os.close(fd)


def _make_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Only the folder's own level gets 0700; parents such as ~/.local/state keep the default.
    folder.mkdir(mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)  # mkdir's mode is narrowed by the umask, never widened
