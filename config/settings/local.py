"""The embedded default: SQLite, tasks in-process, DEBUG on. Never use in production."""
import os

os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret")
os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403
