"""The server-rendered pages: each persona sees its pages, strangers get 404."""
import datetime

import pytest
import time_machine
from django.urls import reverse

from hazards.enums import HazardStatus
from tests import factories

pytestmark = pytest.mark.django_db


def test_login_page_renders_in_chinese(client):
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("hazards:register"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_login_then_home_lands_district_official_on_the_district_dashboard(client,
                                                                         district_official):
    response = client.post(reverse("accounts:login"),
                           {"username": district_official.username, "password": "pass-word-123"},
                           follow=True)

    assert response.redirect_chain[-1][0] == reverse("oversight:district_dashboard")
    assert "区县工作台" in response.content.decode()


def test_home_lands_enterprise_officer_on_its_own_hazards(client, enterprise_officer):
    client.force_login(enterprise_officer)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse("hazards:my_hazards")


def test_logout_is_a_post_and_ends_the_session(client, inspector):
    client.force_login(inspector)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert client.get(reverse("hazards:register")).status_code == 302


def test_header_shows_name_role_and_district(client, district_official):
    client.force_login(district_official)

    body = client.get(reverse("hazards:register")).content.decode()

    assert district_official.display_name in body
    assert "区县管理人员" in body
    assert "涪陵区" in body


@pytest.mark.parametrize("persona", ["city_official", "district_official", "inspector"])
def test_register_renders_for_office_roles(client, request, persona):
    user = request.getfixturevalue(persona)
    factories.hazard(enterprise=factories.EnterpriseFactory(), description="配电箱未接地")
    client.force_login(user)

    response = client.get(reverse("hazards:register"))

    assert response.status_code == 200
    assert "配电箱未接地" in response.content.decode()


def test_register_sends_enterprise_officer_to_its_own_list(client, enterprise_officer):
    client.force_login(enterprise_officer)

    response = client.get(reverse("hazards:register"))

    assert response.status_code == 302
    assert response.url == reverse("hazards:my_hazards")


def test_my_hazards_shows_only_the_officers_enterprise(client, enterprise, enterprise_officer):
    factories.hazard(enterprise=enterprise, description="本企业的隐患")
    factories.hazard(enterprise=factories.EnterpriseFactory(), description="别家企业的隐患")
    client.force_login(enterprise_officer)

    body = client.get(reverse("hazards:my_hazards")).content.decode()

    assert "本企业的隐患" in body
    assert "别家企业的隐患" not in body


def test_my_hazards_calls_for_evidence_on_rectifying_hazards(client, enterprise,
                                                             enterprise_officer):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    client.force_login(enterprise_officer)

    response = client.get(reverse("hazards:my_hazards"))

    body = response.content.decode()
    assert "有 1 条隐患待您整改" in body
    assert "提交整改材料" in body
    assert reverse("hazards:detail", args=[hazard.pk]) in body


def test_my_hazards_sends_office_roles_to_the_register(client, inspector):
    client.force_login(inspector)

    response = client.get(reverse("hazards:my_hazards"))

    assert response.url == reverse("hazards:register")


@pytest.mark.parametrize("persona", ["city_official", "district_official", "inspector",
                                     "enterprise_officer"])
def test_hazard_detail_renders_for_everyone_in_scope(client, request, enterprise, persona):
    user = request.getfixturevalue(persona)
    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise,
                                 description="储罐区可燃气体报警器失效")
    client.force_login(user)

    response = client.get(reverse("hazards:detail", args=[hazard.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "储罐区可燃气体报警器失效" in body
    assert response.context["hazard"] == hazard


def test_hazard_detail_shows_full_history_with_actors(client, enterprise, district_official):
    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise)
    client.force_login(district_official)

    response = client.get(reverse("hazards:detail", args=[hazard.pk]))

    steps = response.context["transitions"]
    assert [step.action for step in steps] == ["registered", "rectification_ordered",
                                               "evidence_submitted"]
    body = response.content.decode()
    for step in steps:
        assert step.get_action_display() in body
        assert str(step.actor) in body
    assert "已整改" in body  # the evidence text


def test_hazard_detail_passes_offered_actions_to_the_panel(client, enterprise,
                                                           district_official):
    hazard = factories.hazard(enterprise=enterprise)
    client.force_login(district_official)

    response = client.get(reverse("hazards:detail", args=[hazard.pk]))

    assert [a.slug for a in response.context["offered_actions"]] == ["order", "close-on-spot"]


def test_hazard_detail_of_another_district_is_404(client, enterprise, other_district_official):
    hazard = factories.hazard(enterprise=enterprise)
    client.force_login(other_district_official)

    response = client.get(reverse("hazards:detail", args=[hazard.pk]))

    assert response.status_code == 404


def test_hazard_detail_of_another_enterprise_is_404(client, enterprise_officer):
    hazard = factories.hazard(enterprise=factories.EnterpriseFactory())
    client.force_login(enterprise_officer)

    response = client.get(reverse("hazards:detail", args=[hazard.pk]))

    assert response.status_code == 404


def test_inspection_detail_lists_its_hazards(client, enterprise, inspector):
    hazard = factories.hazard(enterprise=enterprise, actor=inspector, description="安全出口上锁")
    client.force_login(inspector)

    response = client.get(reverse("inspections:detail", args=[hazard.inspection_id]))

    assert response.status_code == 200
    assert "安全出口上锁" in response.content.decode()


def test_inspection_detail_of_another_district_is_404(client, enterprise,
                                                      other_district_official):
    hazard = factories.hazard(enterprise=enterprise)
    client.force_login(other_district_official)

    response = client.get(reverse("inspections:detail", args=[hazard.inspection_id]))

    assert response.status_code == 404


def test_inspection_detail_of_another_enterprise_is_404(client, enterprise_officer):
    hazard = factories.hazard(enterprise=factories.EnterpriseFactory())
    client.force_login(enterprise_officer)

    response = client.get(reverse("inspections:detail", args=[hazard.inspection_id]))

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["district_official", "inspector", "enterprise_officer"])
def test_inspection_form_renders_for_filing_roles(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("inspections:file"))

    assert response.status_code == 200
    assert "findings-TOTAL_FORMS" in response.content.decode()


def test_inspection_form_is_forbidden_to_city_official(client, city_official):
    client.force_login(city_official)

    assert client.get(reverse("inspections:file")).status_code == 403


def test_language_switch_to_english_keeps_working(client, district_official):
    client.force_login(district_official)

    response = client.post(reverse("set_language"),
                           {"language": "en", "next": reverse("hazards:register")}, follow=True)

    assert response.status_code == 200
    assert response.context["LANGUAGE_CODE"] == "en"


def test_hazard_history_times_are_china_standard_time(client, enterprise, district_official):
    # 16:30 UTC on 1 March is 00:30 on 2 March in Beijing
    with time_machine.travel(datetime.datetime(2026, 3, 1, 16, 30, tzinfo=datetime.UTC),
                             tick=False):
        hazard = factories.hazard(enterprise=enterprise)
    client.force_login(district_official)

    body = client.get(reverse("hazards:detail", args=[hazard.pk])).content.decode()

    assert "2026-03-02 00:30" in body
