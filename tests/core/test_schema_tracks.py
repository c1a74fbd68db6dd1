"""Each feature migrates its own tables; databases made before the tracks existed migrate
without loss."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from festival.store import schema
from festival.store.database import Database
from kernagenda.domain.agendas import list_agendas
from kernagenda.domain.items import list_items
from kernagenda.store.schema import STEPS, TRACK

#: Made by `festival demo` on main before the kernagenda had a schema track of its own
#: (festival user_version 7, the kernagenda's tables made by the festival's steps 6 and 7).
MADE_BY_V7 = Path(__file__).parent / "fixtures" / "databases" / "made_by_v7.sqlite"


def _tables(db: Database) -> set[str]:
    return {r[0] for r in db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _counts(db: Database) -> dict[str, int]:
    names = ("agendas", "agenda_items", "item_history", "progress_updates", "audit_log", "users")
    return {name: int(db.scalar(f"SELECT count(*) FROM {name}")) for name in names}


def test_a_database_made_before_the_tracks_migrates_without_loss(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(MADE_BY_V7, path)
    raw = Database(path, migrate=False)
    assert raw.track_version("kernagenda") is None
    before = _counts(raw)
    removed_before = raw.fetchall("SELECT id, removed_reason FROM agenda_items ORDER BY id")
    raw.close()

    with Database(path) as db:
        # step 8: the search index over people; 9: the chain; 10: name keys, badge aliases
        assert db.schema_version == 10
        assert db.track_version("kernagenda") == TRACK.latest == 5
        assert _counts(db) == before
        assert db.fetchall("SELECT id, removed_reason FROM agenda_items ORDER BY id") == (
            removed_before
        )
        # The kernagenda reads its agendas as before.
        agendas = list_agendas(db)
        assert {a.kern_id for a in agendas}
        assert sum(len(list_items(db, a.id)) for a in agendas) > 0
        assert db.integrity_check() == "ok"


def test_a_new_database_gets_the_kernagendas_tables_from_its_track(tmp_path: Path) -> None:
    with Database(tmp_path / "new.db") as db:
        assert db.track_version("kernagenda") == 5
        assert {"agendas", "agenda_items", "item_links"} <= _tables(db)
        columns = {r["name"] for r in db.fetchall("PRAGMA table_info(agenda_items)")}
        assert "removed_reason" in columns


def test_without_the_feature_its_tables_are_not_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "_TRACKS", {})
    with Database(tmp_path / "festival-only.db") as db:
        assert "agendas" not in _tables(db)
        assert "applications" in _tables(db)
        assert db.track_version("kernagenda") is None


def test_a_database_at_the_tracks_first_step_gets_only_the_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "step1.db"
    monkeypatch.setattr(schema, "_TRACKS", {})
    with Database(path) as db:  # the festival's tables, then the kernagenda's first step by hand
        for statement in STEPS[0][1]:
            assert isinstance(statement, str)
            db.conn.execute(statement)
    monkeypatch.setattr(schema, "_TRACKS", {"kernagenda": TRACK})
    with Database(path) as db:
        assert db.track_version("kernagenda") == 5
        columns = {r["name"] for r in db.fetchall("PRAGMA table_info(agenda_items)")}
        assert {"removed_at", "removed_by", "removed_reason"} <= columns


def test_a_broken_step_leaves_the_track_where_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "broken.db"
    with Database(path):
        pass
    broken = schema.SchemaTrack(
        name="kernagenda",
        steps=[*STEPS, (TRACK.latest + 1, ["CREATE TABLE probe (x)", "THIS IS NOT SQL"])],
        adopt=TRACK.adopt,
    )
    monkeypatch.setattr(schema, "_TRACKS", {"kernagenda": broken})
    with pytest.raises(Exception, match="syntax error"):
        Database(path)
    monkeypatch.setattr(schema, "_TRACKS", {"kernagenda": TRACK})
    with Database(path) as db:
        assert db.track_version("kernagenda") == 5
        assert "probe" not in _tables(db)


#: ``festival`` without a subcommand, in a fresh interpreter (nothing loaded by a test yet),
#: with the screen stubbed: only the path to the screen is the question.
SCREEN_PATH = """
import sys, types
fake = types.ModuleType("festival.app")
class App:
    def run(self):
        pass
fake.make_app = lambda settings, db: App()
sys.modules["festival.app"] = fake
from festival.cli import run
assert run(["--db", sys.argv[1]]) == 0
"""


@pytest.mark.parametrize("made_by", ["v7", "new"])
def test_opening_the_app_migrates_every_features_tables(tmp_path: Path, made_by: str) -> None:
    """The app's path builds no parser, yet every feature's steps run before the screen."""
    path = tmp_path / "app.db"
    if made_by == "v7":
        shutil.copy(MADE_BY_V7, path)
    result = subprocess.run(
        [sys.executable, "-c", SCREEN_PATH, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with Database(path, migrate=False) as db:
        assert db.track_version("kernagenda") == TRACK.latest
        assert {"agenda_items", "progress_updates_fts"} <= _tables(db)
