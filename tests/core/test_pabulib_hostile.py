"""Hostile pabulib files: terminal control characters in project ids never reach the terminal,
and a knapsack with costs near 10**8 answers within seconds instead of running out of memory."""

from __future__ import annotations

import itertools
import json
import random
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import run
from hypothesis import given
from hypothesis import strategies as st

from festival.core.errors import InvalidInput
from festival.core.text import printable
from festival.domain.allocation import knapsack

Capture = pytest.CaptureFixture[str]

#: Clearing the screen, a hyperlink, a window title, a C1 CSI and a right-to-left override.
HOSTILE = ["a\x1b[2J\x1b[31m", "b\x1b]8;;https://x.example\x1b\\", "c\x1b]0;titel\x07", "d\x9b2J",
           "e\u202e", "f\x07g"]  # fmt: skip
CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))] + ["\u202e"]


def _pb(projects: list[tuple[str, int]], budget: int, votes: list[str]) -> str:
    lines = ["META", "key;value", f"budget;{budget}", "vote_type;approval", "PROJECTS",
             "project_id;cost;votes"]  # fmt: skip
    lines += [f'"{pid}";{cost};1' for pid, cost in projects]
    lines += ["VOTES", "voter_id;vote", *(f'{i};"{v}"' for i, v in enumerate(votes))]
    return "\n".join(lines) + "\n"


def _clean(text: str) -> None:
    assert not any(c in text for c in CONTROLS if c != "\n"), repr(text)


# -- control characters ----------------------------------------------------------------------


def test_printable_keeps_text_and_drops_every_control() -> None:
    assert [printable(t) for t in HOSTILE] == ["a", "b", "c", "d", "e", "fg"]
    assert printable("Zoë van ’t Hof [b]") == "Zoë van ’t Hof [b]"


@given(st.text())
def test_printable_leaves_no_control_character(text: str) -> None:
    _clean(printable(text).replace("\n", "\x00"))


def test_pabulib_run_prints_ids_without_control_characters(tmp_path: Path, capsys: Capture) -> None:
    path = tmp_path / "vijandig.pb"
    path.write_text(_pb([(p, 10) for p in HOSTILE], 1000, HOSTILE), encoding="utf-8")
    db = str(tmp_path / "t.db")
    assert run(["--db", db, "pabulib", "run", str(path), "--rule", "greedy"]) == 0
    shown = capsys.readouterr().out
    _clean(shown)
    assert shown.startswith("Gekozen (greedy): a, b, c, d, e, fg\n")
    # JSON writes them as \u escapes: the ids survive exactly, the terminal sees none.
    assert run(["--db", db, "pabulib", "run", str(path), "--rule", "greedy", "--json"]) == 0
    shown = capsys.readouterr().out
    _clean(shown)
    assert json.loads(shown)["selected"] == HOSTILE


def test_a_malformed_file_quoting_an_id_prints_no_control_characters(
    tmp_path: Path, capsys: Capture
) -> None:
    path = tmp_path / "dubbel.pb"
    path.write_text(_pb([(HOSTILE[0], 10), (HOSTILE[0], 20)], 1000, []), encoding="utf-8")
    assert run(["--db", str(tmp_path / "t.db"), "pabulib", "run", str(path), "--rule", "greedy"])
    error = capsys.readouterr().err
    _clean(error)
    assert "dubbel.pb, regel 8: project a staat er al" in error


# -- the knapsack's size ---------------------------------------------------------------------


def _brute_force(weights: list[int], values: list[int], capacity: int) -> list[bool]:
    """The definition itself: the best value within capacity, ties to the lexicographically
    largest choice (item 0 first), never an item with a negative value."""
    best: tuple[int, tuple[bool, ...]] = (0, (False,) * len(weights))
    for choice in itertools.product((False, True), repeat=len(weights)):
        if any(c and v < 0 for c, v in zip(choice, values, strict=True)):
            continue
        if sum(w for c, w in zip(choice, weights, strict=True) if c) <= capacity:
            best = max(best, (sum(v for c, v in zip(choice, values, strict=True) if c), choice))
    return list(best[1])


@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(-2, 9)), max_size=8),
    st.integers(0, 80),
)
def test_trying_every_subset_gives_the_programmes_answer(
    items: list[tuple[int, int]], capacity: int
) -> None:
    weights, values = [w for w, _ in items], [v for _, v in items]
    usable = [w <= capacity and v >= 0 for w, v in items]
    room = min(capacity, sum(w for w, ok in zip(weights, usable, strict=True) if ok))
    lane_bytes = ((sum(v for v, ok in zip(values, usable, strict=True) if ok) + 1).bit_length()
                  + 8) // 8  # fmt: skip
    expected = _brute_force(weights, values, capacity)
    assert knapsack._dynamic(weights, values, room, usable, room + 1, lane_bytes) == expected
    assert knapsack._every_subset(weights, values, room, usable) == expected


def test_sixteen_items_with_costs_near_10_to_the_8_are_solved_exactly() -> None:
    rng = random.Random(13)
    weights = [rng.randint(90_000_000, 100_000_000) for _ in range(16)]
    values = [rng.randint(0, 5_000) for _ in range(16)]
    capacity = sum(weights) // 2
    assert knapsack.solve(weights, values, capacity) == _brute_force(weights, values, capacity)


def test_an_instance_too_large_for_both_is_refused_in_dutch() -> None:
    weights = [100_000_000 + i for i in range(40)]
    with pytest.raises(InvalidInput, match="te groot om exact uit te rekenen: 40 kandidaten"):
        knapsack.solve(weights, [1] * 40, 2_000_000_000)


def _limited_memory() -> None:
    # 1 GB: the table for a pot near 10**9 would need many times that.
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@pytest.mark.parametrize(("projects", "code"), [(16, 0), (40, 1)])
def test_the_command_answers_within_seconds_with_a_result_or_a_dutch_message(
    tmp_path: Path, projects: int, code: int
) -> None:
    rng = random.Random(projects)
    costs = [rng.randint(90_000_000, 99_999_999) for _ in range(projects)]
    path = tmp_path / "groot.pb"
    ids = [f"p{i}" for i in range(projects)]
    votes = [",".join(rng.sample(ids, 3)) for _ in range(50)]
    path.write_text(_pb(list(zip(ids, costs, strict=True)), sum(costs) // 2, votes), "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "festival", "--db", str(tmp_path / "t.db"), "pabulib", "run",
         str(path), "--rule", "knapsack"],
        capture_output=True, text=True, timeout=30, preexec_fn=_limited_memory, check=False,
    )  # fmt: skip
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    if code == 0:
        assert done.stdout.startswith("Gekozen (knapsack): p")
    else:
        assert "te groot om exact uit te rekenen" in done.stderr
