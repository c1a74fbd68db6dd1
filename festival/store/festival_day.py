"""The festival day's own tables, in their own schema track: the stage and its timer, the
terminals of ``festival serve``, and the voting kiosk's ballots.

A track of its own (not a step in :mod:`festival.store.migrations`) so that the festival day's
tables migrate on their own numbering, next to the festival's.
"""

from __future__ import annotations

from festival.store.schema import SchemaTrack, Step

STEPS: list[Step] = [
    (
        1,
        [
            # The pitch timer's settings and its run: started when the coordinator starts the
            # pitch on stage; the screens count down from started_at.
            """
            CREATE TABLE stage_timer (
                festival_id INTEGER PRIMARY KEY REFERENCES festivals (id) ON DELETE CASCADE,
                pitch_minutes INTEGER NOT NULL DEFAULT 4 CHECK (pitch_minutes BETWEEN 1 AND 30),
                question_minutes INTEGER NOT NULL DEFAULT 2
                    CHECK (question_minutes BETWEEN 0 AND 30),
                initiative_id INTEGER REFERENCES initiatives (id) ON DELETE SET NULL,
                started_at TEXT
            )
            """,
            # Scoring closed for one pitch (by the coordinator, before the whole jury locks).
            """
            CREATE TABLE stage_closed (
                festival_id INTEGER NOT NULL REFERENCES festivals (id) ON DELETE CASCADE,
                initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
                closed_at TEXT NOT NULL,
                closed_by TEXT NOT NULL,
                PRIMARY KEY (festival_id, initiative_id)
            )
            """,
            # Voting at the kiosk: open or closed, and the most initiatives one ballot may tick.
            """
            CREATE TABLE kiosk_voting (
                festival_id INTEGER PRIMARY KEY REFERENCES festivals (id) ON DELETE CASCADE,
                open INTEGER NOT NULL DEFAULT 0,
                max_choices INTEGER CHECK (max_choices IS NULL OR max_choices >= 1),
                changed_at TEXT,
                -- The kiosk's ballots as last handed to the allocation (JSON list of lists of
                -- initiative ids), so closing again replaces them and keeps the paper ones.
                fed TEXT NOT NULL DEFAULT '[]'
            )
            """,
            # The terminals festival serve runs now (one per browser tab), who is logged in on
            # each, and the coordinator's request to end one. The link with this run's token
            # (for the coordinator's screen) is kept in serve_link while the server runs.
            """
            CREATE TABLE serve_terminals (
                session_id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                peer TEXT NOT NULL,
                opened_at TEXT NOT NULL,
                user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
                logged_in_at TEXT,
                end_requested_at TEXT,
                end_requested_by TEXT
            )
            """,
            """
            CREATE TABLE serve_link (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                link TEXT NOT NULL,
                started_at TEXT NOT NULL
            )
            """,
            # One ballot per checked-in badge; changed in place until voting closes.
            """
            CREATE TABLE kiosk_ballots (
                festival_id INTEGER NOT NULL REFERENCES festivals (id) ON DELETE CASCADE,
                registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
                choices TEXT NOT NULL,
                cast_at TEXT NOT NULL,
                changed_at TEXT NOT NULL,
                PRIMARY KEY (festival_id, registration_id)
            )
            """,
        ],
    ),
]

TRACK = SchemaTrack(name="festivaldag", steps=STEPS)
