"""Budget figures on hand-computed ledgers, validation messages and kern permissions."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from core_support import ADMIN, CALLER, count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from festival.core.errors import NotAllowed, ValidationErrors
from festival.domain import accounts as users
from festival.domain.budget import (
    ApplicationDraft,
    ApplicationInput,
    ApplicationStatus,
    BudgetYearInput,
    add_application,
    get_application,
    get_budget_year,
    insert_application,
    list_applications,
    set_budget_year,
    summary,
    update_application,
    validate_application,
)
from festival.domain.kernen import KernIndex, list_kernen, seed_kernen
from festival.domain.roles import Role
from festival.store.database import Database

KernId = Callable[[str], int]


def _input(
    kern: str,
    requested: str,
    status: str = "in behandeling",
    granted: str = "0",
    *,
    year: str = "2023",
    title: str = "Initiatief",
    applicant: str = "Dorpsbelangen",
    decision_date: str = "",
) -> ApplicationInput:
    if status != "in behandeling" and not decision_date:
        decision_date = "14-06-2023"
    return ApplicationInput(
        year=year,
        kern=kern,
        title=title,
        applicant=applicant,
        requested=requested,
        granted=granted,
        status=status,
        decision_date=decision_date,
    )


# -- a ledger computed by hand -------------------------------------------------------------


@pytest.fixture
def ledger(db: Database) -> Database:
    """2023: budget € 50.000, reserve € 2.500, maximum € 750; eight applications.

    | kern    | status         | requested  | granted |
    |---------|----------------|------------|---------|
    | Zoelen  | gehonoreerd    |    750,00  |  750,00 |  at the maximum
    | Ingen   | gehonoreerd    |  1.200,00  |  750,00 |  at the maximum
    | Buren   | gehonoreerd    |    400,00  |  400,00 |
    | Lienden | gehonoreerd    |    600,50  |  550,25 |
    | Asch    | afgewezen      |    900,00  |    0    |
    | Maurik  | ingetrokken    |    300,00  |    0    |
    | Aalst   | doorgeschoven  |    500,00  |    0    |
    | Erichem | in behandeling |  2.000,00  |    0    |
    plus one honoured 2022 application (€ 750) that must not count for 2023.
    """
    set_budget_year(db, CALLER, BudgetYearInput(year="2023", budget="50.000", reserve="2.500"))
    set_budget_year(db, CALLER, BudgetYearInput(year="2022", budget="30.000"))
    for data in (
        _input("Zoelen", "750", "gehonoreerd", "750"),
        _input("Ingen", "1.200", "gehonoreerd", "750"),
        _input("Buren", "€ 400,00", "gehonoreerd", "400"),
        _input("Lienden", "600,50", "gehonoreerd", "550,25"),
        _input("Asch", "900", "afgewezen"),
        _input("Maurik", "300", "ingetrokken"),
        _input("Aalst", "500", "doorgeschoven"),
        _input("Erichem", "2.000", title="Nog in behandeling"),
        _input("Zoelen", "750", "gehonoreerd", "750", year="2022", decision_date="01-03-2022"),
    ):
        add_application(db, CALLER, data)
    return db


def test_summary_of_a_hand_computed_ledger(ledger: Database) -> None:
    s = summary(ledger, 2023)
    assert s.budget.budget_cents == 5_000_000
    assert s.budget.reserve_cents == 250_000
    assert s.budget.is_set
    assert (s.received, s.honoured, s.rejected, s.withdrawn, s.deferred, s.pending) == (
        8,
        4,
        1,
        1,
        1,
        1,
    )
    # 750 + 1200 + 400 + 600,50 + 900 + 300 + 500 + 2000 = 6.650,50
    assert s.requested_cents == 665_050
    # 750 + 750 + 400 + 550,25 = 2.450,25
    assert s.granted_cents == 245_025
    assert s.pending_requested_cents == 200_000
    assert s.at_maximum == 2
    # 50.000 − 2.450,25 − 2.500 = 45.049,75
    assert s.pot_cents == 4_504_975
    assert s.model_dump()["pot_cents"] == 4_504_975


def test_the_other_year_is_counted_on_its_own(ledger: Database) -> None:
    s = summary(ledger, 2022)
    assert (s.received, s.honoured, s.granted_cents, s.at_maximum) == (1, 1, 75_000, 1)
    # 30.000 − 750 − 0 = 29.250
    assert s.pot_cents == 2_925_000


def test_a_pending_request_does_not_reduce_the_pot_until_it_is_granted(
    ledger: Database,
) -> None:
    add_application(ledger, CALLER, _input("Ommeren", "750", title="Ook in behandeling"))
    s = summary(ledger, 2023)
    assert s.pending == 2
    assert s.pending_requested_cents == 275_000  # 2.000 + 750
    assert s.pot_cents == 4_504_975  # unchanged: 50.000 − 2.450,25 − 2.500

    pending = next(a for a in list_applications(ledger) if a.title == "Nog in behandeling")
    update_application(
        ledger,
        CALLER,
        pending.id,
        _input("Erichem", "2.000", "gehonoreerd", "750", title="Nog in behandeling"),
    )
    s = summary(ledger, 2023)
    assert (s.pending, s.honoured, s.at_maximum) == (1, 5, 3)
    # 50.000 − (2.450,25 + 750) − 2.500 = 44.299,75
    assert s.pot_cents == 4_429_975


def test_rejecting_or_withdrawing_does_not_touch_the_pot(ledger: Database) -> None:
    pending = next(a for a in list_applications(ledger) if a.title == "Nog in behandeling")
    update_application(
        ledger, CALLER, pending.id, _input("Erichem", "2.000", "afgewezen", title=pending.title)
    )
    s = summary(ledger, 2023)
    assert (s.pending, s.rejected) == (0, 2)
    assert s.pot_cents == 4_504_975


def test_raising_the_reserve_lowers_the_pot(ledger: Database) -> None:
    set_budget_year(ledger, CALLER, BudgetYearInput(year="2023", budget="50.000", reserve="10.000"))
    # 50.000 − 2.450,25 − 10.000 = 37.549,75
    assert summary(ledger, 2023).pot_cents == 3_754_975


def test_lowering_the_maximum_below_a_grant_is_refused(ledger: Database) -> None:
    with pytest.raises(ValidationErrors) as info:
        set_budget_year(
            ledger, CALLER, BudgetYearInput(year="2023", budget="50.000", max_grant="500")
        )
    assert set(info.value.errors) == {"max_grant_cents"}
    assert "3 aanvraag" in info.value.errors["max_grant_cents"]  # 750, 750 and 550,25
    assert get_budget_year(ledger, 2023).max_grant_cents == 75_000


def test_changing_the_maximum_changes_at_maximum(db: Database) -> None:
    set_budget_year(db, CALLER, BudgetYearInput(year="2023", budget="10.000", reserve="1.000"))
    for data in (
        _input("Zoelen", "500", "gehonoreerd", "500"),
        _input("Ingen", "900", "gehonoreerd", "500"),
        _input("Buren", "300", "gehonoreerd", "300"),
        _input("Asch", "450", "gehonoreerd", "450"),
        _input("Maurik", "800", "afgewezen"),
    ):
        add_application(db, CALLER, data)
    before = summary(db, 2023)
    assert before.at_maximum == 0  # nobody got € 750
    # 10.000 − (500 + 500 + 300 + 450) − 1.000 = 7.250
    assert before.pot_cents == 725_000

    set_budget_year(
        db, CALLER, BudgetYearInput(year="2023", budget="10.000", reserve="1.000", max_grant="500")
    )
    after = summary(db, 2023)
    assert after.budget.max_grant_cents == 50_000
    assert after.at_maximum == 2  # Zoelen and Ingen got € 500
    assert after.pot_cents == 725_000

    # The new maximum binds new grants.
    with pytest.raises(ValidationErrors) as info:
        add_application(db, CALLER, _input("Aalst", "600", "gehonoreerd", "600"))
    assert "maximum" in info.value.errors["granted_cents"]


def test_an_unset_year_has_no_budget_and_a_negative_pot(db: Database) -> None:
    add_application(db, CALLER, _input("Zoelen", "750", "gehonoreerd", "700"))
    s = summary(db, 2023)
    assert not s.budget.is_set
    assert s.budget.budget_cents == 0
    assert s.pot_cents == -70_000  # a shortfall is shown, not hidden


def test_budget_year_input_is_checked(db: Database) -> None:
    with pytest.raises(ValidationErrors) as info:
        set_budget_year(db, CALLER, BudgetYearInput(year="1999", budget="veel", reserve="-1"))
    assert set(info.value.errors) == {"year", "budget_cents", "reserve_cents"}
    with pytest.raises(ValidationErrors) as info:
        set_budget_year(db, CALLER, BudgetYearInput(year="2023", budget="1.000", reserve="2.000"))
    assert set(info.value.errors) == {"reserve_cents"}
    with pytest.raises(ValidationErrors) as info:
        set_budget_year(db, CALLER, BudgetYearInput(year="2023", budget="1.000", max_grant="0"))
    assert set(info.value.errors) == {"max_grant_cents"}
    assert count(db, "budget_years") == 0


# -- validation messages -------------------------------------------------------------------


@pytest.fixture
def index(db: Database) -> KernIndex:
    return KernIndex(list_kernen(db, include_inactive=True))


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        (
            {"requested": "500", "granted": "600", "status": "gehonoreerd"},
            "granted_cents",
            "meer dan gevraagd",
        ),
        (
            {"requested": "1.000", "granted": "800", "status": "gehonoreerd"},
            "granted_cents",
            "maximum",
        ),
        (
            {"requested": "500", "granted": "0", "status": "gehonoreerd"},
            "granted_cents",
            "gehonoreerde aanvraag heeft",
        ),
        (
            {"requested": "500", "granted": "", "status": "gehonoreerd"},
            "granted_cents",
            "gehonoreerde aanvraag heeft",
        ),
        (
            {"requested": "500", "granted": "100", "status": "afgewezen"},
            "granted_cents",
            "Alleen een gehonoreerde",
        ),
        ({"kern": "Atlantis"}, "kern_id", "Onbekende kern"),
        ({"status": "goedgekeurd"}, "status", "Onbekende status"),
        (
            {"status": "in behandeling", "decision_date": "14-06-2023"},
            "decision_date",
            "nog geen besluitdatum",
        ),
        ({"requested": "-5"}, "requested_cents", "negatief"),
        ({"requested": "0"}, "requested_cents", "groter zijn dan"),
        (
            {"requested": "500", "granted": "-5", "status": "gehonoreerd"},
            "granted_cents",
            "negatief",
        ),
        ({"year": "1850"}, "year", "geen geldig jaar"),
        ({"title": "  "}, "title", "Titel is verplicht"),
        ({"applicant": "Naam\x1b[2J"}, "applicant", "stuurteken"),
        ({"decision_date": "31-02-2023", "status": "afgewezen"}, "decision_date", "bestaat niet"),
    ],
)
def test_validate_application_refusals(
    index: KernIndex, changes: dict[str, str], field: str, words: str
) -> None:
    values = {
        "year": "2023",
        "kern": "Zoelen",
        "title": "Bankjes",
        "applicant": "Dorpsbelangen Zoelen",
        "requested": "750",
    }
    values.update(changes)
    with pytest.raises(ValidationErrors) as info:
        validate_application(ApplicationInput(**values), index, 75_000)
    assert field in info.value.errors, info.value.errors
    assert words in info.value.errors[field]
    assert set(info.value.errors) == {field}, "only the wrong field is blamed"


def test_validate_application_reports_every_field_at_once(index: KernIndex) -> None:
    data = ApplicationInput(
        year="twintig", kern="Atlantis", title="", applicant="", requested="abc", status="?"
    )
    with pytest.raises(ValidationErrors) as info:
        validate_application(data, index, 75_000)
    assert set(info.value.errors) == {
        "year",
        "kern_id",
        "title",
        "applicant",
        "requested_cents",
        "status",
    }


def test_validate_application_accepts_a_good_one(index: KernIndex) -> None:
    draft = validate_application(
        _input("eck en wiel", "€ 1.234,50", "gehonoreerd", "750", decision_date="2023-06-14"),
        index,
        75_000,
    )
    assert draft.kern_id == index.find("Eck en Wiel").id
    assert (draft.requested_cents, draft.granted_cents) == (123_450, 75_000)
    assert draft.status is ApplicationStatus.HONOURED
    assert draft.decision_date is not None
    assert draft.decision_date.isoformat() == "2023-06-14"


def test_the_maximum_can_differ_per_year(index: KernIndex) -> None:
    maxima = {2022: 50_000, 2023: 75_000}
    validate_application(_input("Zoelen", "750", "gehonoreerd", "750"), index, maxima)
    with pytest.raises(ValidationErrors) as info:
        validate_application(
            _input("Zoelen", "750", "gehonoreerd", "750", year="2022"), index, maxima
        )
    assert "€\xa0500,00" in info.value.errors["granted_cents"]


# -- permissions ---------------------------------------------------------------------------


def test_a_kernregisseur_edits_only_own_kernen(db: Database, kern_id: KernId) -> None:
    karin = users.add_user(
        db,
        CALLER,
        name="Karin Regisseur",
        role=Role.KERNREGISSEUR,
        pin="4444",
        kern_ids=frozenset({kern_id("Zoelen")}),
    )
    mine = add_application(db, karin, _input("Zoelen", "500"))
    assert mine.kern_name == "Zoelen"

    before = (count(db, "applications"), count(db, "audit_log"))
    with pytest.raises(NotAllowed, match="Ingen"):
        add_application(db, karin, _input("Ingen", "500"))
    # Moving her own application to someone else's kern is refused too.
    with pytest.raises(NotAllowed):
        update_application(db, karin, mine.id, _input("Ingen", "500"))
    assert (count(db, "applications"), count(db, "audit_log")) == before
    assert get_application(db, mine.id).kern_name == "Zoelen"

    theirs = add_application(db, CALLER, _input("Ingen", "600"))
    with pytest.raises(NotAllowed):
        update_application(db, karin, theirs.id, _input("Zoelen", "600"))
    assert get_application(db, theirs.id).kern_name == "Ingen"

    boss = users.add_user(db, CALLER, name="Carla", role=Role.COORDINATOR, pin="111111")
    assert add_application(db, boss, _input("Ingen", "500")).kern_name == "Ingen"


def test_only_the_coordinator_sets_the_budget(db: Database, kern_id: KernId) -> None:
    karin = users.add_user(
        db,
        CALLER,
        name="Karin Regisseur",
        role=Role.KERNREGISSEUR,
        pin="4444",
        kern_ids=frozenset({kern_id("Zoelen")}),
    )
    with pytest.raises(NotAllowed):
        set_budget_year(db, karin, BudgetYearInput(year="2023", budget="1"))
    assert count(db, "budget_years") == 0


# -- property: the pot is always budget − honoured grants − reserve --------------------------

_status = st.sampled_from(list(ApplicationStatus))


@st.composite
def _ledger_rows(draw: st.DrawFn) -> list[tuple[int, ApplicationStatus, int, int, int]]:
    rows = []
    for _ in range(draw(st.integers(min_value=0, max_value=15))):
        year = draw(st.sampled_from([2023, 2024]))
        status = draw(_status)
        requested = draw(st.integers(min_value=1, max_value=300_000))
        most = min(requested, 75_000)
        granted = (
            draw(st.one_of(st.just(most), st.integers(min_value=1, max_value=most)))
            if status is ApplicationStatus.HONOURED
            else 0
        )
        kern = draw(st.integers(min_value=0, max_value=15))
        rows.append((year, status, requested, granted, kern))
    return rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=_ledger_rows(),
    budget=st.integers(min_value=0, max_value=10**9),
    reserve_share=st.floats(min_value=0, max_value=1),
)
def test_pot_is_budget_minus_honoured_grants_minus_reserve(
    rows: list[tuple[int, ApplicationStatus, int, int, int]], budget: int, reserve_share: float
) -> None:
    reserve = int(budget * reserve_share)
    with tempfile.TemporaryDirectory() as folder, Database(Path(folder) / "t.db") as db:
        seed_kernen(db, CALLER)
        kern_ids = [k.id for k in list_kernen(db)]
        with db.write(ADMIN) as tx:
            tx.execute(
                "INSERT INTO budget_years (year, budget_cents, reserve_cents) VALUES (2023, ?, ?)",
                (budget, reserve),
            )
            for year, status, requested, granted, kern in rows:
                draft = ApplicationDraft(
                    year=year,
                    kern_id=kern_ids[kern % len(kern_ids)],
                    title="t",
                    applicant="a",
                    requested_cents=requested,
                    granted_cents=granted,
                    status=status,
                    decision_date=None,
                )
                insert_application(tx, draft)
        s = summary(db, 2023)

    mine = [r for r in rows if r[0] == 2023]
    honoured = [r for r in mine if r[1] is ApplicationStatus.HONOURED]
    assert s.pot_cents == budget - sum(r[3] for r in honoured) - reserve
    assert s.granted_cents == sum(r[3] for r in honoured)
    assert s.requested_cents == sum(r[2] for r in mine)
    assert s.received == len(mine)
    assert s.honoured == len(honoured)
    assert s.pending == sum(r[1] is ApplicationStatus.PENDING for r in mine)
    assert s.pending_requested_cents == sum(r[2] for r in mine if r[1] is ApplicationStatus.PENDING)
    assert s.at_maximum == sum(r[3] >= 75_000 for r in honoured)
    assert s.honoured + s.pending + s.rejected + s.withdrawn + s.deferred == s.received
