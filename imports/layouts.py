"""From one mapped row to a plan: which enterprise, inspection and hazard it describes.

Pure functions (no database): ``interpret(layout, values, preset)`` returns a ``RowPlan`` or
the list of ``RowError`` that make the row unusable. ``imports.services`` then writes the plan
through the domain services. Keeping this free of the database is what makes the dry run
exactly the same validation as the real run.

Natural keys (the idempotency of re-imports rests on them):
- OSHA: inspection = ``activity_nr``; hazard = ``activity_nr/citation_id``; enterprise = the
  establishment (``estab_name`` + ``site_address`` + ``site_zip``).
- Ledger: enterprise = its credit code, else its name; inspection = ``检查编号`` when the ledger
  has one, else enterprise + date + kind; hazard = ``隐患编号`` when present, else enterprise +
  inspection date + check item + description + location (a ledger without hazard numbers
  identifies a hazard by what it says; editing that text in a later file makes a new hazard).
"""
import datetime
import hashlib
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from stdnum.cn import uscc

from core.text import limit, normalize_credit_code, normalize_identifier, normalize_phone

from .cleaning import (
    CellError,
    clean_text,
    free_text,
    normalize_codes,
    parse_code,
    parse_date,
    parse_decimal,
)
from .presets import (
    ENTERPRISES,
    LEDGER,
    OSHA,
    STATE_CLOSED,
    STATE_CLOSED_ON_SPOT,
    STATE_DELETED,
    STATE_OPEN,
)

HAZARD_CATEGORIES = {"equipment_defect", "unlawful_act", "management_deficiency"}


@dataclass
class RowError:
    field: str
    zh: str
    en: str


@dataclass
class EnterpriseSpec:
    key: str
    name: str
    credit_code: str | None = None
    address: str = ""
    # ledgers name their enterprises; OSHA establishments of one name sit at many addresses
    match_by_name: bool = True
    # enterprise lists: the other columns of Enterprise (legal_representative, contacts, sector)
    details: dict = field(default_factory=dict)


@dataclass
class InspectionSpec:
    key: str
    kind: str
    inspected_on: datetime.date
    reference_number: str = ""
    notes: str = ""


@dataclass
class HazardSpec:
    key: str
    grade: str
    category: str
    description: str
    state: str
    location: str = ""
    rectification_measures: str = ""
    responsible_person: str = ""
    rectification_deadline: datetime.date | None = None
    rectification_funds: Decimal | None = None
    state_code: str = ""
    # the ledger's closure date (销号日期), when it has one: the replayed closure is dated so
    closed_on: datetime.date | None = None

    def content(self) -> dict:
        """The fields an update may change, as JSON-ready values. A missing closure date is
        left out, so rows imported before the column existed keep their hash."""
        data = asdict(self)
        data.pop("key")
        if data["closed_on"] is None:
            data.pop("closed_on")
        return json.loads(json.dumps(data, default=str))


@dataclass
class RowPlan:
    enterprise: EnterpriseSpec
    inspection: InspectionSpec | None
    hazard: HazardSpec | None
    source: dict = field(default_factory=dict)
    skip_reason: str = ""

    @property
    def row_hash(self) -> str:
        payload = {"e": asdict(self.enterprise),
                   "i": asdict(self.inspection) if self.inspection else None,
                   "h": self.hazard.content() if self.hazard else None}
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str)
                              .encode()).hexdigest()


def interpret(layout: str, values: dict, preset, *, default_inspected_on=None):
    """Turn ``values`` (field → raw cell) into a RowPlan, or return a list of RowError.

    ``preset`` supplies ``codes`` and ``options``; ``default_inspected_on`` is the inspection
    date for ledgers that have no date column (the import form asks for it).
    """
    errors: list[RowError] = []
    tables = getattr(preset, "_normalized_codes", None)
    if tables is None:  # once per preset object, not once per row
        tables = {name: normalize_codes(codes) for name, codes in preset.codes.items()}
        preset._normalized_codes = tables
    reader = _Reader(values, errors, preset.codes, tables)
    if layout == OSHA:
        plan = _osha(reader, preset.options)
    elif layout == LEDGER:
        plan = _ledger(reader, preset.options, default_inspected_on)
    elif layout == ENTERPRISES:
        plan = _enterprise(reader)
    else:
        raise ValueError(f"unknown layout {layout!r}")
    return errors if errors else plan


