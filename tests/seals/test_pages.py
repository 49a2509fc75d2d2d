"""Seals from the outside: the published keys, the verification pages (and their scope), the
seal printed on the PDFs and checked offline with only the snippet in docs/seals.md, and
``manage.py verify_seals``."""
import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from core.seals import published_keys
from hazards import pdfs
from tests import factories

from .conftest import as_database_owner, issue_opinion, issue_order

pytestmark = pytest.mark.django_db
DOCS = Path(settings.BASE_DIR) / "docs" / "seals.md"


def offline_verifier():
    """The docs' snippet, run as written: returns its ``verify_seal`` function."""
    text = DOCS.read_text()
    block = re.search(r"<!-- offline-verification-snippet -->\n```python\n(.*?)```", text,
                      re.S).group(1)
    namespace: dict = {}
    exec(compile(block, str(DOCS), "exec"), namespace)  # noqa: S102 - our own documentation
    return namespace["verify_seal"]


def attached_seal(pdf: bytes) -> dict:
    return json.loads(PdfReader(io.BytesIO(pdf)).attachments["seal.json"][0])


def pdf_text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "".join(page.extract_text() for page in pages).replace("\n", "").replace(" ", "")


def test_published_keys_are_public_as_html_and_json(client, db):
    [key] = published_keys()

    page = client.get(reverse("seals:keys"))
    data = client.get(reverse("seals:keys_json")).json()

    assert page.status_code == 200
    assert key.raw_base64 in page.content.decode()
    assert data == {"keys": [{"key_id": "test-2026", "algorithm": "Ed25519", "current": True,
                              "public_key_base64": key.raw_base64,
                              "public_key_pem": key.pem}]}


@pytest.mark.parametrize("document", ["record", "order", "opinion"])
def test_each_pdf_prints_a_seal_that_verifies_offline_with_the_docs_snippet(
        record, district_official, inspector, document):
    order = issue_order(record, district_official)
    opinion = issue_opinion(order, inspector)
    pdf = {"record": lambda: pdfs.inspection_record_pdf(record),
           "order": lambda: pdfs.rectification_order_pdf(order),
           "opinion": lambda: pdfs.reinspection_opinion_pdf(opinion)}[document]()
    sealed = attached_seal(pdf)
    public_key = published_keys()[0].raw_base64

    outcome = offline_verifier()(sealed["seal"], public_key, sealed["content"])

    text = pdf_text(pdf)
    for name in ("key_id", "content_hash", "previous_hash", "seal_hash", "signature"):
        assert sealed["seal"][name] in text
    assert outcome.startswith(f"seal 500102#{sealed['seal']['sequence']} verified")
    forged = dict(sealed["seal"], sequence="99")
    with pytest.raises(ValueError, match="seal hash"):
        offline_verifier()(forged, public_key)


def test_the_record_pdf_prints_the_parties_as_signed(record, enterprise):
    signed_name = enterprise.name
    enterprise.name = "改名后的公司"
    enterprise.save()

    text = pdf_text(pdfs.inspection_record_pdf(record))

    assert signed_name in text
    assert "改名后的公司" not in text


def test_the_verification_page_reports_a_changed_field_with_its_sealed_value(
        client, district_official, record):
    with as_database_owner() as cursor:
        cursor.execute("UPDATE inspections_inspection SET notes = '事后改写' WHERE id = %s",
                       [record.pk])
    client.force_login(district_official)

    page = client.get(reverse("inspections:verify", args=[record.pk])).content.decode()

    assert 'id="verify-result"' in page and "不一致" in page
    assert 'data-problem="content_changed"' in page
    assert "<code>record.notes</code></td><td>检查罐区、仓库</td><td>事后改写" in page


def test_the_verification_page_of_an_intact_record_says_so(client, inspector, record):
    client.force_login(inspector)

    page = client.get(reverse("inspections:verify", args=[record.pk])).content.decode()

    assert "签章有效" in page
    assert "签章链的第一个签章" in page and "签章链目前的最后一个签章" in page


def test_document_verification_pages_are_linked_scoped_and_report_breaks(
        client, record, district_official, inspector, other_district_official,
        enterprise_officer):
    order = issue_order(record, district_official)
    opinion = issue_opinion(order, inspector)
    order_url = reverse("inspections:order_verify", args=[order.pk])
    opinion_url = reverse("inspections:opinion_verify", args=[opinion.pk])

    client.force_login(other_district_official)
    strangers = [client.get(order_url).status_code, client.get(opinion_url).status_code]
    client.force_login(enterprise_officer)
    own_enterprise = client.get(order_url)
    client.force_login(district_official)
    hazard_page = client.get(reverse("hazards:detail", args=[order.hazard_id])).content.decode()
    with as_database_owner() as cursor:
        cursor.execute("UPDATE hazards_verification SET opinion = '改写' WHERE id = %s",
                       [opinion.pk])
    broken = client.get(opinion_url).content.decode()

    assert strangers == [404, 404]
    assert own_enterprise.status_code == 200 and "签章有效" in own_enterprise.content.decode()
    assert order_url in hazard_page and opinion_url in hazard_page
    assert "签章校验失败" in broken and "<code>opinion</code>" in broken


def test_verify_seals_exits_zero_on_whole_chains_and_names_the_first_break(
        record, enterprise, inspector, capsys):
    from .conftest import sign_new_record

    later = sign_new_record(enterprise, inspector)
    call_command("verify_seals")
    whole = capsys.readouterr().out
    with as_database_owner() as cursor:
        cursor.execute("UPDATE hazards_hazard SET description = '改写' WHERE inspection_id = %s",
                       [record.pk])

    with pytest.raises(SystemExit) as exit_status:
        call_command("verify_seals", "--district", "500102")
    broken = capsys.readouterr().out

    assert "500102: 2 seal(s) checked" in whole and "all seal chains verified" in whole
    assert exit_status.value.code == 1
    assert f"FIRST BREAK at #1 (inspection_record {record.pk}" in broken
    assert record.reference_number in broken and "findings[0].description" in broken
    assert str(later.pk) not in broken.split("FIRST BREAK")[1].split("\n")[0]


def test_verify_seals_refuses_a_malformed_district(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("verify_seals", "--district", "50')--")


def test_a_user_of_another_district_cannot_see_a_record_verification(client, record):
    client.force_login(factories.inspector("500101"))

    assert client.get(reverse("inspections:verify", args=[record.pk])).status_code == 404
