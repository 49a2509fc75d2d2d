"""Import fields, the shipped presets, and header matching.

A preset (``ImportPreset``) names a *layout* (how a row becomes enterprise / inspection /
hazard; see ``imports.layouts``), the header synonyms for each field, the code tables for
coded columns and a few options. The built-in presets below are upserted into the table by
``imports.services.preset_ensure_builtins``; users save their own corrected mappings as new
presets.

Sources of the synonyms (column headings are facts, copied as words only):
- SUBHSSE 日常巡检 / 专项检查 / 综合检查导入模板 (``cn_hse_system_import_template_headers.csv``):
  检查类型, 检查项, 不合格项描述, 整改要求, 检查区域, 责任单位, 处理措施, 限时时间, 整改情况(是/否);
- 隐患治理信息台账 (dudu-du/msm, recorded in the shared data README): 排查时间, 排查人, 隐患部位,
  隐患名称, 隐患等级, 治理措施, 完成时限, 责任部门;
- SUBHSSE ``Hazard_Registration`` / ``Check_RectifyNotice``: 问题描述, 整改期限, 责任单位, 整改责任人;
- the issue text: 隐患描述 / 不合格项描述 / 存在问题; 整改期限 / 限时时间 / 整改时限; 责任单位 / 被检查单位.
- OSHA: the column names of the DOL ``osha_inspection`` and ``osha_violation`` tables
  (``osha_data_dictionary.csv``).
"""
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .cleaning import clean_header


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    required: bool = False


LEDGER = "ledger"
OSHA = "osha"
ENTERPRISES = "enterprises"
LAYOUT_CHOICES = [(LEDGER, _("隐患台账 / 检查记录（每行一条隐患）")),
                  (OSHA, _("美国 OSHA 执法数据（检查关联违规）")),
                  (ENTERPRISES, _("企业名录（每行一家企业）"))]

LAYOUT_FIELDS: dict[str, list[FieldSpec]] = {
    LEDGER: [
        FieldSpec("enterprise_name", _("企业（责任单位）"), required=True),
        FieldSpec("credit_code", _("统一社会信用代码")),
        FieldSpec("enterprise_address", _("企业地址")),
        FieldSpec("inspection_ref", _("检查编号")),
        FieldSpec("inspected_on", _("检查日期")),
        FieldSpec("inspection_kind", _("检查类型")),
        FieldSpec("check_item", _("检查项")),
        FieldSpec("hazard_ref", _("隐患编号")),
        FieldSpec("description", _("隐患描述"), required=True),
        FieldSpec("location", _("隐患部位")),
        FieldSpec("rectification_measures", _("整改措施")),
        FieldSpec("responsible_person", _("整改责任人")),
        FieldSpec("rectification_deadline", _("整改期限")),
        FieldSpec("rectified", _("整改情况")),
        FieldSpec("closed_on", _("销号日期")),
        FieldSpec("grade", _("隐患等级")),
        FieldSpec("category", _("隐患类别")),
        FieldSpec("rectification_funds", _("整改资金（元）")),
    ],
    ENTERPRISES: [
        FieldSpec("name", _("企业名称"), required=True),
        FieldSpec("credit_code", _("统一社会信用代码")),
        FieldSpec("address", _("地址")),
        FieldSpec("legal_representative", _("法定代表人")),
        FieldSpec("safety_contact_name", _("安全联系人")),
        FieldSpec("safety_contact_phone", _("联系电话")),
        FieldSpec("safety_contact_email", _("联系邮箱")),
        FieldSpec("sector", _("行业领域")),
    ],
    OSHA: [
        FieldSpec("activity_nr", "activity_nr", required=True),
        FieldSpec("reporting_id", "reporting_id"),
        FieldSpec("estab_name", "estab_name", required=True),
        FieldSpec("site_address", "site_address"),
        FieldSpec("site_city", "site_city"),
        FieldSpec("site_zip", "site_zip"),
        FieldSpec("insp_type", "insp_type"),
        FieldSpec("open_date", "open_date", required=True),
        FieldSpec("close_case_date", "close_case_date"),
        FieldSpec("citation_id", "citation_id"),
        FieldSpec("delete_flag", "delete_flag"),
        FieldSpec("standard", "standard"),
        FieldSpec("viol_type", "viol_type"),
        FieldSpec("issuance_date", "issuance_date"),
        FieldSpec("abate_date", "abate_date"),
        FieldSpec("abate_complete", "abate_complete"),
        FieldSpec("gravity", "gravity"),
        FieldSpec("nr_exposed", "nr_exposed"),
        FieldSpec("initial_penalty", "initial_penalty"),
        FieldSpec("current_penalty", "current_penalty"),
    ],
}

# target values of the ledger's and OSHA's state columns (see imports.layouts)
STATE_CLOSED = "closed"            # rectified: order → evidence → passed re-inspection
STATE_CLOSED_ON_SPOT = "closed_on_spot"  # corrected during the inspection (witnessed)
STATE_OPEN = "open"                # not (yet) rectified: rectifying if a deadline is known
STATE_NOT_ABATED = "not_abated"    # OSHA E/W/S/A: closed administratively, never abated
STATE_DELETED = "deleted"          # OSHA delete_flag D: the citation was withdrawn; skipped