class _Reader:
    """Reads fields from the row, recording a RowError per unusable cell."""

    def __init__(self, values, errors, codes, tables):
        self.values, self.errors, self.codes, self.tables = values, errors, codes, tables

    def _guard(self, name, parse):
        try:
            return parse(self.values.get(name))
        except CellError as exc:
            self.errors.append(RowError(name, exc.zh, exc.en))
            return None

    def text(self, name, *, required=False, label=""):
        """The cell as a code or key (NFKC, ``cleaning.clean_text``), "" when missing."""
        value = clean_text(self.values.get(name))
        if required and value is None:
            self.errors.append(RowError(name, f"缺少必填项“{label or name}”",
                                        f"required value '{label or name}' is missing"))
        return value or ""

    def prose(self, name, *, limit_key: str, label=""):
        """The cell as free text to store (``cleaning.free_text``: full-width characters
        kept), "" when missing. Longer than ``core.text.TEXT_LIMITS[limit_key]`` is a
        RowError naming the column (never cut short)."""
        return self._within(name, free_text(self.values.get(name)) or "", limit_key, label)

    def identifier(self, name, *, limit_key: str, normalize=normalize_identifier, label=""):
        """The cell as an identifier to store (phone, badge…: NFKC, half-width), "" when
        missing; too long is a RowError naming the column."""
        raw = clean_text(self.values.get(name))
        return self._within(name, normalize(raw) if raw else "", limit_key, label)

    def _within(self, name, value, limit_key, label):
        maximum = limit(limit_key)
        if len(value) > maximum:
            self.errors.append(RowError(
                name, f"“{label or name}”过长：最多 {maximum} 个字符（当前 {len(value)} 个）",
                f"'{label or name}' is too long: at most {maximum} characters "
                f"({len(value)} given)"))
        return value

    def date(self, name, *, required=False, label=""):
        value = self._guard(name, parse_date)
        if required and value is None and not any(e.field == name for e in self.errors):
            self.errors.append(RowError(name, f"缺少必填日期“{label or name}”",
                                        f"required date '{label or name}' is missing"))
        return value

    def decimal(self, name):
        value = self._guard(name, parse_decimal)
        if value is not None and value < 0:
            self.errors.append(RowError(name, "金额不能为负数", "amount must not be negative"))
        return value

    def code(self, name, *, label=""):
        mapping, table = self.codes.get(name, {}), self.tables.get(name, {})
        return self._guard(name, lambda raw: parse_code(raw, mapping, label=label or name,
                                                        table=table))


