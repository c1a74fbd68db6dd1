"""What a resident document may not carry: contact details in free text, and names of private
persons among an item's partners.

:func:`scrub` takes out phone numbers (every common Dutch notation), e-mail addresses (also
written ``(at)``/``[at]``/``[dot]``), postcode and street with house number, and IBANs, and
says what it took out and why, so a preview can list it before anything is saved. The text
is tidied where something was taken out: no ``[verwijderd]`` markers in a village paper.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from festival.core.text import fold


class Omission(BaseModel):
    """Something left out of a document: where, what, and why."""

    where: str
    text: str
    reason: str


PHONE = "telefoonnummer"
EMAIL = "e-mailadres"
ADDRESS = "adres (postcode of straat en huisnummer)"
IBAN = "bankrekeningnummer (IBAN)"
PERSON = "naam van een persoon zonder vastgelegde toestemming"

_AT = r"(?:\s?@\s?|\s?[\(\[\{]\s*(?:at|AT|apenstaartje)\s*[\)\]\}]\s?)"
_DOT = r"(?:\.|\s?[\(\[\{]\s*(?:dot|DOT|punt)\s*[\)\]\}]\s?)"
_EMAIL = re.compile(
    rf"[\w%+\-]+(?:\.[\w%+\-]+)*{_AT}[\w\-]+(?:{_DOT}[\w\-]+)*{_DOT}[A-Za-z]{{2,}}(?![\w\-])"
)
#: One separator between the digits of a phone number: a space, or a dash, dot or slash with
#: optional spaces around it (06-12345678, 06.12.34.56.78, 0344 / 123456, 06 - 1234 5678).
_SEP = r"(?:[ \xa0]?[-./][ \xa0]?|[ \xa0])"
#: A date written like a phone number's start (05-03-2025) followed by a time: not a phone.
_DATE_AHEAD = r"(?!(?:0[1-9]|[12]\d|3[01])[-./](?:0?[1-9]|1[0-2])[-./](?:19|20)\d{2}(?!\d))"
_PHONE = re.compile(
    rf"""
    (?<![\w+.,])
    (?:
        (?:\+|00)31{_SEP}?(?:\(0\){_SEP}?)?[1-9](?:{_SEP}?\d){{8}}
      | \(0\d\){_SEP}?\d(?:{_SEP}?\d){{7}}
      | \(0\d{{2}}\){_SEP}?\d(?:{_SEP}?\d){{6}}
      | \(0\d{{3}}\){_SEP}?\d(?:{_SEP}?\d){{5}}
      | 0[89]00{_SEP}?\d(?:{_SEP}?\d){{3,6}}
      | {_DATE_AHEAD}0(?:{_SEP}?\d){{9}}
    )
    (?!\d|,\d)
    """,
    re.VERBOSE,
)
#: A Dutch postcode (1234 AB) with the house number that may follow it; SA, SD and SS are
#: never issued, and a dash or letter after it means a word ("2025 EU-geld"), not a postcode.
_POSTCODE = re.compile(
    r"(?<![\w.,])[1-9]\d{3}[ \xa0]?(?!SA|SD|SS)[A-Z]{2}(?![\w\-])(?:[ \xa0,]*\d{1,5}[a-zA-Z]?\b)?"
)
_STREET = re.compile(
    r"\b[A-Z][\w'\-]*(?:straat|weg|laan|plein|dijk|steeg|pad|singel|gracht|kade|hof|dreef|"
    r"erf|markt|ring|baan|wal|veld|park|allee|boulevard|hoek|kamp|akker|wetering)"
    r"[ \xa0]+\d{1,4}(?:[ \xa0]?[a-zA-Z](?![\w])|-\d{1,4})?(?!\d|[,.]\d)"
)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}[ \xa0]?[A-Z]{4}(?:[ \xa0]?\d){6,26}(?!\d)")

_PATTERNS = (
    (IBAN, _IBAN),
    (EMAIL, _EMAIL),
    (PHONE, _PHONE),
    (ADDRESS, _POSTCODE),
    (ADDRESS, _STREET),
)

_GONE = "\x00"
#: A word that only announced what was taken out ("tel.", "e-mail:", "IBAN").
_LEAD = re.compile(
    r"\b(?:tel(?:efoon|efoonnummer|\.)?|mob(?:iel|\.)?|e-?mail(?:adres)?|mail|bel|"
    r"iban|rekening(?:nummer)?|adres|app)\s*[:.]?\s*(?=\x00)",
    re.IGNORECASE,
)


def _tidy(text: str) -> str:
    """Close the gaps where something was taken out: no double separators or empty brackets."""
    text = _LEAD.sub("", text)
    text = re.sub(r"(?:[ \xa0]*(?:[,;:/]|\bof\b|\ben\b)?[ \xa0]*\x00)+", _GONE, text)
    text = re.sub(r"\(\s*\x00\s*\)|\[\s*\x00\s*\]|<\s*\x00\s*>", "", text)
    text = re.sub(r"^\s*\x00\s*[,;:]?\s*", "", text)
    text = re.sub(r"\x00\s*[,;:]\s*", ", ", text)
    text = text.replace(_GONE, "")
    text = re.sub(r"[ \xa0]{2,}", " ", text)
    text = re.sub(r"\s+([,.;:)])", r"\1", text)
    text = re.sub(r"([,;:])(?=[,;:.])", "", text)
    text = text.strip().lstrip(",;:.").strip().rstrip(",;:").strip()
    return text if any(c.isalnum() for c in text) else ""


def scrub(text: str, where: str = "") -> tuple[str, list[Omission]]:
    """``text`` without contact details, and what was taken out (``where`` names the place)."""
    omissions: list[Omission] = []
    found = False
    for reason, pattern in _PATTERNS:

        def gone(match: re.Match[str], reason: str = reason) -> str:
            omissions.append(Omission(where=where, text=match.group(0).strip(), reason=reason))
            return _GONE

        text, n = pattern.subn(gone, text)
        found = found or n > 0
    return (_tidy(text) if found else text), omissions


def public_text(text: str) -> str:
    """``text`` as residents may read it (contact details taken out)."""
    return scrub(text)[0]


# -- partners: organisations, a person only with recorded consent ----------------------------

_PERSON_WORDS = re.compile(
    r"\b(?:secretaris|voorzitter|penningmeester|dhr|mevr|mw|mevrouw|meneer|de heer|heer|"
    r"fam|familie|bewoner|buurman|buurvrouw|contactpersoon|ing|drs|mr)\b\.?",
    re.IGNORECASE,
)
_ORGANISATION_WORDS = (
    "stichting",
    "vereniging",
    "dorpshuis",
    "dorpsbelang",
    "belang",
    "school",
    "gemeente",
    "kerk",
    "parochie",
    "club",
    " bv",
    "b.v",
    "vof",
    "coöperatie",
    "cooperatie",
    "raad",
    "commissie",
    "fonds",
    "bank",
    "corporatie",
    "woningstichting",
    "politie",
    "brandweer",
    "welzijn",
    "buurt",
    "comité",
    "comite",
    "platform",
    "werkgroep",
    "team",
    "provincie",
    "waterschap",
    "rivierenland",
    "huis",
    "centrum",
    "groep",
    "bibliotheek",
    "sv ",
    "vv ",
    "ondernemers",
    "supermarkt",
)
#: A personal name: first name, optional tussenvoegsels, surname (Piet de Vries, A. Jansen).
_NAME = re.compile(
    r"^(?:[A-Z][a-zà-ÿ]+|[A-Z]\.(?:[A-Z]\.)*)"
    r"(?: (?:van|de|der|den|ter|ten|het|'t|in|op|la|le|du))*"
    r" [A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?$"
)


def _is_person(entry: str) -> bool:
    folded = f" {fold(entry)} "
    if any(word in folded for word in _ORGANISATION_WORDS):
        return bool(_PERSON_WORDS.search(entry))
    return bool(_PERSON_WORDS.search(entry)) or bool(_NAME.match(entry.strip()))


def public_partners(
    partners: str, consents: frozenset[str], where: str = "partners"
) -> tuple[str, list[Omission]]:
    """The partners residents may read: organisations, and persons whose consent is recorded
    (``consents``: folded names); contact details are taken out of what remains."""
    kept: list[str] = []
    omissions: list[Omission] = []
    for raw in re.split(r"[;,\n]", partners):
        entry = raw.strip()
        if not entry:
            continue
        text, found = scrub(entry, where)
        omissions += found
        if not text:
            continue
        folded = fold(text)
        if _is_person(text) and not any(name and name in folded for name in consents):
            omissions.append(Omission(where=where, text=text, reason=PERSON))
            continue
        kept.append(text)
    return ", ".join(kept), omissions
