"""Filing an inspection with several findings from the page: all or nothing, errors in place."""
import datetime

import pytest
from django.urls import reverse

from core.clock import today_cst
from hazards.enums import HazardStatus
from hazards.models import Hazard, HazardTransition
from inspections.models import Inspection

pytestmark = pytest.mark.django_db

FILE = reverse("inspections:file")


def _finding(index, **fields):
    # a blank row as the browser sends it: the grade's default, nothing else
    values = {"grade": "general", "category": "", "description": "",
              "location": "", "rectification_measures": "", "responsible_person": "",
              "rectification_deadline": "", "rectification_funds": "", "accident_type": ""}
    values.update(fields)
    return {f"findings-{index}-{name}": value for name, value in values.items()}


@pytest.fixture
def partner(fuling):
    """The second badge-holding officer an enforcement inspection needs."""
    from tests import factories
    return factories.inspector("500102", display_name="李执法")


def _post_data(enterprise, *findings, kind="enforcement", inspected_on=None, rows=None,
               inspectors=()):
    data = {"enterprise": enterprise.pk, "kind": kind,
            "inspectors": [officer.pk for officer in inspectors],
            "inspected_on": (inspected_on or today_cst()).isoformat(), "notes": "例行检查",
            "findings-TOTAL_FORMS": rows or max(len(findings), 2), "findings-INITIAL_FORMS": 0,
            "findings-MIN_NUM_FORMS": 1, "findings-MAX_NUM_FORMS": 50, "submit": "1"}
    for index, finding in enumerate(findings):
        data.update(_finding(index, **{"category": "equipment_defect", **finding}))
    for index in range(len(findings), data["findings-TOTAL_FORMS"]):
        data.update(_finding(index))
    return data


NEXT_WEEK = (today_cst() + datetime.timedelta(days=7)).isoformat()


def test_filing_two_findings_creates_two_reported_hazards_with_history(client, enterprise,
                                                                       inspector, partner):
    client.force_login(inspector)

    response = client.post(FILE, _post_data(
        enterprise,
        {"description": "消防通道堵塞", "location": "一号仓库", "rectification_deadline": NEXT_WEEK},
        {"description": "配电箱未接地", "grade": "major", "category": "unlawful_act",
         "responsible_person": "李四"}, inspectors=[partner]))

    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("inspections:detail", args=[inspection.pk])
    hazards = list(Hazard.objects.order_by("id"))
    assert [h.description for h in hazards] == ["消防通道堵塞", "配电箱未接地"]
    assert [h.status for h in hazards] == [HazardStatus.REPORTED, HazardStatus.REPORTED]
    assert [h.grade for h in hazards] == ["general", "major"]
    assert all(h.inspection_id == inspection.pk for h in hazards)
    assert list(HazardTransition.objects.order_by("hazard_id")
                .values_list("hazard_id", "action", "actor")) == [
        (hazards[0].pk, "registered", inspector.pk), (hazards[1].pk, "registered", inspector.pk)]
    assert sorted(u.pk for u in inspection.inspectors.all()) == [inspector.pk, partner.pk]


def test_filed_inspection_detail_lists_its_hazards(client, enterprise, inspector, partner):
    client.force_login(inspector)

    response = client.post(FILE, _post_data(enterprise, {"description": "消防通道堵塞"},
                                            {"description": "配电箱未接地"},
                                            inspectors=[partner]), follow=True)

    body = response.content.decode()
    assert "消防通道堵塞" in body and "配电箱未接地" in body
    assert "已录入检查，登记隐患 2 条" in body


def test_blank_extra_rows_are_ignored(client, enterprise, inspector, partner):
    client.force_login(inspector)

    client.post(FILE, _post_data(enterprise, {"description": "消防通道堵塞"}, rows=4,
                                 inspectors=[partner]))

    assert Hazard.objects.count() == 1


def test_enterprise_officer_files_a_self_inspection_of_its_own_enterprise(
        client, enterprise, enterprise_officer):
    client.force_login(enterprise_officer)

    response = client.post(FILE, _post_data(enterprise, {"description": "灭火器过期"},
                                            kind="self_inspection"))

    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert (inspection.kind, inspection.enterprise) == ("self_inspection", enterprise)


def test_enterprise_officer_cannot_pick_another_enterprise(client, enterprise_officer):
    from tests import factories
    stranger = factories.EnterpriseFactory()
    client.force_login(enterprise_officer)

    response = client.post(FILE, _post_data(stranger, {"description": "灭火器过期"},
                                            kind="self_inspection"))

    assert response.status_code == 200
    assert "enterprise" in response.context["form"].errors
    assert Inspection.objects.count() == 0


def test_inspector_cannot_pick_an_enterprise_of_another_district(client, other_enterprise,
                                                                 inspector):
    client.force_login(inspector)

    response = client.post(FILE, _post_data(other_enterprise, {"description": "消防通道堵塞"}))

    assert "enterprise" in response.context["form"].errors
    assert Inspection.objects.count() == 0


def test_past_deadline_of_second_finding_is_shown_on_that_field_and_nothing_is_saved(
        client, enterprise, inspector, partner):
    client.force_login(inspector)
    yesterday = (today_cst() - datetime.timedelta(days=1)).isoformat()

    response = client.post(FILE, _post_data(
        enterprise,
        {"description": "消防通道堵塞", "location": "一号仓库"},
        {"description": "配电箱未接地", "rectification_deadline": yesterday},
        inspectors=[partner]))

    assert response.status_code == 200
    formset = response.context["formset"]
    assert "rectification_deadline" in formset.forms[1].errors
    assert not formset.forms[0].errors
    assert Inspection.objects.count() == 0
    assert Hazard.objects.count() == 0


def test_failed_submission_keeps_everything_typed(client, enterprise, inspector):
    client.force_login(inspector)

    response = client.post(FILE, _post_data(
        enterprise,
        {"description": "消防通道堵塞", "location": "一号仓库", "responsible_person": "王五"},
        {"description": "", "location": "二号车间", "rectification_measures": "立即接地"}))

    assert response.status_code == 200
    assert "description" in response.context["formset"].forms[1].errors
    body = response.content.decode()
    for typed in ("消防通道堵塞", "一号仓库", "王五", "二号车间", "立即接地", "例行检查"):
        assert typed in body
    assert f'value="{enterprise.pk}" selected' in body
    assert Inspection.objects.count() == 0


def test_future_inspection_date_is_an_error_on_the_date_field(client, enterprise, inspector):
    client.force_login(inspector)

    response = client.post(FILE, _post_data(
        enterprise, {"description": "消防通道堵塞"},
        inspected_on=today_cst() + datetime.timedelta(days=1)))

    assert "inspected_on" in response.context["form"].errors
    assert Inspection.objects.count() == 0


def test_add_finding_adds_a_row_and_keeps_what_was_typed(client, enterprise, inspector):
    client.force_login(inspector)
    data = _post_data(enterprise, {"description": "消防通道堵塞"}, {"description": "配电箱未接地"})
    data.pop("submit")
    data["add_finding"] = "1"

    response = client.post(FILE, data)

    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 3
    body = response.content.decode()
    assert "消防通道堵塞" in body and "配电箱未接地" in body
    assert Inspection.objects.count() == 0


def test_broken_management_form_is_a_form_error_not_500(client, enterprise, inspector):
    client.force_login(inspector)
    data = _post_data(enterprise, {"description": "消防通道堵塞"})
    data["findings-TOTAL_FORMS"] = "lots"

    response = client.post(FILE, data)

    assert response.status_code == 200
    assert Inspection.objects.count() == 0

