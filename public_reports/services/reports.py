"""A report's life: submission by the public, acceptance, re-routing, duplicates, referral,
verification by a 举报核查 inspection, and the answer the reporter reads with the query code."""
import datetime
import hashlib
import re
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.clock import today_cst
from core.errors import (
    ConcurrentModification,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from core.text import DESCRIPTION_MAX_CHARS, NOTE_MAX_CHARS, clean_text, validate_text_length
from hazards.filing.photos import prepare_photos
from hazards.filing.services import inspection_file
from inspections.enums import InspectionKind

from .. import pii, rules
from ..enums import OPEN_REPORT_STATUSES, ReportAction, ReportOutcome, ReportStatus
from ..models import PublicReport, ReportEvent, ReportPhoto
from ..selectors import QUERY_CODE_ALPHABET, open_report_with_matter, query_code_hash

# a mainland mobile (1xxxxxxxxxx) or a landline with area code, digits and dashes only
_PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")


@dataclass
class ReportInput:
    """What the public page (or a test) submits. Coordinates: WGS-84 decimal degrees."""

    district: object
    address: str
    description: str
    township: object = None
    enterprise: object = None
    enterprise_name: str = ""
    sector: object = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    anonymous: bool = True
    reporter_name: str = ""
    reporter_phone: str = ""
    photos: list = field(default_factory=list)


def _new_query_code() -> str:
    raw = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def matter_fingerprint(*, enterprise_id, district_id: str, address: str,
                       description: str) -> str:
    """SHA-256 of the matter: the enterprise (or, without one, the district and normalised
    address) and the normalised description. Equal fingerprints = the same matter reported
    again."""
    def norm(text: str) -> str:
        return "".join(ch for ch in text if ch.isalnum()).lower()

    place = f"e{enterprise_id}" if enterprise_id else f"d{district_id}:{norm(address)}"
    return hashlib.sha256(f"{place}|{norm(description)}".encode()).hexdigest()


def _validate_submission(data: ReportInput) -> None:
    if data.district is None:
        raise ValidationFailed(_("请选择区县。"), field="district")
    if data.township is not None and data.township.district_id != data.district.pk:
        raise ValidationFailed(_("镇街不属于所选区县。"), field="township")
    if data.enterprise is not None and data.enterprise.district_id != data.district.pk:
        raise ValidationFailed(_("该企业不在所选区县。"), field="enterprise")
    if not data.address:
        raise ValidationFailed(_("请填写地址。"), field="address")
    validate_text_length(data.address, limit=300, field="address")
    if not data.description:
        raise ValidationFailed(_("请描述您看到的情况。"), field="description")
    validate_text_length(data.description, limit=DESCRIPTION_MAX_CHARS, field="description")
    validate_text_length(data.enterprise_name, limit=200, field="enterprise_name")
    for name, value, bound in (("latitude", data.latitude, 90), ("longitude", data.longitude,
                                                                 180)):
        if value is not None and not -bound <= value <= bound:
            raise ValidationFailed(_("坐标超出范围。"), field=name)
    if not data.anonymous:
        if not data.reporter_name:
            raise ValidationFailed(_("实名举报请填写姓名。"), field="reporter_name")
        validate_text_length(data.reporter_name, limit=50, field="reporter_name")
        if not _PHONE.match(data.reporter_phone):
            raise ValidationFailed(_("请填写有效的手机号或固定电话（含区号）。"),
                                   field="reporter_phone")
    if len([p for p in data.photos if p]) > settings.PUBLIC_REPORT_MAX_PHOTOS:
        raise ValidationFailed(_("最多上传 %(n)d 张照片。")
                               % {"n": settings.PUBLIC_REPORT_MAX_PHOTOS}, field="photos")


def report_submit(*, data: ReportInput) -> tuple[PublicReport, str]:
    """File a report from the public (no login). The bot check and the rate limit are the
    page's (``public_reports.challenge``); this is the one rule for every entry point.

    Inputs: ``data`` (text is cleaned; a named report needs a name and a valid phone).
    Output: ``(report, query_code)``; the code (``XXXX-XXXX-XXXX``) is shown to the reporter
    once and stored only as a digest. The report lands with the district of the place, due
    for an answer ``PUBLIC_REPORT_ANSWER_DAYS`` CST days later. An open report on the same
    matter makes this one a duplicate linked to it (status ``duplicate``).
    Errors: ValidationFailed (field named), nothing written.
    """
    data.address = clean_text(data.address)
    data.description = clean_text(data.description)
    data.enterprise_name = clean_text(data.enterprise_name)
    data.reporter_name = clean_text(data.reporter_name)
    data.reporter_phone = re.sub(r"[\s]", "", clean_text(data.reporter_phone))
    _validate_submission(data)
    photos = prepare_photos([p for p in data.photos if p], field="photos")
    code = _new_query_code()
    fingerprint = matter_fingerprint(enterprise_id=getattr(data.enterprise, "pk", None),
                                     district_id=data.district.pk, address=data.address,
                                     description=data.description)
    name_encrypted = "" if data.anonymous else pii.encrypt(data.reporter_name)
    phone_encrypted = "" if data.anonymous else pii.encrypt(data.reporter_phone)
    with transaction.atomic():
        original = open_report_with_matter(fingerprint)
        report = PublicReport.objects.create(
            query_code_hash=query_code_hash(code), district=data.district,
            township=data.township, address=data.address, latitude=data.latitude,
            longitude=data.longitude, enterprise=data.enterprise,
            enterprise_name=data.enterprise_name or getattr(data.enterprise, "name", ""),
            sector=data.sector or getattr(data.enterprise, "sector", None),
            description=data.description, anonymous=data.anonymous,
            reporter_name_encrypted=name_encrypted, reporter_phone_encrypted=phone_encrypted,
            reporter_key_id=pii.key_id_of(phone_encrypted),
            reporter_phone_lookup="" if data.anonymous else pii.lookup_hash(data.reporter_phone),
            matter_fingerprint=fingerprint,
            answer_due=today_cst() + datetime.timedelta(days=settings.PUBLIC_REPORT_ANSWER_DAYS),
            status=ReportStatus.DUPLICATE if original else ReportStatus.RECEIVED,
            duplicate_of=original)
        ReportEvent.objects.create(report=report, action=ReportAction.RECEIVED, from_status="",
                                   to_status=ReportStatus.RECEIVED)
        if original:
            ReportEvent.objects.create(
                report=report, action=ReportAction.DUPLICATE_LINKED,
                from_status=ReportStatus.RECEIVED, to_status=ReportStatus.DUPLICATE,
                data={"duplicate_of": original.pk, "automatic": True})
        for photo in photos:
            row = ReportPhoto(report=report)
            row.file.save(f"{photo.sha256[:16]}.jpg", ContentFile(photo.content), save=False)
            row.save()
    return report, code


def _step(*, report: PublicReport, actor, expected_version: int | None, action: str,
          predicate, allowed_from, to_status: str | None = None,
          changes: dict | None = None, note: str = "", data: dict | None = None,
          check=None) -> PublicReport:
    """Lock ``report``, check version and predicate, apply ``changes`` and the new status,
    bump the version and write one history row. The one place ``status`` is assigned after
    submission. ``allowed_from``: the states the action starts from (else 409);
    ``predicate``: the named rule (else 403). ``check(locked)`` may raise a DomainError after
    the lock is taken."""
    validate_text_length(note, limit=NOTE_MAX_CHARS, field="note")
    with transaction.atomic():
        locked = PublicReport.objects.select_for_update().get(pk=report.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConcurrentModification(_("该举报已被他人处理（当前状态：%(status)s），"
                                           "请刷新后重试。")
                                         % {"status": locked.get_status_display()})
        if locked.status not in allowed_from:
            raise TransitionNotAllowed(_("当前状态“%(status)s”不允许该操作。")
                                       % {"status": locked.get_status_display()})
        if not predicate(actor, locked):
            raise PermissionDenied(_("您无权对该举报执行此操作。"))
        if check is not None:
            check(locked)
        from_status = locked.status
        fields = {"version", "updated_at"}
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
            fields.add(name)
        if to_status:
            locked.status = to_status
            fields.add("status")
        locked.version += 1
        locked.save(update_fields=sorted(fields))
        ReportEvent.objects.create(report=locked, action=action, from_status=from_status,
                                   to_status=locked.status, actor=actor,
                                   note=clean_text(note), data=data or {})
    return locked


def report_accept(*, report, actor, expected_version: int | None, note: str = ""):
    """受理: the district office takes the report on (received → accepted).
    Errors: as the module's; rule ``rules.may_accept_report``."""
    return _step(report=report, actor=actor, expected_version=expected_version,
                 action=ReportAction.ACCEPTED, predicate=rules.may_accept_report,
                 allowed_from={ReportStatus.RECEIVED},
                 to_status=ReportStatus.ACCEPTED, note=note)


def report_reroute(*, report, actor, expected_version: int | None, district, reason: str):
    """改派: city staff move an open report to the district that should handle it (the
    township is cleared when it is not in the new district). Rule ``may_reroute_report``."""
    reason = clean_text(reason)
    if not reason:
        raise ValidationFailed(_("请填写改派理由。"), field="reason")

    def check(locked):
        if locked.district_id == district.pk:
            raise ValidationFailed(_("举报已在该区县。"), field="district")
        if locked.enterprise_id and locked.enterprise.district_id != district.pk:
            raise ValidationFailed(_("被举报企业不在该区县。"), field="district")

    changes = {"district": district}
    if report.township_id and report.township.district_id != district.pk:
        changes["township"] = None
    return _step(report=report, actor=actor, expected_version=expected_version,
                 action=ReportAction.REROUTED, predicate=rules.may_reroute_report,
                 allowed_from=OPEN_REPORT_STATUSES,
                 changes=changes, note=reason, check=check,
                 data={"from": report.district_id, "to": district.pk})


def report_refer(*, report, actor, expected_version: int | None, department: str,
                 reason: str):
    """移交: an out-of-scope report goes to the right department, with a reason; the reporter
    reads both. Outcome ``referred``. Rule ``may_refer_report``."""
    department, reason = clean_text(department), clean_text(reason)
    if not department:
        raise ValidationFailed(_("请填写移交部门。"), field="department")
    if not reason:
        raise ValidationFailed(_("请填写移交理由。"), field="reason")
    validate_text_length(department, limit=100, field="department")
    return _step(report=report, actor=actor, expected_version=expected_version,
                 action=ReportAction.REFERRED, predicate=rules.may_refer_report,
                 allowed_from=OPEN_REPORT_STATUSES,
                 to_status=ReportStatus.REFERRED,
                 changes={"referred_to": department, "referral_reason": reason,
                          "outcome": ReportOutcome.REFERRED, "answered_at": timezone.now()},
                 note=reason)


def report_link_duplicate(*, report, actor, expected_version: int | None, original):
    """并案: ``report`` is the same matter as the open report ``original``, which is handled
    instead; the reporter of ``report`` follows ``original``'s progress. Rule
    ``may_link_duplicate``; ``original`` must be visible to the actor, open, not itself a
    duplicate and in the same district."""
    def check(locked):
        if original.pk == locked.pk or original.status not in (ReportStatus.RECEIVED,
                                                               ReportStatus.ACCEPTED):
            raise ValidationFailed(_("只能并入另一件办理中的举报。"), field="original")
        if original.district_id != locked.district_id:
            raise ValidationFailed(_("只能并入本区县的举报。"), field="original")

    return _step(report=report, actor=actor, expected_version=expected_version,
                 action=ReportAction.DUPLICATE_LINKED, predicate=rules.may_link_duplicate,
                 allowed_from=OPEN_REPORT_STATUSES,
                 to_status=ReportStatus.DUPLICATE, changes={"duplicate_of": original},
                 check=check, data={"duplicate_of": original.pk})


def report_file_verification(*, report, actor, expected_version: int | None,
                             inspected_on: datetime.date, findings, enterprise=None,
                             department=None, inspectors=(), joint_departments=(),
                             notes: str = ""):
    """举报核查: file the verification inspection (kind ``report_verification``) with its
    findings through ``inspection_file`` and link it to the report, in one transaction. Its
    hazards carry the report as their source (``hazard.inspection.public_report``).

    ``enterprise``: the report's, or the one the inspector identified on site (must be in the
    report's district). Output: the Inspection. Errors: as ``inspection_file`` and the module;
    rule ``may_file_verification``.
    """
    target = enterprise or report.enterprise
    if target is None:
        raise ValidationFailed(_("请选择核查的企业。"), field="enterprise")
    if target.district_id != report.district_id:
        raise ValidationFailed(_("核查企业须在举报所在区县。"), field="enterprise")
    with transaction.atomic():
        locked = PublicReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != ReportStatus.ACCEPTED or locked.verification_inspection_id:
            raise TransitionNotAllowed(_("该举报当前不能录入核查。"))
        if not rules.may_file_verification(actor, locked):
            raise PermissionDenied(_("您无权录入该举报的核查。"))
        inspection = inspection_file(
            actor=actor, enterprise=target, kind=InspectionKind.REPORT_VERIFICATION,
            inspected_on=inspected_on, findings=findings, department=department,
            inspectors=inspectors, joint_departments=joint_departments, notes=notes)
        _step(report=locked, actor=actor, expected_version=expected_version,
              action=ReportAction.VERIFICATION_FILED, allowed_from={ReportStatus.ACCEPTED},
              predicate=rules.may_file_verification,
              changes={"verification_inspection": inspection,
                       **({} if locked.enterprise_id else {"enterprise": target})},
              data={"inspection": inspection.pk, "hazards": len(findings)})
    return inspection


def report_answer(*, report, actor, expected_version: int | None, outcome: str,
                  answer: str):
    """答复办结: record the outcome (substantiated / not substantiated) and the answer the
    reporter reads with the query code; duplicates linked to it show the same. A
    substantiated outcome needs the verification inspection first. Rule
    ``may_answer_report``."""
    answer = clean_text(answer)
    if outcome not in (ReportOutcome.SUBSTANTIATED, ReportOutcome.NOT_SUBSTANTIATED):
        raise ValidationFailed(_("请选择核查结论。"), field="outcome")
    if not answer:
        raise ValidationFailed(_("请填写答复内容。"), field="answer")
    validate_text_length(answer, limit=DESCRIPTION_MAX_CHARS, field="answer")

    def check(locked):
        if locked.verification_inspection_id is None:
            raise ValidationFailed(_("请先录入举报核查检查。"), field="outcome")

    return _step(report=report, actor=actor, expected_version=expected_version,
                 action=ReportAction.ANSWERED, predicate=rules.may_answer_report,
                 allowed_from={ReportStatus.ACCEPTED},
                 to_status=ReportStatus.ANSWERED, check=check,
                 changes={"outcome": outcome, "public_answer": answer,
                          "answered_at": timezone.now()})
