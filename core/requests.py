"""What a request says about its sender, read in one place: the client's address (behind the
configured number of trusted proxies), a request id for the logs, and the request being served
(for services deep below a view that must record who asked, e.g. a password confirmation).

- ``client_ip(request)``: ``REMOTE_ADDR``, or, when ``TRUSTED_PROXY_COUNT`` = N > 0 (the load
  balancer and reverse proxy in front of gunicorn), the address N hops from the right of
  ``X-Forwarded-For``. A client cannot forge it by adding its own header: the proxies append.
- ``RequestContextMiddleware``: gives each request an id (``X-Request-ID`` from the proxy when it
  is a plausible token, else a random one), echoes it in the response, and keeps the request in
  a context variable for the duration of the call; ``RequestIdLogFilter`` adds ``request_id``
  to every log record.
"""
import contextvars
import logging
import re
import uuid

from django.conf import settings

_current_request: contextvars.ContextVar = contextvars.ContextVar("current_request",
                                                                  default=None)
_request_id: contextvars.ContextVar = contextvars.ContextVar("request_id", default="-")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


def client_ip(request) -> str | None:
    """The client's IP address as a string, or None when the request has none (a test or a
    management command). Rule: see the module docstring (``TRUSTED_PROXY_COUNT``)."""
    if request is None:
        return None
    meta = getattr(request, "META", {}) or {}
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        hops = [h.strip() for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies][:45]
    return (meta.get("REMOTE_ADDR") or None) and meta["REMOTE_ADDR"][:45]


def current_request():
    """The HttpRequest being served by this thread or task, or None outside a request."""
    return _current_request.get()


def current_request_id() -> str:
    """The id of the request being served ("-" outside a request)."""
    return _request_id.get()


class RequestContextMiddleware:
    """Request id + current request (see module docstring). Put it first in MIDDLEWARE so every
    log line of the request, including the security middleware's, carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = offered if _REQUEST_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id
        id_token = _request_id.set(request_id)
        request_token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(request_token)
            _request_id.reset(id_token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    """Adds ``request_id`` to every record (the JSON log formatter prints it)."""

    def filter(self, record):
        record.request_id = _request_id.get()
        return True
