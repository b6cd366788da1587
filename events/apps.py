from django.apps import AppConfig


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"

    def ready(self):
        from project import review, routers
        from project.api import etags

        review.connect()
        etags.connect()
        routers.connect()
