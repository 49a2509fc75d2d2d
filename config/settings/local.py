"""The embedded default: SQLite, tasks in-process, DEBUG on. Never use in production."""
import os

os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret")
os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403

# Reporters' personal data needs a key; on a developer's machine one is made once and kept in
# a file beside the code (gitignored), never in the database.
if not PII_ENCRYPTION_KEY:  # noqa: F405
    from pathlib import Path as _Path

    from cryptography.fernet import Fernet as _Fernet

    _key_file = _Path(BASE_DIR) / ".pii-dev-key"  # noqa: F405
    if not _key_file.exists():
        _key_file.write_text("dev:" + _Fernet.generate_key().decode())
    PII_ENCRYPTION_KEY = _key_file.read_text().strip()
