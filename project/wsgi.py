"""WSGI entry point (gunicorn project.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from project.startup import require_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
# Exit status 3 is gunicorn's "worker failed to boot": it stops instead of restarting workers forever.
require_settings(status=3)
application = get_wsgi_application()
