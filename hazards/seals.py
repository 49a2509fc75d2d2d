"""What the seals of this app cover: one canonical content function per sealed kind — the
signed inspection record (现场检查记录), the rectification order (责令限期整改指令书) and the
re-inspection opinion (整改复查意见书) — each reading, fresh from the database, everything the
object's PDF prints (``hazards.pdfs`` prints through the same helpers, so the two cannot
drift apart). ``core.seals`` hashes, chains, signs and verifies; docs/seals.md explains.

Values that the rectification loop changes later are taken as they stood when the object
was signed or issued, from append-only history, never from the live row: a finding's deadline
on the record, the record's number and hash on a document issued before the record was
signed, the order an opinion refers to.
"""
import datetime

from django.utils.translation import gettext_lazy as _

from core.models import Seal
from core.seals import SealKind, register_seal_kind, seal_append
from core.seals.sealing import sealed_at_text
from inspections.models import Inspection

from .enums import DocumentKind
from .models import Hazard, RectificationOrder, Verification

INSPECTION_RECORD = "inspection_record"
RECTIFICATION_ORDER = DocumentKind.RECTIFICATION_ORDER.value
VERIFICATION_OPINION = DocumentKind.VERIFICATION_OPINION.value


def _utc(moment: datetime.datetime | None) -> str | None:
    return sealed_at_text(moment) if moment else None


