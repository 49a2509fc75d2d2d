"""What the on-site inspection record prints, on its page and in its PDF: a hazard's grade is
its grade (not whether it cites a criterion), and a joint inspection names each department
once, the lead first."""
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.clock import today_cst
from enterprises.models import Department
from hazards import pdfs as documents
from hazards.filing.checklists import inspection_start
from hazards.filing.services import Finding, inspection_file
from inspections.enums import InspectionKind

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "".join(page.extract_text() for page in pages).replace("\n", "").replace(" ", "")


def test_record_pdf_prints_a_quick_form_major_hazard_as_major(enterprise, inspector, partner):
    inspection = inspection_file(
        actor=inspector, enterprise=enterprise, kind=InspectionKind.ENFORCEMENT,
        inspected_on=today_cst(), inspectors=[partner], findings=[
            Finding(grade="major", category="unlawful_act", description="液氨罐区未设置泄漏报警",
                    interim_safety_measures="停用罐区"),
            Finding(grade="general", category="equipment_defect", description="灭火器压力不足")])

    text = text_of(documents.inspection_record_pdf(inspection))

    assert "【重大事故隐患】液氨罐区未设置泄漏报警" in text
    assert "【一般隐患】灭火器压力不足" in text
    assert "【一般隐患】液氨罐区" not in text


@pytest.fixture
def joint(chemical_enterprise, inspector, partner, fuling):
    lead = Department.objects.create(code="fl-yj", name="涪陵区应急管理局",
                                     kind="emergency_management", district=fuling)
    fire = Department.objects.create(code="fl-xf", name="涪陵区消防救援支队",
                                     kind="fire_rescue", district=fuling)
    # the start page lists every department, the lead among them; ticking it too is natural
    inspection = inspection_start(actor=inspector, enterprise=chemical_enterprise,
                                  kind=InspectionKind.JOINT, inspected_on=today_cst(),
                                  department=lead, joint_departments=[lead, fire],
                                  inspectors=[partner])
    return inspection, lead, fire


def test_record_pdf_names_the_lead_department_once(joint):
    inspection, lead, fire = joint

    text = text_of(documents.inspection_record_pdf(inspection))

    assert "涪陵区应急管理局、涪陵区消防救援支队（联合检查）" in text
    assert text.count("涪陵区应急管理局") == 2  # the issuer line and the department line


def test_record_page_names_the_lead_department_once(client, joint, inspector):
    inspection, lead, fire = joint
    client.force_login(inspector)

    for name in ("inspections:record", "inspections:sign"):
        body = client.get(reverse(name, args=[inspection.pk])).content.decode()

        assert "涪陵区应急管理局、涪陵区消防救援支队" in body, name
        assert body.count("涪陵区应急管理局") == 1, name


def test_joint_inspection_stores_the_lead_apart_from_the_other_departments(joint):
    inspection, lead, fire = joint

    assert inspection.department == lead
    assert list(inspection.joint_departments.all()) == [fire]
