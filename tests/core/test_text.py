"""core.text: the one set of normalisation rules and length limits."""
import datetime

import pytest
from django.apps import apps

from core.text import (
    TEXT_LIMITS,
    clean_text,
    limit,
    normalize_credit_code,
    normalize_identifier,
    normalize_phone,
    parse_date_text,
)


def test_free_text_keeps_full_width_punctuation_and_loses_bidi_controls():
    typed = "\u3000配电箱未接地（２号车间），\u202egnp.exe\u200f\u3000"

    assert clean_text(typed) == "配电箱未接地（２号车间），gnp.exe"


def test_identifiers_are_stored_half_width():
    assert normalize_identifier("\u3000５００１０２\u3000０００１\u202c ") == "500102 0001"
    assert normalize_phone("０２３－７２８８\u3000６６６６") == "023-7288 6666"
    assert normalize_credit_code(" ９１１１ ００００６０００３７３４１ｌ") == "91110000600037341L"


@pytest.mark.parametrize("typed", ["2026-12-02", "2026-12-2", "2026/12/2", "2026.12.02",
                                   "20261202", "2026年12月2日", "２０２６－１２－０２",
                                   "２０２６年１２月２日", " ２０２６／１２／０２ "])
def test_dates_in_every_accepted_spelling(typed):
    assert parse_date_text(typed) == datetime.date(2026, 12, 2)


@pytest.mark.parametrize("typed", ["12/2/2026", "٢٠٢٦-١٢-٠٢", "2026-02-30", "2026-12",
                                   "tomorrow", "2026-12-02T10:00"])
def test_dates_that_would_need_a_guess_are_refused(typed):
    with pytest.raises(ValueError):
        parse_date_text(typed)


def test_an_empty_date_is_none():
    assert parse_date_text("　") is None


def test_an_unknown_limit_is_an_error_not_no_limit():
    with pytest.raises(KeyError):
        limit("hazard.descripton")


def test_model_columns_take_their_length_from_the_one_table():
    for key, maximum in TEXT_LIMITS.items():
        entity, _, name = key.partition(".")
        model = {"enterprise": "enterprises.Enterprise", "user": "accounts.User",
                 "inspection": "inspections.Inspection", "hazard": "hazards.Hazard",
                 "plan": "hazards.RectificationPlan",
                 "supervision": "hazards.Supervision"}.get(entity)
        if model is None:
            continue
        field = apps.get_model(model)._meta.get_field(name)
        if field.get_internal_type() == "CharField":
            assert field.max_length == maximum, key
