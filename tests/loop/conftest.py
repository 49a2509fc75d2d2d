"""Helpers for the rectification-loop tests: tiny real files (by magic bytes)."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (30, 200, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
             b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG_BYTES = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
             b"<script>alert(1)</script></svg>")


@pytest.fixture
def photo():
    return SimpleUploadedFile("现场照片.png", png_bytes(), content_type="image/png")


@pytest.fixture
def jpeg_photo():
    return SimpleUploadedFile("after.jpg", jpeg_bytes(), content_type="image/jpeg")


@pytest.fixture
def pdf_file():
    return SimpleUploadedFile("整改报告.pdf", PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def html_as_jpg():
    return SimpleUploadedFile("photo.jpg", HTML_BYTES, content_type="image/jpeg")


@pytest.fixture
def svg_as_jpg():
    return SimpleUploadedFile("photo.jpg", SVG_BYTES, content_type="image/jpeg")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
