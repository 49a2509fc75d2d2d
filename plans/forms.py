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
