"""Pages of the inspector's day: start an inspection from a checklist, mark it, sign the
record, verify it, download its PDF, see a finding's photo.

Views only translate HTTP: they parse forms, call the services in ``hazards.filing.checklists``
and ``hazards.filing.signing`` and put DomainErrors back on the form, which keeps everything typed.
Objects outside the user's scope are 404 (``scope_q``).
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.audit import security_event_record
from accounts.enums import SecurityEventKind
from accounts.scoping import scope_q
from core.errors import DomainError
from core.forms import add_domain_error
from enterprises.models import Enterprise
from hazards import pdfs as documents
from hazards.enums import HazardCategory
from hazards.models import FindingPhoto, Hazard, RectificationOrder, Verification
from inspections.enums import CheckResult
from inspections.models import Inspection

from .checklist_forms import (
    GENERAL_ROWS,
    ChecklistForm,
    SignForm,
    StartForm,
)
from .checklists import (
    CheckItem,
    GeneralFinding,
    check_results_for,
    checklist_criteria,
    earlier_findings,
    inspection_checklist_recorded,
    inspection_record_checklist,
    inspection_start,
)
from .photos import finding_photos_add
from .signing import inspection_sign, inspection_verify, signing_officers


def _visible_inspections(user):
    return Inspection.objects.filter(scope_q(user, district="district_id",
                                             enterprise="enterprise_id"))


def _get_inspection(user, pk) -> Inspection:
    return get_object_or_404(
        _visible_inspections(user).select_related(
            "enterprise", "enterprise__sector", "district", "department", "created_by",
            "follow_up_of"),
        pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def checklist_start(request):
    """GET: choose enterprise, kind, team. POST: start the inspection and go to its checklist.
    ``?follow_up_of=<id>`` starts a re-inspection of that inspection's enterprise."""
    user = request.user
    if not user.district_id or user.is_enterprise_officer:
        raise HttpForbidden(_("只有区县执法人员可以开始现场检查。"))
    follow_up_of = None
    enterprises = Enterprise.objects.filter(district_id=user.district_id).order_by("name", "id")
    if request.GET.get("follow_up_of", "").isdigit():
        follow_up_of = _get_inspection(user, request.GET["follow_up_of"])
        enterprises = enterprises.filter(pk=follow_up_of.enterprise_id)
    initial = {}
    if follow_up_of is not None:
        initial["enterprise"] = follow_up_of.enterprise_id
    elif request.GET.get("enterprise", "").isdigit():
        initial["enterprise"] = request.GET["enterprise"]
    form = StartForm(request.POST or None, user=user, enterprises=enterprises, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = inspection_start(
                actor=user, enterprise=data["enterprise"], kind=data["kind"],
                inspected_on=data["inspected_on"], department=data["department"],
                joint_departments=list(data["joint_departments"]),
                inspectors=list(data["inspectors"]), notes=data["notes"],
                follow_up_of=follow_up_of)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("inspections:checklist", pk=inspection.pk)
    return render(request, "inspections/checklist/start.html",
                  {"form": form, "follow_up_of": follow_up_of, "nav": "checklist"})


@login_required
@require_http_methods(["GET", "POST"])
def checklist_fill(request, pk):
    """GET: the checklist of the inspection. POST: record it (all or nothing) and go to the
    signing page, or show it again with everything typed and the errors in place."""
    inspection = _get_inspection(request.user, pk)
    if inspection.is_signed or inspection_checklist_recorded(inspection):
        return redirect("inspections:record", pk=inspection.pk)
    criteria = checklist_criteria(inspection)
    form = ChecklistForm(request.POST or None, request.FILES or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        items = []
        for criterion in criteria:
            name = f"criterion-{criterion.pk}"
            items.append(CheckItem(
                criterion=criterion, result=data.get(name) or "",
                description=data.get(f"{name}-description", ""),
                location=data.get(f"{name}-location", ""),
                category=data.get(f"{name}-category") or HazardCategory.UNLAWFUL_ACT,
                rectification_deadline=data.get(f"{name}-deadline"),
                photos=request.FILES.getlist(f"{name}-photos")))
        general, rows = [], []
        for index in range(GENERAL_ROWS):
            name = f"general-{index}"
            description = data.get(f"{name}-description", "").strip()
            photos = request.FILES.getlist(f"{name}-photos")
            if not description and not photos:
                continue
            rows.append(index)
            general.append(GeneralFinding(
                description=description, location=data.get(f"{name}-location", ""),
                category=data.get(f"{name}-category") or HazardCategory.EQUIPMENT_DEFECT,
                rectification_deadline=data.get(f"{name}-deadline"), photos=photos))
        try:
            hazards = inspection_record_checklist(inspection=inspection, actor=request.user,
                                                  items=items, general_findings=general)
        except DomainError as exc:
            if exc.field and exc.field.startswith("general-"):
                # the service numbers only the filled rows; map back to the form's row
                _prefix, index, *rest = exc.field.split("-")
                exc.field = "-".join(["general", str(rows[int(index)]), *rest])
            add_domain_error(form, exc)
        else:
            messages.success(request, _("检查表已保存，发现隐患 %(n)d 条。请签署检查记录。")
                             % {"n": len(hazards)})
            return redirect("inspections:sign", pk=inspection.pk)
    return render(request, "inspections/checklist/fill.html", {
        "inspection": inspection, "form": form, "earlier": earlier_findings(inspection),
        "non_compliant": CheckResult.NON_COMPLIANT, "nav": "checklist"},
        status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def record_sign(request, pk):
    """GET: the record to sign, with a password field per officer. POST: sign and freeze it."""
    inspection = _get_inspection(request.user, pk)
    if inspection.is_signed:
        return redirect("inspections:record", pk=inspection.pk)
    officers = signing_officers(inspection)
    form = SignForm(request.POST or None, officers=officers)
    if request.method == "POST" and form.is_valid():
        try:
            inspection_sign(
                inspection=inspection, actor=request.user, passwords=form.passwords(),
                enterprise_representative=form.cleaned_data["enterprise_representative"],
                representative_refused_to_sign=form.cleaned_data[
                    "representative_refused_to_sign"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("检查记录已签署并锁定。"))
            return redirect("inspections:record", pk=inspection.pk)
    return render(request, "inspections/checklist/sign.html", {
        **_record_context(inspection), "form": form, "nav": "checklist"},
        status=400 if form.errors else 200)


def _record_context(inspection):
    return {
        "inspection": inspection,
        "check_results": check_results_for(inspection),
        "findings": list(inspection.hazards.select_related("criterion__standard")
                         .prefetch_related("photos", "orders", "verifications").order_by("id")),
        "signatures": list(inspection.signatures.all()),
        "officers": signing_officers(inspection),
        "joint_departments": list(inspection.joint_departments.all()),
    }


@login_required
def record_detail(request, pk):
    """The on-site inspection record (现场检查记录): checklist, findings, signatures, hash."""
    inspection = _get_inspection(request.user, pk)
    context = _record_context(inspection)
    context["verification"] = inspection_verify(inspection=inspection)
    context["nav"] = "checklist"
    return render(request, "inspections/checklist/record.html", context)


@login_required
def record_verify(request, pk):
    """Whether the signed record still matches its hash (200 either way; the page says)."""
    inspection = _get_inspection(request.user, pk)
    verification = inspection_verify(inspection=inspection)
    security_event_record(kind=SecurityEventKind.SEAL_VERIFIED, actor=request.user,
                          request=request, target=inspection,
                          detail={"signed": verification.signed,
                                  "matches": verification.matches})
    return render(request, "inspections/checklist/verify.html", {
        "inspection": inspection, "verification": verification, "nav": "checklist"})


@login_required
def record_pdf(request, pk):
    """The on-site inspection record as PDF (Chinese fonts embedded)."""
    inspection = _get_inspection(request.user, pk)
    pdf = documents.inspection_record_pdf(inspection)
    return _pdf_response(pdf, f"inspection-record-{inspection.pk}.pdf")


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def finding_photo(request, pk):
    """A finding's photo, after a scope check (never served from MEDIA_URL)."""
    photo = get_object_or_404(FindingPhoto.objects.select_related("hazard"), pk=pk)
    visible = Hazard.objects.filter(scope_q(request.user, district="district_id",
                                            enterprise="enterprise_id"), pk=photo.hazard_id)
    if not visible.exists():
        raise Http404
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


def _visible_hazards(user):
    return Hazard.objects.filter(scope_q(user, district="district_id",
                                         enterprise="enterprise_id"))


@login_required
def rectification_order_pdf(request, pk):
    """责令限期整改指令书 as PDF; 404 outside the user's scope."""
    order = get_object_or_404(
        RectificationOrder.objects.select_related(
            "hazard__inspection", "hazard__criterion__standard", "hazard__district",
            "enterprise", "department"),
        pk=pk, hazard__in=_visible_hazards(request.user))
    return _pdf_response(documents.rectification_order_pdf(order),
                         f"rectification-order-{order.pk}.pdf")


@login_required
def reinspection_opinion_pdf(request, pk):
    """整改复查意见书 as PDF; 404 outside the user's scope."""
    verification = get_object_or_404(
        Verification.objects.select_related(
            "hazard__inspection", "hazard__criterion__standard", "hazard__district",
            "hazard__enterprise", "department", "verified_by"),
        pk=pk, hazard__in=_visible_hazards(request.user))
    return _pdf_response(documents.reinspection_opinion_pdf(verification),
                         f"reinspection-opinion-{verification.pk}.pdf")


@login_required
@require_http_methods(["POST"])
def finding_photo_add(request, pk):
    """Add camera photos to a finding of an unsigned inspection; back to its record page."""
    hazard = get_object_or_404(_visible_hazards(request.user).select_related("inspection"),
                               pk=pk)
    try:
        added = finding_photos_add(hazard=hazard, actor=request.user,
                                   files=request.FILES.getlist("photos"))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已添加照片 %(n)d 张。") % {"n": len(added)})
    return redirect("inspections:record", pk=hazard.inspection_id)
