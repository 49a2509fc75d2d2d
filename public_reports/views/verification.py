"""举报核查: the verification inspection of a report, filed with the same forms as any
inspection (``hazards.filing.forms``) and the same service (``inspection_file``, called by
``services.report_file_verification``), with the kind fixed to ``report_verification`` and
the report linked in the same transaction."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.forms import posted_version, precondition_page
from hazards.filing.forms import FindingFormSet, InspectionForm, apply_domain_error
from hazards.filing.views import FINDINGS_PREFIX
from inspections.enums import InspectionKind

from .. import rules, services
from ..selectors import report_get_visible


def _forms(request, report, user):
    data = request.POST if request.method == "POST" else None
    initial = {"enterprise": report.enterprise_id, "kind": InspectionKind.REPORT_VERIFICATION}
    form = InspectionForm(data, user=user, initial=initial)
    form.fields["kind"].choices = [(InspectionKind.REPORT_VERIFICATION.value,
                                    InspectionKind.REPORT_VERIFICATION.label)]
    form.fields["enterprise"].queryset = form.fields["enterprise"].queryset.filter(
        district_id=report.district_id)
    formset = FindingFormSet(data, prefix=FINDINGS_PREFIX)
    formset.validate_min = False  # a verification may find nothing
    return form, formset


@login_required
def report_verify(request, pk: int):
    """GET: the inspection form for the report's verification; POST: file it. 404 outside
    scope, 403 when the user may not file it now (``rules.may_file_verification``). A
    verification may find nothing: the findings are optional here."""
    report = report_get_visible(request.user, pk)
    if not rules.may_file_verification(request.user, report):
        raise HttpForbidden
    form, formset = _forms(request, report, request.user)
    version = posted_version(request) if request.method == "POST" else None
    if request.method == "POST" and not version:
        return precondition_page(
            request, malformed=version is False,
            back_url=reverse("public_reports:detail", args=[report.pk]),
            back_label=_("举报 #%(pk)s") % {"pk": report.pk})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        filled = formset.filled_forms()
        data = form.cleaned_data
        try:
            services.report_file_verification(
                report=report, actor=request.user, expected_version=version,
                inspected_on=data["inspected_on"], enterprise=data["enterprise"],
                findings=[finding.to_finding() for finding in filled],
                department=data.get("department"),
                inspectors=list(data.get("inspectors") or ()),
                joint_departments=list(data.get("joint_departments") or ()),
                notes=data["notes"])
        except DomainError as exc:
            apply_domain_error(exc, form=form, formset=formset, filled=filled)
        else:
            messages.success(request, _("已录入举报核查，登记隐患 %(count)d 条。")
                             % {"count": len(filled)})
            return redirect("public_reports:detail", pk=report.pk)
    return render(request, "public_reports/verify.html", {
        "form": form, "formset": formset, "report": report, "nav": "reports"})
