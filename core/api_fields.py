"""Serializer fields that normalise API input with the rules of ``core.text``, the same rules
as the pages' form fields (``core.forms``) and the imports.

``NormalizingModelSerializer`` maps model ``CharField``/``TextField`` to ``FreeTextField`` and
``DateField`` to ``CstDateField``; identifiers and phone numbers are declared explicitly.
"""
import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .text import (
    DATE_FORMATS_HELP,
    clean_text,
    limit,
    normalize_credit_code,
    normalize_digits,
    normalize_identifier,
    normalize_phone,
    parse_date_text,
)


class FreeTextField(serializers.CharField):
    """Free text: ``clean_text`` (bidirectional controls out, ideographic space → space,
    trimmed; full-width punctuation kept); ``limit_key`` sets ``max_length`` from
    ``TEXT_LIMITS``."""

    def __init__(self, *args, limit_key: str | None = None, **kwargs):
        if limit_key:
            kwargs.setdefault("max_length", limit(limit_key))
        super().__init__(*args, **kwargs)

    def to_internal_value(self, data):
        return clean_text(super().to_internal_value(data))


class IdentifierField(serializers.CharField):
    """An identifier (badge number, document number…): NFKC, full-width input stored
    half-width."""

    normalize = staticmethod(normalize_identifier)

    def __init__(self, *args, limit_key: str | None = None, **kwargs):
        if limit_key:
            kwargs.setdefault("max_length", limit(limit_key))
        super().__init__(*args, **kwargs)

    def to_internal_value(self, data):
        return self.normalize(super().to_internal_value(data))


class PhoneField(IdentifierField):
    normalize = staticmethod(normalize_phone)


class CreditCodeField(IdentifierField):
    normalize = staticmethod(normalize_credit_code)


class CstDateField(serializers.DateField):
    """A calendar date (China Standard Time): NFKC first, then ``core.text.parse_date_text``
    (``２０２６－１２－０２`` → 2026-12-02). Output stays ISO 8601 (``YYYY-MM-DD``)."""

    def to_internal_value(self, value):
        if isinstance(value, datetime.datetime):
            self.fail("datetime")
        if isinstance(value, datetime.date):
            return value
        if not isinstance(value, str):
            self.fail("invalid", format=DATE_FORMATS_HELP)
        try:
            parsed = parse_date_text(value)
        except ValueError:
            parsed = None
        if parsed is None:
            self.fail("invalid", format=DATE_FORMATS_HELP)
        return parsed

    default_error_messages = {
        "invalid": _("日期格式不正确，请使用 {format}。"),
        "datetime": _("需要日期，而不是日期时间。"),
    }


class AmountField(serializers.DecimalField):
    """An amount in yuan: full-width digits and point accepted (NFKC); 2 decimal places."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = normalize_digits(data)
        return super().to_internal_value(data)


class NormalizingModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose generated text and date fields normalise input
    (``FreeTextField``, ``CstDateField``)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: FreeTextField,
        models.TextField: FreeTextField,
        models.DateField: CstDateField,
    }
