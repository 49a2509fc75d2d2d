"""Reference data (divisions, sectors, regulators, industries) and enterprises."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import (  # the one table of length limits (TEXT_LIMITS), and normalisation
    clean_text,
    limit,
    normalize_credit_code,
    normalize_identifier,
    normalize_phone,
)

from .enums import DepartmentKind, EnterpriseActivity, RiskGrade
from .validators import validate_credit_code


class District(models.Model):
    """区县: a county-level division of Chongqing, keyed by its 6-digit GB/T 2260 code."""

    code = models.CharField(_("区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=50)

    class Meta:
        ordering = ["code"]
        verbose_name = _("区县")
        verbose_name_plural = _("区县")

    def __str__(self):
        return self.name


class Township(models.Model):
    """镇街: a township or subdistrict, keyed by its 9-digit NBS statistical code."""

    code = models.CharField(_("区划代码"), max_length=9, primary_key=True)
    name = models.CharField(_("名称"), max_length=50)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="townships",
                                 verbose_name=_("区县"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("镇街")
        verbose_name_plural = _("镇街")

    def __str__(self):
        return self.name


class Sector(models.Model):
    """行业领域: the high-risk sector an enterprise belongs to (coal mine, chemicals, …)."""

    code = models.SlugField(_("代码"), max_length=40, primary_key=True)
    name = models.CharField(_("名称"), max_length=50)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("行业领域")
        verbose_name_plural = _("行业领域")

    def __str__(self):
        return self.name


class Industry(models.Model):
    """GB/T 4754-2017 国民经济行业分类 entry: 门类 (A), 大类 (01), 中类 (011) or 小类 (0111)."""

    code = models.CharField(_("行业代码"), max_length=4, primary_key=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("层级"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")

    class Meta:
        ordering = ["code"]
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业")

    def __str__(self):
        return f"{self.code} {self.name}"


class Department(models.Model):
    """监管部门: a regulator office, city-level (no district) or in one district.

    ``document_prefix`` is the abbreviation used in document numbers, e.g. ``渝涪应急`` for
    the Fuling emergency-management bureau (渝涪应急责改〔2024〕17号).
    """

    code = models.SlugField(_("代码"), max_length=40, primary_key=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=30, choices=DepartmentKind.choices)
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="departments", verbose_name=_("区县"))
    document_prefix = models.CharField(_("文书字号前缀"), max_length=20, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("监管部门")
        verbose_name_plural = _("监管部门")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=DepartmentKind.values),
                                   name="department_kind_valid"),
        ]

    def __str__(self):
        return self.name


class Enterprise(models.Model):
    """企业: a production and business unit under supervision.

    ``credit_code`` is the 18-character unified social credit code, unique and validated by its
    GB 32100 check digit. ``version`` increases with every edit (``enterprises.services``); an
    edit based on an older version is refused (409).
    """

    credit_code = models.CharField(_("统一社会信用代码"), max_length=limit("enterprise.credit_code"),
                                   unique=True,
                                   validators=[validate_credit_code])
    name = models.CharField(_("企业名称"), max_length=limit("enterprise.name"))
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="enterprises",
                                 verbose_name=_("区县"))
    township = models.ForeignKey(Township, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="enterprises", verbose_name=_("镇街"))
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="enterprises",
                               verbose_name=_("行业领域"))
    industry = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="enterprises", verbose_name=_("国民经济行业"))
    address = models.CharField(_("地址"), max_length=limit("enterprise.address"), blank=True)
    # 安全风险等级 (red/orange/yellow/blue); random inspection plans draw from a grade's pool
    risk_grade = models.CharField(_("安全风险等级"), max_length=10, blank=True,
                                  choices=RiskGrade.choices)
    legal_representative = models.CharField(_("法定代表人"),
                                            max_length=limit("enterprise.legal_representative"),
                                            blank=True)
    safety_contact_name = models.CharField(_("安全联系人"),
                                           max_length=limit("enterprise.safety_contact_name"),
                                           blank=True)
    safety_contact_phone = models.CharField(_("联系电话"),
                                            max_length=limit("enterprise.safety_contact_phone"),
                                            blank=True)
    safety_contact_email = models.EmailField(_("联系邮箱"), blank=True)
    # The special-area criteria (专项类) apply by activity, not by industry (EnterpriseActivity).
    has_dust_explosion_risk = models.BooleanField(_("存在粉尘爆炸危险"), default=False,
                                                  db_default=False)
    uses_ammonia_refrigeration = models.BooleanField(_("使用液氨制冷"), default=False,
                                                     db_default=False)
    has_confined_space_work = models.BooleanField(_("有限空间作业"), default=False,
                                                  db_default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # field history: who changed what, and why (``enterprises.services`` sets the actor and
    # the reason, e.g. the import job, where no request middleware is there to name them)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        indexes = [
            # the district register's enterprise picker and the city's per-district lists
            models.Index(fields=["district", "sector"], name="enterprise_district_sector"),
            models.Index(fields=["township"], name="enterprise_township"),
            models.Index(fields=["updated_at", "id"], name="enterprise_updated"),
        ]

    def __str__(self):
        return self.name

    @property
    def activities(self) -> frozenset[str]:
        """The ``EnterpriseActivity`` values recorded for this enterprise."""
        return frozenset(a.value for a in EnterpriseActivity if getattr(self, a.value))

    def normalize_typed_fields(self) -> None:
        """Identifiers half-width (credit code, phone, e-mail: full-width input typed with a
        Chinese input method is stored half-width), text cleaned of bidirectional controls
        (``core.text``). Called by the enterprise services and by ``clean`` (the admin)."""
        self.credit_code = normalize_credit_code(self.credit_code)
        self.safety_contact_phone = normalize_phone(self.safety_contact_phone)
        self.safety_contact_email = normalize_identifier(self.safety_contact_email)
        for name in ("name", "address", "legal_representative", "safety_contact_name"):
            setattr(self, name, clean_text(getattr(self, name)))

    def clean(self):
        self.normalize_typed_fields()
        if self.township_id and self.district_id and not self.township_id.startswith(
                self.district_id):
            from django.core.exceptions import ValidationError
            raise ValidationError({"township": _("镇街不属于所选区县。")})
