"""Input normalisation, once, for every field and every entry point (pages, API, imports,
services): the one module that says how typed text is cleaned and how long it may be.

Two kinds of text, two rules:

- **Identifiers and numbers** — credit codes, badge numbers (执法证号), document numbers,
  phone numbers, dates, amounts — are NFKC-normalised: full-width characters typed with a
  Chinese input method are stored half-width (``５００１０２０００１`` → ``5001020001``,
  ``２０２６－１２－０２`` → ``2026-12-02``), the ideographic space becomes a plain space,
  bidirectional controls are removed, and the ends are trimmed (``normalize_identifier``,
  ``normalize_phone``, ``normalize_digits``, ``parse_date_text``).
- **Free text** shown or printed — descriptions, measures, notes, names, addresses — keeps its
  characters (full-width Chinese punctuation in prose is correct, so no NFKC); only the
  bidirectional controls go (they reorder a printed line: "gnp.exe" shown as "exe.png"), the
  ideographic space becomes a plain space and the ends are trimmed (``clean_text``).

Length limits: ``TEXT_LIMITS`` is the one table (field → maximum characters) that models'
``max_length``, form fields, serializer fields, imports and services read.

Query strings follow a stricter rule (ASCII only, see ``core.query``).
"""
import datetime
import re
import unicodedata

from django.utils.translation import gettext as _

from .errors import ValidationFailed

# field -> maximum number of characters, after cleaning. Keys are "<entity>.<field>" as in
# the models; paragraph-long texts without a column limit share DESCRIPTION and NOTE.
DESCRIPTION_MAX_CHARS = 2000  # a finding, a measure, an opinion: a paragraph, not a file
NOTE_MAX_CHARS = 5000  # inspection notes and history notes
TEXT_LIMITS: dict[str, int] = {
    "enterprise.credit_code": 18,
    "enterprise.name": 200,
    "enterprise.address": 300,
    "enterprise.legal_representative": 50,
    "enterprise.safety_contact_name": 50,
    "enterprise.safety_contact_phone": 30,
    "user.display_name": 50,
    "user.badge_number": 30,
    "user.phone": 30,
    "inspection.notes": NOTE_MAX_CHARS,
    "inspection.enterprise_representative": 50,
    "hazard.description": DESCRIPTION_MAX_CHARS,
    "hazard.location": 200,
    "hazard.rectification_measures": DESCRIPTION_MAX_CHARS,
    "hazard.responsible_person": 50,
    "hazard.interim_safety_measures": DESCRIPTION_MAX_CHARS,
    "evidence.description": DESCRIPTION_MAX_CHARS,
    "verification.opinion": DESCRIPTION_MAX_CHARS,
    "extension.reason": DESCRIPTION_MAX_CHARS,
    "plan.responsibility": 200,
    "plan.measures": DESCRIPTION_MAX_CHARS,
    "plan.contingency_plan": DESCRIPTION_MAX_CHARS,
    "supervision.authority": 100,
    "supervision.letter_number": 60,
    "note": NOTE_MAX_CHARS,
}

# Bidirectional embeddings, overrides, isolates and marks (LRM, RLM, ALM): invisible, and in a
# printed document they reorder the text around them.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A),
                                0x200E, 0x200F, 0x061C])
IDEOGRAPHIC_SPACE = "\u3000"
_SPACES = re.compile(r"\s+")


def limit(field: str) -> int:
    """The maximum length of ``field`` (a key of ``TEXT_LIMITS``); KeyError for a field the
    table does not know, so a typo cannot silently mean "no limit"."""
    return TEXT_LIMITS[field]


def clean_text(value) -> str:
    """Free text as stored: bidirectional controls removed, ideographic spaces turned into
    plain ones, ends trimmed; everything else kept as typed (no NFKC). None → ``""``."""
    text = "" if value is None else str(value)
    return text.translate(_BIDI_CONTROLS).replace(IDEOGRAPHIC_SPACE, " ").strip()


def normalize_identifier(value) -> str:
    """An identifier as stored: NFKC (full-width letters, digits and punctuation → ASCII, the
    ideographic space → a plain space), bidirectional controls removed, runs of whitespace
    collapsed to one space, ends trimmed. None → ``""``. For badge numbers, document numbers,
    e-mail addresses and the like."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    return _SPACES.sub(" ", text.translate(_BIDI_CONTROLS)).strip()


def normalize_credit_code(value) -> str:
    """A unified social credit code: ``normalize_identifier``, without any space, upper case
    (the check digit is validated elsewhere, ``enterprises.validators``)."""
    return normalize_identifier(value).replace(" ", "").upper()


def normalize_phone(value) -> str:
    """A phone number: ``normalize_identifier`` (``０２３－７２８８ ６６６６`` →
    ``023-7288 6666``). Its form is not checked: landlines with extensions, mobiles and
    ``+86`` numbers are all in use."""
    return normalize_identifier(value)


def normalize_digits(value) -> str:
    """A number or date typed in a form or an API body, ready to parse: NFKC (full-width
    ``１２．５`` → ``12.5``), bidirectional controls removed, ends trimmed."""
    return normalize_identifier(value)


# The date spellings accepted from people and files, after NFKC. Month and day may have one
# digit; nothing is guessed (``5/31/2024`` is refused: day/month order is ambiguous).
DATE_FORMATS_HELP = "2026-12-02、2026/12/2、2026.12.2、20261202、2026年12月2日"
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def parse_date_text(value) -> datetime.date | None:
    """A calendar date (China Standard Time) from what a person typed or a cell held.

    Input: a string (or None). NFKC first, so ``２０２６－１２－０２`` and ``２０２６年１２月２日``
    read as 2026-12-02. Accepted: ``DATE_FORMATS_HELP`` (ASCII digits after NFKC only).
    Output: the date, or None for an empty value. Errors: ValueError for anything else,
    including impossible dates (2026-02-30).
    """
    text = normalize_digits(value).replace(" ", "")
    if not text:
        return None
    if text.isascii() or "年" in text:
        for pattern in _DATE_PATTERNS:
            match = pattern.match(text)
            if match and all(part.isascii() for part in match.groups()):
                year, month, day = (int(part) for part in match.groups())
                return datetime.date(year, month, day)  # ValueError when impossible
    raise ValueError(text)


def validate_text_length(value: str, *, limit: int, field: str) -> None:
    """Raise ValidationFailed (``field`` named) when ``value`` is longer than ``limit``
    characters."""
    if value and len(value) > limit:
        raise ValidationFailed(_("内容过长：最多 %(limit)d 个字符。") % {"limit": limit},
                               field=field)


def cleaned(value, *, field: str, key: str | None = None, required_message: str = "") -> str:
    """Free text for a service to store: ``clean_text``, then the limit of ``TEXT_LIMITS[key]``
    (``key`` defaults to ``field``). ``required_message`` makes an empty result a
    ValidationFailed on ``field``. Output: the cleaned text."""
    text = clean_text(value)
    if required_message and not text:
        raise ValidationFailed(required_message, field=field)
    validate_text_length(text, limit=limit(key or field), field=field)
    return text
