"""Ledger imports (issue 5): presets, jobs, the per-row report and the source-key registry.

``ImportedRecord`` is what makes a re-import idempotent: one row per imported object, keyed by
the preset's code and the record's natural key, holding the object's id and the hash of the
source row it was last written from. ``ImportedEnterprise`` marks enterprises this app created
(possibly with a placeholder credit code); the ``Enterprise`` model itself stays untouched.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .presets import LAYOUT_CHOICES


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("全部成功才写入（一个事务）")
    VALID_ROWS_ONLY = "valid_rows_only", _("只写入有效行，报告被拒行")


class JobStatus(models.TextChoices):
    UPLOADED = "uploaded", _("已上传")
    VALIDATED = "validated", _("已校验（试运行）")
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("未写入")


class RecordKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    INSPECTION = "inspection", _("检查")
    HAZARD = "hazard", _("隐患")


class ImportPreset(models.Model):
    """A saved column mapping: layout, header synonyms per field, code tables, options.

    ``columns``: ``{field: [header, synonym, ...]}``; ``codes``: ``{field: {source code:
    target}}``; ``options``: defaults (grade, category, inspection kind, sector code).
    Built-in presets (``is_builtin``) are maintained by ``preset_ensure_builtins``.
    """

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    layout = models.CharField(_("版式"), max_length=20, choices=LAYOUT_CHOICES)
    columns = models.JSONField(_("列名与同义词"), default=dict)
    codes = models.JSONField(_("代码对照"), default=dict, blank=True)
    options = models.JSONField(_("选项"), default=dict, blank=True)
    is_builtin = models.BooleanField(_("内置"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_builtin", "name"]
        verbose_name = _("导入方案")
        verbose_name_plural = _("导入方案")

    def __str__(self):
        return self.name


class ImportJob(models.Model):
    """One upload and its life: preview → dry run → confirmed run. Counts are per source row:
    ``rows_read = created + updated + unchanged + rejected + skipped``."""

    preset = models.ForeignKey(ImportPreset, on_delete=models.PROTECT, related_name="jobs",
                               verbose_name=_("导入方案"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="import_jobs", verbose_name=_("导入人"))
    district = models.ForeignKey("enterprises.District", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("导入到区县"))
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/", max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=255)
    mapping = models.JSONField(_("列映射"), default=dict, blank=True)
    header_row = models.PositiveIntegerField(_("表头行"), default=1)
    options = models.JSONField(_("导入选项"), default=dict, blank=True)
    mode = models.CharField(_("写入方式"), max_length=20, choices=ImportMode.choices,
                            default=ImportMode.ALL_OR_NOTHING)
    status = models.CharField(_("状态"), max_length=20, choices=JobStatus.choices,
                              default=JobStatus.UPLOADED)
    rows_read = models.PositiveIntegerField(_("读取行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("未变化"), default=0)
    rejected = models.PositiveIntegerField(_("拒绝"), default=0)
    skipped = models.PositiveIntegerField(_("跳过"), default=0)
    progress = models.PositiveIntegerField(_("已处理行数"), default=0)
    message = models.TextField(_("说明"), blank=True)
    # objects created per kind, hazards per resulting state, …: see imports.services.Summary
    stats = models.JSONField(_("统计"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # when the run was queued and when a worker took it (imports.reaper)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=JobStatus.values),
                                   name="import_job_status_valid"),
            models.CheckConstraint(condition=Q(mode__in=ImportMode.values),
                                   name="import_job_mode_valid"),
        ]
        indexes = [models.Index(fields=["district", "-created_at"], name="import_job_district"),
                   # the reaper's work list: jobs waiting for or held by a worker
                   models.Index(fields=["status", "queued_at"], name="import_job_in_flight",
                                condition=Q(status__in=["queued", "running"]))]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"


class ImportRowIssue(models.Model):
    """One problem in one row and column of an import's source file (the dry-run report)."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="issues")
    row_number = models.PositiveIntegerField(_("行号"))
    column = models.CharField(_("列"), max_length=200, blank=True)
    message_zh = models.TextField(_("问题"))
    message_en = models.TextField(_("问题（英文）"), blank=True)
    values = models.JSONField(_("原始行"), default=list, blank=True)

    class Meta:
        ordering = ["row_number", "id"]
        verbose_name = _("导入问题")
        verbose_name_plural = _("导入问题")
        indexes = [models.Index(fields=["job", "row_number"], name="import_issue_job_row")]

    def __str__(self):
        return f"{self.row_number} {self.column}: {self.message_zh}"


class ImportedRecord(models.Model):
    """Source key → the object it produced, with the hash of the row last applied.

    Keys belong to a district: ``source_key`` is the district code, the preset code and the
    natural key (e.g. ``500102:osha_inspection_violation:hazard:119948990/01005``), so one
    district's ledger numbers never find another district's records. Same key, same hash →
    unchanged. ``natural_key`` is stored by ``imports.services.stored_key`` (a key over 500
    characters ends with its SHA-256), on writing and on reading alike.
    """

    district = models.ForeignKey("enterprises.District", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("区县"))
    preset_code = models.SlugField(max_length=60)
    kind = models.CharField(max_length=20, choices=RecordKind.choices)
    natural_key = models.CharField(max_length=500)
    object_id = models.PositiveBigIntegerField()
    row_hash = models.CharField(max_length=64)
    data = models.JSONField(default=dict, blank=True)
    first_job = models.ForeignKey(ImportJob, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    last_job = models.ForeignKey(ImportJob, null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("导入来源记录")
        verbose_name_plural = _("导入来源记录")
        constraints = [
            # also the index of the engine's lookup (district, preset, kind, key IN …)
            models.UniqueConstraint(fields=["district", "preset_code", "kind", "natural_key"],
                                    name="imported_record_district_key_unique"),
            models.CheckConstraint(condition=Q(kind__in=RecordKind.values),
                                   name="imported_record_kind_valid"),
        ]
        # the reverse question "where did this hazard come from?"
        indexes = [models.Index(fields=["kind", "object_id"], name="imported_record_object")]

    def __str__(self):
        return self.source_key

    @property
    def source_key(self) -> str:
        return f"{self.district_id}:{self.preset_code}:{self.kind}:{self.natural_key}"


class ImportedEnterprise(models.Model):
    """Marks an enterprise created by an import. ``placeholder_credit_code`` is True when the
    source had no real credit code and a deterministic placeholder was derived (see
    ``imports.services.placeholder_credit_code``)."""

    enterprise = models.OneToOneField("enterprises.Enterprise", on_delete=models.PROTECT,
                                      related_name="import_origin")
    placeholder_credit_code = models.BooleanField(default=False)
    source_key = models.CharField(max_length=600)
    job = models.ForeignKey(ImportJob, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("导入创建的企业")
        verbose_name_plural = _("导入创建的企业")

    def __str__(self):
        return self.source_key
