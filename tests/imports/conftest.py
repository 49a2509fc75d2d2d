"""Fixtures for the import tests: the importing district official, reference sectors and a
helper that runs a file through the real services."""
import io

import pytest

from imports import services
from imports.models import ImportMode
from tests import factories


@pytest.fixture
def sectors(db):
    return [factories.sector("other", "其他"), factories.sector("construction", "建筑施工")]


@pytest.fixture
def importer(db, fuling, sectors):
    """The district official of 涪陵区: the one who may import into it."""
    return factories.district_official("500102", username="fuling_importer")


@pytest.fixture
def run_import(importer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

    def run(content: bytes, name: str, *, preset="cn_hazard_ledger", dry_run=False,
            mode=ImportMode.VALID_ROWS_ONLY, actor=None, options=None):
        job = services.job_create(actor=actor or importer, preset=services.preset_get(preset),
                                  file=io.BytesIO(content), name=name, district_code="500102",
                                  mode=mode, options=options)
        run = services.job_dry_run if dry_run else services.job_run
        return job, run(job=job)

    return run
