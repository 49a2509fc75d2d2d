"""Random inspection plans: list, define, draw, audit (reproduce from seed and snapshot),
publish; and the public listing of published results (no login, no personal data)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.forms import add_domain_error
from enterprises.models import Enterprise
from enterprises.validators import normalize_credit_code

from .. import rules, services
from ..enums import PlanStatus
from ..forms import PlanForm, VersionedForm
from ..selectors import plans_visible_to, published_plans, published_results


@login_required
def plan_list(request):
    user = request.user
    if not (user.is_city_official or user.district_id):
        raise HttpForbidden
    return render(request, "plans/plans.html", {
        "plans": plans_visible_to(user).select_related("district")[:100],
        "may_create": rules.may_manage_plans(user, user.district_id), "nav": "plans"})


@login_required
def plan_new(request):
    """Define a plan for the official's district (a city official: city-wide)."""
    user = request.user
    if not rules.may_manage_plans(user, user.district_id):
        raise HttpForbidden
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        codes = [normalize_credit_code(line) for line in data["excluded_credit_codes"].split()
                 if line.strip()]
        excluded = list(Enterprise.objects.filter(credit_code__in=codes)
                        .values_list("pk", flat=True))
        try:
            plan = services.plan_create(
                actor=user, name=data["name"], district=user.district,
                criteria={"sectors": [s.pk for s in data["sectors"]],
                          "risk_grades": data["risk_grades"],
                          "exclude_inspected_within_months":
                              data["exclude_inspected_within_months"],
                          "excluded_enterprises": excluded},
                enterprise_count=data["enterprise_count"], team_count=data["team_count"],
                due_on=data["due_on"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_new.html", {"form": form, "nav": "plans"})


@login_required
def plan_detail(request, pk: int):
    """The plan, its criteria, and once drawn: seed, snapshot digest, the teams and tasks,
    and the audit (the draw re-run from the record)."""
    plan = get_object_or_404(plans_visible_to(request.user).select_related("district"), pk=pk)
    audit = services.plan_reproduce(plan) if plan.status != PlanStatus.DRAFT else None
    tasks = list(plan.tasks.select_related("enterprise", "inspection")
                 .prefetch_related("assignees").order_by("id"))
    form = VersionedForm(initial={"version": plan.version})
    return render(request, "plans/plan_detail.html", {
        "plan": plan, "audit": audit, "tasks": tasks, "form": form,
        "criteria": _criteria_lines(plan.criteria),
        "may_draw": rules.may_draw_plan(request.user, plan),
        "may_publish": rules.may_publish_plan(request.user, plan), "nav": "plans"})


def _criteria_lines(criteria: dict) -> list[str]:
    """The plan's pool criteria as sentences for the page."""
    from enterprises.enums import RiskGrade
    from enterprises.models import Sector

    lines = []
    if criteria.get("sectors"):
        names = Sector.objects.filter(pk__in=criteria["sectors"]).values_list("name", flat=True)
        lines.append(_("行业领域：%(v)s") % {"v": "、".join(names)})
    if criteria.get("risk_grades"):
        labels = dict(RiskGrade.choices)
        lines.append(_("风险等级：%(v)s") % {"v": "、".join(str(labels[g]) for g in
                                                         criteria["risk_grades"])})
    if criteria.get("exclude_inspected_within_months"):
        lines.append(_("排除近 %(n)d 个月内已被检查的企业")
                     % {"n": criteria["exclude_inspected_within_months"]})
    if criteria.get("excluded_enterprises"):
        lines.append(_("另排除 %(n)d 家企业") % {"n": len(criteria["excluded_enterprises"])})
    return lines or [_("本区县全部企业；持执法证的本区县执法人员")]


@login_required
@require_POST
def plan_step(request, pk: int, step: str):
    """POST draw or publish (hidden ``version``); errors come back as messages."""
    plan = get_object_or_404(plans_visible_to(request.user), pk=pk)
    form = VersionedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("页面已过期，请刷新后重试。"))
        return redirect("plans:detail", pk=plan.pk)
    try:
        if step == "draw":
            services.plan_draw(actor=request.user, plan=plan,
                               expected_version=form.cleaned_data["version"])
            messages.success(request, _("已抽取，检查任务已派发。"))
        elif step == "publish":
            services.plan_publish(actor=request.user, plan=plan,
                                  expected_version=form.cleaned_data["version"])
            messages.success(request, _("抽查结果已公开。"))
        else:
            raise HttpForbidden
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("plans:detail", pk=plan.pk)


def public_results(request):
    """双随机一公开: the published plans and, for each, the enterprises drawn and the outcome
    of their inspection. Public; no inspector, contact or other personal data."""
    plans = list(published_plans().select_related("district")[:20])
    return render(request, "plans/public_results.html", {
        "plans": [(plan, published_results(plan)) for plan in plans], "public": True})
