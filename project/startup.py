"""Read the settings before anything else, so a missing or unsafe environment variable is one line
on stderr naming it and an exit status, never a traceback (manage.py, WSGI and ASGI servers)."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured


def development_by_default() -> None:
    """A command run by hand with neither DEBUG nor SECRET_KEY set runs in development (DEBUG on).

    Only ``manage.py`` calls this: the WSGI and ASGI applications (gunicorn, production) still
    refuse to start without a SECRET_KEY while DEBUG is off. Either variable in the environment,
    even DEBUG=0 or an empty SECRET_KEY, means it was configured on purpose (a deployment), and
    it is read as it is: DEBUG=0 without a key still stops every command.
    """
    if "DEBUG" not in os.environ and "SECRET_KEY" not in os.environ:
        os.environ["DEBUG"] = "1"


def require_settings(status: int = 1) -> None:
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 (importing the settings module checks the environment)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"Configuration error: {error}\n")
        sys.stderr.flush()
        raise SystemExit(status) from None
