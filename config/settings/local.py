"""The embedded default: SQLite, tasks in-process, DEBUG on. Never use in production."""
import os

os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret")
os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403

# a seal key of this machine only, outside the database and the repository (var/ is ignored)
SEAL_KEY_FILE = SEAL_KEY_FILE or str(BASE_DIR / "var" / "seal-key.pem")  # noqa: F405
SEAL_KEY_FILE_CREATE = True
