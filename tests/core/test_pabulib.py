"""The pabulib format: reading, writing, clear errors with line numbers, and
``festival pabulib run`` on fixture files written for these tests (tests/core/fixtures/pabulib)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import run as cli_run
from hypothesis import given, settings
from hypothesis import strategies as st

from festival.domain.allocation import pabulib, pabulib_run
from festival.domain.allocation.model import Reason, Rule
from festival.domain.allocation.pabulib import PabulibError, PabulibInstance, Project, Vote

FIXTURES = Path(__file__).parent / "fixtures" / "pabulib"
VALID = ("vector2_approval", "scoring_ties", "cumulative", "withdrawn", "threshold")
RULES = ("greedy", "greedy-no-skip", "greedy-threshold", "knapsack", "equalshares-add1")

Capture = pytest.CaptureFixture[str]


def load(name: str) -> PabulibInstance:
    return pabulib.parse((FIXTURES / f"{name}.pb").read_text(encoding="utf-8"))


def selection(name: str, rule: str) -> tuple[list[str], int]:
    chosen = pabulib_run.run(load(name), Rule(rule))
    return chosen.selected, chosen.cost


# -- reading and writing -------------------------------------------------------------------


def test_reads_the_three_sections_with_quoted_fields() -> None:
    instance = load("vector2_approval")
    assert instance.meta["budget"] == "50000" and instance.budget == 50_000
    assert instance.vote_type == "approval"
    assert instance.threshold is None
    assert [p.id for p in instance.projects] == ["A", "B", "C", "D"]
    assert [p.cost for p in instance.projects] == [30_000, 25_000, 20_000, 5_000]
    assert [p.votes for p in instance.projects] == [3, 3, 2, 2]
    assert instance.projects[1].name == "Dorpshuis; nieuwe keuken"
    assert instance.projects[3].name == 'Bankjes langs de "Linge"'
    assert instance.votes[0] == Vote("1", ("A", "B"))
    assert instance.project_columns == ("project_id", "cost", "votes", "name")

    cumulative = load("cumulative")
    assert cumulative.votes[1] == Vote("2", ("2", "3"), (5, 5), {"age": "51"})
    assert load("threshold").threshold == 3
    assert load("threshold").votes[-1].projects == ()  # a voter who approved nothing
    assert load("withdrawn").projects[0].withdrawn


@pytest.mark.parametrize("name", VALID)
def test_write_reads_back_equal(name: str) -> None:
    instance = load(name)
    text = pabulib.write(instance)
    assert text.startswith("META\nkey;value\n")
    assert pabulib.parse(text) == instance


def test_write_derives_the_headers_and_quotes_what_needs_it() -> None:
    instance = PabulibInstance(
        meta={"description": "Festival 2026; publieksstem", "budget": "1000",
              "vote_type": "approval"},
        projects=[Project("1", 400, votes=2, name='Het "Dorpsplein"'), Project("2", 999_999_999)],
        votes=[Vote("a", ("1",), extra={"age": "40"}), Vote("b", ("1", "2"))],
    )  # fmt: skip
    text = pabulib.write(instance)
    assert text.splitlines() == [
        "META",
        "key;value",
        'description;"Festival 2026; publieksstem"',
        "budget;1000",
        "vote_type;approval",
        "PROJECTS",
        "project_id;cost;votes;name",
        '1;400;2;"Het ""Dorpsplein"""',
        "2;999999999;;",
        "VOTES",
        "voter_id;vote;age",
        "a;1;40",
        "b;1,2;",
    ]
    back = pabulib.parse(text)
    assert back.projects == instance.projects and back.meta == instance.meta
    assert back.votes == [instance.votes[0], Vote("b", ("1", "2"), extra={"age": ""})]


ids = st.text(alphabet="abcXYZ019_-", min_size=1, max_size=4)
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
                max_size=12).map(str.strip)  # fmt: skip


