"""The checklist page: a search box (a plain GET form) over the clauses of this inspection, and
the sentence naming an edition in force whose text is not loaded."""
import datetime
import html

import pytest
from django.urls import reverse

from hazards.filing.checklists import inspection_start
from inspections.enums import InspectionKind
from tests import factories

pytestmark = pytest.mark.django_db


def _checklist(enterprise, inspector, partner, day):
    return inspection_start(actor=inspector, enterprise=enterprise,
                            kind=InspectionKind.ENFORCEMENT, inspected_on=day,
                            inspectors=[partner])


@pytest.fixture
def cold_store(fuling, standards):
    return factories.EnterpriseFactory(district=fuling, sector_id="industry_trade",
                                       uses_ammonia_refrigeration=True)


def test_search_box_is_a_get_form_and_lists_matching_clauses_with_links(
        client, inspector, partner, cold_store):
    inspection = _checklist(cold_store, inspector, partner, datetime.date(2023, 5, 1))
    client.force_login(inspector)
    url = reverse("inspections:checklist", args=[inspection.pk])

    response = client.get(url, {"q": "液氨"})

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert '<form method="get" class="criteria-search" role="search"' in page
    assert 'name="q" value="液氨"' in page
    ammonia = inspection.standards.get().criteria.filter(
        group_name="使用液氨制冷的行业领域").order_by("sort_order")
    for criterion in ammonia:
        assert f'href="#criterion-{criterion.pk}"' in page
    assert "“液氨”：2 条" in page


def test_search_without_matches_says_so(client, inspector, partner, cold_store):
    inspection = _checklist(cold_store, inspector, partner, datetime.date(2023, 5, 1))
    client.force_login(inspector)

    response = client.get(reverse("inspections:checklist", args=[inspection.pk]),
                          {"q": "核电站"})

    assert "本次检查适用的条款中没有找到。" in response.content.decode()


def test_checklist_after_the_switch_names_the_2023_edition(client, inspector, partner,
                                                           cold_store):
    inspection = _checklist(cold_store, inspector, partner, datetime.date(2024, 3, 1))
    client.force_login(inspector)

    response = client.get(reverse("inspections:checklist", args=[inspection.pk]))

    page = response.content.decode()
    assert ("现行《工贸企业重大事故隐患判定标准》（应急管理部令第10号）自2023年5月15日起施行"
            in page)
    assert "二、（一）1." not in page


def test_a_strangers_checklist_search_is_a_404(client, inspector, partner, other_inspector,
                                               cold_store):
    inspection = _checklist(cold_store, inspector, partner, datetime.date(2023, 5, 1))
    client.force_login(other_inspector)

    response = client.get(reverse("inspections:checklist", args=[inspection.pk]), {"q": "液氨"})

    assert response.status_code == 404
