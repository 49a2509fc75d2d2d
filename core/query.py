"""Query parameters, read the same way by pages and the API.

Rules (docs/api.md "Errors"):

- a parameter the list does not declare is refused, named, never silently ignored (a typo such
  as ``stauts=closed`` would otherwise show an unfiltered list);
- integers and dates in a query string are ASCII digits only. Query strings are written by
  programs and by the pages' own controls (date pickers, selects, links), not typed with an
  input method, so full-width digits (``３``), digits of other scripts (``٣``) and
  superscripts (``²``) are refused as malformed, naming the parameter — never a 500, and
  never quietly read as a number (NFKC would turn ``²`` into ``2``). Form fields, which people
  type into, accept full-width input instead (``core.text``).
"""
from django.utils.translation import gettext_lazy as _

UNKNOWN_PARAMETER = _("不支持的查询参数。")
PAGE_NUMBER_INVALID = _("页码应为正整数。")


def unknown_parameters(params, allowed) -> list[str]:
    """Names in ``params`` (a QueryDict or any mapping) that are not in ``allowed``, sorted."""
    return sorted(set(params) - set(allowed))


def ascii_int(raw) -> int | None:
    """``raw`` as an int when it is one or more ASCII digits (no sign, no spaces), else None.

    ``str.isdigit`` is not enough: it is true for ``²`` and ``٣``, which ``int`` then refuses
    or reads as another number."""
    if isinstance(raw, str) and raw and raw.isascii() and raw.isdigit():
        return int(raw)
    return None


def page_number(raw) -> int | None:
    """A ``page`` parameter: None when absent or empty (the first page); ValueError with
    ``PAGE_NUMBER_INVALID`` when it is not a positive ASCII integer."""
    if raw is None or raw == "":
        return None
    number = ascii_int(raw)
    if number is None or number < 1:
        raise ValueError(str(PAGE_NUMBER_INVALID))
    return number
