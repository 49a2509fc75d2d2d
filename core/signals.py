"""Signals raised by the lowest layer and answered by higher ones (the security audit log in
``accounts`` listens), so ``core`` never imports upward (pyproject's layers contract).

``permission_denied``: sent with ``request`` and ``reason`` (str) whenever a page or the API
answers 403 (the audit log records it as a permission denial).
"""
from django.dispatch import Signal

permission_denied = Signal()
