"""Optimistic concurrency at the HTTP edge: every edit names the version it was based on.

API clients send ``expected_version`` in the body or the ``If-Match`` header (a bare number
or an ETag ``"<n>"``/``W/"<n>"``); a missing one is 428 ``version_required``, a stale one is
409 ``conflict`` (raised by the service, which compares under the row lock).
"""
from django.utils.translation import gettext as _

from .errors import DomainError


class VersionRequired(DomainError):
    """The request did not say which version of the object it edits (send
    ``expected_version`` or ``If-Match``)."""

    code = "version_required"
    status_code = 428


def required_version(request, data=None) -> int:
    """The version a write request is based on: ``data["expected_version"]`` or the
    ``If-Match`` header. Raises VersionRequired (428) when neither is a positive integer."""
    value = None
    if data is not None and hasattr(data, "get"):
        value = data.get("expected_version")
    if value in (None, ""):
        header = request.headers.get("If-Match", "").strip()
        value = header.removeprefix("W/").strip('"') if header else None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1 or number > 2**31 - 1:
        raise VersionRequired(_("请提供对象的版本号（expected_version 或 If-Match）。"),
                              field="expected_version")
    return number
