"""Settings shared by every environment.

Every value that differs between machines comes from the environment (django-environ), so the
same code runs on a laptop with SQLite and in production with PostgreSQL and Redis.
"""
import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "core",
    "accounts",
    "enterprises",
    "inspections",
    "hazards",
    "notifications",
    "imports",
    "campaigns",
    "public_reports",
    "plans",
    "oversight",
]

MIDDLEWARE = [
    # first: every log line of the request carries its id (core.requests)
    "core.requests.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # idle and absolute session time-outs, password age, required second factor
    "accounts.middleware.AccountPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # last: turns axes' lockout flag into the lockout page / JSON answer
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "core.error_views.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=10)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- accounts and their protection (GB/T 22239-2019 level 3; accounts.lockout, accounts.otp,
# accounts.middleware, accounts.audit) -------------------------------------------------------
# axes first: a locked account or address is refused before any password is checked
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend",
                           "django.contrib.auth.backends.ModelBackend"]
# failures before a lock, per account and per address; minutes a lock lasts (0 = until a
# district office head or an administrator unlocks it)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = "accounts.lockout.lockout_parameters"
_lockout_minutes = env.int("LOGIN_LOCKOUT_MINUTES", default=30)
AXES_COOLOFF_TIME = (datetime.timedelta(minutes=_lockout_minutes)
                     if _lockout_minutes else None)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.requests.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.login_views.lockout_response"
