"""Forms of the inspection-filing page: the inspection itself and a formset of findings.

Forms only parse input; the rules (who may file what, dates, deadlines, grades) live in
``hazards.filing.services.inspection_file`` and ``hazards.services.hazard_register``, whose
DomainErrors the view puts back on the right field (``apply_domain_error``).
"""
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.clock import today_cst
from core.forms import AmountField, CstDateField, FreeTextField, add_domain_error
from hazards.enums import AccidentTypeEdition, HazardCategory, HazardGrade
from hazards.models import AccidentType
from inspections.enums import REGULATOR_KINDS, InspectionKind
from inspections.selectors import enterprises_for_filing

from .selectors import departments_for_filing, fellow_inspectors
from .services import MAX_FINDINGS, Finding


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class InspectionForm(forms.Form):
    """The inspection: which enterprise, what kind, when, by whom, and what was seen.

    The enterprise and kind choices depend on the user: district staff pick any enterprise of
    their district and a regulator kind; an enterprise officer files only its own enterprise's
    self-inspection.
    """

    enterprise = forms.ModelChoiceField(queryset=None, label=_("被检查企业"))
    kind = forms.ChoiceField(label=_("检查类型"))
    inspected_on = CstDateField(label=_("检查日期"), widget=DateInput())
    department = forms.ModelChoiceField(queryset=None, label=_("检查部门"), required=False)
    joint_departments = forms.ModelMultipleChoiceField(
        queryset=None, label=_("联合检查部门"), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("联合检查须列明每个参加部门。"))
    inspectors = forms.ModelMultipleChoiceField(
        queryset=None, label=_("同行检查人员"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("您本人自动列为检查人员；执法检查须两名以上持执法证人员。"))
    notes = FreeTextField(label=_("检查情况"), required=False, limit_key="inspection.notes",
                          widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["inspected_on"].initial = today_cst
        self.fields["enterprise"].queryset = enterprises_for_filing(user).select_related(
            "township")
        if user.is_enterprise_officer:
            self.fields["kind"].choices = [(InspectionKind.SELF_INSPECTION.value,
                                            InspectionKind.SELF_INSPECTION.label)]
            self.fields["enterprise"].initial = user.enterprise_id
            self.fields["enterprise"].empty_label = None
            del self.fields["department"]
            del self.fields["joint_departments"]
            del self.fields["inspectors"]
        else:
            self.fields["kind"].choices = [(kind.value, kind.label) for kind in InspectionKind
                                           if kind in REGULATOR_KINDS]
            self.fields["kind"].initial = InspectionKind.ENFORCEMENT.value
            self.fields["department"].queryset = departments_for_filing(user)
            self.fields["department"].initial = user.department_id
            # as on the checklist's start page: the district's and the city's departments
            self.fields["joint_departments"].queryset = departments_for_filing(user)
            self.fields["inspectors"].queryset = fellow_inspectors(user)
            # the team rule counts badge numbers (执法证号), so the inspector sees them
            self.fields["inspectors"].label_from_instance = (
                lambda u: f"{u}（{u.badge_number}）" if u.badge_number else str(u))


class FindingForm(forms.Form):
    """One finding (隐患) of the inspection. Accident types: GB 6441-2025 only, since new
    findings are classified by the standard in force (older editions are for old records)."""

    grade = forms.ChoiceField(label=_("隐患等级"), choices=HazardGrade.choices,
                              initial=HazardGrade.GENERAL)
    category = forms.ChoiceField(label=_("隐患类别"),
                                 choices=[("", "---------"), *HazardCategory.choices])
    accident_type = forms.ModelChoiceField(
        label=_("可能导致的事故类别"), required=False,
        queryset=AccidentType.objects.filter(edition=AccidentTypeEdition.GB6441_2025))
    description = FreeTextField(label=_("隐患描述"), limit_key="hazard.description",
                                widget=forms.Textarea(attrs={"rows": 2}))
    location = FreeTextField(label=_("隐患部位"), required=False, limit_key="hazard.location")
    rectification_measures = FreeTextField(label=_("整改措施"), required=False,
                                           limit_key="hazard.rectification_measures",
                                           widget=forms.Textarea(attrs={"rows": 2}))
    responsible_person = FreeTextField(label=_("整改责任人"), required=False,
                                       limit_key="hazard.responsible_person")
    rectification_deadline = CstDateField(label=_("整改期限"), required=False,
                                          widget=DateInput())
    rectification_funds = AmountField(label=_("整改资金（元）"), required=False,
                                      min_value=0, max_digits=14, decimal_places=2)

    def to_finding(self) -> Finding:
        data = self.cleaned_data
        return Finding(
            grade=data["grade"], category=data["category"], description=data["description"],
            location=data.get("location", ""),
            rectification_measures=data.get("rectification_measures", ""),
            responsible_person=data.get("responsible_person", ""),
            rectification_deadline=data.get("rectification_deadline"),
            accident_type=data.get("accident_type"),
            rectification_funds=data.get("rectification_funds"))


class BaseFindingFormSet(forms.BaseFormSet):
    def initial_form_count(self):
        # Plain (non-model) formset: rows carried over by "add a finding" are initial values,
        # not existing objects, so a blank carried-over row may be left empty like any extra.
        return 0

    def filled_forms(self) -> list[FindingForm]:
        """The forms the user filled in, in page order (blank extra rows are skipped)."""
        return [form for form in self.forms
                if form.has_changed() and not self._should_delete_form(form)]


FindingFormSet = forms.formset_factory(FindingForm, formset=BaseFindingFormSet, extra=1,
                                       min_num=1, validate_min=True, max_num=MAX_FINDINGS,
                                       validate_max=True)

_FINDING_FIELD = re.compile(r"^findings\[(\d+)\]\.(\w+)$")


def apply_domain_error(exc, *, form: InspectionForm, formset, filled: list[FindingForm]):
    """Put a DomainError from ``inspection_file`` on the field it names.

    ``exc.field`` is ``"inspected_on"``, ``"findings[1].rectification_deadline"`` (an index
    into the filled findings), or None (a whole-form error such as PermissionDenied).
    """
    field = getattr(exc, "field", None) or ""
    match = _FINDING_FIELD.match(field)
    if match:
        index, name = int(match.group(1)), match.group(2)
        target = filled[index] if index < len(filled) else None
        if target is not None:
            target.add_error(name if name in target.fields else None, exc.message)
            return
    add_domain_error(form, exc)
