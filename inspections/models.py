"""Inspections (检查) and the determination standards (判定标准) their findings rest on."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.errors import DomainError
from core.text import limit  # the one table of length limits (TEXT_LIMITS)
from enterprises.enums import EnterpriseActivity

from .enums import CheckResult, InspectionKind


class StandardInUse(DomainError):
    """A determination standard (or one of its criteria) that a hazard or a checklist result
    already cites is never edited in place; create a new version instead (docs/domain.md §10)."""

    code = "standard_in_use"
    status_code = 409


class RecordSigned(DomainError):
    """A signed inspection record is frozen ("谁检查、谁签名、谁负责", docs/domain.md §2)."""

    code = "record_signed"
    status_code = 409


# Fields of a standard that identify its content; changing any of them once the standard is in
# use is refused. ``is_current`` and ``superseded_by`` may change: that is how a new version
# replaces an old one.
STANDARD_CONTENT_FIELDS = ("sector_id", "code", "title", "issuing_authority", "document_number",
                           "effective_date", "version")
CRITERION_CONTENT_FIELDS = ("standard_id", "number", "group_name", "code", "text", "sort_order")


def _changed_fields(instance, fields) -> list[str]:
    """Names of ``fields`` whose value differs from the stored row (empty for a new row)."""
    if instance._state.adding or instance.pk is None:
        return []
    stored = type(instance).objects.filter(pk=instance.pk).values(*fields).first()
    if stored is None:
        return []
    return [name for name in fields if stored[name] != getattr(instance, name)]


class HazardStandard(models.Model):
    """判定标准: one edition of a published standard that says which findings are major hazards
    in a sector (or, with ``applies_to_all_sectors``, in every sector).

    Dates are calendar dates (CST) as published: ``issued_on`` (印发/公布), ``effective_date``
    (施行) and ``superseded_on`` (the day a newer edition takes over; the edition applies to
    inspections dated before it). ``text_loaded`` is False for an edition known from its
    official documents whose text is not shipped: it is in force, but has no criteria to offer.

    A standard in use is never edited in place: a new version is a new row, and
    ``superseded_by`` points from the old version to the new one.
    """

    sector = models.ForeignKey("enterprises.Sector", on_delete=models.PROTECT,
                               related_name="standards", verbose_name=_("行业领域"))
    code = models.SlugField(_("代码"), max_length=60, unique=True)
    title = models.CharField(_("标准名称"), max_length=200)
    issuing_authority = models.CharField(_("发布机关"), max_length=100, blank=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    effective_date = models.DateField(_("施行日期"), null=True, blank=True)
    superseded_on = models.DateField(_("废止日期"), null=True, blank=True,
                                     help_text=_("新版本自该日起施行；此前的检查仍适用本版本。"))
    version = models.CharField(_("版本"), max_length=20, blank=True)
    scope = models.TextField(_("适用范围"), blank=True)
    source = models.TextField(_("来源"), blank=True)
    text_loaded = models.BooleanField(_("条文已载入"), default=True, db_default=True)
    applies_to_all_sectors = models.BooleanField(_("适用于所有行业领域"), default=False,
                                                 db_default=False)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="supersedes", verbose_name=_("被替代为"))
    is_current = models.BooleanField(_("现行有效"), default=True)

    class Meta:
        ordering = ["sector", "code"]
        verbose_name = _("重大事故隐患判定标准")
        verbose_name_plural = _("重大事故隐患判定标准")

    def __str__(self):
        return f"{self.title}（{self.version}）" if self.version else self.title

    def save(self, *args, **kwargs):
        changed = _changed_fields(self, STANDARD_CONTENT_FIELDS)
        if changed and self.is_in_use:
            raise StandardInUse(_("该判定标准已被检查记录或隐患引用，不能修改，请创建新版本。"),
                                field=changed[0].removesuffix("_id"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_in_use:
            raise StandardInUse(_("该判定标准已被检查记录或隐患引用，不能删除。"))
        return super().delete(*args, **kwargs)

    @property
    def citation(self) -> str:
        """How documents name the edition: 《title》（document number）."""
        if self.document_number:
            return f"《{self.title}》（{self.document_number}）"
        return f"《{self.title}》"

    @property
    def is_in_use(self) -> bool:
        """True once any hazard or checklist result cites one of its criteria."""
        if self.pk is None:
            return False
        return (HazardCriterion.objects.filter(standard=self)
                .filter(Q(hazards__isnull=False) | Q(check_results__isnull=False)).exists())


class HazardCriterion(models.Model):
    """判定依据: one numbered clause of a standard; a finding matching it is a major hazard.

    ``number`` is the published clause: ``第十条第（一）项`` for standards in 条, the printed
    markers such as ``二、（一）2.`` for the 2017 editions (data/reference/standards/SOURCES.md).
    ``activity`` (an ``enterprises.enums.EnterpriseActivity`` value) limits a special-area
    clause to enterprises that carry on that activity; empty means every enterprise the
    standard applies to.
    """

    standard = models.ForeignKey(HazardStandard, on_delete=models.PROTECT,
                                 related_name="criteria", verbose_name=_("判定标准"))
    number = models.CharField(_("条款号"), max_length=30)
    group_name = models.CharField(_("分组"), max_length=100, blank=True)
    code = models.CharField(_("条目代码"), max_length=80, blank=True)
    text = models.TextField(_("条款内容"))
    sort_order = models.PositiveIntegerField(default=0)
    activity = models.CharField(_("适用活动"), max_length=40, blank=True,
                                choices=EnterpriseActivity.choices)

    class Meta:
        ordering = ["standard", "sort_order"]
        verbose_name = _("判定条款")
        verbose_name_plural = _("判定条款")
        constraints = [
            models.UniqueConstraint(fields=["standard", "number"], name="criterion_number_unique"),
        ]

    def __str__(self):
        return self.clause

    def save(self, *args, **kwargs):
        # A new clause added to a standard in use changes that standard too.
        standard = HazardStandard(pk=self.standard_id)
        standard._state.adding = False
        if standard.is_in_use and (self._state.adding
                                   or _changed_fields(self, CRITERION_CONTENT_FIELDS)):
            raise StandardInUse(_("该判定标准已被检查记录或隐患引用，其条款不能修改，"
                                  "请创建新版本。"), field="text")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.standard.is_in_use:
            raise StandardInUse(_("该判定标准已被检查记录或隐患引用，其条款不能删除。"))
        return super().delete(*args, **kwargs)

    @property
    def clause(self) -> str:
        """How a finding cites it (判定依据): the standard's title and the published clause,
        e.g. "工贸企业重大事故隐患判定标准 第十条第（一）项" or "化工和危险化学品生产经营单位重大
        生产安全事故隐患判定标准（试行） 三、". A number in our own older form (digits and dots,
        criteria added by hand) reads "第1.3项"."""
        number = self.number
        if number and number[0].isdigit():
            number = f"第{number}项"
        return f"{self.standard.title} {number}"


class Inspection(models.Model):
    """检查: one visit to one enterprise by inspectors (or the enterprise's own self-inspection).

    ``district`` copies the enterprise's district at the time of the visit so that scoping and
    the district register filter on an indexed column.
    """

    kind = models.CharField(_("检查类型"), max_length=30, choices=InspectionKind.choices)
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT,
                                   related_name="inspections", verbose_name=_("被检查企业"))
    district = models.ForeignKey("enterprises.District", on_delete=models.PROTECT,
                                 related_name="inspections", verbose_name=_("区县"))
    department = models.ForeignKey("enterprises.Department", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="inspections",
                                   verbose_name=_("检查部门"))
    joint_departments = models.ManyToManyField("enterprises.Department", blank=True,
                                               related_name="joint_inspections",
                                               verbose_name=_("联合检查部门"))
    inspected_on = models.DateField(_("检查日期"))
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                        related_name="inspections", verbose_name=_("检查人员"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="inspections_created", verbose_name=_("录入人"))
    reference_number = models.CharField(_("检查记录编号"), max_length=60, blank=True)
    notes = models.TextField(_("检查情况"), blank=True)
    enterprise_representative = models.CharField(
        _("企业陪同人员"), max_length=limit("inspection.enterprise_representative"), blank=True)
    representative_refused_to_sign = models.BooleanField(_("拒绝签字"), default=False)
    signed_at = models.DateTimeField(_("签署时间"), null=True, blank=True)
    record_hash = models.CharField(_("记录哈希(SHA-256)"), max_length=64, blank=True)
    # The parties as printed when the record was signed: a signed record reads the same after
    # the enterprise moves or a department is renamed, and its seal covers these copies.
    enterprise_name = models.CharField(_("企业名称（签署时）"), max_length=200, blank=True)
    enterprise_credit_code = models.CharField(_("统一社会信用代码（签署时）"), max_length=18,
                                              blank=True)
    enterprise_address = models.CharField(_("地址（签署时）"), max_length=300, blank=True)
    enterprise_legal_representative = models.CharField(_("法定代表人（签署时）"), max_length=50,
                                                       blank=True)
    department_name = models.CharField(_("检查部门（签署时）"), max_length=100, blank=True)
    joint_department_names = models.JSONField(_("联合检查部门（签署时）"), default=list,
                                              blank=True)
    follow_up_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="follow_ups", verbose_name=_("复查的原检查"))
    standards = models.ManyToManyField(HazardStandard, blank=True, related_name="inspections",
                                       verbose_name=_("使用的判定标准"))
    # the campaign (专项行动) the visit belongs to; set at filing (campaigns.selectors.
    # campaign_for_filing) so a campaign's figures split by source and phase
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="inspections",
                                 verbose_name=_("专项行动"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-inspected_on", "-id"]
        verbose_name = _("检查")
        verbose_name_plural = _("检查")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=InspectionKind.values),
                                   name="inspection_kind_valid"),
        ]
        indexes = [
            # the district's inspection list, newest first
            models.Index(fields=["district", "-inspected_on"], name="inspection_district_date"),
            models.Index(fields=["enterprise", "-inspected_on"], name="inspection_enterprise_date"),
            models.Index(fields=["updated_at", "id"], name="inspection_updated"),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.inspected_on:%Y-%m-%d} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        # The stored row decides, not this instance: a stale copy must not overwrite a record
        # that was signed meanwhile. Signing itself saves a row that is not yet signed.
        if (not self._state.adding and self.pk is not None
                and Inspection.objects.filter(pk=self.pk, signed_at__isnull=False).exists()):
            raise RecordSigned(_("检查记录已签署，不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if Inspection.objects.filter(pk=self.pk, signed_at__isnull=False).exists():
            raise RecordSigned(_("检查记录已签署，不能删除。"))
        return super().delete(*args, **kwargs)

    @property
    def is_self_inspection(self) -> bool:
        return self.kind == InspectionKind.SELF_INSPECTION

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_follow_up(self) -> bool:
        return self.follow_up_of_id is not None

    def other_joint_departments(self) -> list:
        """The departments of a joint inspection besides the lead (``department``), in code
        order: a record names the lead once, then these."""
        return [d for d in self.joint_departments.order_by("code")
                if d.pk != self.department_id]


class InspectionCheckResult(models.Model):
    """One checklist line: how the inspector found one criterion at this inspection.

    A ``non_compliant`` line has the major hazard it created as ``hazard`` (the reverse of
    ``hazards.Hazard.check_result``: hazards depend on inspections, not the other way).
    """

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT,
                                   related_name="check_results", verbose_name=_("检查"))
    criterion = models.ForeignKey(HazardCriterion, on_delete=models.PROTECT,
                                  related_name="check_results", verbose_name=_("判定条款"))
    result = models.CharField(_("检查结果"), max_length=20, choices=CheckResult.choices)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["criterion__standard_id", "criterion__sort_order", "id"]
        verbose_name = _("检查表结果")
        verbose_name_plural = _("检查表结果")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "criterion"],
                                    name="check_result_once_per_criterion"),
            models.CheckConstraint(condition=Q(result__in=CheckResult.values),
                                   name="check_result_valid"),
        ]

    def __str__(self):
        return f"{self.criterion} {self.get_result_display()}"


class InspectionSignature(models.Model):
    """One officer's confirmation of a signed record, with the name and badge number (执法证号)
    as they were at signing time."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT,
                                   related_name="signatures", verbose_name=_("检查"))
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="inspection_signatures", verbose_name=_("执法人员"))
    name = models.CharField(_("姓名"), max_length=50)
    badge_number = models.CharField(_("执法证号"), max_length=30, blank=True)
    signed_at = models.DateTimeField(_("签署时间"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("执法人员签名")
        verbose_name_plural = _("执法人员签名")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "officer"],
                                    name="signature_once_per_officer"),
        ]

    def __str__(self):
        return f"{self.name}（{self.badge_number}）"


def refuse_m2m_change_when_signed(sender, instance, action, reverse, **kwargs):
    """Guard (not a side effect): refuse adding or removing officers, departments or
    standards of a signed record. Connected in ``InspectionsConfig.ready``."""
    if action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    if reverse:
        pks = kwargs.get("pk_set") or set()
        signed = Inspection.objects.filter(pk__in=pks, signed_at__isnull=False).exists()
    else:
        signed = Inspection.objects.filter(pk=instance.pk, signed_at__isnull=False).exists()
    if signed:
        raise RecordSigned(_("检查记录已签署，不能修改。"))
