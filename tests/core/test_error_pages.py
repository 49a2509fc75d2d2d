"""Error pages (brief §10): 400/403/404/500 in the site layout, Chinese and English, readable
at 375 px; the API answers in its JSON error shape whatever the failure."""
import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path

from accounts.enums import SecurityEventKind
from accounts.models import SecurityEvent
from config.urls import urlpatterns as site_urls

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("the database fell over")


def forbidden(request):
    raise PermissionDenied("not yours")


def suspicious(request):
    raise SuspiciousOperation("odd")


def fine(request):
    return HttpResponse("ok")


urlpatterns = [
    path("boom/", boom), path("api/v1/boom/", boom),
    path("forbidden/", forbidden), path("api/v1/forbidden/", forbidden),
    path("bad/", suspicious), path("api/v1/bad/", suspicious),
    *site_urls,
]
handler400 = "core.error_views.bad_request"
handler403 = "core.error_views.permission_denied_view"
handler404 = "core.error_views.page_not_found"
handler500 = "core.error_views.server_error"


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("url, status, zh", [
    ("/bad/", 400, "请求有误"),
    ("/forbidden/", 403, "没有权限"),
    ("/no-such-page/", 404, "页面不存在"),
    ("/boom/", 500, "系统错误"),
])
def test_error_pages_are_in_the_site_layout_in_both_languages(anonymous, url, status, zh):
    chinese = anonymous.get(url)
    anonymous.cookies["django_language"] = "en"
    english = anonymous.get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert chinese.status_code == english.status_code == status
    body = chinese.content.decode()
    assert zh in body
    assert 'class="site-header"' in body and 'name="viewport"' in body
    assert "app.css" in body
    assert chinese["Content-Type"].startswith("text/html")
    assert english.status_code == status
    assert '<html lang="en">' in english.content.decode()


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("url, status, code", [
    ("/api/v1/bad/", 400, "bad_request"),
    ("/api/v1/forbidden/", 403, "permission_denied"),
    ("/api/v1/nothing-here/", 404, "not_found"),
    ("/api/v1/boom/", 500, "server_error"),
])
def test_the_api_answers_json_whatever_the_failure(anonymous, url, status, code):
    response = anonymous.get(url)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert (body["code"], body["fields"]) == (code, {})
    assert body["detail"]


@override_settings(ROOT_URLCONF=__name__)
def test_a_500_names_the_request_id_for_the_logs(anonymous):
    response = anonymous.get("/api/v1/boom/", HTTP_X_REQUEST_ID="req-0123456789")
    assert response.json()["request_id"] == "req-0123456789"
    assert response["X-Request-ID"] == "req-0123456789"


@override_settings(ROOT_URLCONF=__name__)
def test_a_permission_denial_is_recorded(anonymous):
    anonymous.get("/forbidden/")
    event = SecurityEvent.objects.get(kind=SecurityEventKind.PERMISSION_DENIED)
    assert event.detail["path"] == "/forbidden/"


def test_an_api_permission_denial_is_recorded(inspector):
    from accounts.tokens import api_token_create

    _token, key = api_token_create(user=inspector, name="只读", read_only=True)
    response = Client().post("/api/v1/enterprises/", {}, content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {key}")

    assert (response.status_code, response.json()["code"]) == (403, "read_only_token")
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PERMISSION_DENIED).count() == 1
