"""Checklist, signing and record pages: thin views over the services; typed input survives a
failed submission; strangers get 404; the PDF carries the record in Chinese."""
import io
import re
import subprocess

import pytest
from django.urls import reverse

from core.clock import today_cst
from hazards.enums import HazardGrade
from hazards.filing.checklists import checklist_criteria
from inspections.enums import InspectionKind
from inspections.models import Inspection

pytestmark = pytest.mark.django_db
PASSWORD = "pass-word-123"


@pytest.fixture
def started(client, chemical_enterprise, inspector, partner):
    client.force_login(inspector)
    response = client.post(reverse("inspections:checklist_start"), {
        "enterprise": chemical_enterprise.pk, "kind": InspectionKind.ENFORCEMENT,
        "inspected_on": today_cst().isoformat(), "inspectors": [partner.pk],
        "notes": "检查罐区"})
    assert response.status_code == 302
    return Inspection.objects.get(enterprise=chemical_enterprise)


def marks(inspection, **overrides):
    return {f"criterion-{c.pk}": overrides.get(c.number, "compliant")
            for c in checklist_criteria(inspection)}


def test_start_refuses_a_single_enforcement_officer_and_keeps_the_form(
        client, chemical_enterprise, inspector):
    client.force_login(inspector)

    response = client.post(reverse("inspections:checklist_start"), {
        "enterprise": chemical_enterprise.pk, "kind": InspectionKind.ENFORCEMENT,
        "inspected_on": today_cst().isoformat(), "notes": "保留我"})

    assert response.status_code == 200
    assert "两名以上" in response.content.decode()
    assert "保留我" in response.content.decode()
    assert not Inspection.objects.exists()


def test_checklist_page_offers_the_chemical_standard(client, started):
    response = client.get(reverse("inspections:checklist", args=[started.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "化工和危险化学品生产经营单位重大生产安全事故隐患判定标准" in body
    assert body.count('value="non_compliant"') == 20
    assert 'capture="environment"' in body


def test_checklist_failure_keeps_what_was_typed(client, started):
    data = marks(started, **{"一、": "non_compliant"})
    first = checklist_criteria(started)[0]
    del data[f"criterion-{checklist_criteria(started)[5].pk}"]
    data[f"criterion-{first.pk}-location"] = "一号罐区东侧"
    data["general-0-description"] = "配电箱未接地"

    response = client.post(reverse("inspections:checklist", args=[started.pk]), data)

    body = response.content.decode()
    assert response.status_code == 400
    assert "一号罐区东侧" in body
    assert "配电箱未接地" in body
    checked = re.findall(r'<input type="radio" name="(criterion-\d+)" value="(\w+)"[^>]*checked',
                         body)
    assert (f"criterion-{first.pk}", "non_compliant") in checked
    assert len(checked) == 19
    assert started.hazards.count() == 0


def test_checklist_with_a_photo_then_sign_then_pdf(client, started, inspector, partner):
    from PIL import Image

    first = checklist_criteria(started)[0]
    photo = io.BytesIO()
    Image.new("RGB", (800, 600), "red").save(photo, format="JPEG")
    photo.seek(0)
    photo.name = "p.jpg"
    data = marks(started, **{"一、": "non_compliant"})
    data[f"criterion-{first.pk}-photos"] = photo

    response = client.post(reverse("inspections:checklist", args=[started.pk]), data)
    assert response.status_code == 302
    hazard = started.hazards.get()
    assert (hazard.grade, hazard.criterion) == (HazardGrade.MAJOR, first)
    assert hazard.photos.count() == 1
    served = client.get(reverse("inspections:finding_photo", args=[hazard.photos.get().pk]))
    assert (served.status_code, served["Content-Type"]) == (200, "image/jpeg")
    assert b"".join(served.streaming_content)[:2] == b"\xff\xd8"  # consumed, so closed

    response = client.post(reverse("inspections:sign", args=[started.pk]), {
        f"password-{inspector.pk}": PASSWORD, f"password-{partner.pk}": "wrong",
        "enterprise_representative": "王厂长"})
    assert response.status_code == 400
    assert "密码不正确" in response.content.decode()
    assert "王厂长" in response.content.decode()

    response = client.post(reverse("inspections:sign", args=[started.pk]), {
        f"password-{inspector.pk}": PASSWORD, f"password-{partner.pk}": PASSWORD,
        "enterprise_representative": "王厂长"})
    assert response.status_code == 302
    started.refresh_from_db()
    record = client.get(reverse("inspections:record", args=[started.pk])).content.decode()
    assert started.record_hash in record
    verify = client.get(reverse("inspections:verify", args=[started.pk])).content.decode()
    assert "一致" in verify and "不一致" not in verify

    pdf = client.get(reverse("inspections:record_pdf", args=[started.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert started.enterprise.name in text
    assert started.reference_number in text
    assert first.text[:20] in text.replace("\n", "")
    assert started.record_hash in text.replace("\n", "")


def pdf_text(content: bytes) -> str:
    """Text of a PDF as a PDF tool extracts it (pypdf; pdftotext would do as well)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_pdf_embeds_its_font(client, started, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(client.get(reverse("inspections:record_pdf", args=[started.pk])).content)
    try:
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                               check=True).stdout
    except FileNotFoundError:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    font_lines = fonts.splitlines()[2:]
    assert font_lines
    assert all(line.split()[-5] == "yes" for line in font_lines)  # emb column


def test_stranger_gets_404(client, started, other_inspector):
    client.force_login(other_inspector)

    for name in ("checklist", "sign", "record", "verify", "record_pdf"):
        assert client.get(reverse(f"inspections:{name}", args=[started.pk])).status_code == 404


def test_verify_page_reports_tampering(client, started, inspector, partner):
    from django.db import connection

    client.post(reverse("inspections:checklist", args=[started.pk]), marks(started))
    client.post(reverse("inspections:sign", args=[started.pk]), {
        f"password-{inspector.pk}": PASSWORD, f"password-{partner.pk}": PASSWORD,
        "enterprise_representative": "", "representative_refused_to_sign": "on"})
    with connection.cursor() as cursor:
        cursor.execute("UPDATE inspections_inspection SET inspected_on = '2020-01-01' "
                       "WHERE id = %s", [started.pk])

    body = client.get(reverse("inspections:verify", args=[started.pk])).content.decode()

    assert "不一致" in body


def test_photo_added_to_a_finding_of_an_unsigned_record_only(client, started, inspector,
                                                             partner):
    from PIL import Image

    client.post(reverse("inspections:checklist", args=[started.pk]),
                marks(started, **{"一、": "non_compliant"}))
    hazard = started.hazards.get()

    def upload():
        buffer = io.BytesIO()
        Image.new("RGB", (640, 480), "blue").save(buffer, format="PNG")
        buffer.seek(0)
        buffer.name = "x.png"
        return buffer

    response = client.post(reverse("inspections:finding_photo_add", args=[hazard.pk]),
                           {"photos": [upload(), upload()]})
    assert response.status_code == 302
    assert hazard.photos.count() == 2

    client.post(reverse("inspections:sign", args=[started.pk]), {
        f"password-{inspector.pk}": PASSWORD, f"password-{partner.pk}": PASSWORD,
        "enterprise_representative": "王厂长"})
    client.post(reverse("inspections:finding_photo_add", args=[hazard.pk]),
                {"photos": [upload()]})
    assert hazard.photos.count() == 2
