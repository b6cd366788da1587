from django.apps import AppConfig


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"

    def ready(self):
        from project.api.search import register_trigram_table

        from . import search

        # SQLite's trigram table over the events' search documents (migration 0008).
        register_trigram_table("events_event", search.COLUMN, search.FTS_TABLE)
