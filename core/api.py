"""The API's shared plumbing: one error shape for every 4xx, strict query parameters, and the
content negotiation that turns a bad ``format`` into a 400.

Every 4xx body is ``{"code": str, "detail": str, "fields": {name: [message, …]}}``:

- ``DomainError`` subclasses (``core.errors``) keep their ``code`` and HTTP status (400, 403,
  409); ``field`` becomes a key of ``fields``.
- DRF errors (validation, authentication, permission, not found, throttling, …) get DRF's
  code; validation errors list each offending field or query parameter in ``fields`` and
  name them in ``detail``.
"""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from core import errors
from core.errors import DomainError

# code -> (HTTP status, meaning). The schema's error responses list these.
ERROR_CODES = {
    "invalid": (400, "Invalid input; `fields` names each bad field or query parameter."),
    "unknown_parameter": (400, "A query parameter the endpoint does not accept; `fields` "
                               "names it."),
    "parse_error": (400, "Malformed request body (not valid JSON)."),
    "deadline_in_past": (400, "A rectification deadline before today (CST)."),
    "domain_error": (400, "Another business rule refused the input."),
    "not_authenticated": (401, "No credentials: send a token or log in."),
    "authentication_failed": (401, "Unknown, revoked or malformed token."),
    "permission_denied": (403, "The user may see the object but not do this to it."),
    "read_only_token": (403, "A read-only token used for a write method."),
    "not_found": (404, "No such object, or the user may not see it (never 403 for "
                       "objects outside the user's scope)."),
    "method_not_allowed": (405, "HTTP method not supported by the endpoint."),
    "not_acceptable": (406, "No representation matches the Accept header."),
    "transition_not_allowed": (409, "The hazard's current state does not allow the action."),
    "conflict": (409, "Someone else changed the object first (stale `version`)."),
    "unsupported_media_type": (415, "Request body content type not supported."),
    "account_locked": (429, "Too many wrong passwords for the account or from the address; "
                            "locked until the cool-off ends or an office head unlocks it."),
    "throttled": (429, "Too many requests for this token; see the Retry-After header "
                       "(seconds)."),
}
# keep the table honest: every DomainError code of config/errors.py is listed
assert {cls.code for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, DomainError)} <= set(ERROR_CODES)


def _domain_error_classes(cls=DomainError):
    for sub in cls.__subclasses__():
        yield sub
        yield from _domain_error_classes(sub)


def all_error_codes() -> dict[str, tuple[int, str]]:
    """``ERROR_CODES`` plus the codes of every DomainError subclass other apps define (the
    loop, inspections, imports …), so the documented table never falls behind the code."""
    codes = dict(ERROR_CODES)
    for cls in _domain_error_classes():
        doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        codes.setdefault(cls.code, (cls.status_code, doc or cls.__name__))
    return codes


