"""Forms of the import pages (thin: parsing only; the services decide)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportMode
from .presets import LAYOUT_FIELDS


class UploadForm(forms.Form):
    preset = forms.ModelChoiceField(label=_("导入方案"), queryset=None, empty_label=None)
    file = forms.FileField(label=_("文件"), help_text=_(".xlsx、.xls 或 .csv（UTF-8 或 GB18030）"))
    mode = forms.ChoiceField(label=_("写入方式"), choices=ImportMode.choices,
                             initial=ImportMode.ALL_OR_NOTHING)
    default_inspected_on = forms.DateField(
        label=_("检查日期（文件无检查日期列时使用）"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, presets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preset"].queryset = presets


class MappingForm(forms.Form):
    """One select per source column: the field it maps to, or nothing."""

    def __init__(self, *args, headers, layout, initial_mapping, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("（不导入）"))] + [(s.name, s.label) for s in LAYOUT_FIELDS[layout]]
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header or f"#{index + 1}", choices=choices, required=False,
                initial=initial_mapping.get(index, ""))

    def mapping(self) -> dict[int, str]:
        return {int(name.removeprefix("col_")): value
                for name, value in self.cleaned_data.items() if value}


class ConfirmForm(forms.Form):
    mode = forms.ChoiceField(label=_("写入方式"), choices=ImportMode.choices)


class SavePresetForm(forms.Form):
    code = forms.SlugField(label=_("方案代码"), max_length=60)
    name = forms.CharField(label=_("方案名称"), max_length=120)
