"""Two ways to page the hazard list, chosen by ``?pagination=``:

- ``cursor`` (default, for sync clients): keyset pagination on ``(updated_at, id)``. No
  COUNT(*), no OFFSET, stable while rows are inserted or updated. The first page fixes a
  snapshot bound ``sync_until`` (server time minus ``API_SYNC_LAG_SECONDS``, which must
  exceed the longest write transaction, so a row committed late still falls into the next
  window); every page of the pass returns only rows with ``updated_at <= sync_until``. A hazard
  changed during the pass moves past that bound, so it is not seen twice in one pass; the
  client's next pass starts with ``updated_after=<sync_until>`` and picks it up.
- ``page``: page-number pagination with ``count`` for UIs, honouring ``ordering``.
"""
import base64
import binascii
import datetime
import json

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from core.query import PAGE_NUMBER_INVALID, ascii_int

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50


def _invalid(param: str, message: str):
    return exceptions.ValidationError({param: [message]})


def page_size_from(request) -> int:
    """``page_size``: 1–MAX_PAGE_SIZE in ASCII digits (``core.query``: ``²`` or ``３`` is a
    400 naming the parameter, not a 500 nor a number)."""
    raw = request.query_params.get("page_size")
    if raw is None:
        return DEFAULT_PAGE_SIZE
    size = ascii_int(raw)
    if size is None or not 1 <= size <= MAX_PAGE_SIZE:
        raise _invalid("page_size", _("每页条数应为 1 到 %(max)d 的整数。") % {"max": MAX_PAGE_SIZE})
    return size


class CountedPagination(PageNumberPagination):
    """Page-number pagination with ``count``; a bad ``page`` or ``page_size`` is a 400."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return page_size_from(request)

    def get_paginated_response_schema(self, schema):
        result = super().get_paginated_response_schema(schema)
        descriptions = {"count": "Number of matching rows (all pages).",
                        "next": "URL of the next page; null on the last page.",
                        "previous": "URL of the previous page; null on the first page.",
                        "results": "The rows of this page."}
        for name, description in descriptions.items():
            result["properties"][name]["description"] = description
        return result

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=MAX_PAGE_SIZE)
                parameter["description"] = (f"Rows per page, 1–{MAX_PAGE_SIZE} (default "
                                            f"{DEFAULT_PAGE_SIZE}).")
            elif parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and (ascii_int(raw) or 0) < 1:
            raise _invalid(self.page_query_param, str(PAGE_NUMBER_INVALID))
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound as exc:
            raise _invalid(self.page_query_param, _("页码超出范围。")) from exc


class SyncCursorPagination(BasePagination):
    """Forward-only keyset pagination on ``(updated_at, id)`` within a snapshot bound."""

    cursor_query_param = "cursor"

    def _decode(self, raw: str) -> tuple[datetime.datetime, int, datetime.datetime]:
        try:
            data = json.loads(base64.urlsafe_b64decode(raw.encode() + b"=" * (-len(raw) % 4)))
            position = parse_datetime(data["t"])
            until = parse_datetime(data["u"])
            pk = int(data["i"])
            if position is None or until is None or position.tzinfo is None:
                raise ValueError(raw)
        except (ValueError, KeyError, TypeError, binascii.Error, UnicodeError) as exc:
            raise _invalid(self.cursor_query_param, _("游标无效。")) from exc
        return position, pk, until

    @staticmethod
    def _encode(position: datetime.datetime, pk: int, until: datetime.datetime) -> str:
        data = json.dumps({"t": position.isoformat(), "i": pk, "u": until.isoformat()})
        return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")

    def paginate_queryset(self, queryset, request, view=None):
        if "ordering" in request.query_params:
            raise _invalid("ordering", _("游标分页固定按 (updated_at, id) 排序；排序请使用 "
                                         "pagination=page。"))
        self.request = request
        self.page_size = page_size_from(request)
        raw = request.query_params.get(self.cursor_query_param)
        if raw:
            position, pk, self.until = self._decode(raw)
            queryset = queryset.filter(Q(updated_at__gt=position)
                                       | Q(updated_at=position, id__gt=pk))
        else:
            lag = datetime.timedelta(seconds=settings.API_SYNC_LAG_SECONDS)
            self.until = timezone.now() - lag
        queryset = queryset.filter(updated_at__lte=self.until).order_by("updated_at", "id")
        rows = list(queryset[:self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        rows = rows[:self.page_size]
        self.last = rows[-1] if rows else None
        return rows

    def get_next_link(self):
        if not self.has_next:
            return None
        cursor = self._encode(self.last.updated_at, self.last.pk, self.until)
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param,
                                   cursor)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(),
                         "sync_until": timezone.localtime(self.until).isoformat(),
                         "results": data})


class HazardPagination(BasePagination):
    """Dispatches to ``SyncCursorPagination`` or ``CountedPagination`` by ``?pagination=``."""

    page_query_param = "page"
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"
    extra_query_params = ("pagination",)
    MODES = ("cursor", "page")

    def paginate_queryset(self, queryset, request, view=None):
        mode = request.query_params.get("pagination", "cursor")
        if mode not in self.MODES:
            raise _invalid("pagination", _("可选值：cursor、page。"))
        if mode == "cursor" and "page" in request.query_params:
            raise _invalid("page", _("页码仅用于 pagination=page。"))
        if mode == "page" and "cursor" in request.query_params:
            raise _invalid("cursor", _("游标仅用于 pagination=cursor。"))
        self.delegate = SyncCursorPagination() if mode == "cursor" else CountedPagination()
        return self.delegate.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return self.delegate.get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "format": "uri", "nullable": True,
                         "description": "URL of the next page; null on the last page."},
                "previous": {"type": "string", "format": "uri", "nullable": True,
                             "description": "pagination=page only: URL of the previous page."},
                "count": {"type": "integer", "description": "pagination=page only: number of "
                                                            "matching hazards."},
                "sync_until": {"type": "string", "format": "date-time", "description": (
                    "pagination=cursor only: the snapshot bound of this pass (ISO 8601). Pass "
                    "it as `updated_after` in the next sync pass.")},
                "results": {**schema, "description": "The hazards of this page."},
            },
        }

    def get_schema_operation_parameters(self, view):
        def param(name, description, schema):
            return {"name": name, "required": False, "in": "query",
                    "description": description, "schema": schema}
        return [
            param("pagination", "`cursor` (default; keyset on (updated_at, id), no count, for "
                                "sync) or `page` (page numbers with count, honours "
                                "`ordering`).", {"type": "string", "enum": list(self.MODES)}),
            param("cursor", "Opaque cursor from `next` (pagination=cursor).", {"type": "string"}),
            param("page", "Page number from 1 (pagination=page).",
                  {"type": "integer", "minimum": 1}),
            param("page_size", f"Rows per page, 1–{MAX_PAGE_SIZE} (default "
                               f"{DEFAULT_PAGE_SIZE}).",
                  {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}),
        ]

    def get_results(self, data):
        return data["results"]
