"""WSGI entry point (gunicorn project.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from project.startup import require_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
# Exit status 3 is gunicorn's "worker failed to boot": it stops instead of restarting workers forever.
require_settings(status=3)
django_application = get_wsgi_application()

# Revalidations of lists are answered before Django when nothing but their tag decides the answer.
from project.api.conditional import ConditionalLists  # noqa: E402 (needs the apps Django just set up)

application = ConditionalLists(django_application)
