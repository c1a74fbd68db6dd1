"""Money, dates and free text as Dutch offices type them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from festival.core.csv_io import quote_formula, unquote_formula
from festival.core.dates import format_date, format_date_long, parse_date, parse_optional_date
from festival.core.errors import InvalidInput
from festival.core.money import (
    MAX_AMOUNT_CENTS,
    cents_to_plain,
    format_money,
    format_money_whole,
    parse_amount,
)
from festival.core.text import clean_text

NBSP = "\xa0"

# -- amounts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("750", 75_000),
        ("1.234,50", 123_450),
        ("€ 750,00", 75_000),
        ("€\xa01.234,50", 123_450),
        ("750.50", 75_050),
        ("1,234.56", 123_456),
        ("12,5", 1_250),
        ("1.234.567", 123_456_700),
        ("1.234", 123_400),  # Dutch thousands dot: twelve hundred and thirty-four euro
        ("0,05", 5),
        ("  750  ", 75_000),
        ("750,-", 75_000),
        ("EUR 50.000", 5_000_000),
        ("1,234,567", 123_456_700),
        ("50.000,00", 5_000_000),
    ],
)
def test_parse_amount(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("-5", "negatief"),
        ("abc", "geen bedrag"),
        ("1,234", "twee cijfers"),  # a decimal comma with three decimals: ambiguous, refused
        ("", "Vul een bedrag in"),
        ("   ", "Vul een bedrag in"),
        ("€", "Vul een bedrag in"),
        ("12,3,4", "geen bedrag"),
        ("1.2.3", "geen bedrag"),
        ("7 5 0 euro", "geen bedrag"),
        ("99999999999999", "groot"),
    ],
)
def test_parse_amount_refuses(text: str, words: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_amount(text, "requested_cents")
    assert words in info.value.message
    assert info.value.field == "requested_cents"


def test_money_refuses_amounts_above_the_maximum() -> None:
    assert parse_amount("100.000.000,00") == MAX_AMOUNT_CENTS == 10_000_000_000
    for text in ("100.000.000,01", "999999999999999999999999999999", "9" * 5000):
        with pytest.raises(InvalidInput) as info:
            parse_amount(text, "budget_cents")
        assert "onwaarschijnlijk groot" in info.value.message
        assert f"hoogste bedrag is €{NBSP}100.000.000,00" in info.value.message
        assert info.value.field == "budget_cents"
        assert len(info.value.message) < 120  # a pasted wall of digits is not echoed whole


_AWKWARD = [
    "999999999999999999999999999999",
    "999999999999999999999999999999,99",
    "1e400",
    "1E5",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "sNaN",
    "١٢٣",  # Arabic-Indic digits
    "１２３",  # full-width digits
    "²",
    "--5",
    "+-5",
    "++5",
    "5,5,5",
    "5.5.5",
    "0x10",
    "1_000",
    "€€",
    ",",
    ".",
    ",-",
    "0" * 5000 + "1",
    "1" + "0" * 5000,
    "0," + "0" * 5000,
    "\x00",
    "1\u202f000",
]


def _sane(text: str) -> None:
    """Anything but InvalidInput (InvalidOperation, ValueError, ...) fails the test."""
    try:
        cents = parse_amount(text, "amount")
    except InvalidInput:
        return
    assert isinstance(cents, int) and 0 <= cents <= MAX_AMOUNT_CENTS


@pytest.mark.parametrize("text", _AWKWARD, ids=range(len(_AWKWARD)))
def test_money_awkward_text_is_refused_or_read(text: str) -> None:
    _sane(text)


def test_money_reads_ascii_digits_only() -> None:
    for text in ("١٢٣", "１２３"):
        with pytest.raises(InvalidInput, match="geen bedrag"):
            parse_amount(text)
    assert parse_amount("0" * 5000 + "1") == 100


@given(
    st.one_of(
        st.text(),
        st.text(alphabet="0123456789.,-+€ e", max_size=60),
        st.from_regex(r"[0-9]{20,400}([.,][0-9]{1,3})?", fullmatch=True),
    )
)
def test_money_any_text_is_refused_or_a_sane_amount(text: str) -> None:
    _sane(text)


def test_format_money() -> None:
    assert format_money(123_450) == f"€{NBSP}1.234,50"
    assert format_money(75_000) == f"€{NBSP}750,00"
    assert format_money(5) == f"€{NBSP}0,05"
    assert format_money(0) == f"€{NBSP}0,00"
    assert format_money(5_000_000) == f"€{NBSP}50.000,00"


def test_format_money_whole_drops_cents_only_for_round_amounts() -> None:
    assert format_money_whole(5_000_000) == f"€{NBSP}50.000"
    assert format_money_whole(75_000) == f"€{NBSP}750"
    assert format_money_whole(123_450) == f"€{NBSP}1.234,50"


def test_cents_to_plain() -> None:
    assert cents_to_plain(123_450) == "1234,50"
    assert cents_to_plain(5) == "0,05"
    assert cents_to_plain(0) == "0,00"
    assert cents_to_plain(123_456_700) == "1234567,00"
    assert cents_to_plain(-250) == "-2,50"


@given(st.integers(min_value=0, max_value=10**9))
def test_format_money_round_trips(cents: int) -> None:
    assert parse_amount(format_money(cents)) == cents
    assert parse_amount(format_money_whole(cents)) == cents
    assert parse_amount(cents_to_plain(cents)) == cents


# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["14-06-2023", "2023-06-14", "14/6/2023", "14.06.2023", " 14-6-2023 ", "2023-6-14"],
)
def test_parse_date(text: str) -> None:
    assert parse_date(text) == date(2023, 6, 14)


def test_parse_date_reads_day_before_month() -> None:
    assert parse_date("03-04-2023") == date(2023, 4, 3)
    assert parse_date("29-02-2024") == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("31-02-2023", "bestaat niet"),
        ("29-02-2023", "bestaat niet"),
        ("2023-13-01", "bestaat niet"),
        ("00-01-2023", "bestaat niet"),
        ("gisteren", "geen datum"),
        ("06/14/23", "geen datum"),
        ("14-06-23", "geen datum"),
        ("", "geen datum"),
    ],
)
def test_parse_date_refuses(text: str, words: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_date(text, "decision_date")
    assert words in info.value.message
    assert info.value.field == "decision_date"


def test_optional_and_formatted_dates() -> None:
    assert parse_optional_date("   ") is None
    assert parse_optional_date("14-06-2023") == date(2023, 6, 14)
    assert format_date(date(2023, 6, 4)) == "04-06-2023"
    assert format_date(None) == ""
    assert format_date_long(date(2023, 6, 14)) == "14 juni 2023"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_format_date_round_trips(value: date) -> None:
    assert parse_date(format_date(value)) == value
    assert parse_date(value.isoformat()) == value


# -- free text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Bank\x00jes", "stuurteken"),
        ("\x1b[31mrood", "stuurteken"),
        ("twee\nregels", "stuurteken"),
        ("tab\there", "stuurteken"),
        ("abc\u202edcba", "richtingsteken"),
        ("\u2066verstopt\u2069", "richtingsteken"),
    ],
)
def test_clean_text_refuses_control_and_direction_characters(text: str, words: str) -> None:
    with pytest.raises(InvalidInput) as info:
        clean_text(text, "title", "Titel")
    assert words in info.value.message
    assert info.value.message.startswith("Titel")
    assert info.value.field == "title"


def test_clean_text_refuses_too_long_and_empty_text() -> None:
    assert clean_text("x" * 20, "title", "Titel", max_length=20) == "x" * 20
    with pytest.raises(InvalidInput, match="te lang") as info:
        clean_text("x" * 21, "title", "Titel", max_length=20)
    assert info.value.field == "title"
    with pytest.raises(InvalidInput, match="verplicht"):
        clean_text("   ", "title", "Titel")
    assert clean_text("   ", "title", "Titel", required=False) == ""


def test_clean_text_keeps_markup_literally_and_trims() -> None:
    assert clean_text("[@click=app.quit]x[/]", "title", "Titel") == "[@click=app.quit]x[/]"
    assert clean_text("  [b]vet[/b] ", "title", "Titel") == "[b]vet[/b]"
    assert clean_text("=SOM(A1:A9)", "title", "Titel") == "=SOM(A1:A9)"


def test_clean_text_normalises_to_composed_characters() -> None:
    decomposed = "Coo\u0308rdinatie"  # o + combining diaeresis
    assert clean_text(decomposed, "title", "Titel") == "Coördinatie"


# -- spreadsheet formula guard -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=SOM(A1)", "'=SOM(A1)"),
        ("+31 6 1234", "'+31 6 1234"),
        ("-5 graden", "'-5 graden"),
        ("@home", "'@home"),
        ("Gewone titel", "Gewone titel"),
        ("", ""),
    ],
)
def test_quote_formula(value: str, written: str) -> None:
    assert quote_formula(value) == written
    assert unquote_formula(written) == value


@given(st.text(alphabet=st.sampled_from("'=+-@ab\t"), max_size=6))
def test_quote_formula_round_trips(value: str) -> None:
    written = quote_formula(value)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unquote_formula(written) == value
