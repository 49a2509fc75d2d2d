"""Pages of the rectification loop: one small view per action, each calling one service.

Each action has a form page (GET, also reachable without JavaScript) and a POST handler; the
hazard page shows the same forms inline (``templates/hazards/_actions.html``). A DomainError
becomes a form error (a stale ``version`` gives the conflict message); success redirects to
the hazard page. Hazards outside the user's scope are 404 (``hazard_get_visible``).
Evidence files are served only here, after the same scope check, never from MEDIA_URL.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from core.errors import DomainError

from . import forms, services
from .selectors import document_officers_for, hazard_get_visible


def _order(request, hazard, form):
    data = form.cleaned_data
    services.hazard_order_rectification(
        hazard=hazard, actor=request.user, expected_version=data.get("version"),
        rectification_deadline=data["rectification_deadline"],
        rectification_measures=data.get("rectification_measures") or "",
        interim_safety_measures=data.get("interim_safety_measures") or None,
        officers=form.officers(), note=data.get("note") or "")
    return _("已下达责令限期整改指令书。")


def _self_rectify(request, hazard, form):
    data = form.cleaned_data
    services.hazard_start_self_rectification(
        hazard=hazard, actor=request.user, expected_version=data.get("version"),
        rectification_deadline=data["rectification_deadline"],
        interim_safety_measures=data.get("interim_safety_measures") or None,
        note=data.get("note") or "")
    return _("已开始自行整改。")


def _evidence(request, hazard, form):
    data = form.cleaned_data
    services.hazard_submit_evidence(hazard=hazard, actor=request.user,
                                    expected_version=data.get("version"),
                                    description=data["description"], files=data.get("files"))
    return _("整改材料已提交，等待复查。")


def _verify(request, hazard, form):
    data = form.cleaned_data
    services.hazard_verify(hazard=hazard, actor=request.user,
                           expected_version=data.get("version"),
                           passed=data["result"] == "passed", opinion=data.get("opinion") or "",
                           new_deadline=data.get("new_deadline"),
                           verified_on=data.get("verified_on"), files=data.get("files"),
                           officers=form.officers())
    return _("复查结果已记录。")


def _close_on_spot(request, hazard, form):
    data = form.cleaned_data
    services.hazard_close_on_spot(hazard=hazard, actor=request.user,
                                  expected_version=data.get("version"), note=data["note"])
    return _("已现场整改销号。")


def _request_extension(request, hazard, form):
    data = form.cleaned_data
    services.hazard_request_extension(hazard=hazard, actor=request.user,
                                      expected_version=data.get("version"),
                                      new_deadline=data["new_deadline"], reason=data["reason"])
    return _("延期申请已提交，等待审批。")


def _plan(request, hazard, form):
    data = form.cleaned_data
    services.hazard_submit_plan(
        hazard=hazard, actor=request.user, expected_version=data.get("version"),
        responsibility=data["responsibility"], measures=data["measures"], funds=data["funds"],
        time_limit=data["time_limit"], contingency_plan=data["contingency_plan"])
    return _("整改方案已保存。")


def _place_supervision(request, hazard, form):
    data = form.cleaned_data
    services.hazard_place_supervision(
        hazard=hazard, actor=request.user, expected_version=data.get("version"),
        authority=data["authority"], letter_number=data["letter_number"],
        started_on=data.get("started_on"), note=data.get("note") or "")
    return _("已挂牌督办。")


# slug -> (form class, page title, handler). Slugs are the URL segment and the form's
# data-action attribute.
ACTIONS = {
    "order": (forms.OrderRectificationForm, gettext_lazy("责令限期整改"), _order),
    "self-rectify": (forms.SelfRectificationForm, gettext_lazy("企业自行整改"), _self_rectify),
    "evidence": (forms.EvidenceForm, gettext_lazy("提交整改材料"), _evidence),
    "verify": (forms.VerifyForm, gettext_lazy("复查"), _verify),
    "close-on-spot": (forms.CloseOnSpotForm, gettext_lazy("现场整改销号"), _close_on_spot),
    "request-extension": (forms.ExtensionRequestForm, gettext_lazy("申请延期"),
                          _request_extension),
    "plan": (forms.PlanForm, gettext_lazy("重大隐患整改方案（五落实）"), _plan),
    "supervise": (forms.SupervisionPlaceForm, gettext_lazy("挂牌督办"), _place_supervision),
}


def build_form(slug, hazard, data=None, files=None):
    """The unbound (or bound) form of action ``slug`` for ``hazard``; ids are made unique per
    action so several forms can share a page, names stay the plain field names."""
    form_class = ACTIONS[slug][0]
    kwargs = {"auto_id": f"id_{slug.replace('-', '_')}_%s",
              "initial": {"version": hazard.version}}
    if form_class in (forms.OrderRectificationForm, forms.VerifyForm):
        kwargs["officers_queryset"] = document_officers_for(hazard)
    if form_class is forms.OrderRectificationForm:
        kwargs["initial"].update(rectification_measures=hazard.rectification_measures)
    if form_class in (forms.OrderRectificationForm, forms.SelfRectificationForm):
        kwargs["initial"].update(interim_safety_measures=hazard.interim_safety_measures)
    if form_class is forms.PlanForm and hasattr(hazard, "plan"):
        plan = hazard.plan
        kwargs["initial"].update(responsibility=plan.responsibility, measures=plan.measures,
                                 funds=plan.funds, time_limit=plan.time_limit,
                                 contingency_plan=plan.contingency_plan)
    if data is not None:
        return form_class(data, files, **kwargs)
    return form_class(**kwargs)


def _detail_url(hazard):
    return reverse("hazards:detail", args=[hazard.pk]) + "#actions"


def _run(request, hazard, form, handler, page):
    """Validate, call the service, translate a DomainError into a form error."""
    if form.is_valid():
        try:
            message = handler(request, hazard, form)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, message)
            return redirect(_detail_url(hazard))
    return page(form, status=200)


@login_required
def hazard_action(request, pk: int, slug: str):
    """GET: the action's form page; POST: perform it (see module docstring)."""
    if slug not in ACTIONS:
        raise Http404
    hazard = hazard_get_visible(request.user, pk)
    _form_class, title, handler = ACTIONS[slug]

    def page(form, status=200):
        return render(request, "hazards/actions/form.html", {
            "hazard": hazard, "form": form, "title": title, "slug": slug,
            "action_url": reverse("hazards:action", args=[hazard.pk, slug]), "nav": "hazards",
        }, status=status)

    if request.method != "POST":
        return page(build_form(slug, hazard))
    return _run(request, hazard, build_form(slug, hazard, request.POST, request.FILES),
                handler, page)


