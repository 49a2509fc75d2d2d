"""One exception handler for the whole API: every 4xx has the body {"code", "detail", "fields"}."""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from config.errors import DomainError


def _flatten(detail):
    if isinstance(detail, dict):
        return {key: [str(item) for item in (value if isinstance(value, list) else [value])]
                for key, value in detail.items()}
    return {}


def exception_handler(exc, context):
    """Translate DomainError and DRF errors into ``{"code", "detail", "fields"}``.

    Input: the exception and DRF's context. Output: a Response, or None for 5xx errors
    (which Django then reports as server errors).
    """
    if isinstance(exc, DomainError):
        fields = {exc.field: [exc.message]} if exc.field else {}
        return Response({"code": exc.code, "detail": exc.message, "fields": fields},
                        status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = _flatten(detail) if isinstance(detail, dict) else {}
        non_field = fields.pop("non_field_errors", None)
        message = (non_field or [str(d) for d in detail] if isinstance(detail, list) else non_field)
        body = {"code": "invalid", "detail": "; ".join(message) if message else "Invalid input.",
                "fields": fields}
        response.data = body
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response
    codes = exc.get_codes() if hasattr(exc, "get_codes") else "error"
    response.data = {"code": codes if isinstance(codes, str) else "error",
                     "detail": str(exc.detail) if hasattr(exc, "detail") else str(exc),
                     "fields": {}}
    return response
