"""Forms of the report pages. They parse input; the services decide (``services``).

Every staff action form carries the report's ``version`` as a hidden required field: a form
shown before someone else acted is refused with a conflict, never applied over their change.
"""
from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import District, Sector, Township
from hazards.forms import DateInput, MultipleFileField, MultipleFileInput

from .enums import ReportOutcome
from .models import RewardTier


class PublicReportForm(forms.Form):
    """The public's report: place, enterprise if known, sector, what was seen, photos, and
    optionally the reporter's name and phone. ``challenge``/``solution`` are the proof of work
    (``public_reports.challenge``), filled by the page's script."""

    district = forms.ModelChoiceField(queryset=District.objects.order_by("code"),
                                      label=_("所在区县"))
    township = forms.ModelChoiceField(queryset=Township.objects.none(), required=False,
                                      label=_("镇街"))
    address = forms.CharField(label=_("详细地址"), max_length=300)
    latitude = forms.DecimalField(label=_("纬度"), required=False, max_digits=9,
                                  decimal_places=6, min_value=-90, max_value=90)
    longitude = forms.DecimalField(label=_("经度"), required=False, max_digits=9,
                                   decimal_places=6, min_value=-180, max_value=180)
    enterprise_name = forms.CharField(label=_("企业名称（如知道）"), required=False,
                                      max_length=200)
    sector = forms.ModelChoiceField(queryset=Sector.objects.all(), required=False,
                                    label=_("行业领域"), empty_label=_("不清楚"))
    description = forms.CharField(label=_("您看到的情况"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    photos = MultipleFileField(label=_("照片（可选）"),
                               widget=MultipleFileInput(
                                   attrs={"accept": "image/jpeg,image/png,image/webp"}))
    anonymous = forms.TypedChoiceField(
        label=_("举报方式"), coerce=lambda v: v == "1", initial="1",
        choices=[("1", _("匿名举报")), ("0", _("实名举报（可获举报奖励）"))],
        widget=forms.RadioSelect)
    reporter_name = forms.CharField(label=_("姓名"), required=False, max_length=50)
    reporter_phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    challenge = forms.CharField(widget=forms.HiddenInput)
    solution = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # townships of the chosen district only (the page's script narrows the list; without
        # it the district's townships come back after the first submission)
        district_code = (self.data.get("district") if self.is_bound else None) or ""
        if district_code.isdigit():
            self.fields["township"].queryset = Township.objects.filter(
                district_id=district_code).order_by("code")


class QueryCodeForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "off",
                                                         "autocapitalize": "characters"}))


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AcceptForm(VersionedForm):
    note = forms.CharField(label=_("受理意见"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class RerouteForm(VersionedForm):
    district = forms.ModelChoiceField(queryset=District.objects.order_by("code"),
                                      label=_("改派至区县"))
    reason = forms.CharField(label=_("改派理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ReferForm(VersionedForm):
    department = forms.CharField(label=_("移交部门"), max_length=100)
    reason = forms.CharField(label=_("移交理由"), widget=forms.Textarea(attrs={"rows": 2}))


class DuplicateForm(VersionedForm):
    original = forms.IntegerField(label=_("并入举报编号"), min_value=1, max_value=2**63 - 1)


class AnswerForm(VersionedForm):
    outcome = forms.ChoiceField(label=_("核查结论"), widget=forms.RadioSelect, choices=[
        (ReportOutcome.SUBSTANTIATED.value, ReportOutcome.SUBSTANTIATED.label),
        (ReportOutcome.NOT_SUBSTANTIATED.value, ReportOutcome.NOT_SUBSTANTIATED.label)])
    answer = forms.CharField(label=_("答复内容（举报人凭查询码可见）"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class RewardProposeForm(VersionedForm):
    tier = forms.ModelChoiceField(queryset=RewardTier.objects.filter(is_active=True),
                                  label=_("奖励标准"))
    penalty_amount = forms.DecimalField(label=_("行政处罚金额（元）"), required=False,
                                        min_value=0, max_digits=14, decimal_places=2)
    persons = forms.IntegerField(label=_("查实人数"), required=False, min_value=1,
                                 max_value=1000)


class RewardDecideForm(VersionedForm):
    decision = forms.ChoiceField(label=_("审批"), widget=forms.RadioSelect,
                                 choices=[("approve", _("批准")), ("refuse", _("不予批准"))])
    note = forms.CharField(label=_("审批意见"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class RewardPayForm(VersionedForm):
    paid_on = forms.DateField(label=_("发放日期"), widget=DateInput)
    payment_reference = forms.CharField(label=_("支付凭证号"), max_length=60)
