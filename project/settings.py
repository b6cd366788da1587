"""Settings, read from the environment (see README: Configuration)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105 (never used with DEBUG off)

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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A strong ETag on every GET (an MD5 of the body) and 304 for a matching If-None-Match.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers (the API) go on while a writer (ingest, admin) commits.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# ---------------------------------------------------------------------------------------------
# The read API (README: API)

# Any web page may read the public API from a browser; nothing else crosses origins: no writes,
# no credentials, nothing outside /api/ (the admin stays same-origin).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Link", "Retry-After"]

# Requests per client (by IP) and period, e.g. "1000/minute"; 429 beyond it.
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "600/minute")

REST_FRAMEWORK = {
    # Reads are public; curators write with a token issued in the admin (README: Curating).
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "project.api.pagination.KeysetPagination",
    "DEFAULT_SCHEMA_CLASS": "project.api.schema.RecordSchema",
    "EXCEPTION_HANDLER": "project.api.errors.api_exception_handler",
    "URL_FORMAT_OVERRIDE": "format",
}

API_DESCRIPTION = """Cited facts about coup plots and coup allegations. Every fact carries its
`citations`: verbatim spans (`document`, `start`, `end`, `quote`) of a stored source document,
with `document.text[start:end] == quote`.

Lists are paged by cursor: follow `next` until it is null (`page_size` 1-500, default 50).
Unknown query parameters and invalid values are a 400 whose `errors` name the parameter.
Every list is also available as CSV (`?format=csv` or `Accept: text/csv`)."""

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
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "actors.models.Actor.Kind",
        "CombatantRoleEnum": "actors.models.Combatant.Role",
        "DocumentKindEnum": "documents.models.Document.Kind",
        "ConflictKindEnum": "events.models.Conflict.Kind",
        "ConflictStatusEnum": "events.models.Conflict.Status",
        "LossKindEnum": "events.models.Loss.Kind",
        "EventKindEnum": "events.models.Event.Kind",
        "ReactionKindEnum": "events.models.Reaction.Kind",
        "ReactionStanceEnum": "events.models.Reaction.Stance",
        "DemandTopicEnum": "events.models.Demand.Topic",
        "DemandStatusEnum": "events.models.Demand.Status",
        "ReviewStateEnum": "project.records.ReviewState",
        "HistoryChangeEnum": ["changed", "created", "deleted"],
        "HealthStatusEnum": ["ok", "unavailable"],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "project.api.schema.add_errors_and_csv",
        "project.api.schema.nullable_references",
        "project.api.schema.backend_independent_integers",
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
        {"name": "health", "description": "Whether the database and the cache answer, for load balancers."},
    ],
}
