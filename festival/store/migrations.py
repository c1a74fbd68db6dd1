"""The festival's versioned schema migrations, applied in order at open (``PRAGMA user_version``).

Never edit a released step: add a new one. Money is stored as integer cents. Features keep
their own steps in a :class:`~festival.store.schema.SchemaTrack` of their own.

Why the early steps are SQL text and not sqlite-utils calls: a released step is the exact
schema of databases in use, and rewriting it through sqlite-utils' ``create_table`` would change
the stored table definitions (column order, constraints, CHECK clauses it cannot express) for
new databases only, so two databases of the same version would differ. New steps that need
more than plain DDL (the full-text index of step 8) are callables that use sqlite-utils on the
open connection, inside this runner's ``BEGIN IMMEDIATE``; a change ALTER TABLE cannot make
would use its ``transform()`` the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from festival.core.names import match_key
from festival.store.chain import GENESIS, chain_existing_lines
from festival.store.schema import Statement
from festival.store.sqlite_utils_db import FOLDED_TOKENIZER, utils_database

if TYPE_CHECKING:
    import sqlite3


def _index_people_for_search(conn: sqlite3.Connection) -> None:
    """A full-text index over people's name, organisation and e-mail, filled for the people
    already there and kept current by triggers; accents and case do not count ("chloe" finds
    "Chloé"). Runs inside the step's own immediate transaction (sqlite-utils nests a SAVEPOINT).
    """
    utils_database(conn).table("people").enable_fts(
        ["name", "organisation", "email"],
        create_triggers=True,
        tokenize=FOLDED_TOKENIZER,
    )


def _fill_match_keys(conn: sqlite3.Connection) -> None:
    """Every person's name key for the duplicate check (festival.core.names.match_key)."""
    rows = conn.execute("SELECT id, name FROM people").fetchall()
    conn.executemany(
        "UPDATE people SET match_key = ? WHERE id = ?", [(match_key(r[1]), r[0]) for r in rows]
    )


