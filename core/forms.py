"""Forms on every page: one rule for showing domain errors, and the form fields that
normalise typed input (``core.text``)."""
import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .text import (
    DATE_FORMATS_HELP,
    clean_text,
    limit,
    normalize_digits,
    normalize_identifier,
    normalize_phone,
    parse_date_text,
)


def posted_version(request):
    """The ``version`` a page's form posted (the version of the object the edit is based on):
    an int; ``None`` when missing; ``False`` when malformed (not 1–10 ASCII digits, so ``²``
    or ``٣`` never reach ``int()``)."""
    raw = (request.POST.get("version") or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 10):
        return False
    return int(raw)


def precondition_page(request, *, malformed: bool, back_url: str, back_label: str):
    """The page for an edit posted without a usable version: 428 when it is missing (the
    product never saves an edit that does not say what it was based on), 400 when malformed.
    ``back_url``/``back_label`` lead to the object's page."""
    from django.shortcuts import render

    return render(request, "precondition_required.html", {
        "malformed": malformed, "back_url": back_url, "back_label": back_label},
        status=400 if malformed else 428)


def add_domain_error(form, error) -> None:
    """Put a ``DomainError`` on the form field it names, else on the form as a whole.

    ``error.field`` may be a plain name (``rectification_deadline``) or a path into a nested
    value (``findings[1].description``, ``inspectors``); a path falls back to its first part
    when the form has that field.
    """
    field = getattr(error, "field", None) or None
    if field and field not in form.fields:
        base = field.split(".")[0].split("[")[0]
        field = base if base in form.fields else None
    form.add_error(field, error.message)


# --- form fields that normalise what people type (the rules are core.text's) ---------------

class FreeTextField(forms.CharField):
    """Free text (a description, a name, a note): ``core.text.clean_text`` (bidirectional
    controls out, ideographic space → space, trimmed; full-width punctuation kept) and the
    length limit of ``TEXT_LIMITS[limit_key]``."""

    def __init__(self, *args, limit_key: str, **kwargs):
        kwargs.setdefault("max_length", limit(limit_key))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return clean_text(super().to_python(value))


class IdentifierField(forms.CharField):
    """An identifier (badge number, document number, credit code…): NFKC, so full-width input
    typed with a Chinese input method is stored half-width (``core.text``)."""

    normalize = staticmethod(normalize_identifier)

    def __init__(self, *args, limit_key: str | None = None, **kwargs):
        if limit_key:
            kwargs.setdefault("max_length", limit(limit_key))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return self.normalize(super().to_python(value))


class PhoneField(IdentifierField):
    """A phone number, stored half-width (``core.text.normalize_phone``)."""

    normalize = staticmethod(normalize_phone)


class CstDateField(forms.DateField):
    """A calendar date (China Standard Time) typed by a person: NFKC first, then the spellings
    of ``core.text.parse_date_text`` (``２０２６－１２－０２`` and ``2026年12月2日`` included)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date_text(value)
        except ValueError as exc:
            raise forms.ValidationError(
                _("日期格式不正确，请使用 %(formats)s。") % {"formats": DATE_FORMATS_HELP},
                code="invalid") from exc


class AmountField(forms.DecimalField):
    """An amount in yuan typed by a person: full-width digits and point accepted (NFKC)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_digits(value).replace(",", "").removesuffix("元").strip()
        return super().to_python(value)
