"""``festival match …``: profiles, wishes, settings, planning and the schedule of table talks.

Like the festival's command line these never import Textual and import the domain only inside
the handlers; they act as the logged-in user (:func:`festival.cli.common.cli_caller`).
Refusals from the domain are reported by :func:`festival.cli.run`.
"""

from __future__ import annotations

from festival.cli.common import SubParsers
from matchmaking.cli import after, profiles, schedule


def add_parsers(sub: SubParsers) -> None:
    profiles.add_parsers(sub)
    schedule.add_parsers(sub)
    after.add_parsers(sub)
