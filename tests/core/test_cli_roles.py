"""Every subcommand as every role, and without a login: the role × action table of the screens
applies unchanged on the command line.

Each subcommand that is not public names the action it performs (``handles(..., needs=...)``).
For every subcommand and every demo user this runs it on a copy of the demo database: a user
the table refuses gets exit code 1, the action's Dutch refusal and not one changed row; a user
it allows meets no refusal at all (the subcommand may still fail for other reasons, such as a
festival without scores); without a login the command asks for one and changes nothing. A new
subcommand fails :func:`test_every_subcommand_has_a_case` until it has a case here.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from login_support import as_user, copy_demo, remove_copy, snapshot

from festival.cli.main import build_parser
from festival.cli.session import NO_USER
from festival.domain import permissions
from festival.domain.accounts import login
from festival.domain.demo_logins import DEMO_LOGINS, DemoLogin
from festival.domain.festivals import current_festival
from festival.domain.roles import Role, User
from festival.features import installed
from festival.store.database import Database

Capture = pytest.CaptureFixture[str]
#: The pilot kern of the demo whose agenda Karin Regisseur keeps and Koen Regisseur does not.
KERN = "Ingen"
#: Public subcommands that open a full screen (the hall screen, the voting kiosk): checked to be
#: public, not run here (their screens log in by themselves; tests/ui covers them).
SCREENS = {"zaal", "stemzuil"}


@dataclass(frozen=True)
class Demo:
    """What the cases need to know of the demo database, and files to hand them."""

    path: Path
    folder: Path
    code: str  # a badge not yet checked in
    item: int  # an agenda item of KERN
    note: int  # a progress note on that item
    idea: int  # an open kernavond idea for KERN's agenda
    kern_id: int
    published: bool

    def file(self, name: str, text: str) -> str:
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    def out(self, name: str) -> str:
        return str(self.folder / "uit" / name)


def _cases(d: Demo) -> dict[str, tuple[str, ...]]:
    """Arguments for every subcommand, meaningful where a permitted user runs it."""
    budget = d.file(
        "aanvragen.csv",
        "jaar;kern;titel;aanvrager;gevraagd;toegekend;status;besluitdatum\n"
        "2026;Buren;Speeltuin;Speeltuinvereniging Buren;400;0;in behandeling;\n",
    )
    people = d.file(
        "aanmeldingen.csv",
        "naam;rol;kern;organisatie;email;telefoon;initiatief;gevraagd\n"
        "Nieuwe Naam;bezoeker;Zoelen;;;;;\n",
    )
    initiatives = d.file("initiatieven.csv", "titel;kern;gevraagd\nNieuw plan;Zoelen;500\n")
    paper = d.file("scores.csv", "jurylid;pitch;criterium;score\n")
    ballots = d.file("stemmen.csv", "stembiljet;initiatief\n")
    agenda = d.file("agenda.csv", "onderwerp;thema\nNieuw bankje;Ontmoeten\n")
    item = str(d.item)
    return {
        "demo": ("demo", "--if-empty"),
        "users list": ("users", "list"),
        "users add": ("users", "add", "Nieuw Lid", "--rol", "balie"),
        "users reset-pin": ("users", "reset-pin", "Bas Balie"),
        "users deactivate": ("users", "deactivate", "Bas Balie"),
        "users activate": ("users", "activate", "Bas Balie"),
        "kernen list": ("kernen", "list"),
        "kernen add": ("kernen", "add", "Nieuwdorp"),
        "kernen pilot": ("kernen", "pilot", "Zoelen"),
        "budget summary": ("budget", "summary"),
        "budget set": ("budget", "set", "--jaar", "2027", "--budget", "10.000"),
        "budget import": ("budget", "import", budget),
        "budget export": ("budget", "export", d.out("aanvragen.csv")),
        "checkin": ("checkin", d.code, "--desk", "Balie 9"),
        "festivals list": ("festivals", "list"),
        "festivals add": (
            "festivals",
            "add",
            "--naam",
            "Festival 2027",
            "--datum",
            "12-06-2027",
            "--bewaren-tot",
            "31-12-2027",
        ),
        "registrations import": ("registrations", "import", people),
        "registrations duplicates": ("registrations", "duplicates"),
        "registrations merge": ("registrations", "merge", "1", "2", "--ja"),
        "registrations keep-both": ("registrations", "keep-both", "1", "2"),
        "privacy export": ("privacy", "export", "1", "--out", d.out("persoon")),
        "privacy purge": ("privacy", "purge", "--dry-run"),
        "badges": ("badges", "--out", d.out("badges.pdf")),
        "attendance export": ("attendance", "export", d.out("aanwezig.csv")),
        "attendance fallback": ("attendance", "fallback", "--out", d.out("noodlijst.pdf")),
        "initiatives import": ("initiatives", "import", initiatives),
        "jury ranking": ("jury", "ranking"),
        "jury sheets": ("jury", "sheets", "--out", d.out("formulieren.pdf")),
        "jury import": ("jury", "import", paper),
        "jury export": ("jury", "export", d.out("scores.xlsx")),
        "jury lock": ("jury", "lock"),
        "jury unlock": ("jury", "unlock", "--reden", "herkansing"),
        "jury publish": ("jury", "publish"),
        "jury withdraw-conflict": (
            "jury",
            "withdraw-conflict",
            "--jurylid",
            "Joke Jurylid",
            "--initiatief",
            "1",
            "--reden",
            "vergissing",
        ),
        "jury ballots": ("jury", "ballots", ballots),
        "jury settings": ("jury", "settings", "--publiek", "20"),
        "allocation show": ("allocation", "show"),
        "allocation settings": ("allocation", "settings", "--regel", "greedy"),
        "allocation override": ("allocation", "override", "1", "0", "--reden", "test"),
        "allocation lock": ("allocation", "lock"),
        "allocation publish": ("allocation", "publish"),
        "allocation verify": ("allocation", "verify"),
        "allocation export": ("allocation", "export", d.out("besluit.pdf")),
        "pabulib run": ("pabulib", "run", "--rule", "greedy", budget),
        "pabulib export": ("pabulib", "export", d.out("verdeling.pb")),
        "backup": ("backup", d.out("kopie.db")),
        "audit": ("audit",),
        "verify": ("verify",),
        "agenda export": ("agenda", "export", KERN, "--out", d.out("agenda.md")),
        "agenda progress": ("agenda", "progress"),
        "agenda import": ("agenda", "import", KERN, agenda),
        "agenda items": ("agenda", "items", KERN),
        "agenda show": ("agenda", "show", item),
        "agenda log": ("agenda", "log", item, "Gesprek", "gevoerd"),
        "agenda status": ("agenda", "status", item, "afgerond"),
        "agenda move": ("agenda", "move", item, "omlaag"),
        "agenda remove": ("agenda", "remove", item, "--reden", "dubbel"),
        "agenda link": ("agenda", "link", item, "--aanvraag", "1"),
        "agenda unlink": ("agenda", "unlink", item, "--aanvraag", "1"),
        "agenda fix": ("agenda", "fix", KERN),
        "agenda versions": ("agenda", "versions", KERN),
        "agenda compare": ("agenda", "compare", KERN),
        "agenda set": ("agenda", "set", KERN, "--periode", "2026-2030"),
        "agenda attention": ("agenda", "attention"),
        "agenda instelling": ("agenda", "instelling"),
        "agenda openbaar": ("agenda", "openbaar", str(d.note)),
        "agenda toestemming": ("agenda", "toestemming", item, "Piet de Vries"),
        "agenda restore": ("agenda", "restore", item),
        "agenda idee": ("agenda", "idee", KERN, "Meer bankjes"),
        "agenda ideeen": ("agenda", "ideeen", KERN),
        "agenda verwerk": ("agenda", "verwerk", str(d.idea), "--parkeren", "later"),
        "match import-profiles": ("match", "import-profiles", people),
        "match offer": ("match", "offer", "Nieuw Fonds", "--steun", "geld"),
        "match need": ("match", "need", "1", "--steun", "advies"),
        "match wish": ("match", "wish", "1", "Nieuw Fonds"),
        "match avoid": ("match", "avoid", "1", "Nieuw Fonds"),
        "match fit": ("match", "fit", "1"),
        "match settings": ("match", "settings", "--rondes", "4"),
        "match plan": ("match", "plan"),
        "match replan": ("match", "replan", "--vanaf", "2"),
        "match schedule": ("match", "schedule"),
        "match person": ("match", "person", d.code),
        "match slips": ("match", "slips", "--out", d.out("gesprekken.pdf")),
        "match followup": ("match", "followup", "Nieuw Fonds", "1", "--vervolg", "ja"),
        "match followups": ("match", "followups", "Nieuw Fonds"),
        "match met": ("match", "met", "1"),
        "match report": ("match", "report"),
        # A port that cannot be: the coordinator's run stops at the check, nobody starts a server.
        "serve": ("serve", "--port", "0"),
        "zaal": ("zaal",),
        "stemzuil": ("stemzuil",),
        "stemmen open": ("stemmen", "open", "--max", "3"),
        "stemmen sluiten": ("stemmen", "sluiten"),
        "podium volgende": ("podium", "volgende"),
        "podium timer": ("podium", "timer", "--pitch", "5", "--vragen", "3"),
        "podium sluit": ("podium", "sluit", "1"),
    }


def _subcommands() -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every subcommand of the full parser (features included), by its words."""

    def walk(
        parser: argparse.ArgumentParser, words: tuple[str, ...]
    ) -> Iterator[tuple[str, argparse.ArgumentParser]]:
        for act in parser._actions:
            if isinstance(act, argparse._SubParsersAction):
                for name, child in act.choices.items():
                    yield from walk(child, (*words, name))
                return
        yield " ".join(words), parser

    installed()
    yield from walk(build_parser(), ())


