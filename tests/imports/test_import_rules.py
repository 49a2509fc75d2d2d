"""Import actions, one predicate each (imports.rules), from the outside: only a district
official uploads; only the job's uploader maps, confirms or saves its mapping as a preset (a
colleague who can see the job gets a 403 page on GET and POST, and no button); another
district's official gets 404."""
import io

import pytest
from django.test import Client
from django.urls import reverse

from imports import services
from imports.models import ImportPreset, JobStatus
from tests import factories
from tests.imports import ledgers

pytestmark = pytest.mark.django_db


def page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def validated(importer, settings, tmp_path):
    """A job of the importer, dry-run done (validated)."""
    settings.MEDIA_ROOT = tmp_path
    job = services.job_create(actor=importer, preset=services.preset_get("cn_hazard_ledger"),
                              file=io.BytesIO(ledgers.messy_xlsx()), name="台账.xlsx",
                              district_code="500102")
    services.job_dry_run(job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.VALIDATED
    return job


@pytest.mark.parametrize(("role", "status"), [
    ("official", 200), ("inspector", 403), ("city", 403), ("officer", 403)])
def test_upload_page_by_role(role, status, importer, enterprise):
    user = {"official": lambda: importer,
            "inspector": lambda: factories.inspector("500102"),
            "city": factories.city_official,
            "officer": lambda: factories.enterprise_officer(enterprise)}[role]()

    response = page(user).get(reverse("imports:upload"))
    listing = page(user).get(reverse("imports:list")).content.decode()

    assert response.status_code == status
    assert (f'href="{reverse("imports:upload")}"' in listing) is (status == 200)


def test_the_uploader_gets_the_forms(validated, importer):
    client = page(importer)

    detail = client.get(reverse("imports:detail", args=[validated.pk])).content.decode()

    assert f'action="{reverse("imports:confirm", args=[validated.pk])}"' in detail
    assert 'data-testid="save-preset"' in detail
    assert client.get(reverse("imports:preview", args=[validated.pk])).status_code == 200
    saved = client.post(reverse("imports:save_preset", args=[validated.pk]),
                        {"code": "my-ledger", "name": "我的台账"})
    assert saved.status_code == 302
    assert ImportPreset.objects.filter(code="my-ledger", created_by=importer).exists()


@pytest.mark.parametrize("url_name", ["preview", "confirm", "save_preset"])
def test_a_colleague_who_sees_the_job_gets_403_on_get_and_post(url_name, validated, importer):
    colleague = factories.district_official("500102")
    client = page(colleague)
    url = reverse(f"imports:{url_name}", args=[validated.pk])
    data = {"mode": "all_or_nothing", "code": "stolen", "name": "别人的"}

    detail = client.get(reverse("imports:detail", args=[validated.pk]))

    assert detail.status_code == 200
    assert 'data-testid="save-preset"' not in detail.content.decode()
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    validated.refresh_from_db()
    assert validated.status == JobStatus.VALIDATED
    assert not ImportPreset.objects.filter(code="stolen").exists()


@pytest.mark.parametrize("url_name", ["detail", "preview", "confirm", "save_preset"])
def test_another_districts_official_gets_404(url_name, validated, wanzhou):
    stranger = factories.district_official("500101")

    assert page(stranger).get(reverse(f"imports:{url_name}",
                                      args=[validated.pk])).status_code == 404


def test_confirming_twice_is_refused_by_the_same_predicate(validated, importer,
                                                           django_capture_on_commit_callbacks):
    client = page(importer)
    url = reverse("imports:confirm", args=[validated.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"mode": "all_or_nothing"}).status_code == 302

    again = client.get(url)

    assert again.status_code == 403
    assert "请先试运行校验" in again.content.decode()


def test_saving_a_preset_needs_a_confirmed_mapping(importer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = services.job_create(actor=importer, preset=services.preset_get("cn_hazard_ledger"),
                              file=io.BytesIO(ledgers.messy_xlsx()), name="台账.xlsx",
                              district_code="500102")

    response = page(importer).post(reverse("imports:save_preset", args=[job.pk]),
                                   {"code": "early", "name": "太早"})

    assert response.status_code == 403
    assert not ImportPreset.objects.filter(code="early").exists()
