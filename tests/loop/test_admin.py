"""The loop's records are visible, not editable, in the admin."""
import pytest

from hazards.enums import HazardStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["rectificationorder", "verification", "deadlineextension",
                                   "supervision", "rectificationplan", "documentsequence"])
def test_loop_admin_lists_open_and_offer_no_add(model, client, enterprise):
    factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise, grade="major")
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))

    assert client.get(f"/admin/hazards/{model}/").status_code == 200
    assert client.get(f"/admin/hazards/{model}/add/").status_code == 403
