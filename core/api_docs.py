"""The OpenAPI schema and its documentation pages (/api/v1/schema/, /api/v1/docs/,
/api/v1/redoc/). Swagger UI and Redoc are served from drf-spectacular-sidecar's static
files: no CDN, the pages work offline."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from core.api import ERROR_CODES, ErrorSerializer, error_codes_markdown

_DESCRIPTIONS = {
    400: "Invalid input or query parameter (`invalid`, `unknown_parameter`, "
         "`deadline_in_past`, …); `fields` names each one.",
    401: "Not authenticated (`not_authenticated`, `authentication_failed`).",
    403: "Forbidden (`permission_denied`, `read_only_token`).",
    404: "Not found, or outside the user's scope (`not_found`).",
    409: "State conflict (`transition_not_allowed`, …) or a stale version (`conflict`: the "
         "body's `current` is the object as it is now, the `ETag` header its version).",
    428: "Precondition required (`precondition_required`): an edit of an existing object "
         "without `If-Match` or `expected_version`.",
    429: "Throttled (`throttled`); wait the Retry-After header's seconds.",
}


class ConflictErrorSerializer(ErrorSerializer):
    """The body of a 409: the error, and for a stale version (``conflict``) the object as it
    is now."""

    current = serializers.JSONField(
        required=False, help_text="Only for `conflict`: the object as it is now, in the shape "
                                  "its GET returns; its version is also in the ETag header.")


# Versioned edits: the version they are based on, as a header (or as expected_version).
IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description='The version the edit is based on, as the GET\'s ETag: `"7"`. Required unless '
                "the body carries `expected_version`; a stale one is 409 `conflict`, none at all "
                "428 `precondition_required`. `*` does not name a version.")
ETAG = OpenApiParameter(
    "ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 201, 409],
    description='The object\'s version as a strong entity tag (`"7"`); send it back as '
                "If-Match to edit it.")


def error_responses(*statuses: int) -> dict:
    """``extend_schema(responses=…)`` entries for the given error statuses, each with the
    ``{"code","detail","fields"}`` body and an example."""
    out = {}
    for http in statuses:
        code = next(code for code, (status, _m) in ERROR_CODES.items() if status == http)
        out[http] = OpenApiResponse(
            ConflictErrorSerializer if http == 409 else ErrorSerializer,
            description=_DESCRIPTIONS[http],
            examples=[OpenApiExample(code, value={"code": code, "detail": ERROR_CODES[code][1],
                                                  "fields": {}})])
    return out


def api_description() -> str:
    """The schema's description, with the error-code table (built when the schema is)."""
    return f"""
Hazards, inspections and enterprises of the hazard register (隐患排查治理), scoped to what the
caller may see: a city official everything, district staff their district, an enterprise
safety officer their enterprise. Objects outside the caller's scope are **404**, never 403.

**Authentication**: `Authorization: Bearer <token>` with a personal token created on the
profile page (`/accounts/tokens/`), or the browser session. Read-only tokens are refused on
write methods. Requests are throttled per token (429 with `Retry-After`).

**Units**: dates are China Standard Time (UTC+8) calendar dates `YYYY-MM-DD`; date-times are
ISO 8601 with offset; money is yuan (元) as a decimal string.

**Input**: identifiers, numbers and dates in a body may be typed full-width (`２０２６－１２－０２`)
and are stored half-width; free text keeps its characters but loses bidirectional control
characters. In a query string, ids, codes, numbers and dates must be ASCII (`page_size=²` is a
400 naming `page_size`).

**Terms** (隐患, 整改, 复查, 销号 …), roles and the hazard life cycle: `docs/domain.md` in the
product's repository.

**Pagination** (hazards): `pagination=cursor` (default) for sync clients, `pagination=page`
for UIs (with `count`). Other lists use page numbers.

**Versions**: every edit of an existing object (hazard actions, extension decisions,
plans, supervisions, enterprises) names the version it was based on: the `If-Match` header
with the GET's `ETag` (`"7"`), or the body field `expected_version`. A stale version is
**409** `conflict` with the object as it is now in `current` (and its `ETag`); no version at
all is **428** `precondition_required`. Nothing is ever overwritten silently.

**Errors**: every 4xx has the body `{{"code", "detail", "fields"}}`:

{error_codes_markdown()}
"""

schema_view = SpectacularAPIView.as_view(permission_classes=[AllowAny],
                                         authentication_classes=[])
swagger_view = SpectacularSwaggerView.as_view(url_name="api-schema",
                                              permission_classes=[AllowAny],
                                              authentication_classes=[])
redoc_view = SpectacularRedocView.as_view(url_name="api-schema", permission_classes=[AllowAny],
                                          authentication_classes=[],
                                          template_name="api/redoc.html")


# Error statuses every operation may answer (authentication, throttling, the strict query
# parameters, scoping); writes may also conflict (409) or get an unsupported body (415).
_COMMON_ERRORS = (400, 401, 403, 404, 429)
_WRITE_ERRORS = (409, 415)
_EXTRA_DESCRIPTIONS = {415: "Unsupported request body content type "
                            "(`unsupported_media_type`)."}


def add_api_description(result, generator, request, public):
    """drf-spectacular post-processing hook: the API description with the error-code table,
    and the ``{"code","detail","fields"}`` error responses on every operation that does not
    document them itself (including actions other apps add)."""
    result["info"]["description"] = api_description()
    error_ref = {"$ref": "#/components/schemas/Error"}
    if "Error" not in result.get("components", {}).get("schemas", {}):
        return result
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and not parameter.get("description"):
                    parameter["description"] = (
                        "Id of the object (code for reference data). An object outside the "
                        "caller's scope is a 404, exactly like one that does not exist.")
            statuses = _COMMON_ERRORS + (_WRITE_ERRORS if method != "get" else ())
            responses = operation.setdefault("responses", {})
            for http in statuses:
                responses.setdefault(str(http), {
                    "description": _DESCRIPTIONS.get(http) or _EXTRA_DESCRIPTIONS[http],
                    "content": {"application/json": {"schema": error_ref}}})
    return result
