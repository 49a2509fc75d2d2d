"""Figures as of a past instant come from the history and never drift: the spans equal an
independent replay (the field-level audit of django-simple-history), the incremental refresh
equals a rebuild from scratch, and acting today leaves last quarter's figures alone."""
import datetime
import itertools

import pytest
import time_machine

from hazards import services
from hazards.enums import DEADLINE_RUNNING_STATUSES, HazardAction, HazardStatus
from hazards.models import Hazard, HazardTransition, Supervision
from oversight import figures as F
from oversight.models import StateSpan
from oversight.periods import Period, cst_midnight
from oversight.scope import Scope
from oversight.spans import DEADLINE_KEYS, spans_rebuild_all, spans_refresh
from tests import factories

from .conftest import CST, NOW

pytestmark = pytest.mark.django_db


def _reference_state_at(instant: datetime.datetime, last_day: datetime.date) -> dict:
    """Per district: open, overdue and supervised hazards at ``instant``, replayed in Python
    from simple-history's records of the Hazard row (status and deadline as saved) and the
    Supervision rows' dates — a different record from the transitions the spans read."""
    counts = {}
    for hazard in Hazard.objects.all():
        records = [r for r in hazard.history.all() if r.history_date < instant]
        if not records or hazard.registered_at >= instant:
            continue
        state = max(records, key=lambda r: (r.history_date, r.history_id))
        if state.status == HazardStatus.CLOSED:
            continue
        row = counts.setdefault(hazard.district_id, {"open": 0, "overdue": 0, "supervised": 0})
        row["open"] += 1
        if (state.status in DEADLINE_RUNNING_STATUSES
                and state.rectification_deadline < last_day):
            row["overdue"] += 1
        for supervision in Supervision.objects.filter(hazard=hazard):
            if supervision.started_on <= last_day and (
                    supervision.lifted_on is None or supervision.lifted_on > last_day):
                row["supervised"] += 1
    return counts


MONTH_ENDS = [Period.containing("month", datetime.date(year, month, 1))
              for year, month in itertools.product((2024, 2025), range(1, 13))
              if (year, month) < (2025, 7)]


def test_state_at_every_month_end_equals_the_independent_replay(scenario):
    for month in MONTH_ENDS:
        rows = F.figures(scope=Scope(), period=month, group_by="district", now=NOW)
        got = {code: {"open": row["open_at_end"], "overdue": row["overdue_at_end"],
                      "supervised": row["supervised_at_end"]}
               for code, row in rows.items() if row["open_at_end"]}

        assert got == _reference_state_at(month.bounds[1], month.end), month.key


def _spans():
    return sorted(StateSpan.objects.values_list(
        "hazard_id", "district_id", "grade", "inspection_kind", "status", "deadline",
        "supervised", "valid_from", "valid_to"))


def test_incremental_refresh_equals_a_rebuild_from_scratch(scenario):
    hazards = scenario.hazards
    with time_machine.travel(datetime.datetime(2025, 7, 16, 9, tzinfo=CST), tick=False):
        services.hazard_submit_evidence(hazard=Hazard.objects.get(pk=hazards["F4"].pk),
                                        actor=scenario.staff["500102"]["inspectors"][1],
                                        description="已整改")
    with time_machine.travel(datetime.datetime(2025, 7, 16, 10, tzinfo=CST), tick=False):
        services.hazard_close_on_spot(hazard=Hazard.objects.get(pk=hazards["F5"].pk),
                                      actor=scenario.staff["500102"]["inspectors"][0],
                                      note="现场整改")
        assert spans_refresh() == 2
        incremental = _spans()

    spans_rebuild_all()

    assert _spans() == incremental
    assert len(incremental) > len(hazards)


def test_closing_a_hazard_today_leaves_last_quarters_figures_unchanged(scenario):
    before = F.compare(scope=Scope(district="500102"), period=Period.containing(
        "quarter", datetime.date(2025, 4, 1)), now=NOW)
    later = datetime.datetime(2025, 7, 20, 10, tzinfo=CST)
    with time_machine.travel(later, tick=False):
        hazard = Hazard.objects.get(pk=scenario.hazards["F4"].pk)
        services.hazard_submit_evidence(hazard=hazard, actor=scenario.staff["500102"][
            "inspectors"][1], description="已整改")
        services.hazard_verify(hazard=Hazard.objects.get(pk=hazard.pk),
                               actor=scenario.staff["500102"]["inspectors"][0], passed=True,
                               officers=factories.signatures(
                                   *scenario.staff["500102"]["inspectors"]))
        spans_refresh()

        after = F.compare(scope=Scope(district="500102"), period=before.period, now=later)

    assert Hazard.objects.get(pk=hazard.pk).status == HazardStatus.CLOSED
    assert after == before


def test_every_deadline_setting_history_row_records_its_date(scenario):
    rows = HazardTransition.objects.filter(action__in=list(DEADLINE_KEYS))
    actions = set(rows.values_list("action", flat=True))

    assert actions == {HazardAction.RECTIFICATION_ORDERED, HazardAction.SELF_RECTIFICATION_STARTED,
                       HazardAction.VERIFICATION_FAILED, HazardAction.DEADLINE_EXTENDED}
    for row in rows:
        assert datetime.date.fromisoformat(row.data[DEADLINE_KEYS[row.action]]), row.action


def test_a_backdated_registration_is_counted_in_its_period_after_the_refresh(scenario):
    with time_machine.travel(NOW, tick=False):

        factories.hazard(enterprise=scenario.enterprises["E1"],
                         registered_at=datetime.datetime(2025, 5, 3, 9, tzinfo=CST))
        spans_refresh()
    q2 = Period.containing("quarter", datetime.date(2025, 5, 1))

    row = F.figures(scope=Scope(district="500102"), period=q2, now=NOW)[None]

    assert (row["found"], row["open_at_end"]) == (6, 5)
    assert cst_midnight(q2.end) < q2.bounds[1]
