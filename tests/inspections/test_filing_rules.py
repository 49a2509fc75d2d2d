"""The inspector's day, one predicate per action, seen from the outside: filing, the checklist
start, filling the checklist, signing, adding photos, downloading documents. The right person
gets the form (and the button), someone who may see the record but is not one of its officers
gets a 403 page on GET and POST, a stranger 404."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from hazards.models import FindingPhoto
from inspections.enums import InspectionKind
from tests import factories

pytestmark = pytest.mark.django_db


def page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 10)).save(buffer, format="JPEG")
    return SimpleUploadedFile("现场.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def unsigned(enterprise, inspector):
    """An unsigned enforcement record by ``inspector`` (and a colleague) with one finding."""
    hazard = factories.hazard(enterprise=enterprise, actor=inspector)
    return hazard.inspection, hazard


@pytest.mark.parametrize(("role", "status"), [
    ("inspector", 200), ("official", 200), ("officer", 200), ("city", 403), ("outsider", 403)])
def test_filing_page_by_role(role, status, enterprise):
    user = {"inspector": lambda: factories.inspector("500102"),
            "official": lambda: factories.district_official("500102"),
            "officer": lambda: factories.enterprise_officer(enterprise),
            "city": factories.city_official,
            "outsider": lambda: factories.UserFactory(role="")}[role]()

    response = page(user).get(reverse("inspections:file"))

    assert response.status_code == status
    if status == 403:
        assert 'data-testid="forbidden"' in response.content.decode()


@pytest.mark.parametrize(("role", "status"), [
    ("inspector", 200), ("official", 200), ("officer", 403), ("city", 403)])
def test_checklist_start_by_role(role, status, enterprise):
    user = {"inspector": lambda: factories.inspector("500102"),
            "official": lambda: factories.district_official("500102"),
            "officer": lambda: factories.enterprise_officer(enterprise),
            "city": factories.city_official}[role]()

    assert page(user).get(reverse("inspections:checklist_start")).status_code == status
    assert page(user).post(reverse("inspections:checklist_start"), {}).status_code == (
        200 if status == 200 else 403)


def test_sign_page_for_its_officer_403_for_a_colleague_404_for_a_stranger(unsigned, inspector,
                                                                          wanzhou):
    inspection, _hazard = unsigned
    url = reverse("inspections:sign", args=[inspection.pk])
    colleague = factories.inspector("500102")  # same district, not on this inspection
    stranger = factories.inspector("500101")

    record = page(inspector).get(reverse("inspections:record", args=[inspection.pk]))
    colleague_record = page(colleague).get(reverse("inspections:record", args=[inspection.pk]))

    assert page(inspector).get(url).status_code == 200
    assert f'href="{url}"' in record.content.decode()
    assert f'href="{url}"' not in colleague_record.content.decode()
    assert page(colleague).get(url).status_code == 403
    assert page(colleague).post(url, {"enterprise_representative": "张三"}).status_code == 403
    assert page(stranger).get(url).status_code == 404
    inspection.refresh_from_db()
    assert not inspection.is_signed


def test_checklist_page_for_its_officer_only(chemical_enterprise, inspector, partner, wanzhou):
    from core.clock import today_cst
    from hazards.filing.checklists import inspection_start

    inspection = inspection_start(actor=inspector, enterprise=chemical_enterprise,
                                  kind=InspectionKind.ENFORCEMENT, inspected_on=today_cst(),
                                  inspectors=[partner])
    url = reverse("inspections:checklist", args=[inspection.pk])
    colleague = factories.inspector(chemical_enterprise.district_id)

    assert page(partner).get(url).status_code == 200
    assert page(colleague).get(url).status_code == 403
    assert page(colleague).post(url, {}).status_code == 403
    assert page(factories.inspector("500101")).get(url).status_code == 404
    assert not inspection.check_results.exists()


def test_photo_upload_for_its_officer_403_otherwise_and_404_for_a_stranger(unsigned, inspector,
                                                                           wanzhou):
    inspection, hazard = unsigned
    url = reverse("inspections:finding_photo_add", args=[hazard.pk])
    record_url = reverse("inspections:record", args=[inspection.pk])
    colleague = factories.inspector("500102")

    shown = page(inspector).get(record_url).content.decode()
    hidden = page(colleague).get(record_url).content.decode()
    added = page(inspector).post(url, {"photos": [jpeg()]})
    refused = page(colleague).post(url, {"photos": [jpeg()]})
    stranger = page(factories.inspector("500101")).post(url, {"photos": [jpeg()]})

    assert f'action="{url}"' in shown and f'action="{url}"' not in hidden
    assert added.status_code == 302
    assert refused.status_code == 403
    assert stranger.status_code == 404
    assert FindingPhoto.objects.filter(hazard=hazard).count() == 1


def test_photo_upload_after_signing_is_refused(unsigned, inspector):
    from hazards.filing.signing import inspection_sign

    inspection, hazard = unsigned
    team = list(inspection.inspectors.all())
    inspection_sign(inspection=inspection, actor=inspector,
                    passwords={o.pk: "pass-word-123" for o in team},
                    enterprise_representative="张三")

    response = page(inspector).post(reverse("inspections:finding_photo_add", args=[hazard.pk]),
                                    {"photos": [jpeg()]})

    assert response.status_code == 403
    assert "已签署" in response.content.decode()
    assert not FindingPhoto.objects.filter(hazard=hazard).exists()


def test_documents_download_for_whoever_sees_the_hazard_and_404_for_a_stranger(
        enterprise, enterprise_officer, wanzhou):
    from hazards.enums import HazardStatus

    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    order = hazard.orders.get()
    url = reverse("inspections:rectification_order_pdf", args=[order.pk])

    assert page(enterprise_officer).get(url).status_code == 200
    assert page(factories.enterprise_officer(
        factories.EnterpriseFactory(district=wanzhou))).get(url).status_code == 404
    assert page(factories.district_official("500101")).get(url).status_code == 404
