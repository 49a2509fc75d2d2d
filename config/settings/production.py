"""Production: every secret must come from the environment; nothing has a default."""
from .base import *  # noqa: F403
from .base import env

DEBUG = False
DATABASES = {"default": env.db("DATABASE_URL")}
# the seal key: required, from the environment (or a secrets file mounted by the platform)
SEAL_PRIVATE_KEY = env("SEAL_PRIVATE_KEY")
SEAL_KEY_ID = env("SEAL_KEY_ID")
SEAL_KEY_FILE = ""
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# reporters' personal data: no default key in production
PII_ENCRYPTION_KEY = env("PII_ENCRYPTION_KEY")
