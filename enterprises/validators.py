"""Validation of the unified social credit code (统一社会信用代码, GB 32100-2015)."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from core.text import normalize_credit_code

__all__ = ["normalize_credit_code", "validate_credit_code"]


def validate_credit_code(value: str) -> None:
    """Raise ValidationError unless ``value`` is 18 characters with a valid GB 32100 check digit.

    The check digit is the weighted sum modulo 31 defined in GB 32100-2015 §4.2 (computed by
    python-stdnum's ``stdnum.cn.uscc``).
    """
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为18位，当前为%(n)d位。"), code="length",
                              params={"n": len(code)})
    try:
        uscc.validate(code)
    except Exception as exc:  # stdnum raises its own ValidationError subclasses
        raise ValidationError(_("统一社会信用代码校验位不正确（GB 32100）。"), code="check_digit") from exc
