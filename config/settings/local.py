"""The embedded default: SQLite, tasks in-process, DEBUG on. Never use in production."""
import os

os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret")
os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403

# a seal key of this machine only, outside the database and the repository (var/ is ignored)
SEAL_KEY_FILE = SEAL_KEY_FILE or str(BASE_DIR / "var" / "seal-key.pem")  # noqa: F405
SEAL_KEY_FILE_CREATE = True
# Reporters' personal data needs a key; on a developer's machine one is made once and kept in
# a file of var/ (ignored, like the seal key), never in the database.
if not PII_ENCRYPTION_KEY:  # noqa: F405
    from pathlib import Path as _Path

    from cryptography.fernet import Fernet as _Fernet

    _key_file = _Path(BASE_DIR) / "var" / "pii-dev-key"  # noqa: F405
    if not _key_file.exists():
        _key_file.parent.mkdir(exist_ok=True)
        _key_file.write_text("dev:" + _Fernet.generate_key().decode())
    PII_ENCRYPTION_KEY = _key_file.read_text().strip()
