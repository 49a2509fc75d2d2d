"""Hazards (隐患), their append-only history, evidence and re-inspections.

Only ``hazards.services`` changes ``Hazard.status``; see its transition table.
"""
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.errors import DomainError

from .enums import (
    DEADLINE_RUNNING_STATUSES,
    OPEN_STATUSES,
    AccidentTypeEdition,
    DocumentKind,
    ExtensionStatus,
    HazardAction,
    HazardCategory,
    HazardGrade,
    HazardStatus,
    VerificationResult,
)


def today_cst() -> datetime.date:
    """Today's calendar date in China Standard Time (settings.TIME_ZONE = Asia/Shanghai)."""
    return timezone.localdate()


class AccidentType(models.Model):
    """事故类别: a type of GB 6441-2025 (current) or GB 6441-1986 (kept for older records).

    A 1986 type points to the 2025 type it maps to (``maps_to``), from the published
    stock-migration table GB/T 6441-1986 → GB 6441-2025.
    """

    edition = models.CharField(_("标准"), max_length=20, choices=AccidentTypeEdition.choices)
    code = models.CharField(_("代码"), max_length=10)
    full_code = models.CharField(_("完整代码"), max_length=12, blank=True)
    name = models.CharField(_("名称"), max_length=50)
    description = models.TextField(_("说明"), blank=True)
    maps_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="mapped_from", verbose_name=_("对应新标准类别"))
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-edition", "sort_order"]
        verbose_name = _("事故类别")
        verbose_name_plural = _("事故类别")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="accident_type_code_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_current(self) -> bool:
        return self.edition == AccidentTypeEdition.GB6441_2025


class HazardQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, *, on: datetime.date | None = None):
        """Hazards overdue on day ``on`` (CST date, default today).

        Rule (DOMAIN.md): a hazard is overdue from 00:00 CST the day after its rectification
        deadline, while it is rectifying or pending verification.
        """
        on = on or today_cst()
        return self.filter(status__in=DEADLINE_RUNNING_STATUSES, rectification_deadline__lt=on)

    def not_overdue(self, *, on: datetime.date | None = None):
        on = on or today_cst()
        return self.exclude(pk__in=self.overdue(on=on).values("pk"))