MIGRATIONS: list[tuple[int, list[Statement]]] = [
    (
        1,
        [
            """
            CREATE TABLE app_meta (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE kernen (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                is_pilot INTEGER NOT NULL DEFAULT 0 CHECK (is_pilot IN (0, 1)),
                active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
            )
            """,
            """
            CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                role TEXT NOT NULL
                    CHECK (role IN ('coordinator', 'desk', 'jury', 'kernregisseur')),
                pin_hash TEXT NOT NULL,
                active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
                failed_attempts INTEGER NOT NULL DEFAULT 0,
                locked_until TEXT,
                created_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE user_kernen (
                user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                kern_id INTEGER NOT NULL REFERENCES kernen (id),
                PRIMARY KEY (user_id, kern_id)
            )
            """,
            """
            CREATE TABLE budget_years (
                year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
                budget_cents INTEGER NOT NULL CHECK (budget_cents >= 0),
                reserve_cents INTEGER NOT NULL DEFAULT 0 CHECK (reserve_cents >= 0),
                max_grant_cents INTEGER NOT NULL DEFAULT 75000 CHECK (max_grant_cents > 0)
            )
            """,
            """
            CREATE TABLE applications (
                id INTEGER PRIMARY KEY,
                year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
                kern_id INTEGER NOT NULL REFERENCES kernen (id),
                title TEXT NOT NULL,
                applicant TEXT NOT NULL,
                requested_cents INTEGER NOT NULL CHECK (requested_cents > 0),
                granted_cents INTEGER NOT NULL DEFAULT 0 CHECK (granted_cents >= 0),
                status TEXT NOT NULL CHECK (status IN
                    ('in_behandeling', 'gehonoreerd', 'afgewezen', 'ingetrokken',
                     'doorgeschoven')),
                decision_date TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                CHECK (granted_cents <= requested_cents)
            )
            """,
            "CREATE INDEX applications_year ON applications (year, kern_id)",
            """
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                user_id INTEGER,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id TEXT,
                before TEXT,
                after TEXT
            )
            """,
            "CREATE INDEX audit_log_entity ON audit_log (entity, entity_id)",
            # Append-only: the log is evidence, so the database itself refuses edits.
            """
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'het auditlog kan niet worden gewijzigd'); END
            """,
            """
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'het auditlog kan niet worden gewijzigd'); END
            """,
        ],
    ),
    (
        2,
        [
            # The festival day; personal data of its people is erased after retention_date.
            """
            CREATE TABLE festivals (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                date TEXT NOT NULL,
                place TEXT NOT NULL DEFAULT '',
                retention_date TEXT NOT NULL,
                purged_at TEXT,
                created_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE people (
                id INTEGER PRIMARY KEY,
                festival_id INTEGER NOT NULL REFERENCES festivals (id),
                name TEXT NOT NULL,
                name_key TEXT NOT NULL,
                kern_id INTEGER REFERENCES kernen (id),
                organisation TEXT NOT NULL DEFAULT '',
                email TEXT,
                phone TEXT,
                consent_badge INTEGER NOT NULL DEFAULT 1 CHECK (consent_badge IN (0, 1)),
                consent_contact INTEGER NOT NULL DEFAULT 0 CHECK (consent_contact IN (0, 1)),
                created_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX people_name_key ON people (festival_id, name_key)",
            "CREATE INDEX people_email ON people (festival_id, email)",
            # One registration per person per festival: the badge and its code.
            """
            CREATE TABLE registrations (
                id INTEGER PRIMARY KEY,
                festival_id INTEGER NOT NULL REFERENCES festivals (id),
                person_id INTEGER NOT NULL UNIQUE REFERENCES people (id) ON DELETE CASCADE,
                code TEXT NOT NULL UNIQUE,
                source TEXT NOT NULL,
                created_at TEXT NOT NULL,
                checked_in_at TEXT,
                checked_in_desk TEXT,
                checked_in_by TEXT
            )
            """,
            """
            CREATE TABLE registration_roles (
                registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
                role TEXT NOT NULL CHECK (role IN
                    ('initiatiefnemer', 'subsidieverlener', 'jury', 'staf', 'bezoeker')),
                PRIMARY KEY (registration_id, role)
            )
            """,
            """
            CREATE TABLE initiatives (
                id INTEGER PRIMARY KEY,
                festival_id INTEGER NOT NULL REFERENCES festivals (id),
                registration_id INTEGER REFERENCES registrations (id) ON DELETE SET NULL,
                title TEXT NOT NULL,
                kern_id INTEGER REFERENCES kernen (id),
                description TEXT NOT NULL DEFAULT '',
                requested_cents INTEGER NOT NULL DEFAULT 0 CHECK (requested_cents >= 0),
                themes TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE funder_profiles (
                registration_id INTEGER PRIMARY KEY
                    REFERENCES registrations (id) ON DELETE CASCADE,
                themes TEXT NOT NULL DEFAULT '',
                kernen TEXT NOT NULL DEFAULT ''
            )
            """,
            # Every check-in and every undo, with desk and reason: the desk's own history.
            """
            CREATE TABLE checkin_events (
                id INTEGER PRIMARY KEY,
                registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
                at TEXT NOT NULL,
                desk TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL CHECK (action IN ('in', 'ongedaan', 'badge herdrukt')),
                reason TEXT
            )
            """,
            # Pairs the coordinator decided to keep apart, so they are not shown again.
            """
            CREATE TABLE duplicate_decisions (
                person_a INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
                person_b INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
                decided_at TEXT NOT NULL,
                PRIMARY KEY (person_a, person_b)
            )
            """,
            # Counts kept after personal data is purged (privacy), per festival and role.
            """
            CREATE TABLE festival_counts (
                festival_id INTEGER NOT NULL REFERENCES festivals (id),
                role TEXT NOT NULL,
                expected INTEGER NOT NULL,
                present INTEGER NOT NULL,
                PRIMARY KEY (festival_id, role)
            )
            """,
        ],
    ),
    (
        3,
        [
            # The jury's criteria for a festival; levels is JSON {"1": "...", "10": "..."}.
            """
            CREATE TABLE criteria (
                id INTEGER PRIMARY KEY,
                festival_id INTEGER NOT NULL REFERENCES festivals (id),
                position INTEGER NOT NULL,
                name TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                weight INTEGER NOT NULL CHECK (weight > 0),
                scale_min INTEGER NOT NULL DEFAULT 1,
                scale_max INTEGER NOT NULL DEFAULT 10,
                levels TEXT NOT NULL DEFAULT '{}',
                CHECK (scale_max > scale_min)
            )
            """,
            # The initiatives selected to pitch, in programme order.
            """
            CREATE TABLE pitches (
                initiative_id INTEGER PRIMARY KEY REFERENCES initiatives (id) ON DELETE CASCADE,
                festival_id INTEGER NOT NULL REFERENCES festivals (id),
                position INTEGER NOT NULL
            )
            """,
            # One score per juror x initiative x criterion; a second terminal updates it.
            """
            CREATE TABLE jury_scores (
                juror_id INTEGER NOT NULL REFERENCES users (id),
                initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
                criterion_id INTEGER NOT NULL REFERENCES criteria (id) ON DELETE CASCADE,
                value INTEGER NOT NULL,
                source TEXT NOT NULL DEFAULT 'scherm' CHECK (source IN ('scherm', 'papier')),
                saved_at TEXT NOT NULL,
                PRIMARY KEY (juror_id, initiative_id, criterion_id)
            )
            """,
            # Every save as a group of changes, so a juror can undo their last save.
            """
            CREATE TABLE jury_saves (
                id INTEGER PRIMARY KEY,
                juror_id INTEGER NOT NULL REFERENCES users (id),
                initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
                saved_at TEXT NOT NULL,
                previous TEXT NOT NULL,
                undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
            )
            """,
            """
            CREATE TABLE jury_remarks (
                juror_id INTEGER NOT NULL REFERENCES users (id),
                initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
                remark TEXT NOT NULL,
                saved_at TEXT NOT NULL,
                PRIMARY KEY (juror_id, initiative_id)
            )
            """,
            """
            CREATE TABLE jury_conflicts (
                juror_id INTEGER NOT NULL REFERENCES users (id),
                initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
                reason TEXT NOT NULL,
                declared_at TEXT NOT NULL,
                PRIMARY KEY (juror_id, initiative_id)
            )
            """,
            # Who is on the jury of a festival (users with the jury role).
            """
            CREATE TABLE jurors (
                festival_id INTEGER NOT NULL REFERENCES festivals (id),
                user_id INTEGER NOT NULL REFERENCES users (id),
                PRIMARY KEY (festival_id, user_id)
            )
            """,
            """
            CREATE TABLE jury_state (
                festival_id INTEGER PRIMARY KEY REFERENCES festivals (id),
                status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'vergrendeld')),
                criteria_frozen INTEGER NOT NULL DEFAULT 0 CHECK (criteria_frozen IN (0, 1)),
                published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
                current_initiative INTEGER REFERENCES initiatives (id) ON DELETE SET NULL,
                audience_weight INTEGER NOT NULL DEFAULT 0
                    CHECK (audience_weight BETWEEN 0 AND 100),
                normalise INTEGER NOT NULL DEFAULT 0 CHECK (normalise IN (0, 1))
            )
            """,
            """
            CREATE TABLE audience_votes (
                initiative_id INTEGER PRIMARY KEY REFERENCES initiatives (id) ON DELETE CASCADE,
                votes INTEGER NOT NULL CHECK (votes >= 0)
            )
            """,
        ],
    ),
    (
        4,
        [
            # The allocation's settings, fixed before the day (JSON of allocation.Settings plus
            # the rule), frozen when the jury's scoring is locked.
            """
            CREATE TABLE allocation_settings (
                festival_id INTEGER PRIMARY KEY REFERENCES festivals (id),
                rule TEXT NOT NULL DEFAULT 'greedy',
                max_award_cents INTEGER NOT NULL DEFAULT 250000 CHECK (max_award_cents > 0),
                settings TEXT NOT NULL DEFAULT '{}',
                year INTEGER NOT NULL,
                frozen INTEGER NOT NULL DEFAULT 0 CHECK (frozen IN (0, 1))
            )
            """,
            # Overrides the coordinator made to the draft, each with its reason.
            """
            CREATE TABLE allocation_overrides (
                festival_id INTEGER NOT NULL REFERENCES festivals (id),
                initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
                amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
                reason TEXT NOT NULL,
                made_by TEXT NOT NULL,
                made_at TEXT NOT NULL,
                PRIMARY KEY (festival_id, initiative_id)
            )
            """,
            # A locked allocation never changes: inputs, settings, outcome and their hash.
            """
            CREATE TABLE allocations (
                id INTEGER PRIMARY KEY,
                festival_id INTEGER NOT NULL REFERENCES festivals (id),
                locked_at TEXT NOT NULL,
                locked_by TEXT NOT NULL,
                record TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                published_at TEXT,
                superseded_by INTEGER REFERENCES allocations (id),
                supersede_reason TEXT
            )
            """,
            """
            CREATE TRIGGER allocations_locked BEFORE UPDATE OF record, sha256, locked_at
            ON allocations BEGIN SELECT RAISE(ABORT, 'een vastgestelde verdeling verandert niet');
            END
            """,
        ],
    ),
    (
        5,
        [
            # Audience approval ballots (one row per voter and approved initiative), for the
            # Method of Equal Shares; voters are anonymous labels, never names.
            """
            CREATE TABLE audience_ballots (
                festival_id INTEGER NOT NULL REFERENCES festivals (id),
                voter TEXT NOT NULL,
                initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
                PRIMARY KEY (festival_id, voter, initiative_id)
            )
            """,
        ],
    ),
    # Steps 6 and 7 made the kernagenda's tables; they now belong to the kernagenda's own
    # schema track (kernagenda/store/schema.py), which adopts them in databases made before.
    (6, []),
    (7, []),
    # The coordinator's search over registrations (festival.domain.registration_search).
    (8, [_index_people_for_search]),
    (
        9,
        [
            # The audit log as a hash chain (festival.store.chain): each line's SHA-256 covers
            # its content and the line before it; lines already there are chained once, in
            # id order.
            "ALTER TABLE audit_log ADD COLUMN prev_hash TEXT",
            "ALTER TABLE audit_log ADD COLUMN hash TEXT",
            chain_existing_lines,
            # Every new line must continue the chain, whichever process writes it.
            f"""
            CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log
            WHEN NEW.hash IS NULL OR NEW.prev_hash IS NOT coalesce(
                (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '{GENESIS}')
            BEGIN SELECT RAISE(ABORT, 'een auditregel moet aansluiten op de vorige'); END
            """,
            # A lock's hash covers the head of the chain when it was locked (NULL for locks
            # made before this step, which verify as before).
            "ALTER TABLE allocations ADD COLUMN chain_head TEXT",
            """
            CREATE TRIGGER allocations_head_locked BEFORE UPDATE OF chain_head ON allocations
            BEGIN SELECT RAISE(ABORT, 'een vastgestelde verdeling verandert niet'); END
            """,
            """
            CREATE TRIGGER allocations_no_delete BEFORE DELETE ON allocations
            BEGIN SELECT RAISE(ABORT, 'een vastgestelde verdeling verandert niet'); END
            """,
        ],
    ),
    (
        10,
        [
            # One person, once: the name however it is spelled (festival.core.names), so the
            # desk, the import and the duplicate list find "Chloe Vos" for "Chloé Vos" in any
            # kern; filled by the code that stores a person.
            "ALTER TABLE people ADD COLUMN match_key TEXT",
            _fill_match_keys,
            "CREATE INDEX people_match_key ON people (festival_id, match_key)",
            # The badge code of a registration merged into another keeps working: a scan of it
            # checks in the person kept (festival.domain.duplicates.merge).
            """
            CREATE TABLE badge_aliases (
                code TEXT PRIMARY KEY,
                registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
                merged_at TEXT NOT NULL,
                merged_by TEXT NOT NULL
            )
            """,
            "CREATE INDEX badge_aliases_registration ON badge_aliases (registration_id)",
            # The desks named on a terminal, and when (festival.domain.checkin.live_desks):
            # a name is taken from that moment, before its first check-in.
            """
            CREATE TABLE desks (
                name_key TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                named_at TEXT NOT NULL,
                named_by TEXT NOT NULL
            )
            """,
        ],
    ),
]
