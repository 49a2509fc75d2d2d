"""Oversight pages: the district dashboard (landing page of district officials and
inspectors) and the city dashboard (landing page of city officials).

Views only translate HTTP: the scope comes from ``scope.scope_for`` (404 outside the user's
scope), the numbers from ``measures`` and ``dashboards``; every number links to the register
filtered to exactly the hazards it counts (``dashboards.register_link``)."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from enterprises.models import District, Township

from . import dashboards, measures
from .figures import percent
from .models import FollowUpAction
from .periods import MONTH, Period
from .scope import Scope, scope_for

CARDS = ("open_now", "overdue_now", "due_this_week_now", "majors_open_now", "supervised_now")


def _weekly_context(scope: Scope, today):
    series = dashboards.weekly_found_closed(scope=scope, today=today)
    rows = [{"week": item["week"], "found": item["found"], "closed": item["closed"],
             "links": dashboards.week_links(scope, item["week"])} for item in series]
    chart = {"type": "bar", "labels": [f"{row['week'].start:%m-%d}" for row in rows],
             "series": [{"key": "found", "data": [row["found"] for row in rows]},
                        {"key": "closed", "data": [row["closed"] for row in rows]}]}
    return rows, chart


def _total(grouped: dict) -> dict:
    """The scope's state now as the sum of its groups (every open hazard is in exactly one
    group, the None group included), sparing a second pass over the open hazards."""
    total = dict.fromkeys(CARDS, 0)
    total["not_yet_due_now"] = 0
    for row in grouped.values():
        for key, value in row.items():
            total[key] = total.get(key, 0) + (value or 0)
    return total


def _breakdown_rows(scope: Scope, group_by: str, names: dict, today, *, state: dict,
                    month=None):
    """One row per township/district: the current state, links, and (city) this month."""
    found = closed = {}
    if month is not None:
        found = measures.hazards_found(scope=scope, period=month, group_by=group_by)
        closed = measures.hazards_closed(scope=scope, period=month, group_by=group_by)
    rows = []
    for code, name in names.items():
        narrowed = Scope(**{**scope.as_dict(), group_by: code})
        row = {"code": code, "name": name, **{key: 0 for key in CARDS},
               **state.get(code, {}), "links": dashboards.current_links(narrowed, today)}
        if month is not None:
            row["found"] = found.get(code, {}).get("found", 0)
            row["closed"] = closed.get(code, {}).get("closed", 0)
            row["rectification_rate"] = percent(row["closed"], row["found"])
            row["links"]["found"] = dashboards.register_link(
                narrowed, registered_from=month.start.isoformat(),
                registered_to=month.end.isoformat())
        rows.append(row)
    if None in state:  # hazards of enterprises with no township recorded
        rows.append({"code": None, "name": None, **state[None], "links": {}})
    return rows


def chart_labels() -> dict:
    """Series names for the charts, in the request's language."""
    from django.utils.translation import gettext as _

    return {"found": _("发现"), "closed": _("销号"), "open_now": _("未销号"),
            "overdue_now": _("已逾期")}


def _bars(rows, keys):
    return {"type": "bar", "labels": [row["name"] or "—" for row in rows],
            "series": [{"key": key, "data": [row.get(key, 0) for row in rows]} for key in keys]}


@login_required
def district_dashboard(request, code: str | None = None):
    """区县工作台: the district's state now, the most overdue hazards, 26 weeks of found vs
    closed, and each township. District staff see their own district (another one is a
    404); a city official opens any district from the city dashboard."""
    user = request.user
    if code is None:
        if user.is_city_official:
            return redirect("oversight:city_dashboard")
        if not user.district_id:
            raise Http404
        code = user.district_id
    scope = scope_for(user, district=code)
    today = timezone.localdate()
    district = District.objects.get(pk=code)
    townships = dict(Township.objects.filter(district_id=code).order_by("code")
                     .values_list("code", "name"))
    grouped = measures.current_state(scope=scope, group_by="township", today=today)
    state = _total(grouped)
    township_rows = [row for row in _breakdown_rows(scope, "township", townships, today,
                                                    state=grouped)
                     if row["open_now"] or row["code"] is None and row.get("open_now")]
    weekly, weekly_chart = _weekly_context(scope, today)
    return render(request, "oversight/district_dashboard.html", {
        "district": district, "today": today, "state": state,
        "links": dashboards.current_links(scope, today),
        "most_overdue": dashboards.most_overdue(scope=scope, today=today),
        "weekly": weekly, "weekly_chart": weekly_chart,
        "township_rows": township_rows,
        "township_chart": _bars(township_rows, ["open_now", "overdue_now"]),
        "follow_ups": list(FollowUpAction.objects.filter(district_id=code)[:5]),
        "chart_labels": chart_labels(), "nav": "dashboard",
    })


@login_required
def city_dashboard(request):
    """全市工作台: the city's state now, the most overdue hazards, 26 weeks of found vs closed
    and the district table (state now and this month's found, closed, 整改率). City officials
    only; anyone else gets a 404."""
    user = request.user
    if not user.is_city_official:
        raise Http404
    scope = scope_for(user)
    today = timezone.localdate()
    month = Period.containing(MONTH, today)
    districts = dict(District.objects.order_by("code").values_list("code", "name"))
    grouped = measures.current_state(scope=scope, group_by="district", today=today)
    state = _total(grouped)
    district_rows = _breakdown_rows(scope, "district", districts, today, state=grouped,
                                    month=month)
    weekly, weekly_chart = _weekly_context(scope, today)
    return render(request, "oversight/city_dashboard.html", {
        "today": today, "month": month, "state": state,
        "links": dashboards.current_links(scope, today),
        "most_overdue": dashboards.most_overdue(scope=scope, today=today),
        "weekly": weekly, "weekly_chart": weekly_chart,
        "district_rows": district_rows,
        "district_chart": _bars([row for row in district_rows if row["open_now"]],
                                ["open_now", "overdue_now"]),
        "chart_labels": chart_labels(), "nav": "dashboard",
    })
