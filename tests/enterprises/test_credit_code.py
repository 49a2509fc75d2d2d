import pytest
from django.core.exceptions import ValidationError

from enterprises.validators import normalize_credit_code, validate_credit_code


def test_valid_code_passes():
    validate_credit_code("91110000600037341L")


@pytest.mark.parametrize("value", ["91110000600037341M", "9111000060003734", "ABCDEFGHIJKLMNOPQR"])
def test_wrong_check_digit_or_length_is_refused(value):
    with pytest.raises(ValidationError):
        validate_credit_code(value)


def test_full_width_and_spaces_are_folded():
    assert normalize_credit_code(" ９１１１００００６０００３７３４１ｌ ") == "91110000600037341L"
