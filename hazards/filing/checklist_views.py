"""Pages of the inspector's day: start an inspection from a checklist, mark it, sign the
record, verify it, download its PDF, see a finding's photo.

Views only translate HTTP: they parse forms, call the services in ``hazards.filing.checklists``
and ``hazards.filing.signing`` and put DomainErrors back on the form, which keeps everything typed.
Objects come from the scoped selectors (outside the user's scope: 404); each action form is
gated by its predicate (``inspections.rules``, ``hazards.rules``): a user who may see the
object but not use the form gets a 403 page. A record already signed (or a checklist already
recorded) sends its form's URL to the record page instead.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.downloads import name_download
from core.errors import DomainError
from core.forms import add_domain_error
from core.query import ascii_int
from core.rules import require_page
from hazards import pdfs as documents
from hazards import rules as hazard_rules
from hazards.enums import HazardCategory
from hazards.models import FindingPhoto, RectificationOrder, Verification
from hazards.selectors import hazards_visible_to, loop_records_visible_to
from inspections import rules
from inspections.enums import CheckResult
from inspections.models import Inspection
from inspections.selectors import enterprises_for_filing, inspections_visible_to
from inspections.team import signing_officers

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
    checklist_notices,
    criteria_matching,
    earlier_findings,
    inspection_checklist_recorded,
    inspection_record_checklist,
    inspection_start,
)
from .photos import finding_photos_add
from .signing import inspection_sign, inspection_verify, signing_context


def _get_inspection(user, pk) -> Inspection:
    return get_object_or_404(
        inspections_visible_to(user).select_related(
            "enterprise", "enterprise__sector", "district", "department", "created_by",
            "follow_up_of"),
        pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def checklist_start(request):
    """GET: choose enterprise, kind, team. POST: start the inspection and go to its checklist.
    ``?follow_up_of=<id>`` starts a re-inspection of that inspection's enterprise."""
    user = request.user
    require_page(rules.can_start_checklist, user, None)
    follow_up_of = None
    enterprises = enterprises_for_filing(user)
    if request.GET.get("follow_up_of"):
        # an id that is not one (``²``, ``abc``) names no inspection the user may see: 404
        follow_up_of = _get_inspection(user, ascii_int(request.GET["follow_up_of"]) or 0)
        enterprises = enterprises.filter(pk=follow_up_of.enterprise_id)
    initial = {}
    if follow_up_of is not None:
        initial["enterprise"] = follow_up_of.enterprise_id
    elif ascii_int(request.GET.get("enterprise")) is not None:
        initial["enterprise"] = ascii_int(request.GET["enterprise"])
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
    require_page(rules.can_record_checklist, request.user, inspection)
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
    # ?q=有限空间: a plain GET form, so it works on a phone without JavaScript
    query = request.GET.get("q", "").strip()[:100]
    return render(request, "inspections/checklist/fill.html", {
        "inspection": inspection, "form": form, "earlier": earlier_findings(inspection),
        "non_compliant": CheckResult.NON_COMPLIANT, "nav": "checklist",
        "notices": checklist_notices(inspection), "query": query,
        "matches": criteria_matching(criteria, query)},
        status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def record_sign(request, pk):
    """GET: the record to sign, with a password field per officer. POST: sign and freeze it."""
    inspection = _get_inspection(request.user, pk)
    if inspection.is_signed:
        return redirect("inspections:record", pk=inspection.pk)
    require_page(rules.can_sign_inspection, request.user, inspection)
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
        **_record_context(inspection, request.user), "form": form, "nav": "checklist"},
        status=400 if form.errors else 200)


