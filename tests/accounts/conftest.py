"""Fixtures for account protection: an office head, a signed-in client per persona, and the
lockout limits the tests rely on."""
import pytest
from django.test import Client

from tests import factories

PASSWORD = "pass-word-123"  # tests.factories.UserFactory


@pytest.fixture
def district_head(fuling):
    return factories.district_official("500102", is_office_head=True,
                                       badge_number="500102-HEAD")


@pytest.fixture
def other_district_head(wanzhou):
    return factories.district_official("500101", is_office_head=True)


def client_for(user, **extra) -> Client:
    client = Client(REMOTE_ADDR=extra.pop("ip", "10.1.2.3"), **extra)
    client.force_login(user)
    return client


@pytest.fixture
def lockout_settings(settings):
    settings.AXES_FAILURE_LIMIT = 5
    return settings