AXES_VERBOSE = False
# addresses of the reverse proxies in front of the application (X-Forwarded-For hops trusted)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# password age: 0 = passwords do not expire; otherwise a user is sent to change theirs
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=0)
# reset links in e-mails are valid this long (seconds) and once (Django's token generator)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60)
# two-factor authentication (TOTP + recovery codes): true = city officials, district office
# heads and administrators must enrol before they can use any page
OTP_REQUIRED_FOR_OFFICIALS = env.bool("OTP_REQUIRED_FOR_OFFICIALS", default=False)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="隐患排查治理")
# sessions: idle time-out for officials and inspectors, for enterprise officers, and an
# absolute lifetime from login, in minutes. A password change ends every other session.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_IDLE_MINUTES_ENTERPRISE = env.int("SESSION_IDLE_MINUTES_ENTERPRISE", default=120)
SESSION_ABSOLUTE_MINUTES = env.int("SESSION_ABSOLUTE_MINUTES", default=12 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_MINUTES * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# security audit log: days kept (at least 180; accounts.checks refuses less)
SECURITY_EVENT_RETENTION_DAYS = env.int("SECURITY_EVENT_RETENTION_DAYS", default=180)

# Content-Security-Policy on every page (django-csp). Inline scripts need the request's nonce;
# inline style attributes remain (a few tables), blob: workers for Redoc.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Dates that the law counts in (deadlines, overdue days) are China Standard Time calendar days.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    # Evidence files go through the storage API so object storage can be configured here.
    "default": {"BACKEND": env("DEFAULT_FILE_STORAGE_BACKEND",
                               default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# S3-compatible object storage (pip install -e ".[s3]"): DEFAULT_FILE_STORAGE_BACKEND=
# storages.backends.s3.S3Storage and the S3_* variables. Files stay private: the product serves
# them itself after a scope check.
if STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage":
    STORAGES["default"]["OPTIONS"] = {
        "bucket_name": env("S3_BUCKET"),
        "endpoint_url": env("S3_ENDPOINT_URL", default=None),
        "region_name": env("S3_REGION", default=None),
        "access_key": env("S3_ACCESS_KEY"),
        "secret_key": env("S3_SECRET_KEY"),
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
    }

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="hazards@localhost")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
# seconds an SMTP conversation may take before it is given up (outcome unknown, see
# notifications.outbox)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# Caches (API throttles, axes' counters, import progress): Redis when CACHE_URL is set, so
# every gunicorn worker and Celery process shares them; process-local memory otherwise.
_cache_url = env("CACHE_URL", default="")
CACHES = {"default": (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
    if _cache_url else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"})}

REST_FRAMEWORK = {
    "DEFAULT_PARSER_CLASSES": [
        "core.api.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # first, so an unauthenticated request gets 401 with WWW-Authenticate: Bearer
        "accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["accounts.api.throttling.TokenRateThrottle"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.api.StrictContentNegotiation",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "hazards.api.pagination.CountedPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Hazard register API (隐患排查治理 API)",
    "DESCRIPTION": "Hazards, inspections and enterprises, scoped to the token owner's district or "
    "enterprise. Dates are China Standard Time calendar dates; money is yuan.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from drf-spectacular-sidecar's static files: no CDN needed
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "HazardStatusEnum": "hazards.enums.HazardStatus",
        "InspectionKindEnum": "inspections.enums.InspectionKind",
        "DepartmentKindEnum": "enterprises.enums.DepartmentKind",
    },
    "PREPROCESSING_HOOKS": [],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "core.api_docs.add_api_description"],
}

# API throttling per token (or per user for browser sessions); "N/sec|min|hour|day".
# Exceeding it answers 429 with Retry-After.
API_THROTTLE_RATES = {
    "token": env("API_TOKEN_RATE", default="600/min"),
    "session": env("API_SESSION_RATE", default="1200/min"),
}
# Cursor sync passes stop this many seconds before "now", so a write transaction that stamped
# updated_at but had not yet committed still falls into the next pass (hazards.api.pagination).
API_SYNC_LAG_SECONDS = env.int("API_SYNC_LAG_SECONDS", default=2)

# The rectification loop (issue 3; hazards.files, hazards.documents, hazards.services).
# evidence files: size limit per file (bytes) and files per submission; types are checked by
# content (JPEG, PNG, WebP, HEIC/HEIF, PDF), see hazards.files.DEFAULT_ALLOWED_TYPES
HAZARD_EVIDENCE_MAX_BYTES = env.int("HAZARD_EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
HAZARD_EVIDENCE_MAX_FILES = env.int("HAZARD_EVIDENCE_MAX_FILES", default=10)
# images: pixels allowed before decoding (hazards.files.open_image_bounded); files of rolled-back
# uploads older than this many minutes are deleted by the hourly sweep (hazards.orphan_files)
HAZARD_IMAGE_MAX_PIXELS = env.int("HAZARD_IMAGE_MAX_PIXELS", default=24_000_000)
ORPHAN_FILE_GRACE_MINUTES = env.int("ORPHAN_FILE_GRACE_MINUTES", default=60)
# document numbers: {kind: pattern} overrides, and {department_code: {kind: pattern}};
# placeholders {prefix} {year} {seq} (defaults: "{prefix}责改〔{year}〕{seq}号", "{prefix}复查〔{year}〕{seq}号")
HAZARD_DOCUMENT_NUMBER_PATTERNS: dict = {}
HAZARD_DOCUMENT_NUMBER_PATTERNS_BY_DEPARTMENT: dict = {}
# An order or re-inspection opinion is signed by two enforcement officers with badge numbers
# (行政执法 two-officer rule). false lets an office issue with fewer during a migration from
# paper; the document then shows the gap.
HAZARD_DOCUMENTS_REQUIRE_TWO_OFFICERS = env.bool("HAZARD_DOCUMENTS_REQUIRE_TWO_OFFICERS",
                                                 default=True)

# Seals (core.seals, docs/seals.md): the Ed25519 key that signs each signed record and issued
# document comes from the environment, never the database. SEAL_PRIVATE_KEY: PEM or base64 of
# the raw 32 bytes; SEAL_KEY_ID: the name it is published under (/seals/keys/). Without one,
# SEAL_KEY_FILE (PEM) is read; local settings create it on first use. SEAL_VERIFY_KEYS:
# retired keys' public halves still accepted, "id=base64,id2=base64" (key rotation).
SEAL_PRIVATE_KEY = env("SEAL_PRIVATE_KEY", default="")
SEAL_KEY_ID = env("SEAL_KEY_ID", default="")
SEAL_KEY_FILE = env("SEAL_KEY_FILE", default="")
SEAL_KEY_FILE_CREATE = False
SEAL_VERIFY_KEYS = env.dict("SEAL_VERIFY_KEYS", default={})

# Celery: an empty broker URL runs every task in-process (the embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = False
CELERY_TASK_ACKS_LATE = True
# every task is stopped after this many seconds (soft limit a minute earlier); the import task
# has its own (IMPORT_TIME_LIMIT). The broker's visibility timeout must be longer than the
# longest of them, or a running task would be delivered twice: the worker refuses to start
# otherwise (config.celery.check_visibility_timeout).
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = max(1, CELERY_TASK_TIME_LIMIT - 60)
IMPORT_TIME_LIMIT = env.int("IMPORT_TIME_LIMIT", default=60 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60)}
# how often (seconds) a Redis worker looks for tasks abandoned by a dead worker once their
# visibility timeout has passed (empty = kombu's default, about every 100 s)
if env("CELERY_UNACKED_RESTORE_SECONDS", default=""):
    CELERY_BROKER_TRANSPORT_OPTIONS.update(
        unacked_restore_interval=env.int("CELERY_UNACKED_RESTORE_SECONDS"),
        unacked_restore_throttle=1)
# a publish to an unreachable broker fails fast (the state is in the database and a periodic
# job publishes again), instead of holding a web request for seconds
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
# the worker's heartbeat for /healthz/ (seconds between beats)
HEARTBEAT_SECONDS = env.int("HEARTBEAT_SECONDS", default=60)
# e-mail attempts that the server refused before a mail is listed as failed (notifications.outbox)
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=5)
# an import job queued this long without a worker taking it is published again; a job running
# longer than IMPORT_TIME_LIMIT plus this is marked failed (imports.reaper)
IMPORT_REQUEUE_AFTER_MINUTES = env.int("IMPORT_REQUEUE_AFTER_MINUTES", default=5)
# The reminder and escalation ladder (issue 2 §8, issue 3 §6; notifications.services explains
# how the rungs relate). Every timing is a setting; days are China Standard Time calendar days.
# due-soon reminder this many days before the deadline (and on each day up to it, once)
REMINDER_DUE_SOON_DAYS = env.int("REMINDER_DUE_SOON_DAYS", default=3)
# overdue reminder on the first overdue day, then every this many days (1 = daily, issue 2;
# 7 = weekly, issue 3's wording)
REMINDER_OVERDUE_REPEAT_DAYS = env.int("REMINDER_OVERDUE_REPEAT_DAYS", default=1)
# escalation to the district office's head once a hazard is this many days overdue
REMINDER_ESCALATE_AFTER_DAYS = env.int("REMINDER_ESCALATE_AFTER_DAYS", default=7)
# weekday of the weekly digest per district office (0 = Monday … 6 = Sunday)
REMINDER_DIGEST_WEEKDAY = env.int("REMINDER_DIGEST_WEEKDAY", default=0)
# when the daily sweep fires (Asia/Shanghai, CELERY_TIMEZONE)
REMINDER_SWEEP_HOUR = env.int("REMINDER_SWEEP_HOUR", default=8)
REMINDER_SWEEP_MINUTE = env.int("REMINDER_SWEEP_MINUTE", default=0)
# hazards read per batch by the sweep (keyset pagination, never the whole table at once)
REMINDER_BATCH_SIZE = env.int("REMINDER_BATCH_SIZE", default=1000)
# absolute links in reminder e-mails
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Oversight (issue 10; oversight/): a district that found fewer hazards than this in a period is
# listed in the ranking (动态晾晒) but not ranked
OVERSIGHT_RANKING_MIN_FOUND = env.int("OVERSIGHT_RANKING_MIN_FOUND", default=10)
# the state-span refresh re-reads hazards changed this long before its last run, for
# transactions that committed late
OVERSIGHT_SPAN_REFRESH_OVERLAP_SECONDS = env.int("OVERSIGHT_SPAN_REFRESH_OVERLAP_SECONDS",
                                                 default=600)

CELERY_BEAT_SCHEDULE = {
    # Every morning at 08:00 China Standard Time (CELERY_TIMEZONE = Asia/Shanghai): the whole
    # ladder for that day (due-soon, overdue, escalation, major hazards, and on the digest
    # weekday the weekly digest per district office). Safe to fire twice: nothing is sent twice.
    "rectification-reminders-daily": {
        "task": "notifications.send_rectification_reminders",
        "schedule": crontab(hour=REMINDER_SWEEP_HOUR, minute=REMINDER_SWEEP_MINUTE),
    },
    # Every 5 minutes: rebuild the state spans of hazards changed since the last run, so the
    # figures "as of the end of a period" include backdated (imported) steps.
    "oversight-state-spans": {
        "task": "oversight.refresh_state_spans",
        "schedule": crontab(minute="*/5"),
    },
    # 00:30 China Standard Time every day: the reports of every period (week on Monday, month
    # on the 1st, quarter, year) that ended yesterday, for the city and each district; a
    # report already stored is not made again.
    "oversight-period-reports": {
        "task": "oversight.generate_period_reports",
        "schedule": crontab(hour=0, minute=30),
    },
    # Every 10 minutes: publish again the sends of reminders recorded but not sent (the broker
    # was down when the sweep enqueued them), and run the day's sweep if 08:00 was missed.
    "reminders-catch-up": {
        "task": "notifications.dispatch_unsent_reminders",
        "schedule": crontab(minute="*/10"),
    },
    # Every minute: send queued e-mails that are due; settle sends a dead worker left behind.
    "mail-outbox": {"task": "notifications.dispatch_outbox", "schedule": 60.0},
    # Every 5 minutes: publish again import jobs whose task was lost; fail ones that died.
    "import-reaper": {"task": "imports.reap_jobs", "schedule": 300.0},
    # Every hour at :17 (Asia/Shanghai): delete files of uploads whose transaction rolled back.
    "orphan-files": {"task": "hazards.delete_orphan_files", "schedule": crontab(minute=17)},
    # Every day at 03:30 Asia/Shanghai: delete security audit rows past their retention.
    "security-events-purge": {"task": "accounts.purge_security_events",
                              "schedule": crontab(hour=3, minute=30)},
    # Every HEARTBEAT_SECONDS: proves to /healthz/ that beat publishes and a worker consumes.
    "heartbeat": {"task": "core.heartbeat", "schedule": float(HEARTBEAT_SECONDS)},
}

# Public reports (举报, public_reports): personal data of named reporters is encrypted at rest.
# PII_ENCRYPTION_KEY: "keyid:fernet-key[,keyid:fernet-key…]"; the first encrypts, all decrypt
# (rotation). Production has no default (settings/production.py); local and test make one
# outside the database. PII_LOOKUP_KEY keys the HMAC that matches a reporter's phone without
# decrypting (first valid reporter of a reward); default: derived from SECRET_KEY.
PII_ENCRYPTION_KEY = env("PII_ENCRYPTION_KEY", default="")
PII_LOOKUP_KEY = env("PII_LOOKUP_KEY", default="")
# the public report page: reports accepted per client address and hour, and the proof of work
# (leading zero bits of SHA-256) a browser computes before a report is accepted
PUBLIC_REPORT_RATE_PER_HOUR = env.int("PUBLIC_REPORT_RATE_PER_HOUR", default=5)
PUBLIC_REPORT_POW_BITS = env.int("PUBLIC_REPORT_POW_BITS", default=16)
PUBLIC_REPORT_CHALLENGE_TTL_SECONDS = env.int("PUBLIC_REPORT_CHALLENGE_TTL_SECONDS",
                                              default=1800)
# a report is answered within this many CST days of its receipt (reminder when it is not)
PUBLIC_REPORT_ANSWER_DAYS = env.int("PUBLIC_REPORT_ANSWER_DAYS", default=15)
PUBLIC_REPORT_MAX_PHOTOS = env.int("PUBLIC_REPORT_MAX_PHOTOS", default=4)

CELERY_BEAT_SCHEDULE.update({
    # Every morning at 08:05 China Standard Time: reports past their answer deadline and
    # inspection tasks past their due date, one message per object and deadline.
    "public-report-answer-reminders-daily": {
        "task": "public_reports.send_public_work_reminders",
        "schedule": crontab(hour=REMINDER_SWEEP_HOUR, minute=(REMINDER_SWEEP_MINUTE + 5) % 60),
    },
    "inspection-task-overdue-reminders-daily": {
        "task": "plans.send_task_reminders",
        "schedule": crontab(hour=REMINDER_SWEEP_HOUR, minute=(REMINDER_SWEEP_MINUTE + 5) % 60),
    },
})

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
