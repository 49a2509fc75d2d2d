"""Token authentication for API clients: ``Authorization: Bearer hz_…`` (``Token hz_…`` is
accepted too). The request runs as the token's owner, so it sees what the owner sees."""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.tokens import api_token_authenticate

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Authenticate with an ``accounts.ApiToken``.

    Output: ``(user, token)`` (``request.auth`` is the ApiToken), or None when the request
    carries no token header (session authentication may then apply).
    Errors: 401 ``authentication_failed`` for an unknown, revoked or malformed key or an
    inactive owner; 403 ``read_only_token`` when a read-only token is used for an unsafe
    method. The read-only rule is enforced here rather than in a permission class so that every
    view, including actions that set their own ``permission_classes``, obeys it.
    """

    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("令牌格式错误：应为 “Bearer <令牌>”。"))
        try:
            key = header[1].decode()
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("令牌包含无效字符。")) from exc
        token = api_token_authenticate(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("令牌无效或已吊销。"))
        if token.read_only and request.method not in SAFE_METHODS:
            raise ReadOnlyToken()
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ReadOnlyToken(exceptions.PermissionDenied):
    default_detail = _("只读令牌不能执行写操作。")
    default_code = "read_only_token"


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Documents the token scheme in the OpenAPI schema (drf-spectacular)."""

    target_class = "accounts.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http", "scheme": "bearer", "bearerFormat": "hz_…",
            "description": "A personal API token created on the profile page "
                           "(/accounts/tokens/). Send `Authorization: Bearer <key>`. The key is "
                           "shown once at creation. A read-only token is refused (403 "
                           "`read_only_token`) on POST/PUT/PATCH/DELETE.",
        }
