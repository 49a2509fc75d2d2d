"""Inspections (检查) and the determination standards (判定标准) their findings rest on."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import InspectionKind


class HazardStandard(models.Model):
    """判定标准: a published standard that says which findings are major hazards in a sector.

    A standard in use is never edited in place: a new version is a new row, and
    ``superseded_by`` points from the old version to the new one.
    """

    sector = models.ForeignKey("enterprises.Sector", on_delete=models.PROTECT,
                               related_name="standards", verbose_name=_("行业领域"))
    code = models.SlugField(_("代码"), max_length=60, unique=True)
    title = models.CharField(_("标准名称"), max_length=200)
    issuing_authority = models.CharField(_("发布机关"), max_length=100, blank=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    effective_date = models.DateField(_("施行日期"), null=True, blank=True)
    version = models.CharField(_("版本"), max_length=20, blank=True)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="supersedes", verbose_name=_("被替代为"))
    is_current = models.BooleanField(_("现行有效"), default=True)

    class Meta:
        ordering = ["sector", "code"]
        verbose_name = _("重大事故隐患判定标准")
        verbose_name_plural = _("重大事故隐患判定标准")

    def __str__(self):
        return f"{self.title}（{self.version}）" if self.version else self.title


class HazardCriterion(models.Model):
    """判定依据: one numbered clause of a standard; a finding matching it is a major hazard."""

    standard = models.ForeignKey(HazardStandard, on_delete=models.PROTECT,
                                 related_name="criteria", verbose_name=_("判定标准"))
    number = models.CharField(_("条款号"), max_length=30)
    group_name = models.CharField(_("分组"), max_length=100, blank=True)
    code = models.CharField(_("条目代码"), max_length=80, blank=True)
    text = models.TextField(_("条款内容"))
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["standard", "sort_order"]
        verbose_name = _("判定条款")
        verbose_name_plural = _("判定条款")
        constraints = [
            models.UniqueConstraint(fields=["standard", "number"], name="criterion_number_unique"),
        ]

    def __str__(self):
        return f"{self.standard.title} 第{self.number}项"


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
    enterprise_representative = models.CharField(_("企业陪同人员"), max_length=50, blank=True)
    representative_refused_to_sign = models.BooleanField(_("拒绝签字"), default=False)
    signed_at = models.DateTimeField(_("签署时间"), null=True, blank=True)
    record_hash = models.CharField(_("记录哈希(SHA-256)"), max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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

    @property
    def is_self_inspection(self) -> bool:
        return self.kind == InspectionKind.SELF_INSPECTION

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None
