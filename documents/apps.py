from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"

    def ready(self):
        from project.api.search import register_trigram_table

        from . import signals  # noqa: F401  (connects the integrity checks)

        # SQLite's trigram tables, which migration 0005_sqlite_trigram_search builds: a citation's
        # quote, and an event's summary (the events app's table, indexed by that same migration).
        register_trigram_table("documents_citation", "quote", "citation_quote_fts")
        register_trigram_table("events_event", "summary", "event_summary_fts")
