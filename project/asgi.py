"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from project.startup import require_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
require_settings()
application = get_asgi_application()
