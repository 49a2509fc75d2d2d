"""Production: every secret must come from the environment; nothing has a default.

``manage.py check --deploy`` prints no warnings with these settings (tests/smoke). Behind the
reverse proxy that terminates TLS (it must set ``X-Forwarded-Proto``): HSTS, HTTPS redirects
(except ``/healthz/`` for the load balancer), secure cookies, a Content-Security-Policy (base),
static files through WhiteNoise, caches and throttles on Redis shared by every process,
structured JSON logs carrying the request id.
"""
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BASE_DIR, MIDDLEWARE, STORAGES, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
# the seal key: required, from the environment (or a secrets file mounted by the platform)
SEAL_PRIVATE_KEY = env("SEAL_PRIVATE_KEY")
SEAL_KEY_ID = env("SEAL_KEY_ID")
SEAL_KEY_FILE = ""
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
# the load balancer probes over plain HTTP
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# reporters' personal data: no default key in production
PII_ENCRYPTION_KEY = env("PII_ENCRYPTION_KEY")
X_FRAME_OPTIONS = "DENY"

MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "whitenoise.middleware.WhiteNoiseMiddleware")
STORAGES = {**STORAGES, "staticfiles": {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}

# every process shares the caches (axes' counters, API throttles, health stamps)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": env("CACHE_URL")}}
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

# SITE_URL goes into every e-mailed link: refuse to start with one that is not the public
# https address of this site
SITE_URL = env("SITE_URL")
_site = urlsplit(SITE_URL)
if _site.scheme != "https" or not _site.hostname:
    raise ImproperlyConfigured(f"SITE_URL must be the site's https:// address, got {SITE_URL!r}")
if "*" not in ALLOWED_HOSTS and not any(
        _site.hostname == host or (host.startswith(".") and _site.hostname.endswith(host))
        for host in ALLOWED_HOSTS):
    raise ImproperlyConfigured(f"SITE_URL host {_site.hostname!r} is not in ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[f"https://{_site.netloc}"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.requests.RequestIdLogFilter"}},
    "formatters": {"json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    }},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json",
                             "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
