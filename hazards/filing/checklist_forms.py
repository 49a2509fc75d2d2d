"""Forms of the checklist pages: start an inspection, mark the checklist, sign the record.

Forms only parse input; the rules live in ``hazards.filing.checklists`` and
``hazards.filing.signing``, whose DomainErrors the views put back on the field they name.
Field names match those the services use in ``DomainError.field`` (``criterion-<id>``,
``criterion-<id>-deadline``, ``general-<i>-description``, ``password-<user id>``), so an error
lands next to what caused it and everything typed stays in place.
"""
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.clock import today_cst
from core.forms import CstDateField, FreeTextField
from enterprises.models import Department, Enterprise
from hazards.enums import HazardCategory
from inspections.enums import REGULATOR_KINDS, CheckResult, InspectionKind

from .selectors import departments_for_filing, fellow_inspectors

GENERAL_ROWS = 2


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CameraInput(forms.ClearableFileInput):
    """A file input that opens the phone's rear camera; several photos allowed."""

    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__(attrs={"accept": "image/*", "capture": "environment", **(attrs or {})})


class PhotosField(forms.FileField):
    """Several photos in one input (Django's documented multiple-file pattern); the view reads
    them with ``request.FILES.getlist`` and the service checks their content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", CameraInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(PhotosField, self).clean(item, initial) for item in data]
        return super().clean(data, initial)


class StartForm(forms.Form):
    """Which enterprise, what kind, when, by whom (and for a joint inspection, which other
    departments)."""

    enterprise = forms.ModelChoiceField(queryset=Enterprise.objects.none(),
                                        label=_("被检查企业"))
    kind = forms.ChoiceField(label=_("检查类型"))
    inspected_on = CstDateField(label=_("检查日期"), widget=DateInput())
    department = forms.ModelChoiceField(queryset=Department.objects.none(),
                                        label=_("检查部门（牵头）"), required=False)
    joint_departments = forms.ModelMultipleChoiceField(
        queryset=Department.objects.none(), label=_("联合检查部门"), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("联合检查须列明每个参加部门。"))
    inspectors = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), label=_("同行执法人员"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("您本人自动列为检查人员；执法检查须两名以上持执法证人员。"))
    notes = FreeTextField(label=_("检查情况"), required=False, limit_key="inspection.notes",
                          widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["inspected_on"].initial = today_cst
        self.fields["kind"].choices = [(k.value, k.label) for k in InspectionKind
                                       if k in REGULATOR_KINDS]
        self.fields["kind"].initial = InspectionKind.ENFORCEMENT.value
        departments = departments_for_filing(user)
        self.fields["department"].queryset = departments
        self.fields["department"].initial = user.department_id
        self.fields["joint_departments"].queryset = departments
        self.fields["inspectors"].queryset = fellow_inspectors(user)
        self.fields["inspectors"].label_from_instance = (
            lambda u: f"{u}（{u.badge_number}）" if u.badge_number else str(u))


class ChecklistForm(forms.Form):
    """One result per criterion, the finding's details for a non-compliant one, and a few
    rows for general findings outside the checklist."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.rows = []
        for criterion in criteria:
            name = f"criterion-{criterion.pk}"
            self.fields[name] = forms.ChoiceField(
                label=criterion.text, choices=CheckResult.choices, widget=forms.RadioSelect,
                required=False)
            self.fields[f"{name}-description"] = FreeTextField(
                label=_("隐患描述（默认为条款内容）"), required=False,
                limit_key="hazard.description", widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"{name}-location"] = FreeTextField(
                label=_("隐患部位"), required=False, limit_key="hazard.location")
            self.fields[f"{name}-category"] = forms.ChoiceField(
                label=_("隐患类别"), choices=HazardCategory.choices, required=False,
                initial=HazardCategory.UNLAWFUL_ACT)
            self.fields[f"{name}-deadline"] = CstDateField(
                label=_("整改期限"), required=False, widget=DateInput())
            self.fields[f"{name}-photos"] = PhotosField(label=_("现场照片"))
            self.rows.append((criterion, name))
        for index in range(GENERAL_ROWS):
            name = f"general-{index}"
            self.fields[f"{name}-description"] = FreeTextField(
                label=_("隐患描述"), required=False, limit_key="hazard.description",
                widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"{name}-location"] = FreeTextField(
                label=_("隐患部位"), required=False, limit_key="hazard.location")
            self.fields[f"{name}-category"] = forms.ChoiceField(
                label=_("隐患类别"), choices=HazardCategory.choices, required=False,
                initial=HazardCategory.EQUIPMENT_DEFECT)
            self.fields[f"{name}-deadline"] = CstDateField(
                label=_("整改期限"), required=False, widget=DateInput())
            self.fields[f"{name}-photos"] = PhotosField(label=_("现场照片"))

    def criterion_rows(self):
        """(criterion, result field, finding fields) for the template."""
        for criterion, name in self.rows:
            yield criterion, self[name], [self[f"{name}-{part}"] for part in
                                          ("description", "location", "category", "deadline",
                                           "photos")]

    def general_rows(self):
        for index in range(GENERAL_ROWS):
            name = f"general-{index}"
            yield index, [self[f"{name}-{part}"] for part in
                          ("description", "location", "category", "deadline", "photos")]


class SignForm(forms.Form):
    """Each officer's password, and the enterprise representative or their refusal."""

    enterprise_representative = FreeTextField(label=_("企业陪同人员姓名"), required=False,
                                              limit_key="inspection.enterprise_representative")
    representative_refused_to_sign = forms.BooleanField(label=_("企业人员拒绝签字"),
                                                         required=False)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.officers = officers
        for officer in officers:
            label = f"{officer}（{_('执法证号')} {officer.badge_number or '—'}）"
            self.fields[f"password-{officer.pk}"] = forms.CharField(
                label=label, required=False, strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                help_text=_("本人输入登录密码确认签名"))

    def password_fields(self):
        return [self[f"password-{o.pk}"] for o in self.officers]

    def passwords(self) -> dict:
        return {o.pk: self.cleaned_data.get(f"password-{o.pk}") or "" for o in self.officers}

