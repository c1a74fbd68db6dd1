"""Matchmaking's actions in the one role × action table (:mod:`festival.domain.permissions`).

Funders and initiatiefnemers are people at the festival, not users of the app: the
coordinator keeps their profiles and the schedule, the desk takes a walk-in funder's offer and
reads a person's talks.
"""

from __future__ import annotations

from festival.domain.permissions import action
from festival.domain.roles import Role

C, D = Role.COORDINATOR, Role.DESK

#: The desk takes a walk-in funder's offer as it registers them (see matchmaking.ui.walk_in).
PROFILES_EDIT = action(
    "match.profiles",
    "Profielen, wensen en 'liever niet' voor de tafelgesprekken legt alleen de balie of de "
    "coördinator vast.",
    C,
    D,
)
SCHEDULE_PLAN = action(
    "match.schedule",
    "Het rooster van de tafelgesprekken maken en herplannen mag alleen de coördinator.",
    C,
)
#: The talks name who meets whom: personal data the desk needs to send people to their table.
TALKS_READ = action(
    "match.read",
    "De tafelgesprekken van deelnemers inzien mag alleen de balie of de coördinator.",
    C,
    D,
)
FOLLOWUP_EDIT = action(
    "match.followup",
    "Vervolgafspraken vastleggen en exporteren mag alleen de coördinator.",
    C,
)
