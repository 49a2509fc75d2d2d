"""Cells of the .xlsx files this product writes (exports, import reports), one rule for all.

- Text is always a text cell. A value starting with ``= + - @`` (or their full-width forms
  ``＝ ＋ － ＠``, which spreadsheet input methods turn into the ASCII ones on editing), a tab or
  a carriage return is the "CSV/formula injection" shape (OWASP): such a cell is written as an
  explicit string (``t="inlineStr"``, never ``<f>``) with the ``quotePrefix`` style, which is
  what Excel and LibreOffice set themselves when a user types ``'=…``: the cell shows the text
  as it is, and editing it does not turn it into a formula. The value is not altered.
- Date-times are real date-time cells in China Standard Time (Excel has no time zones: the
  aware value is converted to CST, then stored without its zone) with a ``yyyy-mm-dd hh:mm``
  number format; dates are date cells with ``yyyy-mm-dd``.
"""
import datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl.cell import WriteOnlyCell

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"


def looks_like_formula(value) -> bool:
    """True for a string a spreadsheet could take for a formula (see module docstring)."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def cell(sheet, value):
    """A write-only cell of ``sheet`` (an openpyxl write-only worksheet) for ``value``.

    Inputs: None, str, int, float, Decimal (yuan), datetime.date, aware or naive
    datetime.datetime (naive is taken as CST). Output: a ``WriteOnlyCell`` to pass to
    ``sheet.append``: text as an explicit string cell (quote-prefixed when it looks like a
    formula), numbers as numbers, dates and date-times as real date cells in CST.
    """
    if value is None:
        return WriteOnlyCell(sheet, value="")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        result = WriteOnlyCell(sheet, value=value)
        result.number_format = DATETIME_FORMAT
        return result
    if isinstance(value, datetime.date):
        result = WriteOnlyCell(sheet, value=value)
        result.number_format = DATE_FORMAT
        return result
    if isinstance(value, bool):
        return WriteOnlyCell(sheet, value=str(value))
    if isinstance(value, int | float | Decimal):
        return WriteOnlyCell(sheet, value=value)
    text = str(value)
    result = WriteOnlyCell(sheet, value=text)
    # openpyxl makes any string starting with "=" a formula; the type is set back to text
    result.data_type = "s"
    if looks_like_formula(text):
        result.quotePrefix = True
    return result


def row(sheet, values) -> list:
    """``cell`` for each of ``values``: one row ready for ``sheet.append``."""
    return [cell(sheet, value) for value in values]
