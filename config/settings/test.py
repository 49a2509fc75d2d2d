"""Test settings: the database comes from DATABASE_URL (PostgreSQL in CI), SQLite otherwise."""
import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")


def _test_seal_key() -> str:
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()


from .base import *  # noqa: E402,F403
from .base import DATABASES  # noqa: E402

# an in-memory seal key for this test run (tests of rotation override these)
SEAL_PRIVATE_KEY = _test_seal_key()  # noqa: F405
SEAL_KEY_ID = "test-2026"
SEAL_KEY_FILE = ""
SEAL_VERIFY_KEYS: dict = {}
# PostgreSQL: a backend whose flush (between transactional tests) may empty the append-only
# audit tables, which refuse TRUNCATE to everyone else (tests/pg_backend)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "tests.pg_backend"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = BASE_DIR / ".pytest_cache" / "media"  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False}

# a key made for this test run, never stored in the database (public_reports.pii)
from cryptography.fernet import Fernet  # noqa: E402

PII_ENCRYPTION_KEY = "test:" + Fernet.generate_key().decode()
PUBLIC_REPORT_POW_BITS = 4
