"""Personal data is the owner's alone: the data folder 0700; the database, its -wal and -shm,
backups and every export 0600, also when an export overwrites an existing file, whatever the
umask says."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_support import run
from core_support import ADMIN

from festival.core.files import make_private_folder, write_private
from festival.domain.pin_key import key_path
from festival.store.database import Database
from festival.store.errors import DatabaseError

Capture = pytest.CaptureFixture[str]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    """The most generous umask: a mode that is not set on purpose shows up as 0644 or 0755."""
    before = os.umask(0)
    try:
        yield
    finally:
        os.umask(before)


# -- the helper ------------------------------------------------------------------------------


def test_a_new_file_is_the_owners_alone(tmp_path: Path) -> None:
    target = tmp_path / "lijst.csv"
    write_private(target, b"naam\r\n")
    assert mode(target) == 0o600
    assert target.read_bytes() == b"naam\r\n"


def test_overwriting_a_world_readable_file_makes_it_the_owners_alone(tmp_path: Path) -> None:
    target = tmp_path / "lijst.csv"
    target.write_bytes(b"oud en veel langer dan het nieuwe")
    target.chmod(0o644)
    write_private(target, b"nieuw")
    assert mode(target) == 0o600
    assert target.read_bytes() == b"nieuw"
    assert [p.name for p in tmp_path.iterdir()] == ["lijst.csv"]  # no temporary file left


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "lijst.csv"
    target.write_bytes(b"oud")

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_private(target, b"nieuw")
    assert target.read_bytes() == b"oud"
    assert [p.name for p in tmp_path.iterdir()] == ["lijst.csv"]


def test_exclusive_leaves_an_existing_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "kopie.db"
    target.write_bytes(b"niet overschrijven")
    with pytest.raises(FileExistsError):
        write_private(target, b"", exclusive=True)
    assert target.read_bytes() == b"niet overschrijven"
    write_private(tmp_path / "nieuw.db", b"", exclusive=True)
    assert mode(tmp_path / "nieuw.db") == 0o600


def test_something_that_is_not_a_file_is_written_into(tmp_path: Path) -> None:
    write_private(Path(os.devnull), b"weg")  # a device: no folder to swap a file into
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_new_folders_are_the_owners_alone_and_existing_ones_are_left(tmp_path: Path) -> None:
    shared = tmp_path / "gedeeld"
    shared.mkdir(mode=0o755)
    make_private_folder(shared / "a" / "b")
    assert mode(shared) == 0o755  # it was there: perhaps shared on purpose
    assert mode(shared / "a") == 0o700
    assert mode(shared / "a" / "b") == 0o700


# -- the database ----------------------------------------------------------------------------


def test_database_folder_file_wal_and_shm_are_the_owners_alone(tmp_path: Path) -> None:
    path = tmp_path / "nieuw" / "festival.db"
    with Database(path) as db:
        with db.write(ADMIN) as tx:
            tx.insert("kernen", {"name": "Privédorp"})
        # SQLite makes -wal and -shm itself, with the database file's mode.
        wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
        assert wal.exists() and shm.exists()
        assert mode(wal) == 0o600
        assert mode(shm) == 0o600
    assert mode(path.parent) == 0o700
    assert mode(path) == 0o600


def test_an_older_world_readable_database_is_tightened_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "oud.db"
    with Database(path):
        pass
    path.chmod(0o644)
    with Database(path) as db:
        assert mode(path) == 0o600
        assert db.integrity_check() == "ok"


def test_a_backup_is_the_owners_alone(db: Database, tmp_path: Path) -> None:
    target = tmp_path / "kopieen" / "kopie.db"
    target.parent.mkdir()
    db.backup(target)
    assert mode(target) == 0o600
    with Database(target) as copy:
        assert copy.integrity_check() == "ok"


def test_a_backup_refuses_an_existing_file_and_leaves_it(db: Database, tmp_path: Path) -> None:
    target = tmp_path / "kopie.db"
    target.write_bytes(b"niet overschrijven")
    target.chmod(0o644)
    with pytest.raises(DatabaseError, match="bestaat al"):
        db.backup(target)
    assert target.read_bytes() == b"niet overschrijven"
    assert mode(target) == 0o644


# -- exports on the command line -------------------------------------------------------------


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    path.write_bytes(demo_template.read_bytes())
    shutil.copyfile(key_path(demo_template), key_path(path))  # the PINs need their key
    return path


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("aanwezig.csv", ["attendance", "export", "{out}"]),
        ("noodlijst.pdf", ["attendance", "fallback", "--out", "{out}"]),
        ("badges.pdf", ["badges", "--out", "{out}"]),
        ("persoon.json", ["privacy", "export", "1", "--out", "{out}"]),
        ("aanvragen.csv", ["budget", "export", "{out}"]),
        ("jury.pdf", ["jury", "sheets", "--out", "{out}"]),
    ],
)
def test_every_export_is_the_owners_alone_also_over_an_existing_file(
    demo_path: Path, tmp_path: Path, capsys: Capture, name: str, args: list[str]
) -> None:
    target = tmp_path / name
    argv = ["--db", str(demo_path), *(a.replace("{out}", str(target)) for a in args)]
    assert run(argv) == 0, capsys.readouterr().err
    assert mode(target) == 0o600
    first = target.read_bytes()
    target.chmod(0o644)
    assert run(argv) == 0, capsys.readouterr().err
    assert mode(target) == 0o600
    assert target.stat().st_size > 0 and first
