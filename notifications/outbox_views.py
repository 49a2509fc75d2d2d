"""The mails that need a person (outcome unknown after a crash or a time-out, or refused too
often): city officials and administrators resend them or mark them delivered. Rules:
``notifications.outbox``."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import outbox
from .models import MailStatus, OutboxMail


def may_manage_outbox(user) -> bool:
    """City officials and administrators settle mails whose delivery is in doubt."""
    return bool(user.is_authenticated and user.is_active
                and (user.is_superuser or user.is_city_official))


@login_required
def outbox_attention(request):
    if not may_manage_outbox(request.user):
        raise Http404
    mails = (OutboxMail.objects.filter(status__in=[MailStatus.UNKNOWN, MailStatus.FAILED])
             .order_by("-created_at", "-id")[:200])
    return render(request, "notifications/outbox.html", {"mails": mails, "nav": "outbox"})


@login_required
@require_POST
def outbox_settle(request, pk, action):
    if not may_manage_outbox(request.user):
        raise Http404
    try:
        if action == "resend":
            outbox.outbox_resend(mail_id=pk, actor=request.user)
            messages.success(request, _("已重新排队发送。"))
        elif action == "delivered":
            outbox.outbox_mark_delivered(mail_id=pk, actor=request.user)
            messages.success(request, _("已标记为已送达，不再发送。"))
        else:
            raise Http404
    except OutboxMail.DoesNotExist as exc:
        raise Http404 from exc
    return redirect("notifications:outbox")
