"""Settings shared by every environment.

Every value that differs between machines comes from the environment (django-environ), so the
same code runs on a laptop with SQLite and in production with PostgreSQL and Redis.
"""
from pathlib import Path

import environ
from celery.schedules import crontab
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
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

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

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="hazards@localhost")

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
