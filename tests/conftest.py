"""Persona fixtures and service switches for the whole suite."""
import os

import pytest
from django.db import connection

from tests import factories

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` need PostgreSQL. On SQLite they are skipped, unless
    REQUIRE_SERVICES=1 (as in CI), where running on SQLite is itself an error."""
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "psql"))
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
