"""Scoping in one place: each role sees exactly its district or enterprise."""
import pytest
from django.http import Http404

from hazards.selectors import hazard_get_visible, hazards_visible_to
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hazards(enterprise, other_enterprise):
    sibling = factories.EnterpriseFactory(district=enterprise.district)
    return {
        "mine": factories.hazard(enterprise=enterprise),
        "sibling": factories.hazard(enterprise=sibling),
        "other_district": factories.hazard(enterprise=other_enterprise),
    }


@pytest.mark.parametrize(("persona", "visible"), [
    ("city_official", {"mine", "sibling", "other_district"}),
    ("district_official", {"mine", "sibling"}),
    ("inspector", {"mine", "sibling"}),
    ("enterprise_officer", {"mine"}),
    ("other_district_official", {"other_district"}),
    ("outsider", set()),
])
def test_each_role_sees_its_scope(persona, visible, hazards, request):
    user = request.getfixturevalue(persona)

    seen = set(hazards_visible_to(user).values_list("pk", flat=True))

    assert seen == {hazards[name].pk for name in visible}
    for name, hazard in hazards.items():
        if name not in visible:
            with pytest.raises(Http404):
                hazard_get_visible(user, hazard.pk)


def test_inactive_user_sees_nothing(district_official, hazards):
    district_official.is_active = False

    assert not hazards_visible_to(district_official).exists()
