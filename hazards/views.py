"""Hazard pages: the district register, the enterprise's own list, and the hazard page.

Views only translate HTTP: lists start from ``hazards.selectors.hazards_for_list`` narrowed by
``hazards.filters.HazardFilter``; the hazard page comes from ``hazard_get_visible`` (404
outside scope). The action forms are the rectification-loop's (``hazards/action_views.py``
and ``templates/hazards/_actions.html``); this page hands the panel ``offered_actions``, the
actions whose predicate (``hazards.rules``) is true for the user now.
"""
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.clock import today_cst
from core.query import UNKNOWN_PARAMETER, page_number, unknown_parameters

from .enums import HazardStatus
from .filters import HazardFilter
from .loop_actions import offered_actions
from .selectors import hazard_get_visible, hazard_status_counts, hazards_for_list

PAGE_SIZE = 20
# Filters the header counts ignore, so that the per-status counts stay meaningful while one
# status is selected (the counts are then the chips to switch between statuses).
_COUNT_IGNORES = ("status", "overdue", "page")


def _register_filter(data, request, queryset):
    """A HazardFilter over ``queryset``; its pickers offer only what the user can see (the
    FilterSet takes them from the selectors, as for the API)."""
    filterset = HazardFilter(data, queryset=queryset, request=request)
    _fit_form_for_touch(filterset.form)
    return filterset


def _fit_form_for_touch(form):
    """Presentation only: the shared FilterSet's help texts are written for API clients, and a
    phone wants check boxes and date pickers rather than a multi-select and free text."""
    for field in form.fields.values():
        field.help_text = ""
        if isinstance(field, forms.ModelChoiceField):
            field.empty_label = _("全部")
        elif isinstance(field, forms.ChoiceField) and field.choices and field.choices[0][0] == "":
            field.choices = [("", _("全部")), *field.choices[1:]]
    status = form.fields["status"]
    status.widget = forms.CheckboxSelectMultiple(choices=status.choices)
    form.fields["overdue"].widget.choices = [
        ("", _("全部")), ("true", _("已逾期")), ("false", _("未逾期"))]
    form.fields["supervised"].widget.choices = [
        ("", _("全部")), ("true", _("挂牌督办中")), ("false", _("未挂牌督办"))]
    for name in ("deadline_from", "deadline_to", "registered_from", "registered_to",
                 "closed_from", "closed_to"):
        form.fields[name].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def query_problems(params, filterset) -> list[tuple[str, str]]:
    """What is wrong with the register's query string, by parameter, in the API's terms
    (``core.query``, the API's ``StrictQueryParamsMixin`` and its filters): unknown
    parameters, a malformed ``page``, and every invalid filter value, including filters the
    page does not display. Output: ``[(parameter, message)]`` sorted by parameter; empty when
    the query is fine."""
    problems: dict[str, list[str]] = {}
    for name in unknown_parameters(params, [*filterset.filters, "page"]):
        problems[name] = [str(UNKNOWN_PARAMETER)]
    try:
        page_number(params.get("page"))
    except ValueError as exc:
        problems["page"] = [str(exc)]
    if not filterset.is_valid():
        for name, messages in filterset.errors.items():
            problems.setdefault(name, []).extend(str(message) for message in messages)
    return [(name, " ".join(messages)) for name, messages in sorted(problems.items())]


def _hazard_list(request, *, template: str, mine: bool):
    user = request.user
    scoped = hazards_for_list(user)
    filterset = _register_filter(request.GET, request, scoped)
    problems = query_problems(request.GET, filterset)
    if not problems:
        hazards = filterset.qs
        count_data = request.GET.copy()
        for name in _COUNT_IGNORES:
            count_data.pop(name, None)
        counts = hazard_status_counts(_register_filter(count_data, request, scoped).qs)
    else:
        # Never a silently unfiltered list, as the API answers 400: name each problem, show
        # no rows, and offer the same query without the faulty parameters.
        hazards = scoped.none()
        counts = None
    export_query = _export_query(request.GET) if counts is not None else None
    page = Paginator(hazards.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        None if problems else request.GET.get("page"))
    without_problems = request.GET.copy()
    for name, _message in problems:
        without_problems.pop(name, None)
    return render(request, template, {
        "filter": filterset,
        "query_problems": problems,
        "query_without_problems": without_problems.urlencode(),
        "page_obj": page,
        "counts": counts,
        "status_counts": [(status, counts[status.value]) for status in HazardStatus]
        if counts else [],
        "today": today_cst(),
        "mine": mine,
        "export_csv": f"{reverse('hazard-export')}?{export_query}&format=csv"
        if export_query is not None else None,
        "export_xlsx": f"{reverse('hazard-export')}?{export_query}&format=xlsx"
        if export_query is not None else None,
        "nav": "hazards",
        "show_district_filter": user.is_city_official,
        "show_place_filters": not user.is_enterprise_officer,
    })


def _export_query(params) -> str:
    """The register's filters as the API export's query string (``GET /api/v1/hazards/
    export/``, same HazardFilter): blank fields dropped, since the API refuses unknown and
    empty parameters."""
    query = params.copy()
    for name in ("page", "format"):
        query.pop(name, None)
    for name in list(query.keys()):
        values = [value for value in query.getlist(name) if value != ""]
        if values:
            query.setlist(name, values)
        else:
            query.pop(name)
    return query.urlencode()


@login_required
def hazard_register(request):
    """The district office's register (隐患台账): scoped list, filters, counts, pages."""
    if request.user.is_enterprise_officer:
        url = reverse("hazards:my_hazards")
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    return _hazard_list(request, template="hazards/register.html", mine=False)


@login_required
def my_hazards(request):
    """The enterprise officer's own hazards, with the ones awaiting its rectification
    evidence called out. Other roles are sent to the register."""
    if not request.user.is_enterprise_officer:
        return redirect("hazards:register")
    return _hazard_list(request, template="hazards/my_hazards.html", mine=True)


@login_required
def hazard_detail(request, pk: int):
    """The hazard page: all fields, inspection, criterion, evidence, re-inspections and the
    full history; the action panel shows only ``offered_actions``. 404 outside scope."""
    hazard = hazard_get_visible(request.user, pk)
    return render(request, "hazards/detail.html", {
        "hazard": hazard,
        "offered_actions": offered_actions(request.user, hazard),
        "transitions": list(hazard.transitions.select_related("actor").order_by("at", "id")),
        "evidence": list(hazard.evidence.select_related("submitted_by")),
        "verifications": list(hazard.verifications.select_related("verified_by")),
        "today": today_cst(),
        "nav": "hazards",
    })
