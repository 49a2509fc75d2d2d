"""Verification pages: a signed record (/inspections/<id>/verify/) and an issued order or
re-inspection opinion (/inspections/documents/…/<id>/verify/). Each shows the object's own
seal check (content now against the sealed content hash, signature with the published key,
link to the previous seal) and the chain around it — the neighbouring seals' links and
integrity, never their objects, which may belong to someone the user may not see.
Objects outside the user's scope are 404.
"""
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.audit import security_event_record
from accounts.enums import SecurityEventKind
from core.seals import seal_fields, seal_surroundings, seal_verify
from hazards.models import RectificationOrder, Verification
from hazards.selectors import loop_records_visible_to

from ..pdfs import seal_of
from ..seals import RECTIFICATION_ORDER, VERIFICATION_OPINION
from .checklist_views import _get_inspection
from .signing import inspection_verify


def _seal_context(seal, check) -> dict:
    if seal is None:
        return {"seal": None, "check": None}
    previous, following = seal_surroundings(seal)
    return {"seal": seal, "check": check, "previous_link": previous, "next_link": following,
            "seal_fields": {**seal_fields(seal), "seal_hash": seal.seal_hash,
                            "signature": seal.signature}}


@login_required
def record_verify(request, pk):
    """Whether the signed record still matches its seal (200 either way; the page says)."""
    inspection = _get_inspection(request.user, pk)
    verification = inspection_verify(inspection=inspection)
    security_event_record(kind=SecurityEventKind.SEAL_VERIFIED, actor=request.user,
                          request=request, target=inspection,
                          detail={"signed": verification.signed,
                                  "matches": verification.matches})
    seal = verification.check.seal if verification.check else None
    return render(request, "inspections/checklist/verify.html", {
        "inspection": inspection, "verification": verification,
        **_seal_context(seal, verification.check), "nav": "checklist"})


def _document_verify(request, document, *, kind: str, title: str, pdf_url: str):
    seal = seal_of(kind, document.pk)
    check = seal_verify(seal) if seal else None
    # seal verifications are security events (等保: audit of important operations)
    security_event_record(kind=SecurityEventKind.SEAL_VERIFIED, actor=request.user,
                          request=request, target=document,
                          detail={"kind": kind, "sealed": seal is not None,
                                  "matches": bool(check and check.ok)})
    return render(request, "inspections/document_verify.html", {
        "document": document, "title": title, "pdf_url": pdf_url, "hazard": document.hazard,
        **_seal_context(seal, check)})


@login_required
def order_verify(request, pk):
    """The seal check of a rectification order (责令限期整改指令书); 404 outside the scope."""
    order = get_object_or_404(
        loop_records_visible_to(request.user, RectificationOrder).select_related("hazard"),
        pk=pk)
    return _document_verify(request, order, kind=RECTIFICATION_ORDER,
                            title=_("责令限期整改指令书"),
                            pdf_url=reverse("inspections:rectification_order_pdf",
                                            args=[order.pk]))


@login_required
def opinion_verify(request, pk):
    """The seal check of a re-inspection opinion (整改复查意见书); 404 outside the scope."""
    verification = get_object_or_404(
        loop_records_visible_to(request.user, Verification).select_related("hazard"), pk=pk)
    return _document_verify(request, verification, kind=VERIFICATION_OPINION,
                            title=_("整改复查意见书"),
                            pdf_url=reverse("inspections:reinspection_opinion_pdf",
                                            args=[verification.pk]))
