"""The handlers' pages: the report list, a report's page with the actions the user may take
now, each action's form (GET 403 when not allowed, 404 when not visible), the verification
inspection, photos, and rewards. Views only translate HTTP: rules in ``rules``, writes in
``services``."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from core.errors import DomainError, ValidationFailed
from core.forms import add_domain_error

from .. import pii, rules, services
from ..enums import ReportStatus
from ..forms import (
    AcceptForm,
    AnswerForm,
    DuplicateForm,
    ReferForm,
    RerouteForm,
    RewardDecideForm,
    RewardPayForm,
    RewardProposeForm,
)
from ..selectors import report_get_visible, reports_for_list, reports_visible_to

PAGE_SIZE = 20


def _accept(request, report, data):
    services.report_accept(report=report, actor=request.user,
                           expected_version=data["version"], note=data.get("note") or "")
    return _("已受理。")


def _reroute(request, report, data):
    services.report_reroute(report=report, actor=request.user, expected_version=data["version"],
                            district=data["district"], reason=data["reason"])
    return _("已改派。")


def _refer(request, report, data):
    services.report_refer(report=report, actor=request.user, expected_version=data["version"],
                          department=data["department"], reason=data["reason"])
    return _("已移交。")


def _duplicate(request, report, data):
    original = reports_visible_to(request.user).filter(pk=data["original"]).first()
    if original is None:  # invisible and missing read the same: no existence leak
        raise ValidationFailed(_("没有这件举报。"), field="original")
    services.report_link_duplicate(report=report, actor=request.user,
                                   expected_version=data["version"], original=original)
    return _("已并案。")


def _answer(request, report, data):
    services.report_answer(report=report, actor=request.user, expected_version=data["version"],
                           outcome=data["outcome"], answer=data["answer"])
    return _("已答复办结。")


def _propose(request, report, data):
    services.reward_propose(report=report, actor=request.user, tier=data["tier"],
                            penalty_amount=data.get("penalty_amount"),
                            persons=data.get("persons"), expected_version=data["version"])
    return _("已拟定奖励，待他人审批。")


# slug -> (form, title, predicate, handler)
ACTIONS = {
    "accept": (AcceptForm, gettext_lazy("受理"), rules.may_accept_report, _accept),
    "reroute": (RerouteForm, gettext_lazy("改派区县"), rules.may_reroute_report, _reroute),
    "refer": (ReferForm, gettext_lazy("移交其他部门"), rules.may_refer_report, _refer),
    "duplicate": (DuplicateForm, gettext_lazy("并入重复举报"), rules.may_link_duplicate,
                  _duplicate),
    "answer": (AnswerForm, gettext_lazy("答复办结"), rules.may_answer_report, _answer),
    "propose-reward": (RewardProposeForm, gettext_lazy("拟定举报奖励"), rules.may_propose_reward,
                       _propose),
}


def available_actions(user, report) -> list[tuple[str, str]]:
    """(slug, title) of the actions ``user`` can take on ``report`` now."""
    return [(slug, title) for slug, (_f, title, predicate, _h) in ACTIONS.items()
            if predicate(user, report)]


@login_required
def report_list(request):
    """The reports the user may see, newest first; ``?status=`` narrows. Enterprise officers
    and others without reports get 403 (the page is not theirs)."""
    if not (request.user.is_city_official or request.user.district_id):
        raise HttpForbidden
    queryset = reports_for_list(request.user).order_by("-received_at", "-id")
    status = request.GET.get("status", "")
    if status in ReportStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "public_reports/list.html", {
        "page": page, "status": status, "statuses": ReportStatus.choices, "nav": "reports"})


@login_required
def report_detail(request, pk: int):
    """A report with its history, photos, duplicates, verification and reward; the reporter's
    identity only for the roles that handle it. 404 outside scope."""
    report = report_get_visible(request.user, pk)
    identity = None
    if not report.anonymous and rules.may_see_reporter_identity(request.user, report):
        identity = {"name": pii.decrypt(report.reporter_name_encrypted),
                    "phone": pii.decrypt(report.reporter_phone_encrypted)}
    reward = getattr(report, "reward", None) if rules.hasattr_reward(report) else None
    inspection = report.verification_inspection
    return render(request, "public_reports/detail.html", {
        "report": report, "identity": identity,
        "actions": available_actions(request.user, report),
        "may_verify": rules.may_file_verification(request.user, report),
        "events": list(report.events.select_related("actor")),
        "photos": list(report.photos.all()),
        "duplicates": list(report.duplicates.order_by("received_at")),
        "hazards": list(inspection.hazards.order_by("id")) if inspection else [],
        "reward": reward,
        "may_decide_reward": reward is not None and rules.may_decide_reward(request.user, reward),
        "may_pay_reward": reward is not None and rules.may_pay_reward(request.user, reward),
        "decide_form": RewardDecideForm(initial={"version": reward.version}, auto_id="id_decide_%s")
        if reward else None,
        "pay_form": RewardPayForm(initial={"version": reward.version}, auto_id="id_pay_%s")
        if reward else None,
        "nav": "reports"})


@login_required
def report_action(request, pk: int, slug: str):
    """GET: the action's form (403 when the user may not take it now); POST: take it."""
    if slug not in ACTIONS:
        raise Http404
    report = report_get_visible(request.user, pk)
    form_class, title, predicate, handler = ACTIONS[slug]
    if request.method != "POST" and not predicate(request.user, report):
        raise HttpForbidden
    kwargs = {"auto_id": f"id_{slug.replace('-', '_')}_%s",
              "initial": {"version": report.version}}
    form = form_class(request.POST, **kwargs) if request.method == "POST" else form_class(
        **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            message = handler(request, report, form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, message)
            return redirect(reverse("public_reports:detail", args=[report.pk]))
    return render(request, "public_reports/action.html", {
        "report": report, "form": form, "title": title, "nav": "reports",
        "action_url": reverse("public_reports:action", args=[report.pk, slug])})


@login_required
def reward_action(request, pk: int, slug: str):
    """POST only: decide (approve/refuse) or pay the report's reward."""
    report = report_get_visible(request.user, pk)
    if not rules.hasattr_reward(report) or slug not in ("decide", "pay"):
        raise Http404
    reward = report.reward
    predicate = rules.may_decide_reward if slug == "decide" else rules.may_pay_reward
    form_class = RewardDecideForm if slug == "decide" else RewardPayForm
    if request.method != "POST" and not predicate(request.user, reward):
        raise HttpForbidden
    form = form_class(request.POST or None, initial={"version": reward.version},
                      auto_id=f"id_{slug}_%s")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if slug == "decide":
                services.reward_decide(reward=reward, actor=request.user,
                                       approve=data["decision"] == "approve",
                                       note=data.get("note") or "",
                                       expected_version=data["version"])
                message = _("已审批。")
            else:
                services.reward_pay(reward=reward, actor=request.user, paid_on=data["paid_on"],
                                    payment_reference=data["payment_reference"],
                                    expected_version=data["version"])
                message = _("已记录发放。")
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, message)
            return redirect(reverse("public_reports:detail", args=[report.pk]))
    return render(request, "public_reports/action.html", {
        "report": report, "form": form, "nav": "reports",
        "title": _("审批举报奖励") if slug == "decide" else _("发放举报奖励"),
        "action_url": reverse("public_reports:reward_action", args=[report.pk, slug])})


@require_GET
@login_required
def report_photo(request, pk: int, photo_pk: int):
    """A photo of report ``pk``, only to users who may see the report (404 otherwise)."""
    report = report_get_visible(request.user, pk)
    photo = get_object_or_404(report.photos, pk=photo_pk)
    response = FileResponse(photo.file.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