@st.composite
def instances(draw: st.DrawFn) -> PabulibInstance:
    kind = draw(st.sampled_from(pabulib.VOTE_TYPES))
    project_ids = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    projects = [
        Project(
            id=p,
            cost=draw(st.integers(0, 10**9)),
            votes=draw(st.none() | st.integers(0, 99)),
            score=draw(st.none() | st.integers(-5, 99) | st.floats(0, 99, allow_nan=False)),
            name=draw(texts),
            extra={"category": draw(texts)},
        )
        for p in project_ids
    ]
    votes = []
    for n, voter in enumerate(draw(st.lists(ids, max_size=6, unique=True))):
        chosen = tuple(draw(st.lists(st.sampled_from(project_ids), unique=True)))
        points = None
        if kind in ("cumulative", "scoring") or (n % 2 and chosen):
            points = tuple(draw(st.integers(0, 10)) for _ in chosen) if chosen else None
        votes.append(Vote(voter, chosen, points, {"sex": draw(st.sampled_from(["f", "m", ""]))}))
    meta = {"description": draw(texts), "budget": str(draw(st.integers(0, 10**7))),
            "vote_type": kind}  # fmt: skip
    return PabulibInstance(meta=meta, projects=projects, votes=votes)


@settings(max_examples=150, deadline=None)
@given(instances())
def test_write_then_parse_is_the_same_instance(instance: PabulibInstance) -> None:
    back = pabulib.parse(pabulib.write(instance))
    assert back.meta == instance.meta
    assert back.projects == instance.projects
    assert back.votes == instance.votes


# -- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("broken_missing_section", 5, "sectie PROJECTS ontbreekt"),
        ("broken_bad_number", 8, "'3OO' is geen bedrag"),
        ("broken_vote_type", 4, "onbekend vote_type 'range'"),
    ],
)
def test_broken_fixtures_name_their_line(name: str, line: int, words: str) -> None:
    with pytest.raises(PabulibError) as caught:
        load(name)
    assert caught.value.line == line
    assert words in caught.value.message
    assert str(caught.value).startswith(f"regel {line}: ")


HEAD = "META\nkey;value\nbudget;1000\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;500\n2;300\n"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "sectie META ontbreekt"),
        ("budget;1000\n", 1, "moet beginnen met de sectie META"),
        ("META\nkey;value\nbudget;1000\nvote_type;approval\n", 4, "sectie PROJECTS ontbreekt"),
        (HEAD, 8, "sectie VOTES ontbreekt"),
        (HEAD + "VOTES\n", 9, "VOTES heeft geen kopregel"),
        (HEAD + "VOTES\nvoter_id;vote\n1;1,3\n", 11, "onbekend project '3'"),
        (HEAD + "VOTES\nvoter_id;vote\n1;1\n1;2\n", 12, "stemmer 1 staat er al"),
        (HEAD + "VOTES\nvoter_id;vote\n1;1;x\n", 11, "3 velden, maar de kopregel (regel 10)"),
        (HEAD + "VOTES\nvoter_id;vote;points\n1;1,2;3\n", 11, "1 punten bij 2 projecten"),
        (HEAD + "VOTES\nvoter\n", 10, "kolom voter_id ontbreekt"),
        (HEAD + "VOTES\nvoter_id;vote\nVOTES\n", 11, "VOTES staat er voor de tweede keer in"),
        (HEAD.replace("2;300", "1;300") + "VOTES\nvoter_id;vote\n", 8, "project 1 staat er al"),
        (HEAD.replace("2;300", "2;-3") + "VOTES\nvoter_id;vote\n", 8, "'-3' is geen bedrag"),
        (HEAD.replace("2;300", "2;1.2.5") + "VOTES\nvoter_id;vote\n", 8, "'1.2.5' is geen bedrag"),
        (HEAD.replace("budget;1000", "budget;veel"), 3, "budget: 'veel'"),
        (HEAD.replace("budget;1000\n", ""), 1, "mist de verplichte sleutel budget"),
        (HEAD.replace("key;value", "sleutel;waarde"), 2, "moet 'key;value' zijn"),
        (HEAD.replace("project_id;cost", "project_id;;cost"), 6, "lege kolomnaam"),
        (
            HEAD.replace("vote_type;approval", "vote_type;scoring") + "VOTES\nvoter_id;vote\n",
            10,
            "kolom points ontbreekt",
        ),
        (
            HEAD.replace("vote_type;approval", "vote_type;cumulative")
            + "VOTES\nvoter_id;vote;points\n1;1;\n",
            11,
            "punten ontbreken",
        ),
        (HEAD.replace("vote_type;approval", "vote_type;approval\nbudget;5"), 5, "staat er al"),
        (
            HEAD.replace("project_id;cost", "project_id;cost;score")
            .replace("1;500", "1;500;hoog")
            .replace("2;300", "2;300;1"),
            7,
            "score: 'hoog' is geen getal",
        ),
        (
            HEAD.replace("vote_type;approval", "vote_type;approval\nmin_project_score_threshold;x"),
            5,
            "min_project_score_threshold: 'x'",
        ),
    ],
)
def test_malformed_text_names_its_line(text: str, line: int, words: str) -> None:
    with pytest.raises(PabulibError) as caught:
        pabulib.parse(text)
    assert (caught.value.line, words in caught.value.message) == (line, True), caught.value


