"""Inspection tasks: "my tasks" (due and overdue), a targeted assignment, and completing a task
by filing its inspection with the usual inspection forms."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.enums import DISTRICT_ROLES
from accounts.models import User
from core.clock import today_cst
from core.errors import DomainError
from core.forms import add_domain_error, posted_version, precondition_page
from enterprises.models import Enterprise
from enterprises.validators import normalize_credit_code
from hazards.filing.forms import FindingFormSet, InspectionForm, apply_domain_error
from hazards.filing.views import FINDINGS_PREFIX

from .. import rules, services
from ..forms import ConflictForm, TaskForm
from ..selectors import tasks_of, tasks_visible_to


@login_required
def task_list(request):
    """My tasks, open first by due date, overdue marked; a district or city official also
    sees the district's open tasks (``?all=1``)."""
    user = request.user
    if not (user.is_city_official or user.district_id):
        raise HttpForbidden
    show_all = request.GET.get("all") == "1" and (user.is_district_official
                                                   or user.is_city_official)
    queryset = (tasks_visible_to(user).select_related("enterprise", "enterprise__township",
                                                      "plan").order_by("status", "due_on", "id")
                if show_all else tasks_of(user))
    page = Paginator(queryset.prefetch_related("assignees"), 30).get_page(request.GET.get("page"))
    return render(request, "plans/tasks.html", {
        "page": page, "today": today_cst(), "show_all": show_all, "nav": "plans",
        "may_assign": rules.may_manage_plans(user, user.district_id)})


def _officers(user):
    queryset = User.objects.filter(is_active=True, role__in=sorted(DISTRICT_ROLES))
    if not user.is_city_official:
        queryset = queryset.filter(district_id=user.district_id)
    return queryset.order_by("display_name", "username")


@login_required
def task_new(request):
    """定向检查: assign an enterprise (by credit code; no list of every enterprise) to one or
    two officers with a due date. 403 unless the user may manage plans."""
    user = request.user
    if not rules.may_manage_plans(user, user.district_id):
        raise HttpForbidden
    form = TaskForm(request.POST or None, officers=_officers(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise = Enterprise.objects.filter(
            credit_code=normalize_credit_code(data["credit_code"])).first()
        if enterprise is None or not rules.may_manage_plans(user, enterprise.district_id):
            form.add_error("credit_code", _("没有该企业，或不在您的辖区。"))
        else:
            try:
                services.task_assign(actor=user, enterprise=enterprise,
                                     assignees=[a for a in (data["assignee_1"],
                                                            data.get("assignee_2")) if a],
                                     due_on=data["due_on"], note=data.get("note") or "")
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("已派发检查任务。"))
                return redirect("plans:tasks")
    return render(request, "plans/task_new.html", {"form": form, "nav": "plans"})


@login_required
def task_file(request, pk: int):
    """File the task's inspection (completes it). 404 outside scope; 403 unless the user is
    an assignee of an open task (``rules.may_complete_task``)."""
    task = get_object_or_404(tasks_visible_to(request.user).select_related("enterprise"), pk=pk)
    if not rules.may_complete_task(request.user, task):
        raise HttpForbidden
    data = request.POST if request.method == "POST" else None
    form = InspectionForm(data, user=request.user, initial={"enterprise": task.enterprise_id})
    form.fields["enterprise"].queryset = form.fields["enterprise"].queryset.filter(
        pk=task.enterprise_id)
    form.fields["enterprise"].empty_label = None
    formset = FindingFormSet(data, prefix=FINDINGS_PREFIX)
    formset.validate_min = False  # an inspection may find nothing
    version = posted_version(request) if data is not None else None
    if data is not None and not version:
        return precondition_page(request, malformed=version is False,
                                 back_url=reverse("plans:tasks"), back_label=_("我的检查任务"))
    if data is not None and form.is_valid() and formset.is_valid():
        filled = formset.filled_forms()
        cleaned = form.cleaned_data
        try:
            inspection = services.task_complete(
                actor=request.user, task=task, expected_version=version,
                kind=cleaned["kind"], inspected_on=cleaned["inspected_on"],
                findings=[f.to_finding() for f in filled], department=cleaned.get("department"),
                inspectors=list(cleaned.get("inspectors") or ()),
                joint_departments=list(cleaned.get("joint_departments") or ()),
                notes=cleaned["notes"])
        except DomainError as exc:
            apply_domain_error(exc, form=form, formset=formset, filled=filled)
        else:
            messages.success(request, _("检查任务已完成。"))
            return redirect("inspections:detail", pk=inspection.pk)
    return render(request, "plans/task_file.html", {
        "form": form, "formset": formset, "task": task, "nav": "plans"})



@login_required
def conflict_new(request):
    """Declare a conflict of interest (officer × enterprise by credit code): an officer for
    themselves, a district official for the district's officers (``rules.
    may_declare_conflict``). Such a pair is never drawn nor assigned."""
    user = request.user
    if not (user.is_city_official or user.district_id):
        raise HttpForbidden
    officers = _officers(user) if (user.is_district_official or user.is_city_official) else (
        User.objects.filter(pk=user.pk))
    form = ConflictForm(request.POST or None, officers=officers,
                        initial={"inspector": user.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise = Enterprise.objects.filter(
            credit_code=normalize_credit_code(data["credit_code"])).first()
        if enterprise is None:
            form.add_error("credit_code", _("没有该企业。"))
        else:
            try:
                services.conflict_declare(actor=user, inspector=data["inspector"],
                                          enterprise=enterprise, reason=data["reason"])
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("已记录利益冲突申报。"))
                return redirect("plans:tasks")
    return render(request, "plans/simple_form.html", {
        "form": form, "title": _("申报利益冲突"), "nav": "plans"})