def _defaults(parser: argparse.ArgumentParser) -> tuple[bool, str | None]:
    return bool(parser.get_default("public")), parser.get_default("needs")


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Demo:
    path = copy_demo(demo_template, tmp_path / "demo.db")
    (tmp_path / "uit").mkdir()
    with Database(path) as db:
        festival = current_festival(db)
        assert festival is not None
        from festival.domain.jury import get_state
        from festival.domain.permissions import SYSTEM
        from kernagenda.domain.kernavond import add_idea

        item = int(
            db.scalar(
                "SELECT i.id FROM agenda_items i JOIN agendas a ON a.id = i.agenda_id "
                "JOIN kernen k ON k.id = a.kern_id WHERE k.name = ? ORDER BY i.id",
                (KERN,),
            )
        )
        agenda_id = int(db.scalar("SELECT agenda_id FROM agenda_items WHERE id = ?", (item,)))
        note = db.scalar("SELECT id FROM progress_updates WHERE item_id = ? LIMIT 1", (item,))
        assert note is not None, "the demo's first item of the kern has a progress note"
        idea = add_idea(db, SYSTEM, agenda_id, "Een bankje bij de bushalte")
        return Demo(
            path=path,
            folder=tmp_path,
            code=str(db.scalar("SELECT code FROM registrations WHERE checked_in_at IS NULL")),
            item=item,
            note=int(note),
            idea=idea.id,
            kern_id=int(db.scalar("SELECT id FROM kernen WHERE name = ?", (KERN,))),
            published=get_state(db, festival.id).published,
        )


