"""The three documents as PDF: text extracted with a PDF tool contains the enterprise name, the
document number and each item in Chinese, plus the record hash; the CJK font is embedded."""
import datetime
import io
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.clock import today_cst
from hazards import pdfs as documents
from hazards.filing.checklists import (
    CheckItem,
    GeneralFinding,
    checklist_criteria,
    inspection_record_checklist,
    inspection_start,
)
from hazards.filing.signing import inspection_sign
from hazards.services import hazard_order_rectification, hazard_submit_evidence, hazard_verify
from inspections.enums import CheckResult, InspectionKind
from tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "pass-word-123"


def text_of(pdf: bytes) -> str:
    """Extracted text without line breaks (long items wrap across lines)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "".join(page.extract_text() for page in pages).replace("\n", "").replace(" ", "")


def embedded_fonts(pdf: bytes) -> list[str]:
    """Base names of the fonts that carry an embedded font file."""
    names = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor and any(k in descriptor.get_object()
                                      for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.append(str(descendant.get_object()["/BaseFont"]))
    return names


def keep_first_page(pdf: bytes, name: str, tmp_path) -> None:
    """Render page 1 to ``$E2E_SCREENSHOTS_DIR/<name>.png`` (docs/screenshots) when asked."""
    target = os.environ.get("E2E_SCREENSHOTS_DIR")
    if not target or not shutil.which("pdftoppm"):
        return
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                    str(source), str(Path(target) / name)], check=True)


@pytest.fixture
def signed(chemical_enterprise, inspector, partner):
    inspection = inspection_start(actor=inspector, enterprise=chemical_enterprise,
                                  kind=InspectionKind.ENFORCEMENT, inspected_on=today_cst(),
                                  inspectors=[partner], notes="检查罐区、仓库和控制室")
    items = [CheckItem(criterion=c, result=CheckResult.COMPLIANT)
             for c in checklist_criteria(inspection)]
    items[2].result = CheckResult.NON_COMPLIANT
    items[2].location = "甲类仓库"
    inspection_record_checklist(inspection=inspection, actor=inspector, items=items,
                                general_findings=[GeneralFinding(description="灭火器压力不足",
                                                                 location="控制室")])
    return inspection_sign(inspection=inspection, actor=inspector,
                           passwords={inspector.pk: PASSWORD, partner.pk: PASSWORD},
                           enterprise_representative="王厂长")


def test_inspection_record_pdf_has_enterprise_number_items_and_hash(signed):
    pdf = documents.inspection_record_pdf(signed)
    text = text_of(pdf)

    assert signed.enterprise.name in text
    assert signed.reference_number in text
    for hazard in signed.hazards.all():
        assert hazard.description.replace(" ", "") in text
    major = signed.hazards.get(grade="major")
    assert f"{major.criterion.standard.title}{major.criterion.number}" in text.replace(" ", "")
    assert signed.record_hash in text
    assert "王厂长" in text
    for signature in signed.signatures.all():
        assert signature.badge_number in text
    assert embedded_fonts(pdf)


def test_rectification_order_and_reinspection_opinion_pdfs(signed, district_official,
                                                          inspector, partner, client,
                                                          tmp_path):
    hazard = signed.hazards.get(grade="general")
    deadline = today_cst() + datetime.timedelta(days=15)
    hazard = hazard_order_rectification(hazard=hazard, actor=district_official,
                                        rectification_deadline=deadline,
                                        rectification_measures="更换灭火器",
                                        officers=factories.signatures(inspector, partner))
    order = hazard.latest_order

    order_pdf = documents.rectification_order_pdf(order)
    keep_first_page(order_pdf, "pdf-rectification-order", tmp_path)
    order_text = text_of(order_pdf)

    assert signed.enterprise.name in order_text
    assert order.number in order_text
    assert "灭火器压力不足" in order_text
    assert "更换灭火器" in order_text
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in order_text
    assert signed.record_hash in order_text

    hazard_submit_evidence(hazard=hazard, actor=district_official, description="已更换")
    hazard = hazard_verify(hazard=hazard, actor=inspector, passed=True, opinion="已整改到位",
                           officers=factories.signatures(inspector, partner))
    verification = hazard.latest_verification

    opinion_pdf = documents.reinspection_opinion_pdf(verification)
    keep_first_page(opinion_pdf, "pdf-reinspection-opinion", tmp_path)
    opinion_text = text_of(opinion_pdf)

    assert signed.enterprise.name in opinion_text
    assert verification.number in opinion_text
    assert "灭火器压力不足" in opinion_text
    assert "复查合格" in opinion_text
    assert order.number in opinion_text
    assert signed.record_hash in opinion_text

    client.force_login(inspector)
    for name, pk in (("rectification_order_pdf", order.pk),
                     ("reinspection_opinion_pdf", verification.pk)):
        response = client.get(reverse(f"inspections:{name}", args=[pk]))
        assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


def test_document_pdfs_are_404_outside_scope(signed, district_official, other_inspector, client):
    hazard = signed.hazards.get(grade="general")
    hazard = hazard_order_rectification(hazard=hazard, actor=district_official,
                                        rectification_deadline=today_cst()
                                        + datetime.timedelta(days=5),
                                        officers=factories.two_officers())
    client.force_login(other_inspector)

    response = client.get(reverse("inspections:rectification_order_pdf",
                                  args=[hazard.latest_order.pk]))

    assert response.status_code == 404


def test_pdf_downloads_carry_chinese_names_with_ascii_fallbacks(signed, district_official,
                                                               inspector, client):
    hazard = signed.hazards.get(grade="general")
    hazard = hazard_order_rectification(hazard=hazard, actor=district_official,
                                        rectification_deadline=today_cst()
                                        + datetime.timedelta(days=5),
                                        officers=factories.two_officers())
    order = hazard.latest_order
    client.force_login(inspector)

    names = {}
    for url, fallback in (
            (reverse("inspections:record_pdf", args=[signed.pk]),
             f"inspection-record-{signed.pk}.pdf"),
            (reverse("inspections:rectification_order_pdf", args=[order.pk]),
             f"rectification-order-{order.pk}.pdf")):
        disposition = client.get(url)["Content-Disposition"]
        plain, encoded = disposition.split("; filename*=UTF-8''")
        assert plain == f'attachment; filename="{fallback}"'
        names[fallback] = unquote(encoded)

    assert names == {
        f"inspection-record-{signed.pk}.pdf":
            f"现场检查记录-{signed.enterprise.name}-{signed.inspected_on}.pdf",
        f"rectification-order-{order.pk}.pdf": f"责令限期整改指令书-{order.number}.pdf"}
