"""Cleaning of spreadsheet cell values: the real-world mess of ledgers kept by hand.

Pure functions, no database. Each parser returns a value or raises ``CellError`` with a
message in Chinese and English; the row validator turns that into a per-row, per-column
report. The normalisation rules are ``core.text``'s, the same as for pages and the API:

- a cell read as a code, a key or a number (``clean_text``) is NFKC-normalised (full-width
  digits, letters and punctuation → ASCII: ``２０２４／５／３１`` → ``2024/5/31``), bidirectional
  controls removed, inner runs of whitespace collapsed to one space, ends stripped
  (``core.text.normalize_identifier``);
- a cell stored as free text (``free_text``: a description, measures, a place) keeps its
  characters — full-width Chinese punctuation in prose is correct — and loses only the
  bidirectional controls and the surrounding space (``core.text.clean_text``), plus the runs
  of spaces a ledger uses to line text up (line breaks are kept);
- ``NA``, ``N/A``, ``NULL``, ``无``, ``-`` and blank are *missing* (None), never a value;
- dates: ``datetime``/``date`` cells, Excel serial numbers (1900 date system, as openpyxl and
  xlrd report them for cells formatted as dates, or as plain numbers), and the spellings of
  ``core.text.parse_date_text`` (``2024-05-31``, ``2024/5/31``, ``2024.5.31``, ``20240531``,
  ``2024年5月31日``), optionally followed by a time of day; anything else is an error, never a
  guess (``5/31/2024`` is refused: month/day order is ambiguous).
"""
import datetime
import re
from decimal import Decimal, InvalidOperation

from core.text import clean_text as core_clean_text
from core.text import normalize_identifier, parse_date_text

MISSING_TOKENS = frozenset({"", "NA", "N/A", "NAN", "NULL", "NONE", "无", "-", "--", "/"})

# Excel's day 0 is 1899-12-30 once its fictitious 1900-02-29 is accounted for.
EXCEL_EPOCH = datetime.date(1899, 12, 30)
# serial numbers outside 1950..2100 are far more likely to be something else than a date
EXCEL_SERIAL_RANGE = (18264, 73051)

# a time of day after a date (``2024-05-31 10:00``, ``2024-05-31T10:00:00``): dropped
_TIME_SUFFIX = re.compile(r"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})[ T]\d{1,2}:\d{2}(?::\d{2})?.*$")
_PADDING = re.compile(r"[^\S\n]+")


class CellError(ValueError):
    """A cell that cannot be read as the field needs. ``zh`` and ``en`` are the messages."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh = zh
        self.en = en


def clean_text(value) -> str | None:
    """Return the cell as normalised text, or None when it is missing (see module rules)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # xlrd reports every number as float: 1093.0 → "1093"
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()  # a date cell: openpyxl/xlrd give midnight datetimes
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    text = normalize_identifier(value)
    if text.upper() in MISSING_TOKENS:
        return None
    return text


def free_text(value) -> str | None:
    """The cell as free text to store (``core.text.clean_text``: full-width characters kept),
    or None when it is missing (see ``clean_text``). Numbers and dates read as ``clean_text``
    reads them."""
    if clean_text(value) is None:
        return None
    if not isinstance(value, str):
        return clean_text(value)
    # cells are padded by hand to line text up: runs of spaces go, line breaks stay
    return _PADDING.sub(" ", core_clean_text(value))


def clean_header(value) -> str:
    """A header for matching: NFKC, no whitespace at all, parentheses unified, lower case."""
    return normalize_identifier(value or "").replace(" ", "").lower()


def parse_date(value) -> datetime.date | None:
    """Return a date from a cell (see module rules) or None when missing; CellError otherwise."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value)
    text = clean_text(value)
    if text is None:
        return None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _from_serial(float(text))
    timed = _TIME_SUFFIX.match(text)
    try:
        parsed = parse_date_text(timed.group(1) if timed else text)
    except ValueError:
        parsed = None
    if parsed is not None:
        return parsed
    raise CellError(f"日期“{text}”无法识别（请使用 2024-05-31、2024/5/31 或 2024年5月31日）",
                    f"date '{text}' not recognised (use 2024-05-31, 2024/5/31 or 2024年5月31日)")


def _from_serial(number: float) -> datetime.date:
    low, high = EXCEL_SERIAL_RANGE
    if not low <= number <= high:
        raise CellError(f"数字 {number:g} 不是有效的 Excel 日期",
                        f"number {number:g} is not a valid Excel date")
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def parse_decimal(value) -> Decimal | None:
    """Return an amount (yuan) as Decimal, or None when missing. Thousands separators and a
    trailing 元 are accepted; anything else non-numeric is a CellError."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    text = clean_text(value)
    if text is None:
        return None
    text = text.replace(",", "").removesuffix("元").strip()
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise CellError(f"金额“{text}”不是数字", f"amount '{text}' is not a number") from exc


def normalize_codes(mapping: dict[str, str]) -> dict[str, str]:
    """A code table with its keys in ``clean_header`` form (what ``parse_code`` looks up)."""
    return {clean_header(key): target for key, target in mapping.items()}


def parse_code(value, mapping: dict[str, str], *, label: str,
               table: dict[str, str] | None = None) -> str | None:
    """Look ``value`` up in a code table (keys compared after ``clean_header``; ``table`` is
    the table already normalised by ``normalize_codes``, to save the work per row).

    Returns the mapped value, None when missing, and raises CellError for an unknown code:
    unknown codes are reported, never guessed.
    """
    text = clean_text(value)
    if text is None:
        return None
    if table is None:
        table = normalize_codes(mapping)
    key = clean_header(text)
    if key not in table:
        known = "、".join(mapping) if len(mapping) <= 12 else "、".join(list(mapping)[:12]) + "…"
        raise CellError(f"{label}代码“{text}”未定义（可用：{known}）",
                        f"unknown {label} code '{text}' (known: {', '.join(list(mapping)[:12])})")
    return table[key]