def _osha(row: _Reader, options) -> RowPlan | None:
    activity = row.text("activity_nr", required=True)
    name = row.text("estab_name", required=True)
    address, zip_code = row.text("site_address"), row.text("site_zip")
    city = row.text("site_city")
    opened = row.date("open_date", required=True)
    office = row.text("reporting_id")
    citation = row.text("citation_id")
    source = {"activity_nr": activity, "reporting_id": office, "insp_type": row.text("insp_type"),
              "citation_id": citation}
    enterprise = EnterpriseSpec(key=f"{name}|{address}|{zip_code}".upper(), name=name,
                                address=", ".join(part for part in (address, city) if part),
                                match_by_name=False)
    if not activity or opened is None:
        return None
    inspection = InspectionSpec(
        key=activity, kind=options.get("default_kind", "enforcement"), inspected_on=opened,
        reference_number=f"OSHA {activity}",
        notes=f"OSHA inspection {activity}, office {office}, type {source['insp_type']}")
    plan = RowPlan(enterprise=enterprise, inspection=inspection, hazard=None, source=source)
    if not citation:
        return plan  # an inspection without violations
    deleted = row.code("delete_flag", label="delete_flag")
    grade = row.code("viol_type", label="viol_type")
    state = row.code("abate_complete", label="abate_complete") or STATE_OPEN
    abate = row.date("abate_date")
    case_closed = row.date("close_case_date")
    issued = row.date("issuance_date")
    penalty = row.decimal("current_penalty")
    standard = row.text("standard")
    raw_type = row.text("viol_type")
    if grade is None and raw_type == "" and not any(e.field == "viol_type" for e in row.errors):
        row.errors.append(RowError("viol_type", "缺少违规类型 viol_type",
                                   "viol_type is missing"))
    if deleted == STATE_DELETED:
        plan.skip_reason = "OSHA delete_flag=D"
    if state == STATE_CLOSED and abate is None:
        row.errors.append(RowError("abate_date", "已整改的违规缺少整改期限 abate_date",
                                   "abate_date is required for an abated violation"))
    # the case closes once its citations are abated and verified: the closure date of an
    # abated citation (open ones stay open whatever the case's date)
    closed_on = _closure_date(row, case_closed, opened, "close_case_date",
                              closed=state in (STATE_CLOSED, STATE_CLOSED_ON_SPOT),
                              strict=False)
    source.update({"standard": standard, "viol_type": raw_type,
                   "abate_complete": row.text("abate_complete"),
                   "issuance_date": issued.isoformat() if issued else "",
                   "gravity": row.text("gravity"), "current_penalty": str(penalty or "")})
    plan.hazard = HazardSpec(
        key=f"{activity}/{citation}", grade=grade or "general",
        category=options.get("default_category", "unlawful_act"),
        description=f"OSHA citation {citation}: standard {standard or '—'} "
                    f"(violation type {raw_type})",
        location=enterprise.address, rectification_deadline=abate, state=state,
        state_code=row.text("abate_complete"), closed_on=closed_on)
    return plan


def _ledger(row: _Reader, options, default_inspected_on) -> RowPlan | None:
    name = row.text("enterprise_name", required=True, label="企业（责任单位）")
    credit = normalize_credit_code(row.text("credit_code")) or None
    if credit and not uscc.is_valid(credit):
        row.errors.append(RowError("credit_code", f"统一社会信用代码“{credit}”校验不通过",
                                   f"credit code '{credit}' fails the GB 32100 check"))
    description_key = row.text("description", required=True, label="隐患描述")
    inspected_on = row.date("inspected_on") or default_inspected_on
    if inspected_on is None and not any(e.field == "inspected_on" for e in row.errors):
        row.errors.append(RowError("inspected_on", "缺少检查日期", "inspection date is missing"))
    kind = row.code("inspection_kind", label="检查类型") or options.get("default_kind",
                                                                     "enforcement")
    grade = row.code("grade", label="隐患等级") or options.get("default_grade", "general")
    category = row.code("category", label="隐患类别") or options.get("default_category",
                                                                  "management_deficiency")
    state = row.code("rectified", label="整改情况") or STATE_OPEN
    deadline = row.date("rectification_deadline", label="整改期限")
    closed_on = _closure_date(row, row.date("closed_on"), inspected_on, "closed_on",
                              closed=state in (STATE_CLOSED, STATE_CLOSED_ON_SPOT))
    funds = row.decimal("rectification_funds")
    # keys are built from the NFKC text (as re-imports always were); what is stored is the
    # free text as written (core.text: full-width punctuation kept), within the limits
    check_item_key, location_key = row.text("check_item"), row.text("location")
    check_item = row.prose("check_item", limit_key="hazard.description", label="检查项目")
    description = row.prose("description", limit_key="hazard.description", label="隐患描述")
    location = row.prose("location", limit_key="hazard.location", label="隐患部位")
    measures = row.prose("rectification_measures", limit_key="hazard.rectification_measures",
                         label="整改措施")
    responsible = row.prose("responsible_person", limit_key="hazard.responsible_person",
                            label="整改责任人")
    address = row.prose("enterprise_address", limit_key="enterprise.address", label="企业地址")
    text = f"{check_item}：{description}" if check_item else description
    if len(text) > limit("hazard.description"):
        row.errors.append(RowError(
            "description", f"检查项目与隐患描述合计过长：最多 {limit('hazard.description')} 个字符",
            f"check item and description together are too long: at most "
            f"{limit('hazard.description')} characters"))
    if inspected_on and deadline and deadline < inspected_on:
        row.errors.append(RowError("rectification_deadline", "整改期限早于检查日期",
                                   "the deadline is before the inspection date"))
    if inspected_on and inspected_on > timezone.localdate():
        row.errors.append(RowError("inspected_on", "检查日期晚于今天",
                                   "the inspection date is in the future"))
    if row.errors:
        return None
    enterprise = EnterpriseSpec(key=credit or name, name=name, credit_code=credit,
                                address=address)
    ref = row.text("inspection_ref")
    inspection = InspectionSpec(
        key=ref or f"{enterprise.key}|{inspected_on.isoformat()}|{kind}", kind=kind,
        inspected_on=inspected_on, reference_number=ref[:60])
    hazard_ref = row.text("hazard_ref")
    hazard = HazardSpec(
        key=hazard_ref or "|".join([enterprise.key, inspected_on.isoformat(), check_item_key,
                                    description_key, location_key]),
        grade=grade, category=category, description=text, location=location,
        rectification_measures=measures, responsible_person=responsible,
        rectification_deadline=deadline, rectification_funds=funds, state=state,
        state_code=row.text("rectified"), closed_on=closed_on)
    return RowPlan(enterprise=enterprise, inspection=inspection, hazard=hazard,
                   source={"hazard_ref": hazard_ref, "inspection_ref": ref})