def _record_context(inspection, user):
    findings = list(inspection.hazards.select_related("criterion__standard", "inspection")
                    .prefetch_related("photos", "orders", "verifications").order_by("id"))
    officers = signing_officers(inspection)
    return {
        **signing_context(user, inspection),
        "inspection": inspection,
        "check_results": check_results_for(inspection),
        "findings": findings,
        "signatures": list(inspection.signatures.all()),
        "officers": officers,
        "joint_departments": inspection.other_joint_departments(),
        # the buttons, from the same predicates as the pages they lead to (the photo rule
        # depends only on the inspection, so one finding answers for all)
        "can_record_checklist": rules.can_record_checklist(user, inspection),
        "can_add_photos": bool(findings)
        and hazard_rules.can_add_finding_photos(user, findings[0]),
        "can_start_checklist": rules.can_start_checklist(user, None),
    }


@login_required
def record_detail(request, pk):
    """The on-site inspection record (现场检查记录): checklist, findings, signatures, hash."""
    inspection = _get_inspection(request.user, pk)
    context = _record_context(inspection, request.user)
    context["verification"] = inspection_verify(inspection=inspection)
    context["nav"] = "checklist"
    return render(request, "inspections/checklist/record.html", context)


@login_required
def record_pdf(request, pk):
    """The on-site inspection record as PDF (Chinese fonts embedded)."""
    inspection = _get_inspection(request.user, pk)
    require_page(hazard_rules.can_download_document, request.user, inspection)
    pdf = documents.inspection_record_pdf(inspection)
    name = _("现场检查记录-%(enterprise)s-%(date)s") % {
        "enterprise": inspection.enterprise.name, "date": inspection.inspected_on}
    return _pdf_response(pdf, f"{name}.pdf", f"inspection-record-{inspection.pk}.pdf")


def _pdf_response(pdf: bytes, filename: str, fallback: str) -> HttpResponse:
    """The PDF as an attachment named ``filename`` (Chinese) with the ASCII ``fallback``."""
    response = HttpResponse(pdf, content_type="application/pdf")
    return name_download(response, filename, fallback=fallback)


@login_required
def finding_photo(request, pk):
    """A finding's photo, after a scope check (never served from MEDIA_URL)."""
    photo = get_object_or_404(loop_records_visible_to(request.user, FindingPhoto)
                              .select_related("hazard"), pk=pk)
    require_page(hazard_rules.can_download_document, request.user, photo)
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


@login_required
def rectification_order_pdf(request, pk):
    """责令限期整改指令书 as PDF; 404 outside the user's scope."""
    order = get_object_or_404(
        loop_records_visible_to(request.user, RectificationOrder).select_related(
            "hazard__inspection", "hazard__criterion__standard", "hazard__district",
            "enterprise", "department"),
        pk=pk)
    require_page(hazard_rules.can_download_document, request.user, order)
    return _pdf_response(documents.rectification_order_pdf(order),
                         f"{_('责令限期整改指令书')}-{order.number or order.pk}.pdf",
                         f"rectification-order-{order.pk}.pdf")


@login_required
def reinspection_opinion_pdf(request, pk):
    """整改复查意见书 as PDF; 404 outside the user's scope."""
    verification = get_object_or_404(
        loop_records_visible_to(request.user, Verification).select_related(
            "hazard__inspection", "hazard__criterion__standard", "hazard__district",
            "hazard__enterprise", "department", "verified_by"),
        pk=pk)
    require_page(hazard_rules.can_download_document, request.user, verification)
    return _pdf_response(documents.reinspection_opinion_pdf(verification),
                         f"{_('整改复查意见书')}-{verification.number or verification.pk}.pdf",
                         f"reinspection-opinion-{verification.pk}.pdf")


@login_required
@require_http_methods(["POST"])
def finding_photo_add(request, pk):
    """Add camera photos to a finding of an unsigned inspection; back to its record page.
    A user who may see the finding but not add photos to it gets a 403 page."""
    hazard = get_object_or_404(hazards_visible_to(request.user).select_related("inspection"),
                               pk=pk)
    require_page(hazard_rules.can_add_finding_photos, request.user, hazard)
    try:
        added = finding_photos_add(hazard=hazard, actor=request.user,
                                   files=request.FILES.getlist("photos"))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已添加照片 %(n)d 张。") % {"n": len(added)})
    return redirect("inspections:record", pk=hazard.inspection_id)