def test_bytes_that_are_not_utf8_name_their_line() -> None:
    data = HEAD.encode() + b"VOTES\nvoter_id;vote\n1;1\xff\n"
    with pytest.raises(PabulibError) as caught:
        pabulib.decode(data)
    assert caught.value.line == 11
    assert pabulib.parse(
        pabulib.decode(b"\xef\xbb\xbf" + HEAD.encode() + b"VOTES\nvoter_id;vote\n")
    )


def test_tolerates_spaces_blank_lines_crlf_and_a_trailing_separator() -> None:
    text = (
        "META\r\nkey; value\r\nbudget; 1000.00\r\nvote_type; approval\r\n\r\nPROJECTS\r\n"
        "project_id; cost;\r\n1; 500;\r\nVOTES\r\nvoter_id; vote\r\n1; 1\r\n"
    )
    instance = pabulib.parse(text)
    assert instance.budget == 1000
    assert instance.projects == [Project("1", 500)]
    assert instance.votes == [Vote("1", ("1",))]


# -- scores and rules ----------------------------------------------------------------------


def test_what_the_greedy_rules_rank_by() -> None:
    # approval with a votes column: the column; without: counted from VOTES
    assert pabulib_run.scores(load("vector2_approval")) == {"A": 3, "B": 3, "C": 2, "D": 2}
    assert pabulib_run.scores(load("withdrawn")) == {"7": 4, "3": 2, "5": 2, "9": 2}
    # scoring with a score column: the column
    assert pabulib_run.scores(load("scoring_ties")) == {"p1": 10, "p2": 12, "p3": 10, "p4": 10,
                                                    "p5": 5}  # fmt: skip
    # cumulative without a score column: the points added up, not the ballots counted
    assert pabulib_run.scores(load("cumulative")) == {"1": 10, "2": 9, "3": 7, "4": 14}
    ordinal = pabulib.parse(
        HEAD.replace("approval", "ordinal") + "VOTES\nvoter_id;vote\n1;2,1\n2;2\n"
    )
    assert pabulib_run.scores(ordinal) == {"1": 1, "2": 2}
    assert pabulib_run.approvals(load("cumulative"))[2] == {"2", "4"}
    zero = pabulib.parse(
        HEAD.replace("approval", "scoring") + "VOTES\nvoter_id;vote;points\n1;1,2;0,4\n"
    )
    assert pabulib_run.approvals(zero) == [{"2"}]


@pytest.mark.parametrize(
    ("name", "rule", "selected", "cost"),
    [
        # DOMAIN.md vector 2: A and B tie on 3 votes, the file order puts A first.
        ("vector2_approval", "greedy", ["A", "C"], 50_000),
        ("vector2_approval", "greedy-no-skip", ["A"], 30_000),
        ("vector2_approval", "greedy-threshold", ["A", "C"], 50_000),  # no threshold: all
        ("vector2_approval", "knapsack", ["B", "C", "D"], 50_000),  # 7 approvals
        ("vector2_approval", "equalshares-add1", ["B", "D", "C"], 50_000),
        # p2 (12), then p1, p3, p4 on 10 in file order, then p5: p1 does not fit after p2.
        ("scoring_ties", "greedy", ["p2", "p3", "p5"], 100),
        ("scoring_ties", "greedy-no-skip", ["p2"], 50),
        # p2+p3+p5 and p2+p4+p5 both score 27: the one the ranking prefers (p3 before p4).
        ("scoring_ties", "knapsack", ["p2", "p3", "p5"], 100),
        # ranked by points (4: 14, 1: 10), not by ballots (2, 3, 4 have two each)
        ("cumulative", "greedy", ["4", "1"], 600),
        ("cumulative", "greedy-no-skip", ["4", "1"], 600),
        ("cumulative", "equalshares-add1", ["4", "3"], 500),
        # 7 has the most votes but is withdrawn; 3 before 5 (tie, file order), 5 does not fit.
        ("withdrawn", "greedy", ["3", "9"], 1_000),
        ("withdrawn", "greedy-no-skip", ["3"], 600),
        ("withdrawn", "knapsack", ["3", "9"], 1_000),
        ("withdrawn", "equalshares-add1", ["9", "5"], 900),
        # 3 (2 votes) fits but is below the threshold of 3; plain greedy takes it.
        ("threshold", "greedy-threshold", ["1", "2"], 800),
        ("threshold", "greedy", ["1", "2", "3"], 900),
    ],
)
def test_rules_on_the_fixtures(name: str, rule: str, selected: list[str], cost: int) -> None:
    assert selection(name, rule) == (selected, cost)


def test_withdrawn_project_is_passed_over_with_its_reason() -> None:
    for rule in RULES:
        chosen = pabulib_run.run(load("withdrawn"), Rule(rule))
        decision = next(d for d in chosen.result.decisions if d.candidate_id == "7")
        assert decision.reason is Reason.WITHDRAWN
        assert chosen.cost <= load("withdrawn").budget


def test_equal_shares_on_the_file_steps_one_unit_per_voter() -> None:
    chosen = pabulib_run.run(load("vector2_approval"), Rule.EQUAL_SHARES)
    first = chosen.result.decisions[0]
    # 50,000 / 6 = 8,333.33 units; exhausted at 11,250.33: 2,917 steps of one unit.
    assert first.details["stappen"] == 2_917


# -- the command ---------------------------------------------------------------------------


def pb(db: Path, *args: str) -> int:
    return cli_run(["--db", str(db), "pabulib", "run", *args])


@pytest.mark.parametrize("rule", RULES)
def test_cli_json_and_text_agree(rule: str, tmp_path: Path, capsys: Capture) -> None:
    db = tmp_path / "t.db"
    for name in VALID:
        path = str(FIXTURES / f"{name}.pb")
        assert pb(db, path, "--rule", rule, "--json") == 0
        shown = json.loads(capsys.readouterr().out)
        selected, cost = selection(name, rule)
        assert shown == {"selected": selected, "cost": cost}
        assert all(isinstance(i, str) for i in shown["selected"])
        assert pb(db, path, "--rule", rule) == 0
        text = capsys.readouterr().out.splitlines()
        assert text == [
            f"Gekozen ({rule}): {', '.join(selected) or 'geen'}",
            f"Totale kosten: {cost} (budget {load(name).budget})",
        ]


def test_cli_vector2_text(tmp_path: Path, capsys: Capture) -> None:
    path = str(FIXTURES / "vector2_approval.pb")
    assert pb(tmp_path / "t.db", path, "--rule", "equalshares-add1") == 0
    assert capsys.readouterr().out == (
        "Gekozen (equalshares-add1): B, D, C\nTotale kosten: 50000 (budget 50000)\n"
    )
    assert pb(tmp_path / "t.db", path, "--rule", "greedy", "--json") == 0
    assert capsys.readouterr().out == '{"selected": ["A", "C"], "cost": 50000}\n'


@pytest.mark.parametrize(
    ("name", "line"),
    [("broken_missing_section", 5), ("broken_bad_number", 8), ("broken_vote_type", 4)],
)
def test_cli_malformed_file_exits_2_with_the_line(
    name: str, line: int, tmp_path: Path, capsys: Capture
) -> None:
    assert pb(tmp_path / "t.db", str(FIXTURES / f"{name}.pb"), "--rule", "greedy", "--json") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"{name}.pb, regel {line}: ")


def test_cli_missing_file_and_unknown_rule(tmp_path: Path, capsys: Capture) -> None:
    assert pb(tmp_path / "t.db", str(tmp_path / "nergens.pb"), "--rule", "greedy") == 1
    assert "Kan " in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        pb(tmp_path / "t.db", str(FIXTURES / "threshold.pb"), "--rule", "loting")
    assert usage.value.code == 2
