"""Versioned schema migrations, applied in order at open (``PRAGMA user_version``).

Never edit a released step: add a new one. Money is stored as integer cents.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, list[str]]] = [
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
]
