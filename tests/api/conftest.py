"""Helpers for API tests: clients authenticated with a real token through the real
authentication class, and a clean throttle cache per test."""
import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.tokens import api_token_create


@pytest.fixture(autouse=True)
def _no_sync_lag(settings):
    """Cursor passes normally stop API_SYNC_LAG_SECONDS before now (see
    hazards.api.pagination); tests that do not test the lag see rows written a moment ago."""
    settings.API_SYNC_LAG_SECONDS = 0


@pytest.fixture(autouse=True)
def _fresh_throttle_cache():
    cache.clear()
    yield
    cache.clear()


def token_client(user, *, read_only=False) -> APIClient:
    """An APIClient sending ``Authorization: Bearer <key>`` for a new token of ``user``."""
    _token, key = api_token_create(user=user, name="test", read_only=read_only)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def client_for(db):
    """``client_for(user)`` -> token-authenticated client; ``client_for(None)`` -> anonymous."""
    def make(user, **kwargs):
        return APIClient() if user is None else token_client(user, **kwargs)
    return make
