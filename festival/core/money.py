"""Money as integer cents: parsing what Dutch offices type, formatting as they read it."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_currency

from festival.core.errors import InvalidInput

# ASCII digits only: ``\d`` would also accept Arabic-Indic and other Unicode digits.
_THOUSANDS_DOT = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+$")
_THOUSANDS_COMMA = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+$")
_AMOUNT = re.compile(r"[0-9]+(\.[0-9]+)?")
#: The largest amount accepted (€ 100.000.000,00): anything larger is a typing error, and far
#: above any budget, grant or festival amount of gemeente Buren.
MAX_AMOUNT_CENTS = 100_000_000_00


def parse_amount(text: str, field: str | None = None) -> int:
    """Parse ``750``, ``1.234,50``, ``€ 750,00``, ``750.50`` or ``1,234.50`` into cents.

    A single separator followed by exactly three digits is a thousands separator when it is a
    dot (Dutch habit: ``1.234`` is twelve hundred); otherwise it is the decimal mark.
    """
    raw = text if len(text) <= 40 else f"{text.strip()[:37]}…"  # as echoed in messages
    cleaned = (
        text.strip()
        .replace("€", "")
        .replace("EUR", "")
        .replace("eur", "")
        .replace("\xa0", "")
        .replace(" ", "")
        .replace("'", "")
    )
    if cleaned.endswith((",-", ".-")):
        cleaned = cleaned[:-2]
    if not cleaned:
        raise InvalidInput("Vul een bedrag in.", field)
    if cleaned.startswith("-"):
        raise InvalidInput(f"Een bedrag kan niet negatief zijn: {raw.strip()!r}.", field)
    if cleaned.startswith("+"):
        cleaned = cleaned[1:]
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        cleaned = cleaned.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in cleaned:
        # 1,234,567 is English thousands; a single comma is the Dutch decimal mark.
        many = cleaned.count(",") > 1 and _THOUSANDS_COMMA.match(cleaned)
        cleaned = cleaned.replace(",", "") if many else cleaned.replace(",", ".")
    elif "." in cleaned and _THOUSANDS_DOT.match(cleaned):
        cleaned = cleaned.replace(".", "")
    if not _AMOUNT.fullmatch(cleaned):
        raise InvalidInput(f"{raw.strip()!r} is geen bedrag; schrijf bijvoorbeeld 1.234,50.", field)
    if "." in cleaned and len(cleaned.split(".")[1]) > 2:
        raise InvalidInput(f"{raw.strip()!r} heeft meer dan twee cijfers achter de komma.", field)
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the regex above rules this out
        raise InvalidInput(f"{raw.strip()!r} is geen bedrag.", field) from exc
    # Compared before converting to cents: Decimal(cleaned) is exact, but quantizing a number
    # of more than 28 digits raises InvalidOperation.
    if value > Decimal(MAX_AMOUNT_CENTS).scaleb(-2):
        raise InvalidInput(
            f"{raw.strip()!r} is onwaarschijnlijk groot; het hoogste bedrag is "
            f"{format_money(MAX_AMOUNT_CENTS)}.",
            field,
        )
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_money(cents: int) -> str:
    """``€ 1.234,50`` (with a non-breaking space, as babel writes nl_NL)."""
    return str(format_currency(Decimal(cents) / 100, "EUR", locale="nl_NL"))


def format_money_whole(cents: int) -> str:
    """``€ 50.000`` for round amounts, ``€ 1.234,50`` otherwise (as the council letter writes).

    Like :func:`format_money`, the space after the euro sign is a non-breaking one.
    """
    if cents % 100 == 0:
        # currency_digits=False: otherwise babel pads the pattern back to two decimals.
        whole = format_currency(
            Decimal(cents) / 100,
            "EUR",
            format="¤\xa0#,##0",
            locale="nl_NL",
            currency_digits=False,
        )
        return str(whole)
    return format_money(cents)


def cents_to_plain(cents: int) -> str:
    """``1234,50``: a number a Dutch spreadsheet reads as a number (no thousands mark)."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100},{cents % 100:02d}"
