"""Files of a hazard: rectification evidence and re-inspection files, and the site photos of a
finding (现场照片)."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .documents import Verification
from .hazard import Hazard
from .loop import RectificationEvidence


def evidence_upload_to(instance, filename):
    """Storage path of an evidence file: a random name with the extension of the DETECTED
    type (never the uploader's name or extension)."""
    import uuid

    ext = (instance.extension or "bin").lower()
    day = timezone.localdate()
    return f"evidence/{day:%Y/%m}/{uuid.uuid4().hex}.{ext}"


class EvidenceFile(models.Model):
    """A photo or PDF proving rectification (or a re-inspection). Stored through Django's
    storage API (so object storage can be configured); served only by
    ``hazards.action_views.evidence_file_download`` after a scope check, never from MEDIA_URL.

    ``content_type`` and ``extension`` are what the file's content is (magic bytes), not
    what its name says; ``sha256`` identifies it.

    No field history (decision): a file row is written once, by ``_store_files``, and no
    code path changes or deletes it, so a history table would only repeat the row itself. A
    re-inspection file's SHA-256 is sealed with its opinion (``hazards.seals``), which is
    what detects a row changed behind the application's back.
    """

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="evidence_files",
                               verbose_name=_("隐患"))
    evidence = models.ForeignKey(RectificationEvidence, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="files",
                                 verbose_name=_("整改材料"))
    verification = models.ForeignKey(Verification, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="files",
                                     verbose_name=_("复查"))
    file = models.FileField(_("文件"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=60)
    extension = models.CharField(_("扩展名"), max_length=10)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("整改证明文件")
        verbose_name_plural = _("整改证明文件")
        constraints = [
            models.CheckConstraint(condition=Q(evidence__isnull=False)
                                   | Q(verification__isnull=False),
                                   name="evidence_file_has_owner"),
        ]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def finding_photo_path(instance, filename):
    return f"findings/{timezone.now():%Y/%m}/{instance.hazard_id}-{filename}"


class FindingPhoto(models.Model):
    """现场照片: a photo of a finding, taken on site. Stored re-encoded as JPEG (EXIF-rotated,
    at most 1600 px on the long side), see ``hazards.filing.photos``.

    No field history (decision): written once, never changed or deleted by any code path, and
    refused once the record is signed; the signed record's seal covers each photo's SHA-256.
    """

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="photos",
                               verbose_name=_("隐患"))
    image = models.ImageField(_("照片"), upload_to=finding_photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("现场照片")
        verbose_name_plural = _("现场照片")

    def __str__(self):
        return self.original_name or self.image.name
