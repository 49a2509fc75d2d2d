"""Bodies that break parsers are a 400 in the API's error shape, never a 500."""
import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("body", ['{"a":' * 5000 + "1" + "}" * 5000, "[" * 3000 + "]" * 3000])
def test_deeply_nested_json_is_a_parse_error(inspector, body):
    client = APIClient()
    client.force_authenticate(inspector)

    response = client.post("/api/v1/inspections/", data=body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
