"""Uploads (brief §9): the cost of decoding an image is bounded before decoding (pixel count,
one decode per file); files written for a transaction that rolls back are removed."""
import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from core.errors import ValidationFailed
from hazards import services
from hazards.enums import HazardStatus
from hazards.files import check_evidence_files
from hazards.filing.photos import prepare_photos
from hazards.orphan_files import orphan_files_delete
from tests import factories


def png(width, height, mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """8,900 × 8,900 pixels of one colour: about 230 KB as a PNG, 237 MB once decoded."""
    return png(8900, 8900)


@pytest.fixture
def decodes(monkeypatch):
    """Counts Pillow's pixel decoders started (one per image tile; a PNG or JPEG has one)."""
    started = []
    real = Image._getdecoder

    def counting(*args, **kwargs):
        started.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(Image, "_getdecoder", counting)
    return started


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_the_8900_pixel_png_of_230_kb_is_refused_without_decoding(bomb, decodes):
    assert 200_000 < len(bomb) < 260_000

    for check in (lambda f: check_evidence_files([f]), lambda f: prepare_photos([f])):
        with pytest.raises(ValidationFailed) as caught:
            check(upload(bomb, "现场.png"))
        assert "8900×8900" in caught.value.message

    assert decodes == []


def test_a_small_file_unpacking_to_many_pixels_is_refused_under_the_pixel_limit(decodes):
    flat = png(4500, 4500)  # 20 MP, under the 24 MP limit, but a few KB: a bomb's ratio

    with pytest.raises(ValidationFailed):
        check_evidence_files([upload(flat, "flat.png")])
    assert decodes == []


def test_a_phone_photo_is_decoded_exactly_once(decodes):
    photo = io.BytesIO()
    Image.effect_noise((4000, 3000), 30).convert("RGB").save(photo, "JPEG", quality=80)

    prepared = prepare_photos([upload(photo.getvalue(), "IMG_0001.jpg")])

    assert (prepared[0].width, prepared[0].height) == (1600, 1200)
    assert decodes == ["jpeg"]


def test_evidence_images_are_decoded_once_to_prove_they_are_images(decodes):
    photo = io.BytesIO()
    Image.new("RGB", (1200, 900), "green").save(photo, "PNG")

    check_evidence_files([upload(photo.getvalue(), "a.png")])

    assert decodes == ["zip"]  # PNG's decoder


@pytest.mark.django_db
def test_files_of_a_rolled_back_evidence_upload_are_removed(enterprise, enterprise_officer,
                                                             settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    photo = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(photo, "PNG")
    kept = services.hazard_submit_evidence(
        hazard=factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise),
        actor=enterprise_officer, description="先交的材料",
        files=[upload(photo.getvalue(), "kept.png")]).latest_evidence.files.get()

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        services.hazard_submit_evidence(hazard=hazard, actor=enterprise_officer,
                                        description="已整改",
                                        files=[upload(photo.getvalue(), "rolled-back.png")])
        raise Abort

    month = datetime.date.today().strftime("%Y/%m")
    written = default_storage.listdir(f"evidence/{month}")[1]
    assert len(written) == 2  # the committed file and the orphan

    # a file younger than the grace period may belong to a transaction still running
    assert orphan_files_delete() == []
    deleted = orphan_files_delete(grace=datetime.timedelta(0))

    assert len(deleted) == 1
    assert default_storage.listdir(f"evidence/{month}")[1] == [kept.file.name.rsplit("/", 1)[1]]
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING
