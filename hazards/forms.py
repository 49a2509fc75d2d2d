"""Forms of the rectification loop (pages). Thin: they parse input; services decide.

Field names are stable (the browser tests use them): ``rectification_deadline``,
``rectification_measures``, ``description``, ``files``, ``result``, ``opinion``,
``new_deadline``, ``note``, ``reason``, and the hidden, required ``version`` (the version of
the edited object when the form was shown, so a stale form gets a conflict instead of
overwriting; the pages answer a missing one with 428 before the form is even validated).
"""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import (
    AmountField,
    CstDateField,
    FreeTextField,
    IdentifierField,
    add_domain_error,
)

from .enums import VerificationResult


class DateInput(forms.DateInput):
    input_type = "date"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several uploaded files under one name; content checks happen in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class LoopForm(forms.Form):
    """Base: carries the ``version`` of the edited object as the user saw it (required)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def add_domain_error(self, error):
        """Show a DomainError on its field when the form has it, else as a form error."""
        add_domain_error(self, error)


def _password_field(label):
    return forms.CharField(
        label=label, required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("该执法人员本人输入登录密码确认签名"))


class SigningOfficersMixin(forms.Form):
    """The two enforcement officers who sign the document the action issues, each with the
    password they type themselves (谁检查、谁签名). The service checks both
    (``hazards.services.documents``); its errors name ``officer_<n>_password``."""

    officer_1 = forms.ModelChoiceField(label=_("执法人员一"), queryset=None, required=False)
    officer_1_password = _password_field(_("执法人员一本人密码"))
    officer_2 = forms.ModelChoiceField(label=_("执法人员二"), queryset=None, required=False)
    officer_2_password = _password_field(_("执法人员二本人密码"))

    def __init__(self, *args, officers_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.models import User

        queryset = officers_queryset if officers_queryset is not None else User.objects.none()
        self.fields["officer_1"].queryset = queryset
        self.fields["officer_2"].queryset = queryset

    def officers(self) -> list:
        """The chosen officers as ``OfficerSignature`` (officer, password, field)."""
        from .services import OfficerSignature

        return [OfficerSignature(officer=officer,
                                 password=self.cleaned_data.get(f"officer_{n}_password") or "",
                                 field=f"officer_{n}_password")
                for n in (1, 2)
                if (officer := self.cleaned_data.get(f"officer_{n}")) is not None]


class OrderRectificationForm(SigningOfficersMixin, LoopForm):
    rectification_deadline = CstDateField(label=_("整改期限"), widget=DateInput)
    rectification_measures = FreeTextField(label=_("整改措施"), required=False,
                                           limit_key="hazard.rectification_measures",
                                           widget=forms.Textarea(attrs={"rows": 3}))
    interim_safety_measures = FreeTextField(
        label=_("临时安全措施（重大隐患必填）"), required=False,
        limit_key="hazard.interim_safety_measures", widget=forms.Textarea(attrs={"rows": 2}))
    note = FreeTextField(label=_("备注"), required=False, limit_key="note",
                         widget=forms.Textarea(attrs={"rows": 2}))
    field_order = ["rectification_deadline", "rectification_measures",
                   "interim_safety_measures", "officer_1", "officer_1_password", "officer_2",
                   "officer_2_password", "note"]


class SelfRectificationForm(LoopForm):
    rectification_deadline = CstDateField(label=_("整改期限"), widget=DateInput)
    interim_safety_measures = FreeTextField(
        label=_("临时安全措施（重大隐患必填）"), required=False,
        limit_key="hazard.interim_safety_measures", widget=forms.Textarea(attrs={"rows": 2}))
    note = FreeTextField(label=_("备注"), required=False, limit_key="note",
                         widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(LoopForm):
    description = FreeTextField(label=_("整改情况说明"), limit_key="evidence.description",
                                widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("照片或PDF"))


class VerifyForm(SigningOfficersMixin, LoopForm):
    result = forms.ChoiceField(label=_("复查结论"), choices=VerificationResult.choices,
                               widget=forms.RadioSelect)
    opinion = FreeTextField(label=_("复查意见"), required=False,
                            limit_key="verification.opinion",
                            widget=forms.Textarea(attrs={"rows": 3}))
    new_deadline = CstDateField(label=_("新的整改期限（不合格时必填）"), required=False,
                                widget=DateInput)
    verified_on = CstDateField(label=_("复查日期"), required=False, widget=DateInput)
    files = MultipleFileField(label=_("复查照片或PDF"))
    field_order = ["result", "opinion", "new_deadline", "verified_on", "officer_1",
                   "officer_1_password", "officer_2", "officer_2_password", "files"]


class CloseOnSpotForm(LoopForm):
    note = FreeTextField(label=_("现场整改情况"), limit_key="note",
                         widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionRequestForm(LoopForm):
    new_deadline = CstDateField(label=_("申请延期至"), widget=DateInput)
    reason = FreeTextField(label=_("延期理由"), limit_key="extension.reason",
                           widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(LoopForm):
    decision = forms.ChoiceField(label=_("审批意见"),
                                 choices=[("approve", _("批准延期")), ("refuse", _("不予延期"))],
                                 widget=forms.RadioSelect)
    note = FreeTextField(label=_("说明"), required=False, limit_key="note",
                         widget=forms.Textarea(attrs={"rows": 2}))


class PlanForm(LoopForm):
    responsibility = FreeTextField(label=_("责任落实（责任人）"), limit_key="plan.responsibility")
    measures = FreeTextField(label=_("措施落实"), limit_key="plan.measures",
                             widget=forms.Textarea(attrs={"rows": 3}))
    funds = AmountField(label=_("资金落实（元）"), max_digits=14, decimal_places=2, min_value=0)
    time_limit = CstDateField(label=_("时限落实"), widget=DateInput)
    contingency_plan = FreeTextField(label=_("预案落实（应急预案）"),
                                     limit_key="plan.contingency_plan",
                                     widget=forms.Textarea(attrs={"rows": 3}))


class SupervisionPlaceForm(LoopForm):
    authority = FreeTextField(label=_("督办单位"), limit_key="supervision.authority")
    letter_number = IdentifierField(label=_("督办函号"), limit_key="supervision.letter_number")
    started_on = CstDateField(label=_("督办开始日期"), required=False, widget=DateInput)
    note = FreeTextField(label=_("说明"), required=False, limit_key="note",
                         widget=forms.Textarea(attrs={"rows": 2}))


class SupervisionLiftForm(LoopForm):
    note = FreeTextField(label=_("解除说明"), required=False, limit_key="note",
                         widget=forms.Textarea(attrs={"rows": 2}))