@login_required
def extension_decide(request, pk: int, extension_pk: int):
    """A district official approves or refuses a pending extension request."""
    hazard = hazard_get_visible(request.user, pk)
    extension = get_object_or_404(hazard.extensions, pk=extension_pk)

    def page(form, status=200):
        return render(request, "hazards/actions/form.html", {
            "hazard": hazard, "form": form, "title": _("延期审批"), "slug": "decide-extension",
            "extension": extension, "nav": "hazards",
            "action_url": reverse("hazards:extension_decide", args=[hazard.pk, extension.pk]),
        }, status=status)

    def handler(request, hazard, form):
        data = form.cleaned_data
        services.extension_decide(extension=extension, actor=request.user,
                                  approve=data["decision"] == "approve",
                                  note=data.get("note") or "",
                                  expected_version=data.get("version"))
        return _("已批准延期。") if data["decision"] == "approve" else _("已不予延期。")

    kwargs = {"auto_id": "id_decide_%s", "initial": {"version": hazard.version}}
    if request.method != "POST":
        return page(forms.ExtensionDecisionForm(**kwargs))
    return _run(request, hazard, forms.ExtensionDecisionForm(request.POST, **kwargs), handler,
                page)


@login_required
def supervision_lift(request, pk: int, supervision_pk: int):
    """Lift a listed supervision (only after the hazard is closed)."""
    hazard = hazard_get_visible(request.user, pk)
    supervision = get_object_or_404(hazard.supervisions, pk=supervision_pk)

    def page(form, status=200):
        return render(request, "hazards/actions/form.html", {
            "hazard": hazard, "form": form, "title": _("解除挂牌督办"), "slug": "lift",
            "supervision": supervision, "nav": "hazards",
            "action_url": reverse("hazards:supervision_lift", args=[hazard.pk, supervision.pk]),
        }, status=status)

    def handler(request, hazard, form):
        data = form.cleaned_data
        services.supervision_lift(supervision=supervision, actor=request.user,
                                  note=data.get("note") or "",
                                  expected_version=data.get("version"))
        return _("已解除挂牌督办。")

    kwargs = {"auto_id": "id_lift_%s", "initial": {"version": hazard.version}}
    if request.method != "POST":
        return page(forms.SupervisionLiftForm(**kwargs))
    return _run(request, hazard, forms.SupervisionLiftForm(request.POST, **kwargs), handler,
                page)


@require_GET
@login_required
def evidence_file_download(request, pk: int, file_pk: int):
    """Serve one evidence file of hazard ``pk`` to a user who may see the hazard (404
    otherwise, also for a file of another hazard). Images inline, PDFs as attachments; the
    stored content type is the detected one and ``nosniff`` stops browsers guessing."""
    hazard = hazard_get_visible(request.user, pk)
    item = get_object_or_404(hazard.evidence_files.filter(Q(evidence__isnull=False)
                                                          | Q(verification__isnull=False)),
                             pk=file_pk)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type,
                            as_attachment=not item.is_image, filename=item.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("<int:pk>/actions/<slug:slug>/", hazard_action, name="action"),
    path("<int:pk>/extensions/<int:extension_pk>/decide/", extension_decide,
         name="extension_decide"),
    path("<int:pk>/supervisions/<int:supervision_pk>/lift/", supervision_lift,
         name="supervision_lift"),
    path("<int:pk>/files/<int:file_pk>/", evidence_file_download, name="evidence_file"),
]
