"""Throttling keyed on the API token (one bucket per token), or on the user for session
requests. Exceeding it gives 429 with a ``Retry-After`` header (seconds)."""
from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    """Rate per token from ``settings.API_THROTTLE_RATES`` (env ``API_TOKEN_RATE`` /
    ``API_SESSION_RATE``, e.g. ``600/min``).

    The rate is read on each request (not frozen at import), so settings overrides apply.
    Anonymous requests are not throttled here: they are refused by authentication anyway.
    """

    scope = "token"

    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        self.scope = "token" if isinstance(request.auth, ApiToken) else "session"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return self.cache_format % {"scope": "token", "ident": request.auth.pk}
        if request.user and request.user.is_authenticated:
            return self.cache_format % {"scope": "session", "ident": request.user.pk}
        return None
