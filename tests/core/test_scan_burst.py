"""A scanner's burst told apart from typing."""

from __future__ import annotations

from festival.domain import codes
from festival.domain.scan_guard import SCANNER_GAP, ScanBurst


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def step(self, seconds: float) -> None:
        self.now += seconds


CODE = "BCDEFGHJK" + codes.check_character("BCDEFGHJK")


def type_in(burst: ScanBurst, clock: Clock, text: str, gap: float) -> None:
    for char in text:
        clock.step(gap)
        burst.typed(char)
    clock.step(gap)


def test_a_fast_valid_code_and_enter_is_a_scan() -> None:
    clock = Clock()
    burst = ScanBurst(clock=clock)
    type_in(burst, clock, "Dorpsraad Ingen", 0.2)  # a person
    clock.step(1)
    type_in(burst, clock, CODE, 0.005)  # the scanner
    assert burst.enter() == CODE


def test_the_same_code_typed_by_hand_is_no_scan() -> None:
    clock = Clock()
    burst = ScanBurst(clock=clock)
    type_in(burst, clock, CODE, SCANNER_GAP * 3)
    assert burst.enter() is None


def test_a_burst_that_is_no_valid_code_is_no_scan() -> None:
    clock = Clock()
    burst = ScanBurst(clock=clock)
    wrong = CODE[:-1] + ("B" if CODE[-1] != "B" else "C")  # a bad check character
    type_in(burst, clock, wrong, 0.005)
    assert burst.enter() is None
    type_in(burst, clock, "Teun Snel", 0.005)
    assert burst.enter() is None


def test_a_late_enter_after_a_fast_code_is_no_scan() -> None:
    clock = Clock()
    burst = ScanBurst(clock=clock)
    type_in(burst, clock, CODE, 0.005)
    clock.step(1)
    assert burst.enter() is None


def test_text_typed_right_before_the_code_makes_it_no_code() -> None:
    # Without a pause in between, the burst is "x" + code: not exactly one code.
    clock = Clock()
    burst = ScanBurst(clock=clock)
    type_in(burst, clock, "x" + CODE, 0.005)
    assert burst.enter() is None