class Hazard(models.Model):
    """隐患: one finding at one enterprise, from one inspection.

    ``district`` and ``enterprise`` are copied from the inspection so the register filters on
    indexed columns of this table. ``rectification_deadline`` is a CST calendar date;
    ``rectification_funds`` is in yuan. ``version`` increases on every transition and lets a
    form or API client detect that someone else acted first.
    """

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.PROTECT,
                                   related_name="hazards", verbose_name=_("检查"))
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT,
                                   related_name="hazards", verbose_name=_("企业"))
    district = models.ForeignKey("enterprises.District", on_delete=models.PROTECT,
                                 related_name="hazards", verbose_name=_("区县"))
    grade = models.CharField(_("隐患等级"), max_length=10, choices=HazardGrade.choices,
                             default=HazardGrade.GENERAL)
    category = models.CharField(_("隐患类别"), max_length=30, choices=HazardCategory.choices)
    accident_type = models.ForeignKey(AccidentType, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="hazards",
                                      verbose_name=_("可能导致的事故类别"))
    criterion = models.ForeignKey("inspections.HazardCriterion", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="hazards",
                                  verbose_name=_("判定依据"))
    description = models.TextField(_("隐患描述"))
    location = models.CharField(_("隐患部位"), max_length=200, blank=True)
    rectification_measures = models.TextField(_("整改措施"), blank=True)
    responsible_person = models.CharField(_("整改责任人"), max_length=50, blank=True)
    rectification_funds = models.DecimalField(_("整改资金（元）"), max_digits=14,
                                              decimal_places=2, null=True, blank=True)
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    interim_safety_measures = models.TextField(_("临时安全措施"), blank=True)
    status = models.CharField(_("状态"), max_length=30, choices=HazardStatus.choices,
                              default=HazardStatus.REPORTED)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="hazards_reported", verbose_name=_("登记人"))
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = HazardQuerySet.as_manager()
    # field-level audit trail (django-simple-history; the request user comes from its
    # middleware); domain events are the HazardTransition rows
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("隐患")
        verbose_name_plural = _("隐患")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=HazardStatus.values),
                                   name="hazard_status_valid"),
            models.CheckConstraint(condition=Q(grade__in=HazardGrade.values),
                                   name="hazard_grade_valid"),
            models.CheckConstraint(condition=Q(category__in=HazardCategory.values),
                                   name="hazard_category_valid"),
            # a deadline is running in these states, so it must exist
            models.CheckConstraint(
                condition=~Q(status__in=DEADLINE_RUNNING_STATUSES)
                | Q(rectification_deadline__isnull=False),
                name="hazard_running_has_deadline"),
            models.CheckConstraint(
                condition=Q(status=HazardStatus.CLOSED, closed_at__isnull=False)
                | (~Q(status=HazardStatus.CLOSED) & Q(closed_at__isnull=True)),
                name="hazard_closed_at_iff_closed"),
            models.CheckConstraint(condition=Q(rectification_funds__gte=0)
                                   | Q(rectification_funds__isnull=True),
                                   name="hazard_funds_not_negative"),
        ]
        indexes = [
            # the district register: district + status, newest first
            # the register page: district + status, in the list's order (-created_at, -id)
            models.Index(fields=["district", "status", "-created_at", "-id"],
                         name="hazard_register_page"),
            # the register's header counts and its overdue filter within a district: every
            # column they read is in the index, so PostgreSQL can answer from it alone
            models.Index(fields=["district", "status", "rectification_deadline"],
                         name="hazard_district_deadline"),
            # the overdue filter and the reminder sweep: open hazards by deadline
            models.Index(fields=["rectification_deadline", "id"], name="hazard_running_deadline",
                         # sorted: a frozenset's order changes with the hash seed, which
                         # would make makemigrations see a new index on every run
                         condition=Q(status__in=sorted(DEADLINE_RUNNING_STATUSES,
                                                       reverse=True))),
            models.Index(fields=["district", "grade", "status"], name="hazard_district_grade"),
            models.Index(fields=["enterprise", "status"], name="hazard_enterprise_status"),
            # incremental sync (updated_after + cursor)
            models.Index(fields=["updated_at", "id"], name="hazard_updated"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.description[:30]}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        """True when the deadline (CST date) is before ``on`` (default today CST) and the
        hazard is rectifying or pending verification. Mirrors ``HazardQuerySet.overdue``."""
        on = on or today_cst()
        return (self.status in DEADLINE_RUNNING_STATUSES
                and self.rectification_deadline is not None
                and self.rectification_deadline < on)

    def days_overdue(self, on: datetime.date | None = None) -> int:
        """Whole CST days past the deadline (0 when not overdue)."""
        on = on or today_cst()
        return (on - self.rectification_deadline).days if self.is_overdue(on) else 0

    @property
    def is_major(self) -> bool:
        return self.grade == HazardGrade.MAJOR


class AppendOnlyModel(models.Model):
    """A row that is written once and never changed or deleted (history, audit)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise DomainError("history rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DomainError("history rows are append-only")


class HazardTransition(AppendOnlyModel):
    """One row of a hazard's history: who did what, when, from which state to which, and why.

    ``data`` holds what changed (old and new deadline, document numbers, the import's source
    row, …) as JSON.
    """

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField(_("操作"), max_length=40, choices=HazardAction.choices)
    from_status = models.CharField(_("原状态"), max_length=30, choices=HazardStatus.choices,
                                   blank=True)
    to_status = models.CharField(_("新状态"), max_length=30, choices=HazardStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("操作人"))
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("隐患流转记录")
        verbose_name_plural = _("隐患流转记录")
        indexes = [models.Index(fields=["hazard", "at"], name="transition_hazard_at")]

    def __str__(self):
        return f"{self.hazard_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class RectificationEvidence(models.Model):
    """整改材料: what the enterprise (or an official on its behalf) submits as proof of the fix."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="evidence")
    description = models.TextField(_("整改情况说明"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("提交人"))
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("整改材料")
        verbose_name_plural = _("整改材料")

    def __str__(self):
        return f"{self.hazard_id} {self.submitted_at:%Y-%m-%d}"


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
    enforcement officers sign; their names and badge numbers (执法证号) are copied at issue so
    the document reads the same later even if a user record changes.
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


class DeadlineExtension(models.Model):
    """延期: the enterprise asks for a later deadline; a district official decides.

    Old and requested dates are kept; approval moves the hazard's deadline through the
    transition service (action ``deadline_extended``). At most one request is pending per
    hazard (constraint).
    """

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="extensions",
                               verbose_name=_("隐患"))
    status = models.CharField(_("状态"), max_length=10, choices=ExtensionStatus.choices,
                              default=ExtensionStatus.REQUESTED)
    old_deadline = models.DateField(_("原整改期限"))
    requested_deadline = models.DateField(_("申请延期至"))
    reason = models.TextField(_("延期理由"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("申请人"))
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("审批人"))
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ExtensionStatus.values),
                                   name="extension_status_valid"),
            models.CheckConstraint(condition=Q(requested_deadline__gt=models.F("old_deadline")),
                                   name="extension_later_than_old"),
            models.UniqueConstraint(fields=["hazard"],
                                    condition=Q(status=ExtensionStatus.REQUESTED),
                                    name="extension_one_pending_per_hazard"),
            models.CheckConstraint(
                condition=Q(status=ExtensionStatus.REQUESTED, decided_at__isnull=True)
                | (~Q(status=ExtensionStatus.REQUESTED) & Q(decided_at__isnull=False)),
                name="extension_decided_iff_not_pending"),
        ]

    def __str__(self):
        return f"{self.hazard_id}: {self.old_deadline} → {self.requested_deadline}"

    @property
    def is_pending(self) -> bool:
        return self.status == ExtensionStatus.REQUESTED


