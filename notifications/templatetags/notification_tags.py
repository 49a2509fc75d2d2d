"""``{% unread_notification_count as n %}`` for the header badge: one bounded query per
request (cached on the request, so including the badge twice costs nothing more)."""
from django import template

from notifications import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if request is None:
        return selectors.unread_count(user)
    if not hasattr(request, "_unread_notification_count"):
        request._unread_notification_count = selectors.unread_count(user)
    return request._unread_notification_count


@register.filter
def badge_number(count: int) -> str:
    """``99+`` above the badge cap, the number otherwise."""
    return f"{selectors.UNREAD_BADGE_CAP}+" if count > selectors.UNREAD_BADGE_CAP else str(count)


@register.inclusion_tag("notifications/_hazard_reminders.html")
def hazard_reminders(hazard):
    """The reminders and escalations sent about ``hazard``, for its page (one query):
    ``{% load notification_tags %}{% hazard_reminders hazard %}``."""
    return {"reminders": list(selectors.reminders_for_hazard(hazard))}
