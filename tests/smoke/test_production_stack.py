"""The production stack, as deployed (brief §6): ``check --deploy`` under production settings
prints no warnings; gunicorn serves the app with ``config.settings.production`` on a free port,
a Celery worker and beat run on Redis, against a fresh PostgreSQL database; over HTTP a user
logs in, an inspection is filed, the reminder sweep runs through the worker and its message is
read from the inbox; ``/healthz/`` sees the database, Redis, the worker and beat.

Its own database (``<DATABASE_URL name>_smoke``) and Redis database (the test broker's number
+ 1, or ``SMOKE_REDIS_URL``) keep it apart from the rest of the suite.
"""
import datetime
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest
import redis
import requests
from celery import Celery
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.conftest import redis_test_url

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "Smoke-test-2026-pass"
SITE = "hazards.example.gov.cn"
pytestmark = [pytest.mark.smoke, pytest.mark.postgres, pytest.mark.redis]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smoke_redis_url() -> str:
    if os.environ.get("SMOKE_REDIS_URL"):
        return os.environ["SMOKE_REDIS_URL"]
    parts = urlsplit(redis_test_url())
    number = int((parts.path or "/0").lstrip("/") or 0)
    return f"{parts.scheme}://{parts.netloc}/{(number + 1) % 16}"


def smoke_database_url() -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return parts._replace(path=parts.path.rstrip("/") + "_smoke").geturl()