_LEDGER_COLUMNS = {
    "enterprise_name": ["企业名称", "责任单位", "被检查单位", "被检查企业", "单位名称", "责任部门",
                        "受检单位", "生产经营单位"],
    "credit_code": ["统一社会信用代码", "社会信用代码", "信用代码"],
    "enterprise_address": ["企业地址", "单位地址", "地址"],
    "inspection_ref": ["检查编号", "检查记录编号", "检查单号", "整改通知单编号"],
    "inspected_on": ["检查日期", "检查时间", "排查时间", "排查日期", "发现时间", "发现日期"],
    "inspection_kind": ["检查类型", "检查方式", "排查类型", "隐患来源"],
    "check_item": ["检查项", "检查项目", "检查内容"],
    "hazard_ref": ["隐患编号", "隐患编码"],
    "description": ["隐患描述", "不合格项描述", "存在问题", "隐患名称", "隐患内容", "问题描述",
                    "隐患情况", "主要问题"],
    "location": ["隐患部位", "检查区域", "隐患位置", "所在部位", "区域"],
    "rectification_measures": ["整改措施", "整改要求", "治理措施", "处理措施", "整改意见"],
    "responsible_person": ["整改责任人", "责任人"],
    "rectification_deadline": ["整改期限", "限时时间", "整改时限", "完成时限", "整改期限（日期）",
                               "要求完成时间", "整改完成期限"],
    "rectified": ["整改情况", "是否整改", "整改结果", "整改状态", "是否完成整改"],
    "closed_on": ["销号日期", "销号时间", "整改完成日期", "整改完成时间", "实际完成时间",
                  "实际完成日期", "验收日期", "复查日期"],
    "grade": ["隐患等级", "隐患级别"],
    "category": ["隐患类别", "隐患类型", "隐患分类"],
    "rectification_funds": ["整改资金", "整改资金（元）", "整改投入", "投入资金"],
}

_LEDGER_CODES = {
    "grade": {"一般": "general", "一般隐患": "general", "一般事故隐患": "general",
              "general": "general", "重大": "major", "重大隐患": "major",
              "重大事故隐患": "major", "major": "major"},
    "category": {"设施设备故障": "equipment_defect", "设备设施": "equipment_defect",
                 "设施设备": "equipment_defect", "违法违规行为": "unlawful_act",
                 "违法违规": "unlawful_act", "安全管理缺陷": "management_deficiency",
                 "管理缺陷": "management_deficiency", "安全管理": "management_deficiency"},
    "inspection_kind": {"企业自查": "self_inspection", "自查": "self_inspection",
                        "日常巡检": "self_inspection", "专项检查": "enforcement",
                        "综合检查": "enforcement", "执法检查": "enforcement",
                        "日常检查": "enforcement", "四不两直": "covert", "暗查暗访": "covert",
                        "联合检查": "joint", "专家指导服务": "expert_service",
                        "专家指导": "expert_service", "举报核查": "report_verification"},
    "rectified": {"是": STATE_CLOSED, "已整改": STATE_CLOSED, "已完成": STATE_CLOSED,
                  "完成": STATE_CLOSED, "已销号": STATE_CLOSED, "Y": STATE_CLOSED,
                  "yes": STATE_CLOSED, "√": STATE_CLOSED, "现场整改": STATE_CLOSED_ON_SPOT,
                  "立即整改": STATE_CLOSED_ON_SPOT, "即查即改": STATE_CLOSED_ON_SPOT,
                  "否": STATE_OPEN, "未整改": STATE_OPEN, "整改中": STATE_OPEN,
                  "未完成": STATE_OPEN, "N": STATE_OPEN, "no": STATE_OPEN, "×": STATE_OPEN},
}

# OSHA codes, from osha_data_dictionary.csv (osha_violation):
# viol_type "S=Serious. W=Willful. R=Repeat. O=Other". Grade decision: a Serious violation is
# one with a substantial probability of death or serious physical harm (the dictionary grades
# only serious violations, gravity 01-10); Willful and Repeat are aggravated forms cited above
# Serious. These three are the nearest equivalent of 重大隐患 → major. Other → general.
# abate_complete "Q=Quick Fix. X=Abatement Completed. I=Corrected During Inspection.
# E=Not Completed - Employer out of business. W=Not Changed - Worksite changed.
# S=Not Completed - Solicitor advised. A=Not Completed - AD discretion". X and Q are closed
# after rectification; I is closed on the spot; E/W/S/A were never abated, so the hazard stays
# open (rectifying, overdue from its abate_date). Blank / NA = no abatement recorded = open.
# The file also holds the codes 1/2/3 that the dictionary does not define: they are rejected
# as unknown codes (a user may add them to a saved preset once their meaning is known).
# delete_flag "D=deleted": a deleted citation is skipped. The file also has "X", undefined in
# the dictionary, which is therefore reported as unknown, not guessed.
_OSHA_CODES = {
    "viol_type": {"S": "major", "W": "major", "R": "major", "O": "general"},
    "abate_complete": {"X": STATE_CLOSED, "Q": STATE_CLOSED, "I": STATE_CLOSED_ON_SPOT,
                       "E": STATE_NOT_ABATED, "W": STATE_NOT_ABATED, "S": STATE_NOT_ABATED,
                       "A": STATE_NOT_ABATED},
    "delete_flag": {"D": STATE_DELETED},
}

