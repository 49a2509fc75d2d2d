"""The in-app inbox (issue 3 §7): a user's own notifications, mark one or all read. Views only
translate HTTP; the queries are in ``selectors`` and the writes in ``services``."""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.query import page_number

from . import selectors, services

PAGE_SIZE = 20


@login_required
def inbox(request):
    """The signed-in user's notifications, newest first, 20 per page; ``?unread=1`` shows
    only unread ones."""
    queryset = selectors.notifications_for(request.user)
    only_unread = request.GET.get("unread") == "1"
    if only_unread:
        queryset = queryset.filter(read_at__isnull=True)
    try:
        number = page_number(request.GET.get("page"))
    except ValueError as exc:
        # a malformed page number (``abc``, ``²``) is named, not quietly read as page 1
        problem, number = ("page", str(exc)), None
    else:
        problem = None
    page = Paginator(queryset, PAGE_SIZE).get_page(number)
    return render(request, "notifications/inbox.html",
                  {"page": page, "only_unread": only_unread, "nav": "inbox",
                   "query_problem": problem}, status=400 if problem else 200)


def _back(request):
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_read(request, pk):
    """Mark one of the user's notifications read; someone else's is 404. With ``open=1`` go
    on to the hazard it is about."""
    notification = services.notification_mark_read(user=request.user, notification_id=pk)
    if request.POST.get("open") == "1" and notification.hazard_id:
        return redirect("hazards:detail", pk=notification.hazard_id)
    return _back(request)


@login_required
@require_POST
def mark_all_read(request):
    """Mark all of the user's notifications read."""
    services.notifications_mark_all_read(user=request.user)
    return _back(request)
