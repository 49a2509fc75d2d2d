"""The job list costs the same number of queries for 1 or 10 jobs, and the task adapter does
nothing for a job that is not queued."""
import io

import pytest
from django.urls import reverse

from hazards.models import Hazard
from imports import dispatch, services
from imports.models import JobStatus
from imports.tasks import run_import
from tests.imports import ledgers


def make_jobs(importer, count):
    preset = services.preset_get("cn_hazard_ledger")
    return [services.job_create(actor=importer, preset=preset,
                                file=io.BytesIO(ledgers.messy_csv()), name=f"{n}.csv",
                                district_code="500102") for n in range(count)]


@pytest.mark.parametrize("count", [1, 10])
def test_job_list_queries_do_not_grow_with_jobs(client, importer, settings, tmp_path,
                                                django_assert_max_num_queries, count):
    settings.MEDIA_ROOT = tmp_path
    make_jobs(importer, count)
    client.force_login(importer)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("imports:list"))

    assert len(response.context["jobs"]) == count


def test_task_ignores_a_job_that_is_not_queued(importer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = make_jobs(importer, 1)[0]

    run_import(job_id=job.pk)
    run_import(job_id=job.pk + 1000)

    job.refresh_from_db()
    assert job.status == JobStatus.UPLOADED
    assert Hazard.objects.count() == 0


def test_confirm_needs_the_dry_run_first(importer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = make_jobs(importer, 1)[0]

    from core.errors import TransitionNotAllowed
    with pytest.raises(TransitionNotAllowed):
        dispatch.job_confirm(job=job, actor=importer, mode="all_or_nothing")
