"""Inspection pages: file an inspection with several findings, and its detail page.

Views only translate HTTP: they parse the forms, call ``hazards.filing.services.inspection_file``
and put its DomainErrors back on the form.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.query import ascii_int
from core.rules import require_page
from inspections import rules

from .forms import FindingFormSet, InspectionForm, apply_domain_error
from .selectors import inspection_get_visible
from .services import inspection_file
from .signing import signing_context

FINDINGS_PREFIX = "findings"


@login_required
def inspection_file_view(request):
    """GET: a blank inspection with two finding rows. POST: file it (all or nothing) and go to
    its detail page, or show the form again with everything typed and the errors in place.
    A POST with ``add_finding`` only adds a blank row, keeping what was typed."""
    user = request.user
    require_page(rules.can_open_filing, user, None)
    if request.method != "POST":
        form = InspectionForm(user=user, initial=_initial_from_query(request))
        formset = FindingFormSet(prefix=FINDINGS_PREFIX)
        return _render(request, form, formset)

    form = InspectionForm(request.POST, user=user)
    formset = FindingFormSet(request.POST, prefix=FINDINGS_PREFIX)
    if "add_finding" in request.POST:
        return _render(request, *_with_one_more_row(form, formset))

    if form.is_valid() and formset.is_valid():
        filled = formset.filled_forms()
        if not filled:
            formset.forms[0].add_error("description", _("请至少填写一条隐患。"))
        else:
            data = form.cleaned_data
            try:
                inspection = inspection_file(
                    actor=user, enterprise=data["enterprise"], kind=data["kind"],
                    inspected_on=data["inspected_on"],
                    findings=[finding_form.to_finding() for finding_form in filled],
                    department=data.get("department"),
                    joint_departments=list(data.get("joint_departments") or ()),
                    inspectors=list(data.get("inspectors") or ()), notes=data["notes"])
            except DomainError as exc:
                apply_domain_error(exc, form=form, formset=formset, filled=filled)
            else:
                messages.success(request, _("已录入检查，登记隐患 %(count)d 条。")
                                 % {"count": len(filled)})
                return redirect("inspections:detail", pk=inspection.pk)
    return _render(request, form, formset, status=200)


def _initial_from_query(request) -> dict:
    enterprise = ascii_int(request.GET.get("enterprise"))
    return {"enterprise": enterprise} if enterprise is not None else {}


def _with_one_more_row(form, formset):
    """Unbound copies of the posted forms, carrying the typed values, plus one blank row."""
    fresh_form = InspectionForm(user=form.user,
                                initial={name: form[name].value() for name in form.fields})
    rows = [{name: row[name].value() for name in row.fields} for row in formset.forms]
    fresh_formset = FindingFormSet(prefix=FINDINGS_PREFIX, initial=rows)
    fresh_formset.extra = len(rows)  # min_num (1) + extra = one more than posted
    return fresh_form, fresh_formset


def _render(request, form, formset, status=200):
    return render(request, "inspections/file.html",
                  {"form": form, "formset": formset, "nav": "file"}, status=status)


@login_required
def inspection_detail(request, pk: int):
    """One inspection and the hazards it found; 404 outside the user's scope."""
    inspection = inspection_get_visible(request.user, pk)
    return render(request, "inspections/detail.html", {
        "inspection": inspection,
        "hazards": list(inspection.hazards.all()),
        "inspectors": list(inspection.inspectors.all()),
        **signing_context(request.user, inspection),
    })
