"""Standards in the admin (read-only once in use, new version, spreadsheet import) and query
counts of the record and checklist pages (no N+1)."""
import io

import pytest
from django.urls import reverse

from core.clock import today_cst
from hazards.filing.checklists import (
    CheckItem,
    GeneralFinding,
    checklist_criteria,
    inspection_record_checklist,
    inspection_start,
)
from inspections.enums import CheckResult, InspectionKind
from inspections.models import HazardStandard
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    return client


def cite(standard):
    enterprise = factories.EnterpriseFactory(sector_id=standard.sector_id)
    factories.hazard(enterprise=enterprise, criterion=standard.criteria.first())


def test_admin_shows_a_standard_in_use_read_only(admin_client, standards):
    standard = HazardStandard.objects.get(code="fireworks-2017")
    cite(standard)
    url = reverse("admin:inspections_hazardstandard_change", args=[standard.pk])

    page = admin_client.get(url).content.decode()
    admin_client.post(url, {"title": "改", "code": standard.code, "sector": standard.sector_id})

    assert 'name="title"' not in page
    assert "创建新版本" in page
    assert HazardStandard.objects.get(pk=standard.pk).title == standard.title


def test_admin_new_version_action(admin_client, standards):
    old = HazardStandard.objects.get(code="industry-trade-2017")

    response = admin_client.post(
        reverse("admin:inspections_hazardstandard_new_version", args=[old.pk]),
        {"version": "2023", "title": "工贸企业重大事故隐患判定标准",
         "document_number": "应急管理部令第10号", "copy_criteria": "on"})

    new = HazardStandard.objects.get(code="industry-trade-2017-v2023")
    assert response.status_code == 302
    assert (new.is_current, new.criteria.count()) == (True, 59)
    old.refresh_from_db()
    assert old.superseded_by == new


def test_admin_import_action(admin_client, standards):
    standard = HazardStandard.objects.create(sector_id="gas", code="gas-local", title="燃气")
    upload = io.BytesIO("条款号,条款内容\n1.1,未取得燃气经营许可证\n".encode())
    upload.name = "gas.csv"

    response = admin_client.post(
        reverse("admin:inspections_hazardstandard_import", args=[standard.pk]), {"file": upload})

    assert response.status_code == 302
    assert standard.criteria.get().number == "1.1"


def _inspection_with(n_findings, enterprise, inspector, partner):
    inspection = inspection_start(actor=inspector, enterprise=enterprise,
                                  kind=InspectionKind.ENFORCEMENT, inspected_on=today_cst(),
                                  inspectors=[partner])
    items = [CheckItem(criterion=c, result=CheckResult.COMPLIANT)
             for c in checklist_criteria(inspection)]
    for item in items[:n_findings]:
        item.result = CheckResult.NON_COMPLIANT
    inspection_record_checklist(inspection=inspection, actor=inspector, items=items,
                                general_findings=[GeneralFinding(description=f"一般隐患{i}")
                                                  for i in range(n_findings)])
    return inspection


def test_record_page_queries_do_not_grow_with_findings(client, chemical_enterprise, fuling,
                                                       inspector, partner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = _inspection_with(1, chemical_enterprise, inspector, partner)
    other = factories.EnterpriseFactory(district=fuling, sector_id="hazardous_chemicals")
    large = _inspection_with(10, other, inspector, partner)
    client.force_login(inspector)
    counts = []
    for inspection in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("inspections:record",
                                      args=[inspection.pk])).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_checklist_page_queries_are_constant(client, chemical_enterprise, inspector, partner,
                                             django_assert_max_num_queries):
    inspection = inspection_start(actor=inspector, enterprise=chemical_enterprise,
                                  kind=InspectionKind.ENFORCEMENT, inspected_on=today_cst(),
                                  inspectors=[partner])
    client.force_login(inspector)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("inspections:checklist", args=[inspection.pk]))

    assert response.status_code == 200