class RectificationPlan(models.Model):
    """重大隐患整改方案 (五落实): responsibility, measures, funds (yuan), time limit, contingency
    plan. Required before rectification of a major hazard starts."""

    hazard = models.OneToOneField(Hazard, on_delete=models.PROTECT, related_name="plan",
                                  verbose_name=_("隐患"))
    responsibility = models.CharField(_("责任落实"), max_length=200)
    measures = models.TextField(_("措施落实"))
    funds = models.DecimalField(_("资金落实（元）"), max_digits=14, decimal_places=2)
    time_limit = models.DateField(_("时限落实"))
    contingency_plan = models.TextField(_("预案落实"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("提交人"))
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("重大隐患整改方案")
        verbose_name_plural = _("重大隐患整改方案")
        constraints = [
            models.CheckConstraint(condition=Q(funds__gte=0), name="plan_funds_not_negative"),
        ]

    def __str__(self):
        return f"{self.hazard_id}: {self.responsibility}"


class Supervision(models.Model):
    """挂牌督办: listed supervision of a major hazard by a named authority with a supervision
    letter (督办函). Lifted only after the hazard is closed; one active listing per hazard."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="supervisions",
                               verbose_name=_("隐患"))
    authority = models.CharField(_("督办单位"), max_length=100)
    letter_number = models.CharField(_("督办函号"), max_length=60)
    started_on = models.DateField(_("督办开始日期"))
    lifted_on = models.DateField(_("解除日期"), null=True, blank=True)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("挂牌人"))
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("解除人"))
    note = models.TextField(_("说明"), blank=True)
    lift_note = models.TextField(_("解除说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("挂牌督办")
        verbose_name_plural = _("挂牌督办")
        constraints = [
            models.UniqueConstraint(fields=["hazard"], condition=Q(lifted_on__isnull=True),
                                    name="supervision_one_active_per_hazard"),
            models.CheckConstraint(condition=Q(lifted_on__isnull=True)
                                   | Q(lifted_on__gte=models.F("started_on")),
                                   name="supervision_lifted_after_start"),
        ]
        indexes = [
            # serves the reminders' "overdue major hazards under supervision" lookup
            models.Index(fields=["hazard"], condition=Q(lifted_on__isnull=True),
                         name="supervision_active"),
        ]

    def __str__(self):
        return f"{self.letter_number} {self.authority}"

    @property
    def is_active(self) -> bool:
        return self.lifted_on is None


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
