"""A file that only starts like a JPEG is not an image."""
import io

import pytest

from core.errors import ValidationFailed
from hazards.files import check_evidence_files


class Upload(io.BytesIO):
    def __init__(self, data, name):
        super().__init__(data)
        self.name = name
        self.size = len(data)


def test_jpeg_header_followed_by_html_is_refused():
    polyglot = Upload(b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>", "poly.jpg")

    with pytest.raises(ValidationFailed) as caught:
        check_evidence_files([polyglot])

    assert caught.value.field == "files"


def test_a_real_photo_passes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG")

    [checked] = check_evidence_files([Upload(buffer.getvalue(), "photo.jpg")])

    assert checked.content_type == "image/jpeg"
