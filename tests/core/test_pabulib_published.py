"""``festival pabulib run`` reads what published pabulib instances hold and pabutools reads:
budgets and costs with cents, a project named twice in one ballot (counted once, with a
Dutch warning), and the file's own ``rule`` — refused, with the list of rules run here, when
this program does not run it. Each result is checked against pabutools on the same file."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from cli_support import run as cli_run
from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.rules import (
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

from festival.domain.allocation import pabulib, pabulib_run
from festival.domain.allocation.model import Rule

Capture = pytest.CaptureFixture[str]

#: A Warsaw-like instance: the budget and two costs in cents; project 4 fits only by its cents.
DECIMAL = """META
key;value
description;Proef met centen
num_projects;5
num_votes;6
budget;1000.06
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;votes;name
1;600.03;5;Speeltuin
2;300.02;4;Bankjes
3;250;3;Bloembakken
4;100.01;2;Vlaggen
5;100.02;1;Lampjes
VOTES
voter_id;vote
a;1,2,3,4,5
b;1,2,3,4
c;1,2,3
d;1,2
e;1
f;2
"""


def write(tmp_path: Path, text: str, name: str = "proef.pb") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_budget_and_costs_with_cents_are_exact(tmp_path: Path, capsys: Capture) -> None:
    instance = pabulib.parse(DECIMAL)
    assert instance.budget == Decimal("1000.06")
    assert [p.cost for p in instance.projects][:2] == [Decimal("600.03"), Decimal("300.02")]
    # By votes: 1 (600.03) and 2 (300.02) fit; 3 (250) does not; 4 (100.01) fits only thanks
    # to the cents (600.03 + 300.02 + 100.01 = 1000.06).
    chosen = pabulib_run.run(instance, Rule.GREEDY)
    assert chosen.selected == ["1", "2", "4"]
    assert chosen.cost == Decimal("1000.06")
    path = write(tmp_path, DECIMAL)
    assert cli_run(["pabulib", "run", str(path)]) == 0  # the file's own rule: greedy
    said = capsys.readouterr().out
    assert "Gekozen (greedy): 1, 2, 4" in said
    assert "Totale kosten: 1000.06 (budget 1000.06)" in said
    assert cli_run(["pabulib", "run", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"selected": ["1", "2", "4"], "cost": 1000.06}
    # pabutools on the same file, greedy by votes (satisfaction = cost of approved projects,
    # so satisfaction per cost is the number of votes).
    pb_instance, profile = parse_pabulib(str(path))
    assert pb_instance.budget_limit == Fraction("1000.06")
    theirs = greedy_utilitarian_welfare(pb_instance, profile, sat_class=Cost_Sat)
    assert sorted(p.name for p in theirs) == sorted(chosen.selected)


def test_writing_keeps_the_cents() -> None:
    instance = pabulib.parse(DECIMAL)
    again = pabulib.parse(pabulib.write(instance))
    assert again.budget == Decimal("1000.06")
    assert [p.cost for p in again.projects] == [p.cost for p in instance.projects]
    assert "budget;1000.06" in pabulib.write(instance)


REPEATED = """META
key;value
budget;1000
vote_type;approval
rule;equalshares/add1
PROJECTS
project_id;cost
1;600
2;500
3;400
VOTES
voter_id;vote
1;1,1
2;1,2,1
3;2,3
4;3
5;2
"""


def test_a_project_named_twice_in_a_ballot_counts_once_with_a_warning(
    tmp_path: Path, capsys: Capture
) -> None:
    instance = pabulib.parse(REPEATED)
    assert [v.projects for v in instance.votes][:2] == [("1",), ("1", "2")]
    assert instance.warnings == (
        "regel 13: stemmer 1 noemt project 1 meer dan eens; één keer geteld",
        "regel 14: stemmer 2 noemt project 1 meer dan eens; één keer geteld",
    )
    path = write(tmp_path, REPEATED)
    assert cli_run(["pabulib", "run", str(path), "--json"]) == 0
    said = capsys.readouterr()
    assert "Let op, proef.pb, regel 13: stemmer 1 noemt project 1 meer dan eens" in said.err
    ours = json.loads(said.out)["selected"]
    # pabutools counts the repeated project once too: Equal Shares with Add1 agrees.
    pb_instance, profile = parse_pabulib(str(path))
    theirs = exhaustion_by_budget_increase(
        pb_instance,
        profile,
        method_of_equal_shares,
        {"sat_class": Cost_Sat},
        budget_step=1,
    )
    assert sorted(p.name for p in theirs) == sorted(ours)


@pytest.mark.parametrize("rule", ["phragmen", "equalshares", "mes_cost", "unknown"])
def test_a_rule_not_run_here_is_refused_with_the_list(
    tmp_path: Path, capsys: Capture, rule: str
) -> None:
    path = write(tmp_path, DECIMAL.replace("rule;greedy", f"rule;{rule}"))
    assert cli_run(["pabulib", "run", str(path)]) == 2
    said = capsys.readouterr().err
    assert f"de regel '{rule}' kan dit programma niet narekenen; wel: " in said
    for known in ("equalshares/add1", "greedy", "knapsack"):
        assert known in said
    # Naming a rule that is run here still works on the same file.
    assert cli_run(["pabulib", "run", str(path), "--rule", "greedy"]) == 0


def test_a_file_without_a_rule_asks_for_one(tmp_path: Path, capsys: Capture) -> None:
    path = write(tmp_path, DECIMAL.replace("rule;greedy\n", ""))
    assert cli_run(["pabulib", "run", str(path)]) == 2
    assert "kies er een met --rule" in capsys.readouterr().err


def test_every_rule_name_the_export_writes_is_run_here() -> None:
    for rule in Rule:
        assert pabulib_run.rule_named(rule.value) is rule
    assert pabulib_run.rule_named("equalshares/add1") is Rule.EQUAL_SHARES
