"""Settings for the test suite: production settings with a throwaway key and plain static storage."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-not-secret-" + "0123456789abcdef" * 2)

from project.settings import *  # noqa: E402,F403

ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
STORAGES = {  # noqa: F405 (no collectstatic manifest in tests)
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Static files are not collected in tests; WhiteNoise would warn about the missing STATIC_ROOT.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]  # noqa: F405
# A replica that is the default database itself, for the router's tests (tests/api/test_replica.py
# turn project.records.routers.ReplicaRouter on); unused by any test that does not ask for it.
DATABASES["replica"] = {**DATABASES.get("replica", DATABASES["default"]), "TEST": {"MIRROR": "default"}}  # noqa: F405
# Every reuse of a nested list's compiled SQL is checked against the ORM's (project.api.compiled).
COMPILED_STATEMENTS_CHECKED = True