def _date(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _criterion_basis(criterion) -> str:
    """判定依据 as printed: the standard's title and document number, the clause and its text."""
    if criterion is None:
        return ""
    standard = criterion.standard
    return f"《{standard.title}》（{standard.document_number}）第{criterion.number}项：{criterion.text}"


def deadlines_at(hazard_ids, moment: datetime.datetime) -> dict[int, datetime.date | None]:
    """Each hazard's rectification deadline as it stood at ``moment``, from its field history
    (append-only): ``{hazard id: CST date or None}``. One query."""
    rows = (Hazard.history.filter(id__in=list(hazard_ids), history_date__lte=moment)
            .order_by("id", "-history_date", "-history_id")
            .values_list("id", "rectification_deadline"))
    out: dict[int, datetime.date | None] = {}
    for hazard_id, deadline in rows:
        out.setdefault(hazard_id, deadline)
    return out


def record_as_of(inspection: Inspection, moment: datetime.datetime | None) -> dict:
    """How a document issued at ``moment`` cites its inspection record: the record's number and
    hash if it was signed by then, else its id (``{"number", "inspected_on" (date),
    "record_hash"}``)."""
    signed = bool(inspection.signed_at and moment and inspection.signed_at <= moment)
    return {"number": inspection.reference_number if signed else str(inspection.pk),
            "inspected_on": inspection.inspected_on,
            "record_hash": inspection.record_hash if signed else ""}


def _record_content(inspection: Inspection, moment) -> dict:
    cited = record_as_of(inspection, moment)
    return {**cited, "inspected_on": _date(cited["inspected_on"])}


def order_of_opinion(verification: Verification) -> RectificationOrder | None:
    """The rectification order an opinion refers to: the hazard's latest one issued before it."""
    return (RectificationOrder.objects.filter(hazard_id=verification.hazard_id,
                                              issued_at__lte=verification.issued_at)
            .order_by("-issued_at", "-id").first())


def _enterprise(obj) -> dict:
    return {"name": obj.enterprise_name, "credit_code": obj.enterprise_credit_code}


def _officers(document) -> list[dict]:
    return [{"name": o["name"], "badge_number": o["badge_number"]} for o in document.officers]


def inspection_record_content(inspection_id: int, *,
                              signing_at: datetime.datetime | None = None) -> dict | None:
    """Everything the signed record (现场检查记录) prints, as canonical content; None when the
    record does not exist. ``signing_at`` stands in for ``signed_at`` while it is being signed.

    The parties are the copies frozen at signing; officers are the signatures (name, badge
    number and time as signed); each finding carries its deadline as at signing and the
    SHA-256 of each of its photos. Six queries.
    """
    inspection = (Inspection.objects.select_related("district", "follow_up_of")
                  .filter(pk=inspection_id).first())
    if inspection is None:
        return None
    signed_at = signing_at or inspection.signed_at
    findings = list(inspection.hazards.select_related("criterion__standard", "accident_type")
                    .prefetch_related("photos").order_by("id"))
    deadlines = deadlines_at([h.pk for h in findings], signed_at) if signed_at else {}
    follow_up = inspection.follow_up_of
    return {
        "kind": INSPECTION_RECORD,
        "record": {
            "id": inspection.pk, "number": inspection.reference_number,
            "kind": inspection.kind, "inspected_on": _date(inspection.inspected_on),
            "signed_at": _utc(signed_at), "notes": inspection.notes,
            "district": {"code": inspection.district_id, "name": inspection.district.name},
            "follow_up_of": (follow_up.reference_number or str(follow_up.pk)) if follow_up
            else None,
        },
        "enterprise": {"name": inspection.enterprise_name,
                       "credit_code": inspection.enterprise_credit_code,
                       "address": inspection.enterprise_address,
                       "legal_representative": inspection.enterprise_legal_representative},
        "departments": {"lead": inspection.department_name,
                        "joint": list(inspection.joint_department_names or [])},
        "officers": [{"name": s.name, "badge_number": s.badge_number,
                      "signed_at": _utc(s.signed_at)}
                     for s in inspection.signatures.order_by("officer_id", "id")],
        "representative": {"name": inspection.enterprise_representative,
                           "refused_to_sign": inspection.representative_refused_to_sign},
        "standards": [{"code": s.code, "title": s.title, "document_number": s.document_number}
                      for s in inspection.standards.order_by("code")],
        "checklist": [{"standard": r.criterion.standard.code, "clause": r.criterion.number,
                       "text": r.criterion.text, "result": r.result, "note": r.note}
                      for r in inspection.check_results.select_related("criterion__standard")
                      .order_by("id")],
        "findings": [{"id": h.pk, "grade": h.grade, "category": h.category,
                      "basis": _criterion_basis(h.criterion), "description": h.description,
                      "location": h.location,
                      "accident_type": h.accident_type.name if h.accident_type else None,
                      "deadline": _date(deadlines.get(h.pk)),
                      "photos": [p.sha256 for p in sorted(h.photos.all(), key=lambda p: p.pk)]}
                     for h in findings],
    }


def rectification_order_content(order_id: int) -> dict | None:
    """Everything the rectification order (责令限期整改指令书) prints; None when it is gone."""
    order = (RectificationOrder.objects
             .select_related("hazard__inspection", "hazard__criterion__standard",
                             "hazard__district").filter(pk=order_id).first())
    if order is None:
        return None
    hazard = order.hazard
    return {
        "kind": RECTIFICATION_ORDER, "number": order.number,
        "department": order.department_name, "district": hazard.district.name,
        "enterprise": _enterprise(order), "issued_at": _utc(order.issued_at),
        "rectification_deadline": _date(order.rectification_deadline),
        "measures": order.rectification_measures, "items": order.items or [],
        "hazard": {"id": hazard.pk, "grade": hazard.grade, "description": hazard.description,
                   "basis": _criterion_basis(hazard.criterion)},
        "officers": _officers(order),
        "record": _record_content(hazard.inspection, order.issued_at),
    }


def verification_opinion_content(verification_id: int) -> dict | None:
    """Everything the re-inspection opinion (整改复查意见书) prints, with the SHA-256 of each
    re-inspection file; None when it is gone."""
    verification = (Verification.objects
                    .select_related("hazard__inspection", "hazard__criterion__standard",
                                    "hazard__district").filter(pk=verification_id).first())
    if verification is None:
        return None
    hazard = verification.hazard
    order = order_of_opinion(verification)
    return {
        "kind": VERIFICATION_OPINION, "number": verification.number,
        "department": verification.department_name, "district": hazard.district.name,
        "enterprise": _enterprise(verification), "issued_at": _utc(verification.issued_at),
        "result": verification.result, "verified_on": _date(verification.verified_on),
        "opinion": verification.opinion, "old_deadline": _date(verification.old_deadline),
        "new_deadline": _date(verification.new_deadline),
        "hazard": {"id": hazard.pk, "description": hazard.description,
                   "location": hazard.location, "basis": _criterion_basis(hazard.criterion)},
        "order": ({"number": order.number,
                   "rectification_deadline": _date(order.rectification_deadline)}
                  if order else None),
        "officers": _officers(verification),
        "files": [f.sha256 for f in verification.files.order_by("id")],
        "record": _record_content(hazard.inspection, verification.issued_at),
    }


def seal_inspection_record(inspection: Inspection, *, signing_at=None):
    """Seal a signed record in its district's chain (inside the signing transaction)."""
    return seal_append(district_code=inspection.district_id, kind=INSPECTION_RECORD,
                       object_id=inspection.pk,
                       content=inspection_record_content(inspection.pk, signing_at=signing_at))


def seal_document(document):
    """Seal an issued order or opinion in its hazard's district chain (inside the issuing
    transaction)."""
    if isinstance(document, RectificationOrder):
        kind, content = RECTIFICATION_ORDER, rectification_order_content(document.pk)
    else:
        kind, content = VERIFICATION_OPINION, verification_opinion_content(document.pk)
    return seal_append(district_code=document.hazard.district_id, kind=kind,
                       object_id=document.pk, content=content)


def _unsealed(queryset, kind: str, district_field: str):
    def unsealed(district: str | None, limit: int):
        rows = queryset().exclude(pk__in=Seal.objects.filter(kind=kind).values("object_id"))
        if district is not None:
            rows = rows.filter(**{district_field: district})
        return rows.order_by("pk").values_list(district_field, "pk")[:limit]
    return unsealed


def register_seal_kinds() -> None:
    """Register the three kinds with ``core.seals`` (``HazardsConfig.ready``)."""
    register_seal_kind(SealKind(
        kind=INSPECTION_RECORD, label=_("现场检查记录"), content=inspection_record_content,
        describe=lambda c: (c.get("record") or {}).get("number", ""),
        unsealed=_unsealed(lambda: Inspection.objects.filter(signed_at__isnull=False),
                           INSPECTION_RECORD, "district_id"),
        url_name="inspections:verify"))
    register_seal_kind(SealKind(
        kind=RECTIFICATION_ORDER, label=_("责令限期整改指令书"),
        content=rectification_order_content, describe=lambda c: c.get("number") or "",
        unsealed=_unsealed(lambda: RectificationOrder.objects.filter(number__isnull=False),
                           RECTIFICATION_ORDER, "hazard__district_id"),
        url_name="inspections:order_verify"))
    register_seal_kind(SealKind(
        kind=VERIFICATION_OPINION, label=_("整改复查意见书"),
        content=verification_opinion_content, describe=lambda c: c.get("number") or "",
        unsealed=_unsealed(lambda: Verification.objects.filter(number__isnull=False),
                           VERIFICATION_OPINION, "hazard__district_id"),
        url_name="inspections:opinion_verify"))


def seal_backlog() -> int:
    """Seal every signed record and numbered document that has no seal yet, oldest first
    (by signing or issue time, then record before order before opinion, then id), each in its
    own transaction. Used once, by the migration that introduced seals; returns how many were
    sealed. Their content is sealed as it stands now: tampering before then is not detectable.
    """
    from django.db import transaction

    from core.seals import seal_kind

    rank = {INSPECTION_RECORD: 0, RECTIFICATION_ORDER: 1, VERIFICATION_OPINION: 2}
    pending = []
    for inspection in (Inspection.objects.filter(pk__in=[
            pk for _d, pk in seal_kind(INSPECTION_RECORD).unsealed(None, None)])
            .only("pk", "signed_at")):
        pending.append((inspection.signed_at, rank[INSPECTION_RECORD], inspection.pk))
    for kind, model in ((RECTIFICATION_ORDER, RectificationOrder),
                        (VERIFICATION_OPINION, Verification)):
        ids = [pk for _d, pk in seal_kind(kind).unsealed(None, None)]
        for document in model.objects.filter(pk__in=ids).only("pk", "issued_at"):
            pending.append((document.issued_at, rank[kind], document.pk))
    by_rank = {0: INSPECTION_RECORD, 1: RECTIFICATION_ORDER, 2: VERIFICATION_OPINION}
    for _at, kind_rank, pk in sorted(pending):
        with transaction.atomic():
            if by_rank[kind_rank] == INSPECTION_RECORD:
                seal_inspection_record(Inspection.objects.get(pk=pk))
            elif by_rank[kind_rank] == RECTIFICATION_ORDER:
                seal_document(RectificationOrder.objects.select_related("hazard").get(pk=pk))
            else:
                seal_document(Verification.objects.select_related("hazard").get(pk=pk))
    return len(pending)
