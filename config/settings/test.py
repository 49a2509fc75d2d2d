"""Test settings: the database comes from DATABASE_URL (PostgreSQL in CI), SQLite otherwise."""
import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = BASE_DIR / ".pytest_cache" / "media"  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False}

# a key made for this test run, never stored in the database (public_reports.pii)
from cryptography.fernet import Fernet  # noqa: E402

PII_ENCRYPTION_KEY = "test:" + Fernet.generate_key().decode()
PUBLIC_REPORT_POW_BITS = 4
