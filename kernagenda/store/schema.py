"""The kernagenda's own tables, in the kernagenda's own schema track.

Databases made before the kernagenda had a track of its own got these tables from the
festival's steps 6 and 7; :func:`adopt` recognises them, so such a database migrates without
loss and without doing a step twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from festival.store.schema import SchemaTrack, Step
from festival.store.sqlite_utils_db import FOLDED_TOKENIZER, utils_database

if TYPE_CHECKING:
    import sqlite3

#: How the full-text indexes split words: Unicode-aware, accents folded ("chloe" finds "Chloé").
#: The item fields the search reads (what the screen's filter has always matched).
ITEM_SEARCH_COLUMNS = (
    "title",
    "theme",
    "problem",
    "desired_result",
    "owner",
    "partners",
    "kernregisseur",
    "status",
    "kind",
    "priority",
)


def full_text_search(conn: sqlite3.Connection) -> None:
    """Full-text indexes over the items and their progress notes, filled for existing rows and
    kept current by triggers.

    Two indexes, one per table, rather than one combined document per item: each follows its
    own table through sqlite-utils' triggers (a new progress note is indexed as it is
    written), and a search asks both in one query (see :mod:`kernagenda.domain.search`).
    """
    # Imported here: sqlite-utils costs ~130 ms to import and only a migration needs it.
    # This runs inside the migration's BEGIN IMMEDIATE; sqlite-utils then nests its work as a
    # savepoint and commits nothing itself.
    db = utils_database(conn)
    db.table("agenda_items").enable_fts(
        list(ITEM_SEARCH_COLUMNS), create_triggers=True, tokenize=FOLDED_TOKENIZER
    )
    db.table("progress_updates").enable_fts(
        ["text"], create_triggers=True, tokenize=FOLDED_TOKENIZER
    )


STEPS: list[Step] = [
    (
        1,
        [
            # The kernagenda: an agenda per kern, its items, their history and progress log.
            """
            CREATE TABLE agenda_themes (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                position INTEGER NOT NULL DEFAULT 0
            )
            """,
            """
            INSERT INTO agenda_themes (name, position) VALUES
                ('Wonen', 1), ('Verkeer & veiligheid', 2), ('Voorzieningen', 3),
                ('Groen & openbare ruimte', 4), ('Ontmoeting & verenigingen', 5), ('Jeugd', 6),
                ('Zorg & welzijn', 7), ('Duurzaamheid', 8)
            """,
            """
            CREATE TABLE agendas (
                id INTEGER PRIMARY KEY,
                kern_id INTEGER NOT NULL UNIQUE REFERENCES kernen (id),
                version_label TEXT NOT NULL,
                period TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL DEFAULT 'concept'
                    CHECK (status IN ('concept', 'vastgesteld')),
                review_date TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE agenda_items (
                id INTEGER PRIMARY KEY,
                agenda_id INTEGER NOT NULL REFERENCES agendas (id) ON DELETE CASCADE,
                theme TEXT NOT NULL,
                title TEXT NOT NULL,
                problem TEXT NOT NULL DEFAULT '',
                desired_result TEXT NOT NULL DEFAULT '',
                kind TEXT NOT NULL DEFAULT 'idee' CHECK (kind IN ('project', 'klus', 'idee')),
                priority TEXT NOT NULL DEFAULT 'overig'
                    CHECK (priority IN ('speerpunt', 'overig')),
                rank INTEGER,
                owner TEXT NOT NULL DEFAULT 'inwoners',
                partners TEXT NOT NULL DEFAULT '',
                municipality_role TEXT NOT NULL DEFAULT 'informeren',
                kernregisseur TEXT NOT NULL DEFAULT '',
                feasibility TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL DEFAULT 'idee',
                start_date TEXT,
                target_date TEXT,
                budget_cents INTEGER NOT NULL DEFAULT 0 CHECK (budget_cents >= 0),
                budget_source TEXT NOT NULL DEFAULT '',
                source TEXT NOT NULL DEFAULT '',
                last_discussed TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                CHECK ((priority = 'speerpunt') = (rank IS NOT NULL))
            )
            """,
            "CREATE UNIQUE INDEX agenda_items_rank ON agenda_items (agenda_id, rank)",
            """
            CREATE TABLE item_history (
                id INTEGER PRIMARY KEY,
                item_id INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
                field TEXT NOT NULL,
                old TEXT,
                new TEXT,
                who TEXT NOT NULL,
                at TEXT NOT NULL
            )
            """,
            "CREATE INDEX item_history_item ON item_history (item_id)",
            """
            CREATE TABLE progress_updates (
                id INTEGER PRIMARY KEY,
                item_id INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
                who TEXT NOT NULL,
                at TEXT NOT NULL,
                text TEXT NOT NULL,
                old_status TEXT,
                new_status TEXT
            )
            """,
            """
            CREATE TABLE agenda_versions (
                id INTEGER PRIMARY KEY,
                agenda_id INTEGER NOT NULL REFERENCES agendas (id) ON DELETE CASCADE,
                version_label TEXT NOT NULL,
                frozen_at TEXT NOT NULL,
                frozen_by TEXT NOT NULL,
                snapshot TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE item_links (
                item_id INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
                application_id INTEGER REFERENCES applications (id) ON DELETE CASCADE,
                initiative_id INTEGER REFERENCES initiatives (id) ON DELETE CASCADE,
                CHECK ((application_id IS NULL) != (initiative_id IS NULL)),
                UNIQUE (item_id, application_id, initiative_id)
            )
            """,
        ],
    ),
    (
        2,
        [
            # An agenda item is taken off the agenda, not deleted: its history stays readable
            # for the council, and a fixed version that held it still compares.
            "ALTER TABLE agenda_items ADD COLUMN removed_at TEXT",
            "ALTER TABLE agenda_items ADD COLUMN removed_by TEXT",
            "ALTER TABLE agenda_items ADD COLUMN removed_reason TEXT",
        ],
    ),
    # Search the items and their progress notes with accents and case ignored.
    (3, [full_text_search]),
    (
        4,
        [
            # Safe publication: a progress note is internal unless marked public; a person's
            # name among the partners is published only with a recorded consent; the document
            # names the village association, a contact point and the kernavond; every
            # publication is recorded (version, format, to whom, when, by whom).
            "ALTER TABLE progress_updates ADD COLUMN public INTEGER NOT NULL DEFAULT 0",
            """
            CREATE TABLE partner_consents (
                id INTEGER PRIMARY KEY,
                item_id INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                UNIQUE (item_id, name)
            )
            """,
            "ALTER TABLE agendas ADD COLUMN association TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE agendas ADD COLUMN contact TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE agendas ADD COLUMN kernavond_date TEXT",
            """
            CREATE TABLE agenda_publications (
                id INTEGER PRIMARY KEY,
                agenda_id INTEGER NOT NULL REFERENCES agendas (id) ON DELETE CASCADE,
                version_id INTEGER REFERENCES agenda_versions (id) ON DELETE SET NULL,
                version_label TEXT NOT NULL,
                concept INTEGER NOT NULL,
                format TEXT NOT NULL,
                recipient TEXT NOT NULL,
                published_by TEXT NOT NULL,
                published_at TEXT NOT NULL
            )
            """,
        ],
    ),
    (
        5,
        [
            # Settings of the kernagenda (months without progress before an item is "stil").
            """
            CREATE TABLE agenda_settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )
            """,
            # Kernavond mode: residents' input typed as ideas during the evening, triaged
            # afterwards (merged into an item, made a new item, or parked with a reason).
            """
            CREATE TABLE agenda_ideas (
                id INTEGER PRIMARY KEY,
                agenda_id INTEGER NOT NULL REFERENCES agendas (id) ON DELETE CASCADE,
                text TEXT NOT NULL,
                theme TEXT NOT NULL DEFAULT '',
                source TEXT NOT NULL,
                evening_date TEXT NOT NULL,
                written_by TEXT NOT NULL,
                written_at TEXT NOT NULL,
                outcome TEXT NOT NULL DEFAULT 'open'
                    CHECK (outcome IN ('open', 'samengevoegd', 'nieuw agendapunt', 'geparkeerd')),
                item_id INTEGER REFERENCES agenda_items (id) ON DELETE SET NULL,
                reason TEXT NOT NULL DEFAULT '',
                triaged_by TEXT,
                triaged_at TEXT
            )
            """,
            "CREATE INDEX agenda_ideas_agenda ON agenda_ideas (agenda_id, outcome)",
        ],
    ),
]


def adopt(conn: sqlite3.Connection) -> int:
    """The step whose tables a database already has (made by the festival's steps 6 and 7)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "agenda_items" not in tables:
        return 0
    columns = {r[1] for r in conn.execute("PRAGMA table_info(agenda_items)")}
    return 2 if "removed_at" in columns else 1


TRACK = SchemaTrack(name="kernagenda", steps=STEPS, adopt=adopt)
