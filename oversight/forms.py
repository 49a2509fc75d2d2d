"""Forms of the oversight pages: the period and scope picker, report generation and the
follow-up action. Pickers offer only what the user may see, and never a list of every
enterprise (an enterprise scope comes from a link, as ``enterprise=<id>``)."""
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enterprises.models import Department, District, Sector, Township

from .enums import FollowUpKind, ReportKind
from .periods import PERIOD_KINDS
from .ranking import RANK_KEYS


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    """Period kind, a date inside it (or a custom from/to) and the scope's parts."""

    period = forms.ChoiceField(label=_("统计周期"), choices=list(PERIOD_KINDS.items()),
                               required=False)
    date = forms.DateField(label=_("日期（周期内任一天）"), required=False, widget=_date_input())
    district = forms.ModelChoiceField(label=_("区县"), queryset=District.objects.none(),
                                      required=False, empty_label=_("全市"),
                                      to_field_name="code")
    township = forms.ModelChoiceField(label=_("镇街"), queryset=Township.objects.none(),
                                      required=False, empty_label=_("全部"),
                                      to_field_name="code")
    sector = forms.ModelChoiceField(label=_("行业领域"), queryset=Sector.objects.all(),
                                    required=False, empty_label=_("全部"), to_field_name="code")
    department = forms.ModelChoiceField(label=_("检查部门"), queryset=Department.objects.none(),
                                        required=False, empty_label=_("全部"),
                                        to_field_name="code")

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["from"] = forms.DateField(label=_("自定义起"), required=False,
                                              widget=_date_input())
        self.fields["to"] = forms.DateField(label=_("自定义止"), required=False,
                                            widget=_date_input())
        district = user.district_id
        if user.is_city_official:
            self.fields["district"].queryset = District.objects.order_by("code")
            district = (data or {}).get("district") or None
        elif district:
            self.fields["district"].queryset = District.objects.filter(pk=district)
            self.fields["district"].empty_label = None
        # townships of the one district in view only (a city has a thousand)
        self.fields["township"].queryset = Township.objects.filter(
            district_id=district) if district else Township.objects.none()
        self.fields["department"].queryset = Department.objects.filter(
            Q(district__isnull=True) | Q(district_id=district)).order_by("code") \
            if district else Department.objects.filter(district__isnull=True).order_by("code")


class ReportGenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("报告类型"), choices=ReportKind.choices)
    date = forms.DateField(label=_("日期（周期内任一天）"), widget=_date_input())
    district = forms.ModelChoiceField(label=_("区县"), queryset=District.objects.none(),
                                      required=False, empty_label=_("全市"),
                                      to_field_name="code")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_city_official:
            self.fields["district"].queryset = District.objects.order_by("code")
        else:
            self.fields["district"].queryset = District.objects.filter(pk=user.district_id)
            self.fields["district"].empty_label = None
            self.fields["district"].required = True


class RankingForm(forms.Form):
    period = forms.ChoiceField(label=_("统计周期"), choices=list(PERIOD_KINDS.items()),
                               required=False)
    date = forms.DateField(label=_("日期（周期内任一天）"), required=False, widget=_date_input())
    key = forms.ChoiceField(label=_("排名指标"), required=False,
                            choices=[(key, label) for key, (label, _h) in RANK_KEYS.items()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = forms.DateField(label=_("自定义起"), required=False,
                                              widget=_date_input())
        self.fields["to"] = forms.DateField(label=_("自定义止"), required=False,
                                            widget=_date_input())


class FollowUpForm(forms.Form):
    district = forms.ModelChoiceField(label=_("区县"), queryset=District.objects.order_by("code"),
                                      to_field_name="code")
    kind = forms.ChoiceField(label=_("措施"), choices=FollowUpKind.choices)
    taken_on = forms.DateField(label=_("日期"), widget=_date_input())
    taken_by = forms.CharField(label=_("实施人/单位"), max_length=100)
    note = forms.CharField(label=_("情况说明"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    period_key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=30)
