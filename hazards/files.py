"""Evidence files: content checks and storage.

A file is accepted when its CONTENT (magic bytes, via the ``filetype`` package) is one of the
allowed types, whatever its name says: an HTML or SVG page named ``photo.jpg`` is refused.
Allowed by default: JPEG, PNG, WebP, HEIC/HEIF (phone photos) and PDF
(``HAZARD_EVIDENCE_ALLOWED_TYPES``). Size limit per file: ``HAZARD_EVIDENCE_MAX_BYTES``
(default 10 MiB); at most ``HAZARD_EVIDENCE_MAX_FILES`` (default 10) per submission.
"""
import hashlib
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import ValidationFailed

DEFAULT_ALLOWED_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/heic": "heic",
    "image/heif": "heif",
    "application/pdf": "pdf",
}


def max_bytes() -> int:
    return getattr(settings, "HAZARD_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


def max_files() -> int:
    return getattr(settings, "HAZARD_EVIDENCE_MAX_FILES", 10)


def allowed_types() -> dict[str, str]:
    return getattr(settings, "HAZARD_EVIDENCE_ALLOWED_TYPES", DEFAULT_ALLOWED_TYPES)


# Magic bytes alone let through a polyglot (a JPEG header followed by HTML); these types are
# decoded in full, so only real images pass. HEIC needs a plugin Pillow lacks; PDF is not an
# image.
DECODABLE_IMAGES = frozenset({"image/jpeg", "image/png", "image/webp"})


# The cost of decoding is bounded before decoding (the header gives the size): at most
# HAZARD_IMAGE_MAX_PIXELS pixels (24 MP: a phone's default photo is 12 MP), and above
# SMALL_IMAGE_PIXELS an image must carry at least one byte per BOMB_PIXELS_PER_BYTE pixels, so a
# small file that would unpack into a huge bitmap (a decompression bomb, e.g. an 8,900 × 8,900
# PNG of 230 KB) is refused unread.
SMALL_IMAGE_PIXELS = 4_000_000
BOMB_PIXELS_PER_BYTE = 100


def max_image_pixels() -> int:
    return getattr(settings, "HAZARD_IMAGE_MAX_PIXELS", 24_000_000)


def open_image_bounded(upload, *, name: str, size: int, field: str):
    """Open ``upload`` with Pillow reading only its header, and refuse it before any decoding
    when its pixel count is over the bound (see above). Output: the lazily opened PIL image
    (the caller decodes it once). Errors: ValidationFailed naming ``field``."""
    import io

    from PIL import Image

    upload.seek(0)
    # Pillow closes the stream it was given; the upload must stay open for storing
    content = io.BytesIO(upload.read())
    upload.seek(0)
    try:
        image = Image.open(content)
    except Exception as exc:  # Pillow raises many types for unreadable data
        raise ValidationFailed(_("文件“%(name)s”不是完整的图片，无法打开。") % {"name": name},
                               field=field) from exc
    width, height = image.size
    pixels = width * height
    if pixels > max_image_pixels() or (
            pixels > SMALL_IMAGE_PIXELS and size * BOMB_PIXELS_PER_BYTE < pixels):
        image.close()
        raise ValidationFailed(
            _("图片“%(name)s”尺寸过大（%(w)d×%(h)d 像素），请使用手机默认分辨率拍摄的照片。")
            % {"name": name, "w": width, "h": height}, field=field)
    return image


def _decodes_as_image(upload, *, name: str, size: int, field: str) -> bool:
    image = open_image_bounded(upload, name=name, size=size, field=field)
    try:
        with image:
            image.load()
    except Exception:  # Pillow raises many types for corrupt data; all mean "not an image"
        return False
    return True


@dataclass
class CheckedFile:
    """An uploaded file that passed the checks, with what its content is."""

    upload: object
    original_name: str
    content_type: str
    extension: str
    size: int
    sha256: str


def check_evidence_files(files, *, field: str = "files",
                         decode_images: bool = True) -> list[CheckedFile]:
    """Check uploaded files (Django ``UploadedFile``s or file-like objects with ``name``).
    ``decode_images=False`` leaves the one full decode of an image to the caller (photos are
    decoded once, to be re-encoded); the pixel bound still applies before it.

    Output: one CheckedFile per file, in order. Errors: ValidationFailed (field ``files``) for
    too many files, an empty or too large file, or content that is not an allowed type.
    """
    files = [f for f in (files or []) if f]
    if len(files) > max_files():
        raise ValidationFailed(_("一次最多上传 %(n)d 个文件。") % {"n": max_files()}, field=field)
    checked = []
    for upload in files:
        name = getattr(upload, "name", "") or "file"
        size = getattr(upload, "size", None)
        if size is None:
            upload.seek(0, 2)
            size = upload.tell()
        if size == 0:
            raise ValidationFailed(_("文件“%(name)s”是空文件。") % {"name": name}, field=field)
        if size > max_bytes():
            raise ValidationFailed(
                _("文件“%(name)s”超过大小限制（%(mb).0f MB）。")
                % {"name": name, "mb": max_bytes() / 1024 / 1024}, field=field)
        upload.seek(0)
        head = upload.read(8192)
        kind = filetype.guess(head)
        types = allowed_types()
        if kind is None or kind.mime not in types:
            raise ValidationFailed(
                _("文件“%(name)s”的内容不是允许的照片或PDF格式（按文件内容识别，不看扩展名）。")
                % {"name": name}, field=field)
        if kind.mime in DECODABLE_IMAGES:
            if decode_images:
                if not _decodes_as_image(upload, name=name, size=size, field=field):
                    raise ValidationFailed(
                        _("文件“%(name)s”不是完整的图片，无法打开。") % {"name": name},
                        field=field)
            else:
                open_image_bounded(upload, name=name, size=size, field=field).close()
        upload.seek(0)
        head = upload.read(8192)
        digest = hashlib.sha256(head)
        while chunk := upload.read(65536):
            digest.update(chunk)
        upload.seek(0)
        checked.append(CheckedFile(upload=upload, original_name=name[-200:],
                                   content_type=kind.mime, extension=types[kind.mime],
                                   size=size, sha256=digest.hexdigest()))
    return checked
