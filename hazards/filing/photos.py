"""Photos on findings (现场照片), taken with a phone camera on site.

The content is checked by the rectification loop's evidence rules (``hazards.files``: magic
bytes, size limit, count limit), then only raster images Pillow can decode are accepted. Each
photo is turned upright by its EXIF orientation, shrunk to at most ``FINDING_PHOTO_MAX_PX``
(default 1600 px) on the long side and re-encoded as JPEG, which also drops the EXIF block
(location, device) from what is stored.
"""
import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.errors import ValidationFailed
from hazards import rules
from hazards.files import check_evidence_files, open_image_bounded
from hazards.models import FindingPhoto

PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}


def max_px() -> int:
    return getattr(settings, "FINDING_PHOTO_MAX_PX", 1600)


@dataclass
class PreparedPhoto:
    """A checked photo, re-encoded and ready to store."""

    original_name: str
    content: bytes
    sha256: str
    width: int
    height: int


def prepare_photos(files, *, field: str = "photos") -> list[PreparedPhoto]:
    """Check and re-encode uploaded photos. Runs before any database write, so a bad photo
    refuses the whole submission without a half-written result.

    Output: one PreparedPhoto per non-empty upload. Errors: ValidationFailed (``field``) for
    too many or too large files, content that is not a JPEG/PNG/WebP image, or an image that
    cannot be decoded.
    """
    prepared = []
    for checked in check_evidence_files(files, field=field, decode_images=False):
        if checked.content_type not in PHOTO_TYPES:
            raise ValidationFailed(
                _("文件“%(name)s”不是照片（仅支持 JPEG、PNG、WebP）。")
                % {"name": checked.original_name}, field=field)
        opened = open_image_bounded(checked.upload, name=checked.original_name,
                                    size=checked.size, field=field)
        try:
            with opened as image:
                # one decode per photo; a JPEG is decoded straight at the reduced size
                if image.format == "JPEG":
                    image.draft("RGB", (max_px(), max_px()))
                image = ImageOps.exif_transpose(image)
                image = image.convert("RGB")
                image.thumbnail((max_px(), max_px()), Image.Resampling.LANCZOS)
                buffer = io.BytesIO()
                image.save(buffer, format="JPEG", quality=85, optimize=True)
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
            raise ValidationFailed(_("照片“%(name)s”无法识别或已损坏。")
                                   % {"name": checked.original_name}, field=field) from exc
        content = buffer.getvalue()
        prepared.append(PreparedPhoto(original_name=checked.original_name, content=content,
                                      sha256=hashlib.sha256(content).hexdigest(),
                                      width=image.width, height=image.height))
    return prepared


def finding_photos_save(*, hazard, actor, photos: list[PreparedPhoto]) -> list[FindingPhoto]:
    """Store prepared photos on ``hazard``. Runs inside the caller's transaction."""
    saved = []
    for photo in photos:
        row = FindingPhoto(hazard=hazard, uploaded_by=actor, original_name=photo.original_name,
                           sha256=photo.sha256, width=photo.width, height=photo.height)
        row.image.save(f"{photo.sha256[:16]}.jpg", ContentFile(photo.content), save=False)
        row.save()
        saved.append(row)
    return saved


def finding_photos_add(*, hazard, actor, files) -> list[FindingPhoto]:
    """Add photos to a finding of an inspection that is not signed yet (e.g. one filed with
    the plain inspection form). Predicate ``hazards.rules.can_add_finding_photos`` (the
    inspection's officers, or for a self-inspection its filer; until the record is signed).

    Errors: RecordSigned, PermissionDenied, ValidationFailed (``photos``) as
    ``prepare_photos``, and for no photo at all.
    """
    rules.can_add_finding_photos.check(actor, hazard)
    photos = prepare_photos(files)
    if not photos:
        raise ValidationFailed(_("请选择照片。"), field="photos")
    with transaction.atomic():
        return finding_photos_save(hazard=hazard, actor=actor, photos=photos)
