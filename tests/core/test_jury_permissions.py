"""Every jury action walked through the real service for every role: the service refuses
exactly the roles the permissions table refuses, with the action's Dutch sentence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from jury_support import (
    COORDINATOR,
    DESK,
    JAN,
    JULIA,
    OPERATOR,
    REGISSEUR,
    demo_festival,
    every,
    pitches,
    save,
    user,
)

from festival.core.errors import NotAllowed
from festival.domain import jury, permissions
from festival.domain.permissions import Action
from festival.domain.roles import Role, User
from festival.store.database import Database

ROLES = (COORDINATOR, DESK, JULIA, REGISSEUR)


def _juror_for(db: Database, caller: User) -> User:
    """The juror whose scores a caller works on: their own when they are a juror."""
    return caller if caller.role is Role.JURY else user(db, JULIA)


def _paper_sheet(db: Database, fid: int) -> bytes:
    first = jury.list_pitches(db, fid)[0]
    lines = ["jurylid;initiatief;criterium;score"]
    lines += [f"{JAN};{first.position};{c.name};6" for c in jury.list_criteria(db, fid)]
    return "\n".join(lines).encode()


def _locked(db: Database, fid: int) -> None:
    jury.lock(db, OPERATOR, fid)


def _published(db: Database, fid: int) -> None:
    jury.lock(db, OPERATOR, fid)
    jury.publish(db, OPERATOR, fid)


def _jan_conflict(db: Database, fid: int) -> None:
    jan = user(db, JAN)
    jury.declare_conflict(db, jan, fid, jan, pitches(db, fid)[0], "mijn zus")


def _scored(db: Database, fid: int) -> None:
    for name in (JULIA, JAN):
        save(db, fid, name, pitches(db, fid)[0], every(db, fid, 7))


@dataclass(frozen=True)
class Case:
    """One service call: what the table says about it, what must be true before it, the call."""

    name: str
    action: Action
    call: Callable[[Database, int, User, Path], object]
    before: Callable[[Database, int], None] | None = None


CASES = (
    Case(
        "add_criterion",
        permissions.CRITERIA_MANAGE,
        lambda db, fid, by, _: jury.add_criterion(db, by, fid, jury.CriterionInput(name="Extra")),
    ),
    Case(
        "update_criterion",
        permissions.CRITERIA_MANAGE,
        lambda db, fid, by, _: jury.update_criterion(
            db, by, fid, jury.list_criteria(db, fid)[0].id, jury.CriterionInput(name="Anders")
        ),
    ),
    Case(
        "delete_criterion",
        permissions.CRITERIA_MANAGE,
        lambda db, fid, by, _: jury.delete_criterion(
            db, by, fid, jury.list_criteria(db, fid)[-1].id
        ),
    ),
    Case(
        "reset_criteria",
        permissions.CRITERIA_MANAGE,
        lambda db, fid, by, _: jury.reset_criteria(db, by, fid, "gewicht verkeerd"),
        _scored,
    ),
    Case(
        "set_selected",
        permissions.PROGRAMME_MANAGE,
        lambda db, fid, by, _: jury.set_selected(db, by, fid, pitches(db, fid)[0], False),
    ),
    Case(
        "move_pitch",
        permissions.PROGRAMME_MANAGE,
        lambda db, fid, by, _: jury.move_pitch(db, by, fid, pitches(db, fid)[0], 1),
    ),
    Case(
        "board",
        permissions.JURY_BOARD,
        lambda db, fid, by, _: jury.board(db, by, fid),
    ),
    Case(
        "set_current",
        permissions.STAGE_RUN,
        lambda db, fid, by, _: jury.set_current(db, by, fid, pitches(db, fid)[1]),
    ),
    Case(
        "set_juror",
        permissions.JURORS_MANAGE,
        lambda db, fid, by, _: jury.set_juror(db, by, fid, user(db, JAN).id, False),
    ),
    Case(
        "save_scores",
        permissions.SCORE,
        lambda db, fid, by, _: jury.save_scores(
            db, by, fid, _juror_for(db, by), pitches(db, fid)[0], every(db, fid, 5)
        ),
    ),
    Case(
        "undo_last_save",
        permissions.SCORE,
        lambda db, fid, by, _: jury.undo_last_save(
            db, by, fid, _juror_for(db, by), pitches(db, fid)[0]
        ),
        _scored,
    ),
    Case(
        "declare_conflict",
        permissions.SCORE,
        lambda db, fid, by, _: jury.declare_conflict(
            db, by, fid, _juror_for(db, by), pitches(db, fid)[0], "mijn buurman"
        ),
    ),
    Case(
        "own_scores",
        permissions.SCORE,
        lambda db, fid, by, _: jury.own_scores(db, by, fid, _juror_for(db, by)),
        _scored,
    ),
    Case(
        "save_scores (papier)",
        permissions.PAPER_SCORES,
        lambda db, fid, by, _: jury.save_scores(
            db, by, fid, user(db, JAN), pitches(db, fid)[0], every(db, fid, 5), source="papier"
        ),
    ),
    Case(
        "import_paper_scores",
        permissions.PAPER_SCORES,
        lambda db, fid, by, _: jury.import_paper_scores(db, by, fid, _paper_sheet(db, fid)),
    ),
    Case(
        "key_sheet_row",
        permissions.PAPER_SCORES,
        lambda db, fid, by, _: jury.key_sheet_row(
            db, by, fid, user(db, JAN), pitches(db, fid)[0], every(db, fid, 6)
        ),
    ),
    Case(
        # Another juror's conflict: a juror withdraws only their own (under SCORE).
        "withdraw_conflict",
        permissions.CONFLICT_WITHDRAW,
        lambda db, fid, by, _: jury.withdraw_conflict(
            db, by, fid, user(db, JAN), pitches(db, fid)[0], "per ongeluk gemeld"
        ),
        _jan_conflict,
    ),
    Case("lock", permissions.JURY_LOCK, lambda db, fid, by, _: jury.lock(db, by, fid)),
    Case(
        "unlock",
        permissions.JURY_UNLOCK,
        lambda db, fid, by, _: jury.unlock(db, by, fid, "nog niet klaar"),
        _locked,
    ),
    Case(
        "publish",
        permissions.JURY_PUBLISH,
        lambda db, fid, by, _: jury.publish(db, by, fid),
        _locked,
    ),
    Case(
        "set_audience",
        permissions.JURY_SETTINGS,
        lambda db, fid, by, _: jury.set_audience(db, by, fid, weight=20, normalise=True),
    ),
    Case(
        "read_ranking",
        permissions.RANKING_READ,
        lambda db, fid, by, _: jury.read_ranking(db, by, fid),
        _published,
    ),
    Case(
        "export_scores",
        permissions.JURY_EXPORT,
        lambda db, fid, by, tmp: jury.export_scores(db, by, fid, tmp / "jury.csv"),
        _scored,
    ),
    Case(
        "score_sheets_pdf",
        permissions.JURY_SHEETS,
        lambda db, fid, by, _: jury.score_sheets_pdf(db, by, fid),
    ),
    Case(
        "import_initiatives",
        permissions.INITIATIVES_IMPORT,
        lambda db, fid, by, _: jury.import_initiatives(
            db, by, fid, b"titel;kern;initiatiefnemer;gevraagd\nNieuw plan;Zoelen;Iemand;500\n"
        ),
    ),
)


def test_every_jury_action_in_the_table_is_walked() -> None:
    jury_actions = {
        a.key
        for a in permissions.table()
        if a.key.startswith("jury.") or a.key == "initiatives.import"
    }
    assert jury_actions == {case.action.key for case in CASES}


@pytest.mark.parametrize("name", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_service_refuses_exactly_the_roles_the_table_refuses(
    demo_db: Database, tmp_path: Path, case: Case, name: str
) -> None:
    fid = demo_festival(demo_db)
    if case.before is not None:
        case.before(demo_db, fid)
    caller = user(demo_db, name)
    if permissions.allowed(caller, case.action):
        case.call(demo_db, fid, caller, tmp_path)
    else:
        audit_before = demo_db.scalar("SELECT count(*) FROM audit_log")
        with pytest.raises(NotAllowed) as refused:
            case.call(demo_db, fid, caller, tmp_path)
        assert refused.value.message == case.action.refusal
        assert demo_db.scalar("SELECT count(*) FROM audit_log") == audit_before


def test_screen_scores_are_the_jurors_own_even_for_a_system_caller(demo_db: Database) -> None:
    fid = demo_festival(demo_db)
    first = pitches(demo_db, fid)[0]
    julia = user(demo_db, JULIA)
    for caller in (user(demo_db, JAN), OPERATOR, permissions.SYSTEM):
        with pytest.raises(NotAllowed) as refused:
            jury.save_scores(demo_db, caller, fid, julia, first, every(demo_db, fid, 5))
        assert refused.value.message == permissions.SCORE.refusal
    with pytest.raises(NotAllowed):
        jury.own_scores(demo_db, user(demo_db, JAN), fid, julia)


def test_a_juror_reads_the_ranking_only_after_publication(demo_db: Database) -> None:
    fid = demo_festival(demo_db)
    julia = user(demo_db, JULIA)
    with pytest.raises(NotAllowed) as refused:
        jury.read_ranking(demo_db, julia, fid)
    assert refused.value.message == permissions.RANKING_READ.refusal
    jury.read_ranking(demo_db, user(demo_db, COORDINATOR), fid)
    jury.read_ranking(demo_db, OPERATOR, fid)  # the command line
    _published(demo_db, fid)
    jury.read_ranking(demo_db, julia, fid)
