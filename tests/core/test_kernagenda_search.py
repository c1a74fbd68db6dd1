"""Searching the kernagenda: full-text indexes over the items and their progress notes, accents
and case ignored, every word matching, a word's start enough while typing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import run
from kernagenda_support import (
    COORDINATOR,
    KernId,
    agenda_with_items,
    item,
    pilot_kernen,  # noqa: F401  (every kern a pilot)
    regisseur,
)

from festival.store.database import Database
from kernagenda.domain.agendas import list_agendas
from kernagenda.domain.item_edits import add_item, update_item
from kernagenda.domain.items import list_items
from kernagenda.domain.models import Item
from kernagenda.domain.progress import add_progress
from kernagenda.domain.search import filter_loaded, matching_items, note_matches, search_words

MADE_BY_V7 = Path(__file__).parent / "fixtures" / "databases" / "made_by_v7.sqlite"


def _titles(db: Database, ids: set[int] | None) -> set[str]:
    assert ids is not None
    return {str(db.scalar("SELECT title FROM agenda_items WHERE id = ?", (i,))) for i in ids}


def _screen_filter(db: Database, items: list[Item], query: str) -> set[str]:
    """What the screen's filter shows: fields in memory, progress notes from the index."""
    words = search_words(query)
    index = [(i.search_text(), i) for i in items]
    return {i.title for i in filter_loaded(index, words, note_matches(db, words))}


def test_chloe_finds_chloe_with_its_accent(db: Database, kern_id: KernId) -> None:
    agenda = agenda_with_items(db, COORDINATOR, kern_id("Zoelen"))
    add_item(db, COORDINATOR, agenda.id, item("Jeugd", "Speelplek", partners="Chloé de Vries"))

    assert _titles(db, matching_items(db, "chloe")) == {"Speelplek"}
    assert _titles(db, matching_items(db, "CHLOÉ vries")) == {"Speelplek"}
    assert _titles(db, matching_items(db, "chlo")) == {"Speelplek"}  # while typing
    assert matching_items(db, "chloe jansen") == set()  # every word must match
    assert matching_items(db, "   ") is None  # no words: everything
    assert _screen_filter(db, list_items(db, agenda.id), "chloe") == {"Speelplek"}


def test_a_word_in_a_progress_note_finds_its_item(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = next(i for i in list_items(db, agenda.id) if i.title == "Seniorenhofje")
    assert matching_items(db, "woningcorporatie") == set()

    add_progress(db, karin, hofje.id, "Gesprek met de woningcorporatie over de grond")

    assert _titles(db, matching_items(db, "woningcorporatie")) == {"Seniorenhofje"}
    # One word in the note, one in the item's own fields.
    assert _titles(db, matching_items(db, "woningcorp wonen")) == {"Seniorenhofje"}
    items = list_items(db, agenda.id)
    assert _screen_filter(db, items, "woningcorporatie") == {"Seniorenhofje"}
    assert _screen_filter(db, items, "Woningcorp seniorenhof") == {"Seniorenhofje"}
    # The fields still match inside a word on the screen, as they always did.
    assert _screen_filter(db, items, "woning") == {"Starterswoningen", "Seniorenhofje"}


def test_the_index_follows_edits(db: Database, kern_id: KernId) -> None:
    agenda = agenda_with_items(db, COORDINATOR, kern_id("Zoelen"))
    trapveld = next(i for i in list_items(db, agenda.id) if i.title == "Trapveldje opknappen")
    form = trapveld.as_input()
    form.title = "Skatebaan aanleggen"
    update_item(db, COORDINATOR, trapveld.id, form, loaded=trapveld)

    assert matching_items(db, "trapveldje") == set()
    assert _titles(db, matching_items(db, "skatebaan")) == {"Skatebaan aanleggen"}


def test_items_zoek_searches_progress_notes_too(
    db: Database, db_path: Path, kern_id: KernId, capsys: pytest.CaptureFixture[str]
) -> None:
    agenda = agenda_with_items(db, COORDINATOR, kern_id("Zoelen"))
    hofje = next(i for i in list_items(db, agenda.id) if i.title == "Seniorenhofje")
    add_progress(db, COORDINATOR, hofje.id, "Chloé belt de aannemer")

    assert run(["--db", str(db_path), "items", "Zoelen", "--zoek", "chloe"], prog="kernagenda") == 0
    found = capsys.readouterr().out
    assert "Seniorenhofje" in found and "Starterswoningen" not in found


def test_a_migrated_old_database_gets_its_existing_rows_indexed(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(MADE_BY_V7, path)
    with Database(path) as db:
        items = [i for a in list_agendas(db) for i in list_items(db, a.id)]
        assert items
        indexed = db.scalar("SELECT count(*) FROM agenda_items_fts")
        assert indexed == db.scalar("SELECT count(*) FROM agenda_items")
        notes = db.scalar("SELECT count(*) FROM progress_updates_fts")
        assert notes == db.scalar("SELECT count(*) FROM progress_updates") > 0
        # An existing item is found by its first title word, and by a word of an old note.
        first = items[0]
        assert first.id in (matching_items(db, first.title.split()[0]) or set())
        note = db.fetchone("SELECT item_id, text FROM progress_updates ORDER BY id LIMIT 1")
        assert note is not None
        word = max(str(note["text"]).split(), key=len).strip(".,;:!?")
        assert note["item_id"] in (matching_items(db, word) or set())
        assert db.integrity_check() == "ok"


DOMAIN = (
    "agendas",
    "council",
    "demo_agenda",
    "documents",
    "importing",
    "item_edits",
    "items",
    "links",
    "models",
    "permissions",
    "progress",
    "search",
    "themes",
    "validation",
    "versions",
)

SEARCH_SCRIPT = """
import sys
from festival.store.database import Database
{imports}
from kernagenda.domain.search import matching_items, note_matches
loaded = [m for m in sys.modules if m.split(".")[0] in ("textual", "rich")]
assert not loaded, loaded
with Database(sys.argv[1]) as db:
    matching_items(db, "chloe")
    note_matches(db, ["chlo"])
assert "sqlite_utils" not in sys.modules, "sqlite-utils loaded outside a migration"
"""


def test_searching_a_migrated_database_loads_neither_sqlite_utils_nor_textual(
    db: Database,
) -> None:
    # ``db`` is migrated already: a later process only searches, so the ~130 ms import of
    # sqlite-utils stays off the app's first frame; the domain stays free of Textual and rich.
    imports = "\n".join(f"import kernagenda.domain.{name}" for name in DOMAIN)
    script = SEARCH_SCRIPT.format(imports=imports)
    result = subprocess.run(
        [sys.executable, "-c", script, str(db.path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
