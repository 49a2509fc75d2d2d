"""Error answers for the whole site (``handler400/403/404/500`` and the CSRF failure view):
under ``/api/`` always the API's JSON error shape ``{"code", "detail", "fields"}``, whatever the
failure; elsewhere a page in the site layout (Chinese first, English via the language switch,
readable at 375 px). A 403 is also announced (``core.signals.permission_denied``) so the security
audit log records it.

The 500 page is rendered without the request's context processors: the failure may be the
database itself, and the layout must not query it again.
"""
import logging

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from .signals import permission_denied

logger = logging.getLogger(__name__)

_DETAIL = {
    400: ("bad_request", "请求有误，无法处理。"),
    403: ("permission_denied", "您没有权限执行此操作。"),
    404: ("not_found", "未找到。"),
    500: ("server_error", "系统内部错误，请稍后再试；如果问题持续，请联系管理员并告知请求编号。"),
}


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _json(request, status: int) -> JsonResponse:
    code, detail = _DETAIL[status]
    body = {"code": code, "detail": _(detail), "fields": {}}
    request_id = getattr(request, "request_id", "")
    if request_id and status == 500:
        body["request_id"] = request_id
    return JsonResponse(body, status=status)


def _page(request, status: int, *, with_context: bool = True, reason: str = "") -> HttpResponse:
    template = loader.get_template(f"{status}.html")
    context = {"request_id": getattr(request, "request_id", ""), "reason": reason}
    if with_context:
        body = template.render(context, request)
    else:
        body = template.render({**context, "request": None})
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return _json(request, 400) if _is_api(request) else _page(request, 400)


def permission_denied_view(request, exception=None):
    """A 403. A page gate (``core.rules.require_page``) raises with the rule's reason, which
    never names anyone outside the user's scope: the page shows it, so the user learns why
    (wrong role, or the state does not allow the action now)."""
    reason = str(exception or "")
    permission_denied.send(sender=None, request=request, reason=reason)
    return _json(request, 403) if _is_api(request) else _page(request, 403, reason=reason)


def page_not_found(request, exception=None):
    return _json(request, 404) if _is_api(request) else _page(request, 404)


def server_error(request):
    if _is_api(request):
        return _json(request, 500)
    try:
        return _page(request, 500, with_context=False)
    except Exception:  # the layout itself failed: a plain page still answers
        logger.exception("500 page could not be rendered")
        return HttpResponse("<h1>500</h1><p>系统内部错误 / Server error</p>", status=500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: an expired form or a forged post."""
    permission_denied.send(sender=None, request=request, reason=f"csrf: {reason}")
    if _is_api(request):
        return _json(request, 403)
    return _page(request, 403, reason=_("表单已过期或来源不明，请返回上一页刷新后重试。"))
