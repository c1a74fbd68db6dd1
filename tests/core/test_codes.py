"""Badge codes: alphabet, length, check character, uniqueness and no guessable sequence."""

from __future__ import annotations

import itertools
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from festival.domain import codes
from festival.domain.scan_guard import ScanGuard


def test_codes_use_only_the_safe_alphabet_and_length() -> None:
    for _ in range(2_000):
        code = codes.new_code()
        assert 7 <= len(code) <= 10
        assert set(code) <= set(codes.ALPHABET)
        assert code == code.upper()
    # None of the characters that are confused by eye or by another keyboard layout.
    assert not set("0O1IL" + "YZAQWM" + "-") & set(codes.ALPHABET)


def test_100000_codes_are_unique_and_not_a_sequence() -> None:
    drawn = [codes.new_code() for _ in range(100_000)]
    assert len(set(drawn)) == len(drawn)
    assert all(codes.is_code(c) for c in drawn[:1000])
    # Consecutive codes share no more characters in place than chance (9/25 per code).
    same_place = sum(
        sum(a == b for a, b in zip(x[:-1], y[:-1], strict=True))
        for x, y in itertools.pairwise(drawn)
    ) / (len(drawn) - 1)
    assert same_place < 0.5
    # Every character turns up at every position, roughly evenly.
    first = Counter(c[0] for c in drawn)
    assert set(first) == set(codes.ALPHABET)
    assert max(first.values()) < 2 * min(first.values())


@given(st.text(alphabet=codes.ALPHABET, min_size=9, max_size=9), st.integers(0, 8), st.data())
def test_one_wrong_character_is_caught_by_the_check(
    body: str, position: int, data: st.DataObject
) -> None:
    code = body + codes.check_character(body)
    wrong = data.draw(st.sampled_from([c for c in codes.ALPHABET if c != body[position]]))
    typo = code[:position] + wrong + code[position + 1 :]
    assert codes.is_code(code)
    assert not codes.is_code(typo)


def test_swapped_neighbours_are_caught() -> None:
    for _ in range(500):
        code = codes.new_code()
        for i in range(codes.RANDOM_LENGTH - 1):
            if code[i] != code[i + 1]:
                swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
                assert not codes.is_code(swapped), (code, swapped)


def test_normalise_fixes_what_is_safe_and_nothing_else() -> None:
    code = codes.new_code()
    assert codes.normalise(f" {code.lower()}\r\n") == code
    assert codes.normalise(f"{code[:4]}-{code[4:]}") == code
    assert not codes.is_code(codes.normalise(code + "!"))
    assert not codes.is_code(codes.normalise(code[:-1]))


def test_scan_guard_ignores_the_same_code_within_the_window_only() -> None:
    now = [100.0]
    guard = ScanGuard(window=3.0, clock=lambda: now[0])
    assert guard.should_handle("AAA")
    now[0] += 1.0
    assert not guard.should_handle("AAA")
    assert guard.should_handle("BBB")  # another code is always handled
    assert guard.should_handle("AAA")
    now[0] += 3.5
    assert guard.should_handle("AAA")
