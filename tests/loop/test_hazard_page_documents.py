"""The hazard page links each numbered document to its PDF and shows changes in words."""
import pytest
from django.urls import reverse

from hazards.enums import HazardStatus
from tests import factories

pytestmark = pytest.mark.django_db


def test_order_number_links_to_its_pdf_and_changes_show_labels(client, district_official,
                                                                enterprise):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    order = hazard.orders.get()
    client.force_login(district_official)

    page = client.get(reverse("hazards:detail", args=[hazard.pk])).content.decode()

    pdf_url = reverse("inspections:rectification_order_pdf", args=[order.pk])
    assert f'href="{pdf_url}">{order.number}</a>' in page
    assert "“reported”" not in page
