"""Numbered enforcement documents of the rectification loop: the rectification order
(责令限期整改指令书) and the re-inspection with its opinion (整改复查意见书)."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..enums import DocumentKind, VerificationResult
from .hazard import Hazard


class DocumentSequence(models.Model):
    """The last number issued for one kind of document, per issuing scope and year.

    ``scope`` is the issuing department's code (or ``district:<code>`` when no department is
    known). Numbers are taken under a row lock (``hazards.documents.next_document_number``),
    so two officials issuing at once never get the same number, and a number once taken is
    never given again (a rolled-back transaction rolls back its increment with it, so no
    issued document loses its number either).
    """

    scope = models.CharField(_("编号范围"), max_length=60)
    kind = models.CharField(_("文书类型"), max_length=30, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    last_value = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("文书编号序列")
        verbose_name_plural = _("文书编号序列")
        constraints = [
            models.UniqueConstraint(fields=["scope", "kind", "year"],
                                    name="document_sequence_unique"),
        ]

    def __str__(self):
        return f"{self.scope} {self.kind} {self.year}: {self.last_value}"


class EnforcementDocument(models.Model):
    """Fields every numbered enforcement document (执法文书) carries.

    ``number`` is the full document number (e.g. ``渝涪应急责改〔2024〕17号``), unique across
    all documents of its kind; ``sequence_year``/``sequence_value`` are its parts. Two
    enforcement officers sign; their names and badge numbers (执法证号), the issuing
    department's name and the enterprise's name and credit code are copied at issue so the
    document reads the same later even if those rows change. Every issued document is sealed
    (``hazards.seals``).
    """

    number = models.CharField(_("文书编号"), max_length=80, unique=True, null=True, blank=True)
    sequence_year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    sequence_value = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    department = models.ForeignKey("enterprises.Department", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("执法部门"))
    issued_at = models.DateTimeField(_("签发时间"), default=timezone.now)
    officer_1 = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("执法人员一"))
    officer_1_name = models.CharField(_("执法人员一姓名"), max_length=50, blank=True)
    officer_1_badge = models.CharField(_("执法人员一执法证号"), max_length=30, blank=True)
    officer_2 = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("执法人员二"))
    officer_2_name = models.CharField(_("执法人员二姓名"), max_length=50, blank=True)
    officer_2_badge = models.CharField(_("执法人员二执法证号"), max_length=30, blank=True)
    # the parties as printed at issue (the seal covers these copies, not the live rows)
    department_name = models.CharField(_("执法部门名称（签发时）"), max_length=100, blank=True)
    enterprise_name = models.CharField(_("企业名称（签发时）"), max_length=200, blank=True)
    enterprise_credit_code = models.CharField(_("统一社会信用代码（签发时）"), max_length=18,
                                              blank=True)

    class Meta:
        abstract = True

    @property
    def officers(self) -> list[dict]:
        """``[{"name", "badge_number"}, …]`` of the signing officers, for documents/PDFs."""
        return [{"name": name, "badge_number": badge}
                for name, badge in ((self.officer_1_name, self.officer_1_badge),
                                    (self.officer_2_name, self.officer_2_badge)) if name]

    @property
    def has_two_officers(self) -> bool:
        """True when two officers with badge numbers signed (the legal minimum)."""
        return bool(self.officer_1_badge and self.officer_2_badge)


class RectificationOrder(EnforcementDocument):
    """责令限期整改指令书: the numbered order issued when rectification is ordered.

    ``items`` lists what must be rectified, one dict per hazard item:
    ``{"hazard_id", "description", "location", "measures", "basis"}`` (basis = 判定依据 text),
    so a PDF renders without further queries. ``hazard`` is the ordered hazard.
    """

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="orders",
                               verbose_name=_("隐患"))
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("企业"))
    rectification_deadline = models.DateField(_("整改期限"))
    rectification_measures = models.TextField(_("整改要求"), blank=True)
    items = models.JSONField(_("整改事项"), default=list, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("签发人"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["issued_at", "id"]
        verbose_name = _("责令限期整改指令书")
        verbose_name_plural = _("责令限期整改指令书")
        indexes = [models.Index(fields=["hazard", "issued_at"], name="order_hazard")]

    def __str__(self):
        return self.number or f"#{self.pk}"


class Verification(EnforcementDocument):
    """复查: an inspector's re-inspection of a rectified hazard, passed or failed.

    Also the re-inspection opinion document (整改复查意见书): ``number`` is issued like the
    order's; older rows may have none. A failed re-inspection records the old and the new
    deadline.
    """

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="verifications")
    result = models.CharField(_("复查结论"), max_length=10, choices=VerificationResult.choices)
    verified_on = models.DateField(_("复查日期"))
    opinion = models.TextField(_("复查意见"), blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("复查人"))
    old_deadline = models.DateField(_("原整改期限"), null=True, blank=True)
    new_deadline = models.DateField(_("新的整改期限"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("复查")
        verbose_name_plural = _("复查")
        constraints = [
            models.CheckConstraint(condition=Q(result__in=VerificationResult.values),
                                   name="verification_result_valid"),
        ]

    def __str__(self):
        return self.number or f"{self.hazard_id} {self.verified_on} {self.result}"
