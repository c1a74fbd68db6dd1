"""The short initiative code on the paper score sheet: letters only, one per id, and a typo or
a swap of two neighbouring letters never gives another initiative's code."""

from __future__ import annotations

from festival.domain.jury.codes import ALPHABET, initiative_code, initiative_id_of

IDS = range(3000)


def test_every_id_has_its_own_letter_code_that_reads_back() -> None:
    codes = {initiative_code(i) for i in IDS}
    assert len(codes) == len(IDS)
    for i in IDS:
        code = initiative_code(i)
        assert code.isalpha() and len(code) >= 3
        assert not set(code) & set("ILO")  # never read as 1 or 0
        assert initiative_id_of(code) == i
        assert initiative_id_of(code.lower()) == i


def test_one_wrong_letter_or_a_swap_is_no_code() -> None:
    for i in range(0, 600, 7):
        code = initiative_code(i)
        for position, right in enumerate(code):
            for wrong in ALPHABET:
                if wrong != right:
                    typo = code[:position] + wrong + code[position + 1 :]
                    assert initiative_id_of(typo) is None, (code, typo)
        for position in range(len(code) - 1):
            a, b = code[position], code[position + 1]
            if a != b:
                swapped = code[:position] + b + a + code[position + 2 :]
                assert initiative_id_of(swapped) is None, (code, swapped)


def test_numbers_and_other_words_are_no_code() -> None:
    for text in ("8", "", "AB", "DORPSFEEST", "A1C"):
        assert initiative_id_of(text) is None
