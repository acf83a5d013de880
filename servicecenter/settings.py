"""Settings, read from the environment.

DEBUG defaults to off, so a production start that forgets it fails closed; `make run`
sets DEBUG=1 for the demo. A pytest process defaults to the development settings
(pytest-django then runs every test with DEBUG off). With DEBUG off a SECRET_KEY is
required.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",")
            if item.strip()]


# pytest's own process, not a server it starts (those set DEBUG themselves)
DEBUG = env_bool("DEBUG", "pytest" in sys.modules)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "servicecenter.errors.csrf_failure"  # Chinese, in the layout

INSTALLED_APPS = [
    "servicecenter.admin_site.ServiceAdminConfig",  # django.contrib.admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "servicecenter",
    "petitions",
    "tickets",
    "repairs",
    "matters",
    "loadgen",  # generate_data and benchmark: stands above the apps, not the product
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "servicecenter.middleware.StripNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "servicecenter.middleware.SecurityHeadersMiddleware",
    # last: locks out an account or address after repeated failed logins
    "axes.middleware.AxesMiddleware",
]

# History is an audit trail: never reverted from the admin (admin_visibility refuses
# the POST too; this hides the button).
SIMPLE_HISTORY_REVERT_DISABLED = True

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, with permissions and roles read in one query
    "servicecenter.auth_backend.OneQueryModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", 1))  # hours
# Lock (username, address) and, at a higher count, an address alone. The address is
# read from X-Forwarded-For only from TRUSTED_PROXY_IPS (comma-separated addresses or
# networks, e.g. 127.0.0.1 behind the README's nginx; empty = trust no header).
TRUSTED_PROXY_IPS = [ip for ip in os.environ.get("TRUSTED_PROXY_IPS", "").split(",")
                     if ip.strip()]
AXES_CLIENT_IP_CALLABLE = "servicecenter.logins.client_ip"
AXES_HANDLER = "servicecenter.logins.LoginLockHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_IP_FAILURE_LIMIT = int(os.environ.get("AXES_IP_FAILURE_LIMIT", 30))
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["password", "id_number"]

ROOT_URLCONF = "servicecenter.urls"
WSGI_APPLICATION = "servicecenter.wsgi.application"

# Django's renderer with select/option/input written in Python (a fifth of a list page)
FORM_RENDERER = "servicecenter.form_renderer.FastRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "servicecenter.context_processors.navigation",
            ],
        },
    },
]

SILENCED_SYSTEM_CHECKS: list[str] = []
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
# Persistent connections, checked before each request reuses one: a connection the
# server dropped (restart, pg_terminate_backend) is replaced, not a 500.
DATABASES = {"default": dj_database_url.parse(
    DATABASE_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", 60)),
    conn_health_checks=True)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # covering indexes (INCLUDE) are a PostgreSQL feature; SQLite builds them
    # without the extra columns, which changes speed, not results
    SILENCED_SYSTEM_CHECKS.append("models.W040")
    # the notices' once-per-event constraint treats NULLs as equal (PostgreSQL 15);
    # SQLite, the zero-setup demo database, goes without it (notify() checks first)
    SILENCED_SYSTEM_CHECKS.append("models.W047")
else:
    # JIT compilation pays off for hour-long analytics, not for a web page: it
    # priced the dashboard's yearly aggregates as "expensive" and spent 1.8 s of a
    # 3.0 s query compiling them (issue 21). Off on the app's own connections.
    PG_OPTIONS = ["-c jit=off"]
    if os.environ.get("PG_RANDOM_PAGE_COST", "1.1"):
        # PostgreSQL's default (4) prices random reads for spinning disks. On SSDs
        # (1.1 is the usual setting) the planner walks a filter's composite index,
        # e.g. one state's petitions by date, instead of skipping newer rows of
        # other states on the date index (25 ms → 1 ms at a million rows). Empty to
        # keep the server's.
        cost = float(os.environ.get("PG_RANDOM_PAGE_COST", "1.1"))
        PG_OPTIONS.append(f"-c random_page_cost={cost}")
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(PG_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "zh-hans"
# the product speaks Chinese whatever the browser asks for (an English-language PC at
# the window otherwise got an English admin with "Nov. 25" dates)
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if os.environ.get("STORAGE_BACKEND", "local") == "local"
    else {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": os.environ.get("S3_BUCKET", ""),
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY", ""),
        "secret_key": os.environ.get("S3_SECRET_KEY", ""),
        "default_acl": None, "querystring_auth": True}},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# servicecenter.files: set (e.g. "/protected-media/") to let nginx send checked files
MEDIA_X_ACCEL_REDIRECT_PREFIX = os.environ.get("MEDIA_X_ACCEL_REDIRECT_PREFIX", "")


def build_caches(redis_url: str) -> dict:
    """Redis when configured, degrading to no cache while it is down (the cache is
    optional by design); short timeouts so an outage costs milliseconds, not seconds."""
    if not redis_url:
        local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        return {"default": local, "ratelimit": {**local, "LOCATION": "ratelimit"}}
    timeout = float(os.environ.get("REDIS_SOCKET_TIMEOUT", 0.5))
    redis = {"LOCATION": redis_url, "OPTIONS": {"socket_connect_timeout": timeout,
                                                "socket_timeout": timeout}}
    # ratelimit: counters that fall back to each process's memory while Redis is
    # down (servicecenter.cache.CountingRedisCache), so the lookup's limit holds
    return {"default": {"BACKEND": "servicecenter.cache.DegradingRedisCache",
                        "KEY_PREFIX": "sc", **redis},
            "ratelimit": {"BACKEND": "servicecenter.cache.CountingRedisCache",
                          "KEY_PREFIX": "sc-rl", **redis}}


REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = build_caches(REDIS_URL)
# Sessions in the database only: a login must not depend on Redis, and a session
# cached during an outage could outlive its logout once Redis came back.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# The public status lookup (办件查询): django-ratelimit counts per client address
# (servicecenter.logins.client_ip) in its own cache, which keeps counting during a
# Redis outage; if even that failed the library refuses (fail closed).
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_FAIL_OPEN = False
LOOKUP_RATE = os.environ.get("LOOKUP_RATE", "10/m")  # per client address
LOOKUP_NUMBER_RATE = os.environ.get("LOOKUP_NUMBER_RATE", "30/h")  # per 办件编号

# Celery runs the periodic work (sweep) and deliveries when a broker is configured;
# without one the same work runs from management commands on a timer (cron).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or None
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE = {
    "deadline-sweep": {"task": "servicecenter.tasks.run_sweep",
                       "schedule": float(os.environ.get("SWEEP_EVERY_SECONDS", 300))},
}

# Media through Django's storage API: local disk, or an S3-compatible store.
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "local")

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@servicecenter.local")

# The centre's name printed on every form.
CENTRE_NAME = os.environ.get("CENTRE_NAME", "某某镇便民服务中心")
# 事项编码: province, city, county, township, two digits each (the seeds: 甘肃天水武山)
CENTRE_DIVISION_CODE = os.environ.get("CENTRE_DIVISION_CODE", "62052400")
# Who decides a difficult case at levels 2 and 3 (level 1 is its handler): "head" is
# the head of the handler's department, any other word names a role (e.g. "leader").
DIFFICULT_CASE_LEVELS = [w.strip() for w in os.environ.get(
    "DIFFICULT_CASE_LEVELS", "head,leader").split(",") if w.strip()]
# Office hours for working-hour limits are data: servicecenter.OfficeHours (admin).
# A calendar-day deadline falling on a non-working day moves to the next working day.
DEADLINE_MOVE_OFF_HOLIDAY = env_bool("DEADLINE_MOVE_OFF_HOLIDAY", True)

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # An intranet host cannot join the browsers' preload list; opt in by setting.
        SILENCED_SYSTEM_CHECKS.append("security.W021")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "servicecenter.logs.JsonFormatter"},
                   "plain": {"format":
                             "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact": {"()": "servicecenter.logs.RedactFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"],
                             "formatter": os.environ.get("LOG_FORMAT", "plain")}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (DEBUG console, runserver's access lines) bypass the
        # redaction: send django.* through ours only
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Deadline sweep: remind this many working days ahead; escalate (督办) to managers
# after this many working days overdue.
SWEEP_REMIND_WORKDAYS = int(os.environ.get("SWEEP_REMIND_WORKDAYS", 1))
SWEEP_ESCALATE_AFTER_WORKDAYS = int(os.environ.get("SWEEP_ESCALATE_AFTER_WORKDAYS", 3))
NOTIFICATION_CHANNELS = env_list("NOTIFICATION_CHANNELS",
                                 "servicecenter.notify.EmailChannel")
NOTIFY_BY_EMAIL = env_bool("NOTIFY_BY_EMAIL", bool(os.environ.get("EMAIL_HOST")))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
# Follow-up calls: attempts before a call ends unreachable (无法联系).
REVISIT_MAX_ATTEMPTS = int(os.environ.get("REVISIT_MAX_ATTEMPTS", 3))
# Repairs: the re-inspection (复检) must be done by someone other than the repairer.
REPAIR_REINSPECTION_SEPARATE_INSPECTOR = env_bool(
    "REPAIR_REINSPECTION_SEPARATE_INSPECTOR")
