from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    """Frozen, citable copies of the published data (``manage.py release``), served read-only."""

    name = "project.releases"
    label = "releases"  # the app label its tables and migrations carry
    default_auto_field = "django.db.models.BigAutoField"