def recreate_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(host=parts.hostname, port=parts.port or 5432,
                             user=parts.username or "postgres", password=parts.password,
                             dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _seal_key_pem() -> str:
    key = Ed25519PrivateKey.generate()
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("smoke")
    database_url, redis_url = smoke_database_url(), smoke_redis_url()
    recreate_database(database_url)
    redis.Redis.from_url(redis_url).flushdb()
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
           "DJANGO_SETTINGS_MODULE": "config.settings.production",
           "SECRET_KEY": secrets.token_urlsafe(50), "DATABASE_URL": database_url,
           "CELERY_BROKER_URL": redis_url, "CACHE_URL": redis_url,
           "ALLOWED_HOSTS": f"{SITE},127.0.0.1", "SITE_URL": f"https://{SITE}",
           "STATIC_ROOT": str(tmp / "static"), "MEDIA_ROOT": str(tmp / "media"),
           "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
           "HEARTBEAT_SECONDS": "2", "LOG_LEVEL": "WARNING", "GUNICORN_WORKERS": "2",
           "GUNICORN_BIND": f"127.0.0.1:{port}", "REMINDER_DIGEST_WEEKDAY": "0",
           # keys production requires from the environment (docs/seals.md, PII at rest)
           "SEAL_PRIVATE_KEY": _seal_key_pem(), "SEAL_KEY_ID": "smoke-1",
           "PII_ENCRYPTION_KEY": "smoke:" + Fernet.generate_key().decode()}

    def manage(*args, **kwargs):
        return subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300, check=False,
                              **kwargs)

    for step in (("migrate", "--noinput"), ("collectstatic", "--noinput")):
        done = manage(*step)
        assert done.returncode == 0, done.stderr[-3000:]
    seeded = manage("shell", "-c", SEED)
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    logs = {name: open(tmp / f"{name}.log", "wb") for name in ("web", "worker", "beat")}
    commands = {
        "web": [str(BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],
        "worker": [str(BIN / "celery"), "-A", "config", "worker", "--pool=solo", "-l", "info",
                   "--without-mingle", "--without-gossip"],
        "beat": [str(BIN / "celery"), "-A", "config", "beat", "-l", "info",
                 "-s", str(tmp / "beat-schedule")],
    }
    processes = {name: subprocess.Popen(command, cwd=ROOT, env=env, stdout=logs[name],
                                        stderr=subprocess.STDOUT, start_new_session=True)
                 for name, command in commands.items()}
    try:
        yield {"base": f"http://127.0.0.1:{port}", "env": env, "manage": manage,
               "redis": redis_url, "logs": tmp}
    finally:
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        for log in logs.values():
            log.close()
        recreate_database(database_url)  # leave an empty database, not our data


SEED = """
from accounts.enums import Role
from accounts.models import User
from enterprises.models import Department, District, Enterprise, Sector
d = District.objects.create(code="500102", name="涪陵区")
s = Sector.objects.create(code="other", name="其他")
dep = Department.objects.create(code="500102-em", name="涪陵区应急管理局",
                                kind="emergency_management", district=d)
from stdnum.cn import uscc
body = "91500102MA5U0AAA5"
Enterprise.objects.create(credit_code=body + uscc.calc_check_digit(body), name="烟测化工",
                          district=d, sector=s)
for name, role, extra in [("smoke_head", Role.DISTRICT_OFFICIAL, {"is_office_head": True}),
                          ("smoke_inspector", Role.INSPECTOR, {"badge_number": "5001020001"})]:
    User.objects.create_user(username=name, password="PASSWORD", role=role, district=d,
                             department=dep, email=name + "@example.com", **extra)
""".replace("PASSWORD", PASSWORD)


class Browser:
    """An HTTP client behind the TLS proxy: every request says X-Forwarded-Proto: https, and
    the cookies (marked Secure) are kept by hand, since this hop is plain HTTP."""

    def __init__(self, base):
        self.base = base
        self.cookies: dict[str, str] = {}

    def request(self, method, path, **kwargs):
        headers = {"X-Forwarded-Proto": "https", "Host": urlsplit(self.base).netloc,
                   "Origin": "https://" + urlsplit(self.base).netloc,
                   "Referer": "https://" + urlsplit(self.base).netloc + path,
                   **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(method, self.base + path, headers=headers, timeout=20,
                                    allow_redirects=False, **kwargs)
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def login(self, username):
        page = self.request("GET", "/accounts/login/")
        assert page.status_code == 200, page.text[:500]
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
        done = self.request("POST", "/accounts/login/", data={
            "username": username, "password": PASSWORD,
            "csrfmiddlewaretoken": self.cookies["csrftoken"]})
        assert done.status_code == 302, done.text[:500]
        assert "sessionid" in self.cookies


def wait_until(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    return False


def test_check_deploy_prints_no_warning_under_production_settings(stack):
    done = stack["manage"]("check", "--deploy", "--fail-level", "WARNING")

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "System check identified no issues (0 silenced)."
    assert done.stderr.strip() == ""


def test_the_deployed_stack_files_an_inspection_and_delivers_the_sweep(stack):
    base = stack["base"]
    assert wait_until(lambda: requests.get(base + "/healthz/", timeout=5).status_code == 200,
                      timeout=90), (stack["logs"] / "web.log").read_text()[-3000:]
    health = requests.get(base + "/healthz/", timeout=5).json()
    assert health == {"status": "ok", "checks": {"database": "ok", "cache": "ok",
                                                 "worker": "ok", "beat": "ok"}}
    # plain HTTP to a page is redirected to HTTPS; static files come from WhiteNoise
    assert requests.get(base + "/accounts/login/", allow_redirects=False,
                        timeout=5).status_code == 301
    inspector = Browser(base)
    inspector.login("smoke_inspector")
    css = re.search(r'href="(/static/css/app\.[0-9a-f]+\.css)"',
                    inspector.request("GET", "/notifications/").text)
    assert css and inspector.request("GET", css.group(1)).status_code == 200

    # a script: no session, a token for its password
    script = Browser(base)
    issued = script.request("POST", "/api/v1/auth/token/", json={
        "username": "smoke_inspector", "password": PASSWORD, "name": "smoke",
        "read_only": False})
    assert issued.status_code == 201, issued.text
    token = issued.json()["key"]
    api = {"Authorization": f"Bearer {token}"}
    enterprise = script.request("GET", "/api/v1/enterprises/", headers=api)
    assert enterprise.status_code == 200, enterprise.text
    enterprise_id = enterprise.json()["results"][0]["id"]
    filed = script.request("POST", "/api/v1/inspections/", headers=api, json={
        "kind": "covert", "enterprise": enterprise_id,
        "inspected_on": datetime.date.today().isoformat(),
        "findings": [{"grade": "general", "category": "equipment_defect",
                      "description": "灭火器过期未检", "location": "仓库"}]})
    assert filed.status_code == 201, filed.text
    assert filed.headers["X-Request-ID"]

    # the reminder sweep through the worker: the weekly digest to the district office
    Celery(broker=stack["redis"]).send_task("notifications.send_rectification_reminders")
    head = Browser(base)
    head.login("smoke_head")
    assert wait_until(lambda: "隐患周报" in head.request("GET", "/notifications/").text,
                      timeout=60), (stack["logs"] / "worker.log").read_text()[-3000:]
    inbox = head.request("GET", "/notifications/").text
    assert "未销号隐患 1 项" in inbox
