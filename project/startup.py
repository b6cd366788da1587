"""Read the settings before anything else, so a missing or unsafe environment variable is one line
on stderr naming it and an exit status, never a traceback (manage.py, WSGI and ASGI servers)."""

import sys

from django.core.exceptions import ImproperlyConfigured


def require_settings(status: int = 1) -> None:
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 (importing the settings module checks the environment)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"Configuration error: {error}\n")
        sys.stderr.flush()
        raise SystemExit(status) from None
