from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentKind(models.TextChoices):
    """Regulator kinds (监管部门) named in docs/domain.md "Terms"."""

    EMERGENCY_MANAGEMENT = "emergency_management", _("应急管理")
    FIRE_RESCUE = "fire_rescue", _("消防救援")
    PUBLIC_SECURITY = "public_security", _("公安")
    TRANSPORT = "transport", _("交通运输")
    HOUSING_CONSTRUCTION = "housing_construction", _("住房城乡建设")
    ECONOMY_IT = "economy_it", _("经济信息")
    GAS = "gas", _("燃气")
    MARKET_REGULATION = "market_regulation", _("市场监管")


class EnterpriseActivity(models.TextChoices):
    """Activities that bring an enterprise under the special-area (专项类) criteria of the 工贸
    standards, whatever its industry: 存在粉尘爆炸危险, 使用液氨制冷, 有限空间作业 (工贸行业重大生产
    安全事故隐患判定标准（2017版）一、（一）–（三）; 工贸企业重大事故隐患判定标准 第十一条–第十三条).
    Each value is also the name of the Enterprise boolean field that records it."""

    DUST_EXPLOSION = "has_dust_explosion_risk", _("存在粉尘爆炸危险")
    AMMONIA_REFRIGERATION = "uses_ammonia_refrigeration", _("使用液氨制冷")
    CONFINED_SPACE = "has_confined_space_work", _("有限空间作业")
class RiskGrade(models.TextChoices):
    """安全风险等级 (the four-colour grading: 重大/较大/一般/低风险)."""

    RED = "red", _("重大风险（红）")
    ORANGE = "orange", _("较大风险（橙）")
    YELLOW = "yellow", _("一般风险（黄）")
    BLUE = "blue", _("低风险（蓝）")
