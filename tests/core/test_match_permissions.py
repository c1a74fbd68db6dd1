"""Matchmaking's services against every role: refused exactly where the matrix of
test_permissions.py says so, and a refusal writes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_permissions import EXPECTED, ROLE_OF, C, D, J, K

from festival.core.errors import NotAllowed
from festival.domain.festivals import current_festival
from festival.domain.permissions import Caller
from festival.domain.roles import User
from festival.store.database import Database
from matchmaking.domain.followup import counts, followups, set_followup
from matchmaking.domain.profiles import OfferInput, offers, set_offer, set_preference
from matchmaking.domain.schedule import plan, talks
from matchmaking.domain.settings import SettingsInput, set_settings
from matchmaking.domain.slips import slips_pdf

Service = Callable[[Database, Caller, int], object]


def _first_funder(db: Database, fid: int) -> int:
    return int(db.scalar("SELECT min(registration_id) FROM match_offers"))


SERVICES: list[tuple[str, str, Service]] = [
    (
        "match.profiles",
        "set_offer",
        lambda db, c, fid: set_offer(db, c, fid, _first_funder(db, fid), OfferInput(kinds="geld")),
    ),
    (
        "match.profiles",
        "set_preference",
        lambda db, c, fid: set_preference(db, c, fid, "1", "Fonds Rivierland", "wens", "x"),
    ),
    (
        "match.schedule",
        "set_settings",
        lambda db, c, fid: set_settings(db, c, fid, SettingsInput()),
    ),
    ("match.schedule", "plan", lambda db, c, fid: plan(db, c, fid)),
    ("match.read", "talks", lambda db, c, fid: talks(db, c, fid)),
    ("match.read", "offers", lambda db, c, fid: offers(db, c, fid)),
    ("match.read", "counts", lambda db, c, fid: counts(db, c, fid)),
    ("match.read", "slips", lambda db, c, fid: slips_pdf(db, c, fid)),
    (
        "match.followup",
        "followups",
        lambda db, c, fid: followups(db, c, fid, _first_funder(db, fid)),
    ),
    (
        "match.followup",
        "set_followup",
        lambda db, c, fid: set_followup(db, c, fid, "Fonds Rivierland", "1", agreed=True),
    ),
]


def test_every_matchmaking_action_is_walked() -> None:
    assert {key for key, _, _ in SERVICES} == {k for k in EXPECTED if k.startswith("match.")}


@pytest.mark.parametrize(
    ("key", "service"), [(key, fn) for key, _, fn in SERVICES], ids=[n for _, n, _ in SERVICES]
)
@pytest.mark.parametrize("letter", [C, D, J, K])
def test_the_service_refuses_exactly_whom_the_matrix_refuses(
    demo_db: Database, key: str, service: Service, letter: str
) -> None:
    fid = current_festival(demo_db).id  # type: ignore[union-attr]
    caller = User(id=900, name=f"Test {letter}", role=ROLE_OF[letter], active=True)
    if letter in EXPECTED[key]:
        try:
            service(demo_db, caller, fid)
        except NotAllowed as exc:  # pragma: no cover - the failure this test looks for
            pytest.fail(f"{letter} may {key}, but was refused: {exc}")
        except Exception:  # a rule of the service (e.g. no talk held yet) is fine here
            pass
    else:
        before = demo_db.scalar("SELECT count(*) FROM audit_log")
        with pytest.raises(NotAllowed) as refused:
            service(demo_db, caller, fid)
        assert refused.value.args[0]
        assert demo_db.scalar("SELECT count(*) FROM audit_log") == before