def error_codes_markdown() -> str:
    """The error table as Markdown, for the schema's description."""
    rows = "\n".join(f"| `{code}` | {http} | {meaning} |"
                      for code, (http, meaning) in sorted(all_error_codes().items(),
                                                          key=lambda item: (item[1][0], item[0])))
    return "| code | HTTP | meaning |\n| --- | --- | --- |\n" + rows


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx response."""

    # a CharField, not an enum: apps add DomainError codes, and an old client must not break
    code = serializers.CharField(help_text=(
        "Stable machine-readable error code, e.g. not_found, invalid, transition_not_allowed; "
        "the full table is in the API description."))
    detail = serializers.CharField(help_text="Human-readable message (Chinese or English, "
                                             "following Accept-Language).")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per offending field or query parameter (`findings[0].grade` for "
                  "nested input); empty when the error is not about a field.")


def _flatten(detail, prefix="") -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"a.b" or "a[0].b": [messages]}``."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int):  # DRF keys list items by index: findings[0].grade
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            out.update(_flatten(value, name))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            out[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                if item:
                    out.update(_flatten(item, f"{prefix}[{index}]"))
    else:
        out[prefix or "non_field_errors"] = [str(detail)]
    return out


def exception_handler(exc, context):
    """Translate DomainError and DRF errors into ``{"code", "detail", "fields"}``.

    Input: the exception and DRF's context. Output: a Response (headers such as Retry-After
    and WWW-Authenticate preserved), or None for unexpected exceptions (5xx, reported by Django).
    """
    # imported here: rest_framework.views reads DEFAULT_CONTENT_NEGOTIATION_CLASS (this module)
    # at import time, so a module-level import would be circular
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DomainError):
        fields = {exc.field: [exc.message]} if exc.field else {}
        if exc.status_code == 403:
            _announce_denial(context, exc.message)
        return Response({"code": exc.code, "detail": exc.message, "fields": fields},
                        status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        general = fields.pop("non_field_errors", [])
        code = "invalid"
        codes = exc.get_codes()
        if isinstance(codes, dict) and codes and all(
                value == ["unknown_parameter"] for value in codes.values()):
            code = "unknown_parameter"
        if general:
            detail = "; ".join(general)
        elif fields:
            detail = str(_("输入有误：%(names)s")) % {"names": ", ".join(fields)}
        else:
            detail = str(_("输入有误。"))
        response.data = {"code": code, "detail": detail, "fields": fields}
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response
    codes = exc.get_codes() if hasattr(exc, "get_codes") else "error"
    if response.status_code == 403:
        _announce_denial(context, getattr(exc, "detail", ""))
    response.data = {"code": codes if isinstance(codes, str) else "error",
                     "detail": str(exc.detail) if hasattr(exc, "detail") else str(exc),
                     "fields": {}}
    return response


def _announce_denial(context, reason) -> None:
    """A 403 from the API is a permission denial for the security audit log."""
    from core.signals import permission_denied

    request = context.get("request")
    if request is not None:
        permission_denied.send(sender=None, request=getattr(request, "_request", request),
                               reason=str(reason))


class StrictContentNegotiation(DefaultContentNegotiation):
    """DRF answers an unknown ``?format=`` with 404; we answer 400 naming ``format``."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Http404 as exc:
            allowed = ", ".join(renderer.format for renderer in renderers)
            raise exceptions.ValidationError(
                {"format": [str(_("不支持的格式；可选：%(allowed)s")) % {"allowed": allowed}]},
            ) from exc


class StrictQueryParamsMixin:
    """Refuse query parameters the endpoint does not declare: 400 ``unknown_parameter``
    naming each one, instead of silently ignoring a typo (``stauts=closed``) and returning an
    unfiltered list.

    Allowed: the filterset's fields (list actions only), the pagination's parameters, ``format``,
    and the view's ``extra_query_params`` (a set, or a dict action -> set).
    """

    extra_query_params: set[str] | dict[str, set[str]] = set()

    def allowed_query_params(self) -> set[str]:
        allowed = {"format"}
        extra = self.extra_query_params
        if isinstance(extra, dict):
            allowed |= set(extra.get(getattr(self, "action", None), ()))
        else:
            allowed |= set(extra)
        if getattr(self, "action", None) in ("list", "export"):
            filterset_class = getattr(self, "filterset_class", None)
            if filterset_class is not None:
                allowed |= set(filterset_class.base_filters)
        if getattr(self, "action", None) == "list":
            paginator = getattr(self, "paginator", None)
            for attr in ("page_query_param", "page_size_query_param", "cursor_query_param"):
                name = getattr(paginator, attr, None)
                if name:
                    allowed.add(name)
            allowed |= set(getattr(paginator, "extra_query_params", ()))
        return allowed

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        unknown = sorted(set(request.query_params) - self.allowed_query_params())
        if unknown:
            raise exceptions.ValidationError(
                {name: [exceptions.ErrorDetail(str(_("不支持的查询参数。")),
                                               code="unknown_parameter")]
                 for name in unknown})


def api_not_found(request, *args, **kwargs):
    """JSON 404 (``not_found``) for any URL under /api/v1/ that no route matches, including
    ids that fail a route's pattern (``/hazards/abc/``), instead of Django's HTML page."""
    from django.http import JsonResponse

    return JsonResponse({"code": "not_found", "detail": str(_("未找到。")), "fields": {}},
                        status=404)


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, but a body nested deeper than Python's recursion limit is a 400
    ``parse_error`` like any other malformed body, not a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError("JSON parse error - nested too deeply") from exc
