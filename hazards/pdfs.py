"""Enforcement documents as PDF, rendered with WeasyPrint from HTML templates
(``templates/inspections/pdf/``) with a CJK font embedded (subset) in the file.

Documents: the on-site inspection record (现场检查记录), the rectification order
(责令限期整改指令书, ``hazards.models.RectificationOrder``) and the re-inspection opinion
(整改复查意见书, ``hazards.models.Verification``). Each carries its number, the parties,
numbered items, deadlines, the officers with badge numbers, signature lines and the hash of the
signed inspection record it rests on.

A sealed object prints what its seal covers (``hazards.seals``): the parties as copied at
signing or issue, the officers as signed, values the loop changes later as they stood then;
and its seal (``_seal.html``): key id, chain, sequence, content hash, previous seal hash, seal
hash and signature, as text and as a QR code, with ``seal.json`` (the seal and its sealed
content) attached to the file, so anyone can verify it offline (docs/seals.md).
"""
import json

from django.conf import settings
from django.urls import reverse

from core.models import Seal
from core.pdf import render_pdf
from core.seals import seal_fields, seal_kind

from .seals import (
    INSPECTION_RECORD,
    RECTIFICATION_ORDER,
    VERIFICATION_OPINION,
    deadlines_at,
    order_of_opinion,
    record_as_of,
)


def seal_of(kind: str, object_id: int) -> Seal | None:
    """The seal of object ``kind``:``object_id``, or None (not signed or issued yet)."""
    return Seal.objects.filter(kind=kind, object_id=object_id).first()


def seal_printout(seal: Seal | None) -> dict | None:
    """What a document prints of its seal: ``fields`` (the hashed fields as strings, plus
    ``seal_hash`` and ``signature``), ``qr_svg`` (the same as compact JSON in a QR code,
    inline SVG) and ``attachment`` (``seal.json``: the fields and the sealed content)."""
    if seal is None:
        return None
    import segno  # imported here: only PDFs need it

    fields = {**seal_fields(seal), "seal_hash": seal.seal_hash, "signature": seal.signature}
    compact = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    qr_svg = segno.make(compact, error="m").svg_inline(scale=1.4, border=2)
    attachment = json.dumps({"seal": fields, "content": seal.content}, ensure_ascii=False,
                            indent=1)
    kind = seal_kind(seal.kind)
    verify_url = (settings.SITE_URL.rstrip("/") + reverse(kind.url_name, args=[seal.object_id])
                  if kind is not None and kind.url_name else "")
    return {"fields": fields, "qr_svg": qr_svg, "attachment": attachment,
            "verify_url": verify_url,
            "keys_url": settings.SITE_URL.rstrip("/") + reverse("seals:keys")}


def _render(template: str, context: dict, seal: dict | None) -> bytes:
    attachments = [("seal.json", seal["attachment"])] if seal else ()
    return render_pdf(template, {**context, "seal": seal}, attachments=attachments)


def inspection_record_context(inspection) -> dict:
    """What the record PDF shows; read from the stored rows (the signed, frozen record).
    Signed: the parties as copied at signing, the officers as signed, each finding's deadline
    as at signing; unsigned (a draft): the live rows."""
    from hazards.filing.checklists import check_results_for
    from inspections.team import signing_officers

    findings = list(inspection.hazards.select_related("criterion__standard").order_by("id"))
    signatures = list(inspection.signatures.order_by("officer_id", "id"))
    enterprise = inspection.enterprise
    if inspection.is_signed:
        party = {"name": inspection.enterprise_name,
                 "credit_code": inspection.enterprise_credit_code,
                 "address": inspection.enterprise_address,
                 "legal_representative": inspection.enterprise_legal_representative,
                 "department": inspection.department_name,
                 "joint_departments": inspection.joint_department_names or []}
        officers = [{"name": s.name, "badge_number": s.badge_number} for s in signatures]
        deadlines = deadlines_at([h.pk for h in findings], inspection.signed_at)
    else:
        party = {"name": enterprise.name, "credit_code": enterprise.credit_code,
                 "address": enterprise.address,
                 "legal_representative": enterprise.legal_representative,
                 "department": inspection.department.name if inspection.department else "",
                 # the lead is named once, as ``department``
                 "joint_departments": [d.name for d in inspection.other_joint_departments()]}
        officers = [{"name": str(o), "badge_number": o.badge_number}
                    for o in signing_officers(inspection)]
        deadlines = {h.pk: h.rectification_deadline for h in findings}
    for finding in findings:
        finding.printed_deadline = deadlines.get(finding.pk)
    return {
        "inspection": inspection,
        "enterprise": enterprise,
        "party": party,
        "check_results": check_results_for(inspection),
        "findings": findings,
        "signatures": signatures,
        "officers": officers,
        "standards": list(inspection.standards.order_by("code")),
    }


def inspection_record_pdf(inspection) -> bytes:
    """现场检查记录 as PDF bytes, with its seal when signed."""
    return _render("inspections/pdf/inspection_record.html",
                   inspection_record_context(inspection),
                   seal_printout(seal_of(INSPECTION_RECORD, inspection.pk)))


def _party(document, hazard) -> dict:
    """The issuing department's and the enterprise's names as printed (copied at issue;
    documents from before the copies existed fall back to the live rows)."""
    return {"department": document.department_name
            or (document.department.name if document.department_id else hazard.district.name),
            "enterprise": document.enterprise_name or hazard.enterprise.name}


def rectification_order_pdf(order) -> bytes:
    """责令限期整改指令书 (``hazards.models.RectificationOrder``) as PDF bytes, with its seal."""
    hazard = order.hazard
    return _render("inspections/pdf/rectification_order.html", {
        "order": order, "hazard": hazard, "party": _party(order, hazard),
        "record": record_as_of(hazard.inspection, order.issued_at), "items": order.items or [],
        "officers": order.officers}, seal_printout(seal_of(RECTIFICATION_ORDER, order.pk)))


def reinspection_opinion_pdf(verification) -> bytes:
    """整改复查意见书 (``hazards.models.Verification``) as PDF bytes, with its seal."""
    hazard = verification.hazard
    return _render("inspections/pdf/reinspection_opinion.html", {
        "verification": verification, "hazard": hazard, "party": _party(verification, hazard),
        "order": order_of_opinion(verification),
        "record": record_as_of(hazard.inspection, verification.issued_at),
        "officers": verification.officers},
        seal_printout(seal_of(VERIFICATION_OPINION, verification.pk)))
