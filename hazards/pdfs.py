"""Enforcement documents as PDF, rendered with WeasyPrint from HTML templates
(``templates/inspections/pdf/``) with a CJK font embedded (subset) in the file.

Documents: the on-site inspection record (现场检查记录), the rectification order
(责令限期整改指令书, ``hazards.models.RectificationOrder``) and the re-inspection opinion
(整改复查意见书, ``hazards.models.Verification``). Each carries its number, the parties,
numbered items, deadlines, the officers with badge numbers, signature lines and the hash of the
signed inspection record it rests on.
"""
from core.pdf import render_pdf


def inspection_record_context(inspection) -> dict:
    """What the record PDF shows; read from the stored rows (the signed, frozen record)."""
    from hazards.filing.checklists import check_results_for
    from hazards.filing.signing import signing_officers

    findings = list(inspection.hazards.select_related("criterion__standard").order_by("id"))
    return {
        "inspection": inspection,
        "enterprise": inspection.enterprise,
        "check_results": check_results_for(inspection),
        "findings": findings,
        "signatures": list(inspection.signatures.all()),
        "officers": signing_officers(inspection),
        "joint_departments": inspection.other_joint_departments(),
        "standards": list(inspection.standards.all()),
    }


def inspection_record_pdf(inspection) -> bytes:
    """现场检查记录 as PDF bytes."""
    return render_pdf("inspections/pdf/inspection_record.html",
                      inspection_record_context(inspection))


def _record_of(hazard):
    """The inspection record the hazard was found in (its number and hash go on the document)."""
    return hazard.inspection


def rectification_order_pdf(order) -> bytes:
    """责令限期整改指令书 (``hazards.models.RectificationOrder``) as PDF bytes."""
    hazard = order.hazard
    return render_pdf("inspections/pdf/rectification_order.html", {
        "order": order, "hazard": hazard, "enterprise": order.enterprise,
        "record": _record_of(hazard), "items": order.items or [],
        "officers": order.officers})


def reinspection_opinion_pdf(verification) -> bytes:
    """整改复查意见书 (``hazards.models.Verification``) as PDF bytes."""
    hazard = verification.hazard
    order = hazard.orders.order_by("-issued_at", "-id").first()
    return render_pdf("inspections/pdf/reinspection_opinion.html", {
        "verification": verification, "hazard": hazard, "enterprise": hazard.enterprise,
        "order": order, "record": _record_of(hazard), "officers": verification.officers})