def test_every_subcommand_has_a_case_and_names_its_action(demo: Demo) -> None:
    cases = _cases(demo)
    table = {act.key for act in permissions.table()}
    words = []
    for name, parser in _subcommands():
        words.append(name)
        public, needs = _defaults(parser)
        assert public or needs in table, f"{name}: names no declared action ({needs!r})"
    assert sorted(words) == sorted(cases)


def _refused_by_data(name: str, user: User, demo: Demo) -> str | None:
    """The refusal a permitted role still meets because of the data, where the table alone
    does not decide: a juror reads the ranking (and the allocation that follows from it) only
    after publication."""
    if name in ("jury ranking", "allocation show") and user.role is Role.JURY:
        return None if demo.published else permissions.RANKING_READ.refusal
    return None


def _run_as(
    monkeypatch: pytest.MonkeyPatch,
    capsys: Capture,
    path: Path,
    who: DemoLogin | None,
    argv: tuple[str, ...],
) -> tuple[int, str]:
    code = as_user(monkeypatch, path, who, *argv)
    return code, capsys.readouterr().err


def test_every_subcommand_as_every_role(
    demo: Demo, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    monkeypatch.setenv("FESTIVAL_NEW_PIN", "258025")
    monkeypatch.delenv("FESTIVAL_USER", raising=False)
    monkeypatch.delenv("FESTIVAL_PIN", raising=False)
    cases = _cases(demo)
    with Database(demo.path) as db:
        users = {who.name: login(db, who.name, who.pin) for who in DEMO_LOGINS}
    refusals = [act.refusal.split("{")[0] for act in permissions.table()]
    checked: dict[str, int] = {"refused": 0, "allowed": 0, "public": 0}
    for name, parser in _subcommands():
        argv = cases[name]
        public, needs = _defaults(parser)
        untouched = demo.folder / "geweigerd.db"
        copy_demo(demo.path, untouched)
        before = snapshot(untouched)
        if public and name in SCREENS:
            remove_copy(untouched)
            continue
        if public:
            code, err = _run_as(monkeypatch, capsys, untouched, None, argv)
            assert NO_USER not in err, name
            checked["public"] += 1
            remove_copy(untouched)
            continue
        assert needs is not None
        act = permissions.find(needs)
        code, err = _run_as(monkeypatch, capsys, untouched, None, argv)
        assert (code, err.strip()) == (1, NO_USER), (name, "zonder login", err)
        for who in DEMO_LOGINS:
            user = users[who.name]
            kern_id = demo.kern_id if act.per_kern else None
            expected: str | None = None
            if not permissions.allowed(user, act, kern_id=kern_id):
                expected = act.refusal.replace("{kern}", KERN).split("{")[0]
            else:
                expected = _refused_by_data(name, user, demo)
            if expected is not None:
                code, err = _run_as(monkeypatch, capsys, untouched, who, argv)
                assert code == 1, (name, who.name, err)
                assert expected.split(KERN)[0] in err, (name, who.name, err)
                checked["refused"] += 1
                continue
            allowed_copy = copy_demo(demo.path, demo.folder / "toegestaan.db")
            code, err = _run_as(monkeypatch, capsys, allowed_copy, who, argv)
            met = [text for text in refusals if text in err]
            assert not met and NO_USER not in err, (name, who.name, err)
            checked["allowed"] += 1
            remove_copy(allowed_copy)
        # Nobody the table refuses, nor a run without a login, changed a single row.
        assert snapshot(untouched) == before, name
        remove_copy(untouched)
    # The walk really met each kind of case (guards against a walk that skips everything).
    assert checked["refused"] > 150 and checked["allowed"] > 60 and checked["public"] >= 8
