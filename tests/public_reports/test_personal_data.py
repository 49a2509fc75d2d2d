"""Done when: the reporter's name and phone are not in the database in plain text, nor in any
export, API response or log for other roles. A named report is filed through the public page
(with its proof of work), handled to a substantiated answer whose verification registered a
hazard, and then every table, the hazard exports, the API as other roles and every log line
are searched for the plain name and phone."""
import json
import logging

import pytest
from django.db import connection
from django.urls import reverse

from core.clock import today_cst
from hazards.enums import HazardCategory, HazardGrade
from hazards.filing.services import Finding
from public_reports import challenge, services
from public_reports.enums import ReportOutcome
from public_reports.models import PublicReport
from tests.api.conftest import token_client

from .conftest import NAME, PHONE

pytestmark = pytest.mark.django_db


def file_named_report_on_the_page(client, district):
    form_page = client.get(reverse("public_report:new"))
    token = form_page.context["pow"]
    response = client.post(reverse("public_report:new"), {
        "district": district.pk, "address": "涪陵区李渡街道 12 号", "description": "厂房内违规储存液化气瓶数十个",
        "anonymous": "0", "reporter_name": NAME, "reporter_phone": PHONE,
        "challenge": token["challenge"],
        "solution": challenge.solve(token["challenge"], token["bits"])})
    assert response.status_code == 200, response.content.decode()[:500]
    return PublicReport.objects.get()


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def every_row_as_text() -> str:
    """Every row of every table of the database, as JSON text (PostgreSQL row_to_json, or the
    plain values elsewhere): what a dump of the database would contain."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                cursor.execute(f"SELECT row_to_json(t)::text FROM {quoted} t")
                chunks.extend(row[0] for row in cursor.fetchall())
            else:
                cursor.execute(f"SELECT * FROM {quoted}")
                chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_reporter_identity_never_leaks_outside_the_handling_roles(
        client, fuling, enterprise, district_official, inspector, enterprise_officer, caplog,
        settings):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")
    connection.force_debug_cursor = True  # SQL and its parameters go to the log too
    try:
        report = file_named_report_on_the_page(client, fuling)
        report = services.report_accept(report=report, actor=district_official,
                                        expected_version=report.version)
        services.report_file_verification(
            report=report, actor=inspector, expected_version=None, inspected_on=today_cst(),
            enterprise=enterprise, findings=[Finding(
                grade=HazardGrade.GENERAL, category=HazardCategory.UNLAWFUL_ACT,
                description="违规储存液化气瓶")])
        report.refresh_from_db()
        services.report_answer(report=report, actor=district_official,
                               expected_version=report.version,
                               outcome=ReportOutcome.SUBSTANTIATED, answer="属实，已处理。")
        seen = []
        for user in (inspector, enterprise_officer):
            api = token_client(user)
            seen.append(body(api.get("/api/v1/public-reports/")))
            seen.append(body(api.get(f"/api/v1/public-reports/{report.pk}/")))
            seen.append(body(api.get("/api/v1/hazards/export/?format=csv")))
            seen.append(body(api.get("/api/v1/hazards/")))
            seen.append(body(api.get("/api/v1/inspections/")))
        # exports carry no identity, whoever asks
        seen.append(body(token_client(district_official).get(
            "/api/v1/hazards/export/?format=csv")))
        client.force_login(inspector)
        seen.append(client.get(reverse("public_reports:detail", args=[report.pk]))
                    .content.decode())
        handler = token_client(district_official).get(f"/api/v1/public-reports/{report.pk}/")
        database = every_row_as_text()
    finally:
        connection.force_debug_cursor = False

    logs = "\n".join(record.getMessage() for record in caplog.records)
    assert "INSERT INTO" in logs and "public_reports_publicreport" in logs  # logs captured
    for secret in (NAME, PHONE):
        assert secret not in database
        assert secret not in logs
        for text in seen:
            assert secret not in text
    # the roles that handle the report do see it (the positive control of the searches)
    assert handler.json()["reporter"] == {"name": NAME, "phone": PHONE}


def test_reporter_identity_is_encrypted_with_a_key_id_and_decrypts(fuling):
    from public_reports import pii

    from .conftest import submit

    report, _code = submit(fuling, named=True)

    assert report.reporter_key_id == "test"
    assert report.reporter_phone_encrypted.startswith("test$")
    assert pii.decrypt(report.reporter_name_encrypted) == NAME
    assert report.reporter_phone_lookup == pii.lookup_hash(PHONE)
    assert json.dumps(report.reporter_phone_encrypted).find(PHONE) == -1


def test_rotated_key_still_decrypts_old_values(fuling, settings):
    from cryptography.fernet import Fernet

    from public_reports import pii

    from .conftest import submit

    report, _code = submit(fuling, named=True)
    settings.PII_ENCRYPTION_KEY = f"new:{Fernet.generate_key().decode()},{settings.PII_ENCRYPTION_KEY}"

    assert pii.decrypt(report.reporter_name_encrypted) == NAME
    assert pii.encrypt("x").startswith("new$")