# 单位设置导入模板 (SUBHSSE): 单位代码, 单位名称, 单位类型, 工程范围, 法人代表, 单位地址, 联系电话, 传真,
# 邮箱, 是否分公司. Its 单位代码 is the system's own unit number, not a credit code, so it is
# not mapped; 单位类型 is not a 行业领域.
_ENTERPRISE_COLUMNS = {
    "name": ["企业名称", "单位名称", "生产经营单位名称", "企业（单位）名称"],
    "credit_code": ["统一社会信用代码", "社会信用代码", "信用代码"],
    "address": ["地址", "单位地址", "企业地址", "注册地址", "经营地址"],
    "legal_representative": ["法定代表人", "法人代表", "法人"],
    "safety_contact_name": ["安全联系人", "安全负责人", "联系人"],
    "safety_contact_phone": ["联系电话", "电话", "手机"],
    "safety_contact_email": ["联系邮箱", "邮箱", "电子邮箱"],
    "sector": ["行业领域", "行业类别", "监管行业"],
}
# the names of enterprises.reference.SECTORS
_SECTOR_CODES = {"煤矿": "coal_mine", "非煤矿山": "non_coal_mine", "危险化学品": "hazardous_chemicals",
                 "危化品": "hazardous_chemicals", "烟花爆竹": "fireworks", "工贸": "industry_trade",
                 "建筑施工": "construction", "交通运输": "transport", "消防": "fire_safety",
                 "城镇燃气": "gas", "燃气": "gas", "特种设备": "special_equipment", "其他": "other"}

BUILTIN_PRESETS = [
    {
        "code": "cn_enterprise_list",
        "name": "企业名录",
        "layout": ENTERPRISES,
        "columns": _ENTERPRISE_COLUMNS,
        "codes": {"sector": _SECTOR_CODES},
        "options": {"sector": "other"},
    },
    {
        "code": "cn_hazard_ledger",
        "name": "隐患排查治理台账（通用）",
        "layout": LEDGER,
        "columns": _LEDGER_COLUMNS,
        "codes": _LEDGER_CODES,
        "options": {"default_grade": "general", "default_category": "management_deficiency",
                    "default_kind": "enforcement", "sector": "other"},
    },
    {
        "code": "cn_check_record",
        "name": "检查记录导入模板（日常巡检 / 专项检查 / 综合检查）",
        "layout": LEDGER,
        "columns": _LEDGER_COLUMNS,
        "codes": _LEDGER_CODES,
        # these templates are an enterprise's own HSE checks
        "options": {"default_grade": "general", "default_category": "management_deficiency",
                    "default_kind": "self_inspection", "sector": "construction"},
    },
    {
        "code": "osha_inspection_violation",
        "name": "US OSHA enforcement export (osha_inspection ⋈ osha_violation)",
        "layout": OSHA,
        "columns": {spec.name: [spec.name] for spec in LAYOUT_FIELDS[OSHA]},
        "codes": _OSHA_CODES,
        # A citation is a breach of a published standard: 违法违规行为. OSHA offices are not
        # Chongqing districts: every row goes to the import's target district, and the office
        # (reporting_id) stays in the source key and the history.
        "options": {"default_category": "unlawful_act", "default_kind": "enforcement",
                    "sector": "other"},
    },
]

_PARENTHESIS = re.compile(r"[(（\[【].*?[)）\]】]")


def _header_keys(header) -> list[str]:
    key = clean_header(header)
    base = _PARENTHESIS.sub("", key)
    return [key, base] if base and base != key else [key]


def match_headers(headers: list, columns: dict[str, list[str]]) -> dict[int, str]:
    """Map column indexes to fields by name and synonym.

    Inputs: the header row as read, and a preset's ``columns`` (field → synonyms).
    Output: ``{column_index: field}``; each field is taken by its first matching column.
    Matching ignores case, whitespace, full-width forms and a parenthesised suffix
    (``整改情况(是/否)`` matches 整改情况).
    """
    lookup = {}
    for field, synonyms in columns.items():
        for synonym in [field, *synonyms]:
            lookup.setdefault(clean_header(synonym), field)
    mapping: dict[int, str] = {}
    taken = set()
    for index, header in enumerate(headers):
        for key in _header_keys(header):
            field = lookup.get(key)
            if field and field not in taken:
                mapping[index] = field
                taken.add(field)
                break
    return mapping


def missing_required(layout: str, mapping: dict[int, str]) -> list[FieldSpec]:
    """The required fields of ``layout`` that ``mapping`` leaves unmapped."""
    mapped = set(mapping.values())
    return [spec for spec in LAYOUT_FIELDS[layout] if spec.required and spec.name not in mapped]
