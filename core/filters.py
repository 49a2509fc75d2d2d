"""The base of every list filter (register page and API): query-string values other than free
text are ASCII (``core.query``).

Django's own parsing is generous in the wrong way for a query string: ``DateField`` reads
``２０２６-０１-０２`` and ``٢٠٢٦-٠١-٠٢`` as dates, ``ModelChoiceField`` reads ``enterprise=３`` as
id 3, and ``str.isdigit`` is true for ``²``. A URL then has several spellings for one filter,
and some of them end in a 500. Here a non-ASCII value of a code, id, number, date or choice is
a validation error on that parameter, which the API answers with 400 naming it and the
register page names in its message.
"""
import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

NOT_ASCII = _("须使用半角字符（ASCII 数字、字母），不能使用全角或其他文字的数字。")


class AsciiQueryForm(forms.Form):
    """Refuses a non-ASCII value for every field that is not free text (``CharField``)."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) or name in self.errors:
                continue
            values = (self.data.getlist(name) if hasattr(self.data, "getlist")
                      else [self.data.get(name)])
            if any(isinstance(value, str) and not value.isascii() for value in values):
                self.add_error(name, NOT_ASCII)
        return cleaned


class StrictFilterSet(django_filters.FilterSet):
    """``FilterSet`` whose form refuses non-ASCII values of ids, codes, numbers, dates and
    choices (see the module docstring)."""

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (AsciiQueryForm, form_class), {})
