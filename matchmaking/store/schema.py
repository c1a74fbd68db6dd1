"""Matchmaking's own tables, in matchmaking's own schema track.

Profiles, wishes and talks are keyed by the festival's ids (a funder by its registration, an
initiative by its id) and go when those go (``ON DELETE CASCADE``): erasing a festival's
personal data erases the matchmaking that belongs to it.
"""

from __future__ import annotations

from festival.store.schema import SchemaTrack, Step

STEPS: list[Step] = [
    (
        1,
        [
            # The schedule's settings per festival: rounds, minutes, tables and breaks.
            """
            CREATE TABLE match_settings (
                festival_id INTEGER PRIMARY KEY REFERENCES festivals (id) ON DELETE CASCADE,
                rounds INTEGER NOT NULL CHECK (rounds >= 1),
                minutes INTEGER NOT NULL CHECK (minutes >= 1),
                tables INTEGER NOT NULL CHECK (tables >= 1),
                start_time TEXT NOT NULL,
                breaks TEXT NOT NULL DEFAULT '',
                min_talks INTEGER NOT NULL DEFAULT 1 CHECK (min_talks >= 0),
                auto_replan INTEGER NOT NULL DEFAULT 0
            )
            """,
            # What a funder offers (one row per funder's registration).
            """
            CREATE TABLE match_offers (
                registration_id INTEGER PRIMARY KEY
                    REFERENCES registrations (id) ON DELETE CASCADE,
                kinds TEXT NOT NULL,
                themes TEXT NOT NULL DEFAULT '',
                kernen TEXT NOT NULL DEFAULT '',
                min_cents INTEGER NOT NULL DEFAULT 0 CHECK (min_cents >= 0),
                max_cents INTEGER CHECK (max_cents IS NULL OR max_cents >= min_cents),
                capacity INTEGER NOT NULL CHECK (capacity >= 0)
            )
            """,
            # What an initiative needs.
            """
            CREATE TABLE match_needs (
                initiative_id INTEGER PRIMARY KEY REFERENCES initiatives (id) ON DELETE CASCADE,
                kinds TEXT NOT NULL,
                theme TEXT NOT NULL DEFAULT '',
                kern TEXT NOT NULL DEFAULT '',
                amount_cents INTEGER NOT NULL DEFAULT 0 CHECK (amount_cents >= 0)
            )
            """,
            # A wish for a talk (asked by either side) or a funder's "liever niet".
            """
            CREATE TABLE match_preferences (
                initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
                funder_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('wens', 'liever niet')),
                asked_by TEXT NOT NULL,
                PRIMARY KEY (initiative_id, funder_id)
            )
            """,
            # The schedule: one row per table talk.
            """
            CREATE TABLE match_talks (
                id INTEGER PRIMARY KEY,
                festival_id INTEGER NOT NULL REFERENCES festivals (id) ON DELETE CASCADE,
                round INTEGER NOT NULL CHECK (round >= 1),
                table_no INTEGER NOT NULL CHECK (table_no >= 1),
                initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
                funder_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
                fit INTEGER NOT NULL,
                reason TEXT NOT NULL,
                wish INTEGER NOT NULL DEFAULT 0,
                UNIQUE (festival_id, round, table_no),
                UNIQUE (festival_id, round, initiative_id),
                UNIQUE (festival_id, round, funder_id),
                UNIQUE (initiative_id, funder_id)
            )
            """,
            # Every planning run with what it reached, for the screen and the council.
            """
            CREATE TABLE match_runs (
                id INTEGER PRIMARY KEY,
                festival_id INTEGER NOT NULL REFERENCES festivals (id) ON DELETE CASCADE,
                at TEXT NOT NULL,
                who TEXT NOT NULL,
                from_round INTEGER NOT NULL,
                quality TEXT NOT NULL
            )
            """,
            # After the day: per funder and initiative that met, a note and a follow-up.
            """
            CREATE TABLE match_followups (
                initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
                funder_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
                note TEXT NOT NULL DEFAULT '',
                agreed INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (initiative_id, funder_id)
            )
            """,
        ],
    ),
]

TRACK = SchemaTrack(name="matchmaking", steps=STEPS)
