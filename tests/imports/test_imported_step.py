"""hazards.services.hazard_record_imported_step: the one door for historical steps."""
import datetime

import pytest

from core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from hazards.enums import HazardAction, HazardStatus
from hazards.services import hazard_record_imported_step
from tests import factories

pytestmark = pytest.mark.django_db

PAST = datetime.date(2019, 3, 31)
SOURCE = {"preset": "test", "row": 7}


def test_imported_order_accepts_a_past_deadline_and_marks_the_history(district_official):
    hazard = factories.hazard()

    hazard = hazard_record_imported_step(
        hazard=hazard, actor=district_official, action=HazardAction.RECTIFICATION_ORDERED,
        source=SOURCE, rectification_deadline=PAST)

    assert (hazard.status, hazard.rectification_deadline) == (HazardStatus.RECTIFYING, PAST)
    assert hazard.is_overdue()
    step = hazard.transitions.last()
    assert step.data == {"imported": True, "source": SOURCE,
                         "rectification_deadline": "2019-03-31"}
    assert step.actor == district_official


def test_imported_order_needs_a_deadline(district_official):
    with pytest.raises(ValidationFailed):
        hazard_record_imported_step(hazard=factories.hazard(), actor=district_official,
                                    action=HazardAction.RECTIFICATION_ORDERED, source=SOURCE)


def test_imported_steps_are_limited_to_the_replayable_actions(district_official):
    with pytest.raises(ValidationFailed):
        hazard_record_imported_step(hazard=factories.hazard(), actor=district_official,
                                    action=HazardAction.DEADLINE_EXTENDED, source=SOURCE)


def test_imported_steps_keep_the_transition_table_and_roles(district_official,
                                                            other_district_official):
    hazard = factories.hazard()

    with pytest.raises(TransitionNotAllowed):
        hazard_record_imported_step(hazard=hazard, actor=district_official,
                                    action=HazardAction.VERIFICATION_PASSED, source=SOURCE)
    with pytest.raises(PermissionDenied):
        hazard_record_imported_step(hazard=hazard, actor=other_district_official,
                                    action=HazardAction.CLOSED_ON_SPOT, source=SOURCE)
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.REPORTED
