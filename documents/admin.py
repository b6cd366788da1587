"""Admin for source documents and their citations."""

from django.contrib import admin

from .models import Citation, Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "kind", "publisher", "date", "updated")
    list_filter = ("kind",)
    search_fields = ("title", "slug", "publisher")
    readonly_fields = ("content_hash", "date_earliest", "date_latest", "created", "updated")


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ("document", "start", "end", "quote")
    list_filter = ("document",)
    search_fields = ("quote",)
    raw_id_fields = ("document",)
