"""The real festival services against every role: refused exactly where the role × action
matrix of test_permissions.py says so.

test_permissions.py checks the table; this file checks that each service asks the table for
the right action. Both read the same EXPECTED matrix, so they cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from core_support import CALLER
from people_support import HEADER, csv_bytes, festival, person
from test_permissions import EXPECTED, ROLE_OF, C, D, J, K

from festival.core.errors import NotAllowed
from festival.domain import (
    accounts,
    attendance,
    badges,
    budget,
    budget_io,
    checkin,
    duplicates,
    festivals,
    hall_network,
    kernen,
    kiosk,
    privacy,
    registration,
    registration_io,
    registration_search,
    terminals,
)
from festival.domain.permissions import Caller
from festival.domain.roles import Role, User
from festival.store.database import Database


@dataclass
class World:
    """What the services act on: a festival with people, a user, a kern, an application."""

    festival_id: int
    zoe: registration.Registration
    zoe_again: registration.Registration
    kees: registration.Registration
    user_id: int
    kern_id: int
    application_id: int
    badge_dir: Path


@pytest.fixture
def world(db: Database, kern_id: Callable[[str], int], tmp_path: Path) -> World:
    fid = festival(db).id
    zoe = person(db, fid, "Zoë van ’t Hof", email="zoe@example.org")
    zoe_again = person(db, fid, "Zoe van 't Hof", email="zoe@example.org")
    kees = person(db, fid, "Kees Kerkhof", kern="Ingen")
    checkin.check_in(db, CALLER, kees.id, "Balie 1")
    user = accounts.add_user(db, CALLER, name="Bas Balie", role=Role.DESK, pin="2468")
    budget.set_budget_year(db, CALLER, budget.BudgetYearInput(year="2026", budget="50.000"))
    application = budget.add_application(db, CALLER, _application("Bankjes"))
    kiosk.open_voting(db, CALLER, fid, max_choices=None)  # the kiosk's services need it open
    terminals.opened(db, CALLER, "tab-1", "app", "192.168.1.31")
    return World(
        festival_id=fid,
        zoe=zoe,
        zoe_again=zoe_again,
        kees=kees,
        user_id=user.id,
        kern_id=kern_id("Zoelen"),
        application_id=application.id,
        badge_dir=tmp_path / "badges",
    )


def _application(title: str) -> budget.ApplicationInput:
    return budget.ApplicationInput(
        year="2026", kern="Zoelen", title=title, applicant="Dorpsraad", requested="500"
    )


Service = Callable[[Database, Caller, World], object]

#: (action key, what is called, the call): every service in the festival's own domain that
#: changes something or reads personal data.
SERVICES: list[tuple[str, str, Service]] = [
    ("users.manage", "add_user", lambda db, c, w: accounts.add_user(
        db, c, name="Nieuw", role=Role.JURY, pin="1357")),
    ("users.manage", "reset_pin", lambda db, c, w: accounts.reset_pin(db, c, w.user_id, "8642")),
    ("users.manage", "set_active", lambda db, c, w: accounts.set_active(
        db, c, w.user_id, False)),
    ("users.manage", "set_kernen", lambda db, c, w: accounts.set_kernen(
        db, c, w.user_id, frozenset({w.kern_id}))),
    ("users.list", "list_users", lambda db, c, w: accounts.list_users(db, c)),
    ("desk.search", "search", lambda db, c, w: registration_search.search(
        db, c, w.festival_id, "zoe")),
    ("kernen.manage", "add_kern", lambda db, c, w: kernen.add_kern(db, c, "Nieuwdorp")),
    ("kernen.manage", "update_kern", lambda db, c, w: kernen.update_kern(
        db, c, w.kern_id, is_pilot=True)),
    ("kernen.manage", "seed_kernen", lambda db, c, w: kernen.seed_kernen(db, c)),
    ("festival.manage", "add_festival", lambda db, c, w: festivals.add_festival(
        db, c, name="Tweede", day="12-09-2027", place="", retention="31-03-2028")),
    ("budget.set", "set_budget_year", lambda db, c, w: budget.set_budget_year(
        db, c, budget.BudgetYearInput(year="2027", budget="40.000"))),
    ("budget.application", "add_application", lambda db, c, w: budget.add_application(
        db, c, _application("Speeltuin"))),
    ("budget.application", "update_application", lambda db, c, w: budget.update_application(
        db, c, w.application_id, _application("Bankjes langs de dijk"))),
    ("budget.import", "import_applications", lambda db, c, w: budget_io.import_applications(
        db, c, csv_bytes(";".join(budget_io.HEADERS), "2026;Ingen;Jeu de boules;Club;300;0;;"))),
    ("registrations.import", "import_registrations", lambda db, c, w:
        registration_io.import_registrations(
            db, c, w.festival_id, csv_bytes(HEADER, "Kaj Nieuw;bezoeker;Asch;;;;;"))),
    ("desk.checkin", "check_in", lambda db, c, w: checkin.check_in(
        db, c, w.zoe.id, "Balie 2")),
    ("desk.checkin", "claim_desk", lambda db, c, w: checkin.claim_desk(db, c, "Balie 9")),
    ("desk.checkin", "check_in_code", lambda db, c, w: checkin.check_in_code(
        db, c, w.zoe.code, "Balie 2", festival_id=w.festival_id)),
    ("desk.walk_in", "register", lambda db, c, w: registration.register(
        db, c, w.festival_id, registration.PersonInput(
            name="Wim Walk-in", roles="bezoeker", kern="Buren"))),
    ("desk.undo", "undo_check_in", lambda db, c, w: checkin.undo_check_in(
        db, c, w.kees.id, "verkeerde badge", "Balie 1")),
    ("desk.undo_own", "undo_own_check_in", lambda db, c, w: checkin.undo_own_check_in(
        db, c, w.kees.id, "verkeerde badge", "Balie 1")),
    ("desk.reprint", "record_reprint", lambda db, c, w: checkin.record_reprint(
        db, c, w.kees.id, "badge kwijt", "Balie 1")),
    ("desk.badge", "badge_pdf_for", lambda db, c, w: badges.badge_pdf_for(db, c, w.zoe.id)),
    ("desk.badge", "print_badge", lambda db, c, w: badges.print_badge(
        db, c, w.zoe.id, desk="Balie 1", printer=None, folder=w.badge_dir)),
    ("desk.badge", "last_print", lambda db, c, w: badges.last_print(db, c, w.zoe.id)),
    ("registrations.duplicates", "duplicate_pairs", lambda db, c, w:
        duplicates.duplicate_pairs(db, c, w.festival_id)),
    ("registrations.duplicates", "keep_both", lambda db, c, w: duplicates.keep_both(
        db, c, w.zoe.id, w.zoe_again.id)),
    ("registrations.merge", "merge", lambda db, c, w: duplicates.merge(
        db, c, w.zoe.id, w.zoe_again.id)),
    ("registrations.search", "find_registrations", lambda db, c, w:
        registration_search.find_registrations(db, c, w.festival_id, "zoe")),
    ("privacy.export", "export_person", lambda db, c, w: privacy.export_person(
        db, c, w.zoe.person_id)),
    ("privacy.purge", "purge", lambda db, c, w: privacy.purge(
        db, c, today=dt.date(2030, 1, 1))),
    ("registrations.list", "list_registrations", lambda db, c, w:
        registration.list_registrations(db, c, w.festival_id)),
    ("attendance.export", "attendance_csv", lambda db, c, w: attendance.attendance_csv(
        db, c, w.festival_id)),
    ("registrations.list", "fallback_list", lambda db, c, w: attendance.fallback_list(
        db, c, festivals.list_festivals(db)[0])),
    ("budget.export", "export_applications", lambda db, c, w: budget_io.export_applications(
        db, c)),
    ("registrations.list", "badge_sheets", lambda db, c, w: badges.badge_sheets(
        db, c, festivals.list_festivals(db)[0])),
    # The festival day on the hall network (festival serve, terminals, the voting kiosk)
    ("serve.start", "open_hall_network", lambda db, c, w: hall_network.open_hall_network(
        db, c, public_url="http://192.168.1.20:8000", max_sessions=5, tls=False)),
    ("serve.start", "start_run", lambda db, c, w: terminals.start_run(db, c, "http://h/?t=x")),
    ("serve.start", "stop_run", lambda db, c, w: terminals.stop_run(db, c)),
    ("serve.start", "opened", lambda db, c, w: terminals.opened(db, c, "tab-2", "zaal", "::1")),
    ("serve.start", "closed", lambda db, c, w: terminals.closed(db, c, "tab-1")),
    ("serve.terminals", "list_terminals", lambda db, c, w: terminals.list_terminals(db, c)),
    ("serve.terminals", "current_link", lambda db, c, w: terminals.current_link(db, c)),
    ("serve.terminals", "end_terminal", lambda db, c, w: terminals.end_terminal(
        db, c, "tab-1")),
    ("serve.own_terminal", "logged_in", lambda db, c, w: terminals.logged_in(db, c, "tab-1")),
    ("serve.own_terminal", "logged_out", lambda db, c, w: terminals.logged_out(db, c, "tab-1")),
    ("kiosk.voting", "open_voting", lambda db, c, w: kiosk.open_voting(
        db, c, w.festival_id, max_choices=3)),
    ("kiosk.voting", "close_voting", lambda db, c, w: kiosk.close_voting(db, c, w.festival_id)),
    ("kiosk.run", "scan", lambda db, c, w: kiosk.scan(db, c, w.festival_id, w.kees.code)),
    ("kiosk.run", "cast_ballot", lambda db, c, w: kiosk.cast_ballot(
        db, c, w.festival_id, kiosk.Voter(registration_id=w.kees.id, first_name="Kees",
                                          choices=frozenset()), {1})),
]  # fmt: skip


def _caller(letter: str, world: World) -> User:
    # A kernregisseur of the kern the application and the imports are about.
    return User(
        id=900, name=f"Test {letter}", role=ROLE_OF[letter], active=True,
        kern_ids=frozenset({world.kern_id}),
    )  # fmt: skip


def test_every_action_of_the_festival_domain_is_walked() -> None:
    walked = {key for key, _, _ in SERVICES}
    # The jury's, the allocation's and the kernagenda's actions are walked beside their own
    # services (test_jury_permissions, test_allocation_*, test_kernagenda_permissions,
    # test_match_permissions).
    others = ("jury.", "allocation.", "initiatives.", "agenda.", "match.")
    festival_keys = {key for key in EXPECTED if not key.startswith(others)}
    assert walked == festival_keys


@pytest.mark.parametrize(
    ("key", "service"), [(key, fn) for key, _, fn in SERVICES], ids=[n for _, n, _ in SERVICES]
)
@pytest.mark.parametrize("letter", [C, D, J, K])
def test_the_service_refuses_exactly_whom_the_matrix_refuses(
    db: Database, world: World, key: str, service: Service, letter: str
) -> None:
    caller = _caller(letter, world)
    if letter in EXPECTED[key]:
        try:
            service(db, caller, world)
        except NotAllowed as exc:  # pragma: no cover - the failure this test looks for
            pytest.fail(f"{letter} may {key}, but was refused: {exc}")
        except Exception:  # a non-permission error (a rule of the service) is fine here
            pass
    else:
        before = db.scalar("SELECT count(*) FROM audit_log")
        with pytest.raises(NotAllowed) as refused:
            service(db, caller, world)
        assert refused.value.args[0]  # a Dutch sentence
        assert db.scalar("SELECT count(*) FROM audit_log") == before  # and nothing written


def test_a_kernregisseur_may_not_edit_another_kerns_application(
    db: Database, world: World, kern_id: Callable[[str], int]
) -> None:
    regisseur = User(
        id=901, name="Karin", role=Role.KERNREGISSEUR, active=True,
        kern_ids=frozenset({kern_id("Ingen")}),
    )  # fmt: skip
    with pytest.raises(NotAllowed, match="Zoelen"):
        budget.add_application(db, regisseur, _application("Speeltuin"))
    with pytest.raises(NotAllowed, match="Zoelen"):
        budget.update_application(db, regisseur, world.application_id, _application("Nee"))
