"""The secret PIN key (a pepper): a file beside the database, never inside it.

Every PIN hash mixes in this key (HMAC-SHA256 before scrypt), so a copy of the database file
alone cannot be brute-forced: guessing a 4-digit PIN would also mean guessing 256 random bits.
The file is made on first use (mode 0600) and is copied by ``festival backup`` only when asked.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from festival.store.errors import DatabaseError

KEY_SUFFIX = ".key"
_KEY_BYTES = 32


class PinKeyError(DatabaseError):
    """The key file cannot be read, written or understood (message in Dutch)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PinKey:
    """The secret and a short public fingerprint that hashes record (which key made them)."""

    secret: bytes
    path: Path

    @property
    def id(self) -> str:
        # An HMAC of the secret: tells keys apart without giving anything of the secret away.
        return hmac.new(self.secret, b"kerngericht pin key id", hashlib.sha256).hexdigest()[:16]

    def pepper(self, pin: str) -> bytes:
        """The PIN mixed with the secret: what scrypt hashes."""
        return hmac.new(self.secret, pin.encode(), hashlib.sha256).digest()


def key_path(db_path: Path) -> Path:
    """The key file that belongs to a database: ``kerngericht.db`` → ``kerngericht.db.key``."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + KEY_SUFFIX)


_loaded: dict[Path, PinKey] = {}


def load_key(db_path: Path) -> PinKey:
    """The database's PIN key, made (0600) when the file does not exist yet."""
    path = key_path(db_path).absolute()
    cached = _loaded.get(path)
    if cached is not None:
        return cached
    if not path.exists():
        _create(path)
    key = PinKey(secret=_read(path), path=path)
    _loaded[path] = key
    return key


def forget_loaded_keys() -> None:
    """Read every key file again on next use (after a key file was put back)."""
    _loaded.clear()


def _read(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
        secret = bytes.fromhex(text)
    except (OSError, ValueError) as exc:
        raise PinKeyError(
            f"Het PIN-sleutelbestand {path} is onleesbaar. Zet het terug uit een kopie "
            "(festival backup --met-sleutel), of verwijder het en stel alle PIN's opnieuw in "
            "met 'festival users reset-pin NAAM'."
        ) from exc
    if len(secret) != _KEY_BYTES:
        raise PinKeyError(
            f"Het PIN-sleutelbestand {path} is beschadigd (verkeerde lengte). Zet het terug uit "
            "een kopie, of verwijder het en stel alle PIN's opnieuw in."
        )
    return secret


def _create(path: Path) -> None:
    """Write a new key without ever replacing one: two terminals starting at the same moment
    must end up with the same key, so the file appears whole (a link) or not at all."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, (secrets.token_bytes(_KEY_BYTES).hex() + "\n").encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(temp, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            temp.unlink(missing_ok=True)
    except OSError as exc:
        raise PinKeyError(
            f"Kan het PIN-sleutelbestand {path} niet aanmaken: {exc.strerror or exc}."
        ) from exc


def copy_key(db_path: Path, destination_db: Path) -> Path:
    """Copy the database's key file beside a copy of the database (0600); the new path."""
    source = load_key(db_path)
    target = key_path(destination_db)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise PinKeyError(f"{target} bestaat al; kies een nieuwe bestandsnaam.") from exc
    except OSError as exc:
        raise PinKeyError(f"Kan {target} niet schrijven: {exc.strerror or exc}.") from exc
    try:
        os.write(fd, (source.secret.hex() + "\n").encode("ascii"))
        os.fsync(fd)
    except OSError as exc:
        os.close(fd)
        target.unlink(missing_ok=True)  # half a key is worse than none
        raise PinKeyError(f"Kan {target} niet schrijven: {exc.strerror or exc}.") from exc
    os.close(fd)
    return target
