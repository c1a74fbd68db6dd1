"""After a walk-in at the desk: a funder who just walked in states what it offers, so the
table talks can include them (the profile dialog of the coordinator's profiles list)."""

from __future__ import annotations

from textual.screen import Screen

from festival.domain import permissions
from festival.session import Session
from matchmaking.domain import participants
from matchmaking.domain.permissions import PROFILES_EDIT
from matchmaking.domain.profiles import read_offers


def offer_after_walk_in(session: Session, registration_id: int) -> Screen[str | None] | None:
    """The offer form for a funder without an offer, if the desk user may fill it in."""
    from matchmaking.ui.profile_dialog import ProfileDialog

    db = session.db
    if not permissions.allowed(session.user, PROFILES_EDIT):
        return None
    festival_id = participants.festival_of_registration(db, registration_id)
    if festival_id is None:
        return None
    funder = next(
        (f for f in participants.funders(db, festival_id) if f.registration_id == registration_id),
        None,
    )
    if funder is None or any(
        o.registration_id == registration_id for o in read_offers(db, festival_id)
    ):
        return None
    return ProfileDialog(
        session,
        festival_id,
        title=funder.organisation or funder.name,
        target_id=registration_id,
        is_funder=True,
    )
