"""Settings, read from the environment (see docs/operations/configuration.md)."""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


class ConfigurationError(ImproperlyConfigured):
    """A missing or unsafe environment variable; manage.py and wsgi.py print it as one line."""


FLAGS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return FLAGS[value.strip().lower()]
    except KeyError:
        raise ConfigurationError(f"{name} must be 1/true/yes/on or 0/false/no/off; got {value!r}.") from None


def env_int(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit() or int(value) < minimum:
        raise ConfigurationError(f"{name} must be a whole number from {minimum}; got {value!r}.")
    return int(value)


def env_rate(name: str, default: str) -> str:
    """A DRF rate such as 600/minute; checked here, since DRF would only fail on a request."""
    value = os.environ.get(name, "").strip() or default
    if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ConfigurationError(
            f"{name} must be a rate such as 600/minute (per second, minute, hour or day); got {value!r}."
        )
    return value


def env_database(name: str, default: str) -> dict:
    """A database from a URL variable, as dj-database-url reads it, with the same connection options."""
    try:
        database = dj_database_url.parse(
            os.environ.get(name, "").strip() or default,
            # Persistent connections: opening one costs several milliseconds per request on
            # PostgreSQL. Health checks drop a connection the server closed, before it is used.
            conn_max_age=env_int("CONN_MAX_AGE", 600),
            conn_health_checks=True,
        )
    except ValueError as error:
        raise ConfigurationError(f"{name} is not a database URL dj-database-url reads: {error}") from None
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers (the API) go on while a writer (ingest, admin) commits.
        database.setdefault("OPTIONS", {})
        database["OPTIONS"].update(
            {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            }
        )
    return database


DEBUG = env_flag("DEBUG")

# The key Django's startproject writes starts so; one that does is a copy of an example, not a secret.
DEVELOPMENT_KEY = "django-insecure-development-only-key"  # noqa: S105 (never used with DEBUG off)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not DEBUG:
    if not SECRET_KEY.strip():
        raise ConfigurationError("SECRET_KEY must be set when DEBUG is off (a long random string).")
    # Django's own bar (check --deploy, security.W009): 50 characters, 5 distinct, not an example.
    if SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ConfigurationError(
            "SECRET_KEY is unsafe: use at least 50 random characters, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
elif not SECRET_KEY:
    SECRET_KEY = DEVELOPMENT_KEY

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "documents",
    "actors",
    "events",
    "project.releases",
    # Last: wires the rules every app's records obey (review, ETags, replica) once all are loaded.
    "project",
]

MIDDLEWARE = [
    # Errors under /api/ are JSON even when Django answers with a page (DEBUG's 404 and 500).
    "project.api.errors.JsonErrorsForApi",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A strong ETag on every successful GET (an MD5 of the body) and 304 for a matching If-None-Match.
    "project.api.etags.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every write during a request is its user's: publishing needs a permission (project.records.review).
    "project.records.review.ActingRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Lets history record which curator made a change through the admin or the API.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "project" / "templates"],
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

WSGI_APPLICATION = "project.wsgi.application"
ASGI_APPLICATION = "project.asgi.application"

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# A read replica of the default database (docs/operations/scaling.md): GET requests read the public
# data from it, everything else uses the default database (project/routers.py).
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = env_database("DATABASE_REPLICA_URL", "")
    DATABASE_ROUTERS = ["project.records.routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Serve static files from the finders when they have not been collected (development and tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Where `manage.py release` writes each release's folder and the download URLs serve it from.
RELEASES_ROOT = Path(os.environ.get("RELEASES_ROOT") or BASE_DIR / "dataset-releases")

LOG_LEVEL = os.environ.get("LOG_LEVEL", "").strip().upper() or "INFO"
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ConfigurationError(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL; got {LOG_LEVEL!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

# ---------------------------------------------------------------------------------------------
# Cache: the throttles count requests here (on SQLite without Redis, the API's throttle counts in
# each process's memory instead: project/api/throttles.py), and the ETags' data generation lives
# here, so every worker and host must share it. Redis when REDIS_URL is set; otherwise a table in
# the database (`manage.py createcachetable`).

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ConfigurationError(f"REDIS_URL must start with redis://, rediss:// or unix://; got {REDIS_URL!r}.")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        # Past MAX_ENTRIES a third of the entries is dropped, and with it some clients' counts;
        # one entry per client and limit, expiring after the limit's period.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

# ---------------------------------------------------------------------------------------------
# HTTPS and proxies (docs/operations/production.md)

# Proxies in front of the app that append the client's address to X-Forwarded-For. 0: clients
# connect directly and REMOTE_ADDR is the client; X-Forwarded-For, which anyone can send, is ignored.
NUM_PROXIES = env_int("NUM_PROXIES", 0)
if NUM_PROXIES:
    # The (trusted) proxy terminates TLS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# HTTPS=1: the site is served over HTTPS only: redirect http, Secure cookies, HSTS.
HTTPS = env_flag("HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Admin login attempts (POSTs) per client and period before a 429 (project.api.throttles).
ADMIN_LOGIN_RATE = env_rate("ADMIN_LOGIN_RATE", "10/minute")

# ---------------------------------------------------------------------------------------------
# The read API (docs/api/)

# Any web page may read the public API from a browser; nothing else crosses origins: no writes,
# no credentials, nothing outside /api/ (the admin stays same-origin).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Link", "Retry-After"]

# Requests per client (by IP) and period, e.g. "1000/minute"; 429 beyond it.
API_THROTTLE_RATE = env_rate("API_THROTTLE_RATE", "600/minute")

# Seconds the rendered answer to an anonymous GET of a JSON list or detail is kept in the shared
# cache, for every worker and host (project/api/pagecache.py); 0 keeps none.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)

# Whether every reuse of a nested list's compiled SQL (project/api/compiled.py) is checked against
# the SQL the ORM builds for it: on in the test suite, off in service (it would undo the saving).
COMPILED_STATEMENTS_CHECKED = False

REST_FRAMEWORK = {
    # Reads are public; curators write with a token issued in the admin (docs/curation/admin.md).
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["project.api.permissions.ModelPermissionsOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["project.api.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["project.api.parsers.StrictJSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "project.api.pagination.KeysetPagination",
    "DEFAULT_SCHEMA_CLASS": "project.api.schema.RecordSchema",
    "EXCEPTION_HANDLER": "project.api.errors.api_exception_handler",
    "URL_FORMAT_OVERRIDE": "format",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "project.api.negotiation.QualityContentNegotiation",
    # The client of a throttle is REMOTE_ADDR, or the address NUM_PROXIES trusted proxies report.
    "NUM_PROXIES": NUM_PROXIES,
}

API_DESCRIPTION = """Cited facts about coup plots and coup allegations. Every fact carries its
`citations`: verbatim spans (`document`, `start`, `end`, `quote`) of a stored source document,
with `document.text[start:end] == quote`.

Lists are paged by cursor: follow `next` until it is null (`page_size` 1-500, default 50).
Unknown query parameters, invalid or empty values, and a single-valued parameter given twice
are a 400 whose `errors` name the parameter.
Every list can also be exported whole, in one streamed response, by operations of its own:
`/api/v1/<resource>/export.csv` (CSV) and `/api/v1/<resource>/export.jsonl` (JSON Lines) take the
list's filters and ordering and return every record they select."""

SPECTACULAR_SETTINGS = {
    "TITLE": "Coup allegations API",
    "DESCRIPTION": API_DESCRIPTION,
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.0.3",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No validator badge: Swagger UI would fetch it from validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    # Generated clients default to the first server (a deployment's clients pass its URL); the
    # second is wherever the spec is served from, as a browser reads it.
    "SERVERS": [
        {"url": "http://127.0.0.1:8000", "description": "The development server (`make run`)."},
        {"url": "/", "description": "The server this spec is served by."},
    ],
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "actors.models.Actor.Kind",
        "CombatantRoleEnum": "actors.models.Combatant.Role",
        "DocumentKindEnum": "documents.models.Document.Kind",
        "DocumentLicenceEnum": "documents.licences.Licence",
        "ConflictKindEnum": "events.models.Conflict.Kind",
        "ConflictStatusEnum": "events.models.Conflict.Status",
        "LossKindEnum": "events.models.Loss.Kind",
        "EventKindEnum": "events.models.Event.Kind",
        "ReactionKindEnum": "events.models.Reaction.Kind",
        "ReactionStanceEnum": "events.models.Reaction.Stance",
        "DemandTopicEnum": "events.models.Demand.Topic",
        "DemandStatusEnum": "events.models.Demand.Status",
        # An event with no topic has "": drf-spectacular names that value set BlankEnum.
        "BlankEnum": [""],
        "ReviewStateEnum": "project.records.base.ReviewState",
        "HistoryChangeEnum": "project.api.history.CHANGES",
        "HealthStatusEnum": ["ok", "unavailable"],
        "CitingRecordTypeEnum": "documents.citing.types",
        "TimelineRowKindEnum": "events.timeline.RowKind",
        "TimelineAllegedViaEnum": "events.timeline.AllegedVia",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "project.api.schema.add_errors_and_csv",
        "project.api.schema.nullable_references",
        "project.api.schema.backend_independent_integers",
        "project.api.schema.filter_constraints",
        "project.api.schema.responses_are_complete",
        "project.api.schema.operation_summaries",
        "project.api.schema.shared_enums",
        "project.examples.add_examples",
    ],
    "TAGS": [
        {"name": "conflicts", "description": "Coups, coup attempts, alleged plots and crises, with sides."},
        {"name": "combatants", "description": "Actors' parts on a side of a conflict, alleged or not."},
        {"name": "commanders", "description": "Leaders of a side of a conflict."},
        {"name": "events", "description": "Dated happenings, with the actor on whose word each rests."},
        {"name": "reactions", "description": "Responses to allegations and their stance."},
        {"name": "demands", "description": "Numbered demands of statements, with topic and status."},
        {"name": "actors", "description": "People, organizations, states and groups, with aliases."},
        {"name": "places", "description": "Named places, with aliases."},
        {"name": "documents", "description": "Source documents; every citation is a span of one."},
        {
            "name": "citations",
            "description": "Cited spans of source documents, with the records citing each.",
        },
        {"name": "releases", "description": "Frozen, numbered, checksummed data releases to cite."},
        {"name": "health", "description": "Whether the database and the cache answer, for load balancers."},
    ],
}
