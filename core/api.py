"""The API's shared plumbing: one error shape for every 4xx, strict query parameters, the
content negotiation that turns a bad ``format`` into a 400, and versioned edits.

Every 4xx body is ``{"code": str, "detail": str, "fields": {name: [message, …]}}``:

- ``DomainError`` subclasses (``core.errors``) keep their ``code`` and HTTP status (400, 403,
  409, 428); ``field`` becomes a key of ``fields``. A 409 ``conflict`` (stale version) also
  carries ``current``: the object as it is now, and its ``ETag``.
- DRF errors (validation, authentication, permission, not found, throttling, …) get DRF's
  code; validation errors list each offending field or query parameter in ``fields`` and
  name them in ``detail``.

Versioned edits (``VersionedViewMixin``): every edit of an existing object names the version
it was based on, as ``If-Match: "<version>"`` (the ``ETag`` of the GET) or as the body field
``expected_version``; without either the answer is 428 ``precondition_required``, with a stale
one 409 ``conflict`` — never a silent overwrite.
"""
from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from core import errors
from core.errors import ConcurrentModification, DomainError, PreconditionRequired

# code -> (HTTP status, meaning). The schema's error responses list these.
ERROR_CODES = {
    "invalid": (400, "Invalid input; `fields` names each bad field or query parameter."),
    "unknown_parameter": (400, "A query parameter the endpoint does not accept; `fields` "
                               "names it."),
    "parse_error": (400, "Malformed request body (not valid JSON)."),
    "request_too_large": (400, "Request body larger than the server accepts "
                               "(DATA_UPLOAD_MAX_MEMORY_SIZE bytes, files excluded)."),
    "too_many_fields": (400, "More form fields or files than the server accepts."),
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
    "conflict": (409, "Someone else changed the object first (stale `If-Match` / "
                      "`expected_version`); `current` holds the object as it is now and the "
                      "`ETag` header its version."),
    "append_only": (409, "An audit row (history, transition, seal) is never changed or "
                         "deleted."),
    "unsupported_media_type": (415, "Request body content type not supported."),
    "precondition_required": (428, "An edit of an existing object without the version it was "
                                   "based on: send `If-Match: \"<version>\"` (the GET's "
                                   "`ETag`) or `expected_version`."),
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
        body = {"code": exc.code, "detail": exc.message, "fields": fields}
        headers = {}
        if isinstance(exc, ConcurrentModification):
            if exc.current is not None:
                body["current"] = exc.current
            if exc.current_version is not None:
                headers["ETag"] = etag(exc.current_version)
        return Response(body, status=exc.status_code, headers=headers)
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        # raised by Django while DRF reads the body; uncaught it would be Django's HTML 400
        return Response(_body_refusal(exc), status=status.HTTP_400_BAD_REQUEST)
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


def _body_refusal(exc) -> dict:
    if isinstance(exc, RequestDataTooBig):
        return {"code": "request_too_large", "fields": {},
                "detail": str(_("请求体过大：最多 %(limit)d 字节（不含上传文件）。"))
                % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}}
    return {"code": "too_many_fields", "fields": {},
            "detail": str(_("表单字段或文件过多。"))}
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


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """JSON 404 (``not_found``) for any URL under /api/v1/ that no route matches, including
    ids that fail a route's pattern (``/hazards/abc/``), instead of Django's HTML page.

    Every method gets it: CSRF protection is for views that change something, and with it a
    browser session's POST to a mistyped path got Django's HTML 403 page instead."""
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


# --- versioned edits ----------------------------------------------------------------------

EXPECTED_VERSION_HELP = (
    "The version of the object this edit is based on (its `version` field, or the `ETag` of "
    "its GET). Required unless the `If-Match` header carries it; a stale one is 409 "
    "`conflict`, none at all 428 `precondition_required`.")


def etag(version: int) -> str:
    """The strong ETag of a versioned object: the version as a quoted decimal, ``"7"``."""
    return f'"{int(version)}"'


def _if_match_version(request) -> int | None:
    """The version named by the request's ``If-Match`` header; None when there is none.

    Exactly one strong entity tag of digits is accepted (``"7"``). ``*`` names no version
    (it would allow a blind overwrite), so it counts as missing; a weak tag, a list or
    anything else is a 400 naming ``If-Match``."""
    raw = request.headers.get("If-Match")
    if raw is None or not raw.strip() or raw.strip() == "*":
        return None
    value = raw.strip()
    if (len(value) >= 3 and value[0] == value[-1] == '"' and value[1:-1].isascii()
            and value[1:-1].isdigit() and len(value) <= 12):
        return int(value[1:-1])
    raise exceptions.ValidationError({"If-Match": [str(_(
        "If-Match 须为一个版本号，形如 \"7\"（即该对象 GET 响应的 ETag）。"))]})


def required_version(request, expected_version: int | None) -> int:
    """The version an edit was based on, from ``If-Match`` or the body's ``expected_version``.

    Inputs: the DRF request and the validated ``expected_version`` (int ≥ 1, or None).
    Output: the version (int). Errors: PreconditionRequired (428) when neither is given;
    ValidationError (400) for a malformed ``If-Match`` or when both are given and differ.
    """
    header = _if_match_version(request)
    if header is not None and expected_version is not None and header != expected_version:
        raise exceptions.ValidationError({"expected_version": [str(_(
            "expected_version 与 If-Match 不一致。"))]})
    version = header if header is not None else expected_version
    if version is None:
        raise PreconditionRequired(str(_(
            "修改已有对象时须说明所依据的版本：请发送 If-Match 请求头（该对象 GET 响应的 ETag）"
            "或 expected_version 字段。")))
    return version


class VersionedViewMixin:
    """For viewsets whose objects carry a ``version``: ``ETag`` on GET detail and on write
    responses, and a 409 ``conflict`` body that includes the object as it is now.

    A view defines ``current_representation()`` -> ``(data, version)``, re-reading its object
    through its scoped queryset (called only when a stale version was refused), and may
    override ``etag_version(data)`` (default ``data["version"]``). Actions call
    ``required_version(request, expected_version)`` and pass the result to the service.
    """

    def etag_version(self, data) -> int | None:
        """The version a response body stands for: its ``version``, or for a record decided
        against its hazard (an extension) its ``hazard_version``."""
        if not isinstance(data, dict):
            return None
        return data["version"] if "version" in data else data.get("hazard_version")

    def current_representation(self) -> tuple[dict, int] | None:
        return None

    def with_etag(self, response: Response) -> Response:
        """Set ``ETag`` from the response body's version (2xx only)."""
        version = self.etag_version(response.data) if 200 <= response.status_code < 300 else None
        if version is not None:
            response["ETag"] = etag(version)
        return response

    def retrieve(self, request, *args, **kwargs):
        return self.with_etag(super().retrieve(request, *args, **kwargs))

    def handle_exception(self, exc):
        if isinstance(exc, ConcurrentModification) and exc.current is None:
            current = self.current_representation()
            if current is not None:
                exc.current, exc.current_version = current
        return super().handle_exception(exc)