def _closure_date(row: _Reader, closed_on, found_on, name: str, *, closed: bool,
                  strict: bool = True):
    """The closure date a row gives, checked: not before the inspection, not in the future,
    and (``strict``) only on a row that says the hazard is rectified. None when absent."""
    if closed_on is None:
        return None
    if not closed:
        if strict:
            row.errors.append(RowError(name, "填写了销号日期，但整改情况不是已整改",
                                       "a closure date is given but the hazard is not "
                                       "marked rectified"))
        return None
    if found_on and closed_on < found_on:
        row.errors.append(RowError(name, "销号日期早于检查日期",
                                   "the closure date is before the inspection date"))
    if closed_on > timezone.localdate():
        row.errors.append(RowError(name, "销号日期晚于今天", "the closure date is in the future"))
    return closed_on


def _enterprise(row: _Reader) -> RowPlan | None:
    name = row.text("name", required=True, label="企业名称")
    credit = normalize_credit_code(row.text("credit_code")) or None
    if credit and not uscc.is_valid(credit):
        row.errors.append(RowError("credit_code", f"统一社会信用代码“{credit}”校验不通过",
                                   f"credit code '{credit}' fails the GB 32100 check"))
    email = row.text("safety_contact_email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.errors.append(RowError("safety_contact_email", f"邮箱“{email}”格式不正确",
                                       f"e-mail address '{email}' is not valid"))
    sector = row.code("sector", label="行业领域")
    details = {"legal_representative": row.prose(
                   "legal_representative", limit_key="enterprise.legal_representative",
                   label="法定代表人"),
               "safety_contact_name": row.prose(
                   "safety_contact_name", limit_key="enterprise.safety_contact_name",
                   label="安全联系人"),
               "safety_contact_phone": row.identifier(
                   "safety_contact_phone", limit_key="enterprise.safety_contact_phone",
                   normalize=normalize_phone, label="联系电话"),
               "safety_contact_email": email}
    if sector:
        details["sector_id"] = sector
    address = row.prose("address", limit_key="enterprise.address", label="地址")
    if row.errors:
        return None
    return RowPlan(enterprise=EnterpriseSpec(key=credit or name, name=name, credit_code=credit,
                                             address=address, details=details),
                   inspection=None, hazard=None, source={"credit_code": credit or ""})
