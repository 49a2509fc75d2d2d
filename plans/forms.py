"""Forms of the plan, task and campaign pages (parse only; services decide)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.enums import RiskGrade
from enterprises.models import Sector
from hazards.forms import DateInput


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PlanForm(forms.Form):
    name = forms.CharField(label=_("计划名称"), max_length=120)
    sectors = forms.ModelMultipleChoiceField(queryset=Sector.objects.all(), required=False,
                                             label=_("行业领域"),
                                             widget=forms.CheckboxSelectMultiple)
    risk_grades = forms.MultipleChoiceField(choices=RiskGrade.choices, required=False,
                                            label=_("风险等级"),
                                            widget=forms.CheckboxSelectMultiple)
    exclude_inspected_within_months = forms.IntegerField(
        label=_("排除近几个月内已检查的企业（月）"), min_value=0, max_value=60, initial=6)
    excluded_credit_codes = forms.CharField(
        label=_("排除的企业（统一社会信用代码，每行一个，如停产整顿中）"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))
    enterprise_count = forms.IntegerField(label=_("抽取企业数"), min_value=1, max_value=10000)
    team_count = forms.IntegerField(label=_("检查组数（每组两名持证执法人员）"), min_value=1,
                                    max_value=1000)
    due_on = forms.DateField(label=_("检查完成期限"), widget=DateInput)


class TaskForm(forms.Form):
    credit_code = forms.CharField(label=_("企业统一社会信用代码"), max_length=18)
    assignee_1 = forms.ModelChoiceField(queryset=None, label=_("检查人员一"))
    assignee_2 = forms.ModelChoiceField(queryset=None, label=_("检查人员二"), required=False)
    due_on = forms.DateField(label=_("完成期限"), widget=DateInput)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee_1"].queryset = officers
        self.fields["assignee_2"].queryset = officers


class CampaignForm(forms.Form):
    """A campaign with its four phases' dates (the self-inspection phase required, the others
    optional: leave both dates empty to skip a phase)."""

    name = forms.CharField(label=_("行动名称"), max_length=120)
    sectors = forms.ModelMultipleChoiceField(queryset=Sector.objects.all(), label=_("行业领域"),
                                             widget=forms.CheckboxSelectMultiple)
    starts_on = forms.DateField(label=_("开始日期"), widget=DateInput)
    ends_on = forms.DateField(label=_("结束日期"), widget=DateInput)

    def __init__(self, *args, **kwargs):
        from campaigns.enums import PHASE_ORDER, CampaignPhaseKind

        super().__init__(*args, **kwargs)
        for kind in PHASE_ORDER:
            required = kind == CampaignPhaseKind.SELF_INSPECTION
            label = CampaignPhaseKind(kind).label
            self.fields[f"{kind}_starts_on"] = forms.DateField(
                label=_("%(phase)s：开始") % {"phase": label}, required=required,
                widget=DateInput)
            self.fields[f"{kind}_ends_on"] = forms.DateField(
                label=_("%(phase)s：结束") % {"phase": label}, required=required,
                widget=DateInput)

    def phases(self):
        from campaigns.enums import PHASE_ORDER
        from campaigns.services import PhaseDates

        data = self.cleaned_data
        return [PhaseDates(kind, data[f"{kind}_starts_on"], data[f"{kind}_ends_on"])
                for kind in PHASE_ORDER
                if data.get(f"{kind}_starts_on") and data.get(f"{kind}_ends_on")]


class ConflictForm(forms.Form):
    credit_code = forms.CharField(label=_("企业统一社会信用代码"), max_length=18)
    inspector = forms.ModelChoiceField(queryset=None, label=_("执法人员"))
    reason = forms.CharField(label=_("原因"), max_length=200)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = officers
