"""Persona fixtures and service switches for the whole suite."""
import os

import pytest
from django.db import connection

from tests import factories

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def redis_test_url() -> str:
    """The Redis broker for tests marked ``redis``: TEST_CELERY_BROKER_URL (as in CI), else a
    redis:// CELERY_BROKER_URL, else database 15 of the local Redis."""
    for name in ("TEST_CELERY_BROKER_URL", "CELERY_BROKER_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("redis://", "rediss://")):
            return url
    return "redis://127.0.0.1:6379/15"


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def _skip_redis_tests_without_redis(items, *, on_postgres: bool):
    """Tests marked ``redis`` run a real Celery worker on Redis against the test database:
    skipped on SQLite or when Redis does not answer, unless REQUIRE_SERVICES=1, where a
    missing Redis is an error."""
    redis_items = [item for item in items if "redis" in item.keywords]
    if not redis_items:
        return
    if _redis_answers(redis_test_url()) and on_postgres:
        return
    if REQUIRE_SERVICES and on_postgres:
        raise pytest.UsageError(f"REQUIRE_SERVICES=1 needs Redis at {redis_test_url()}")
    for item in redis_items:
        item.add_marker(pytest.mark.skip(reason="needs Redis and PostgreSQL"))


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` need PostgreSQL. On SQLite they are skipped, unless
    REQUIRE_SERVICES=1 (as in CI), where running on SQLite is itself an error."""
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "psql"))
    _skip_redis_tests_without_redis(items, on_postgres=on_postgres)
    if on_postgres:
        return
    if REQUIRE_SERVICES:
        raise pytest.UsageError("REQUIRE_SERVICES=1 needs DATABASE_URL=postgres://...")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL)"))


@pytest.fixture
def fuling():
    return factories.district("500102", "涪陵区")


@pytest.fixture
def wanzhou():
    return factories.district("500101", "万州区")


@pytest.fixture
def enterprise(fuling):
    return factories.EnterpriseFactory(district=fuling)


@pytest.fixture
def other_enterprise(wanzhou):
    return factories.EnterpriseFactory(district=wanzhou)


@pytest.fixture
def city_official(db):
    return factories.city_official()


@pytest.fixture
def district_official(fuling):
    return factories.district_official("500102")


@pytest.fixture
def inspector(fuling):
    return factories.inspector("500102")


@pytest.fixture
def other_district_official(wanzhou):
    return factories.district_official("500101")


@pytest.fixture
def other_inspector(wanzhou):
    return factories.inspector("500101")


@pytest.fixture
def enterprise_officer(enterprise):
    return factories.enterprise_officer(enterprise)


@pytest.fixture
def outsider(db):
    return factories.UserFactory(role="")


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"
