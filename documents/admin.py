"""Admin for source documents and their citations."""

from django.contrib import admin
from django.db import models
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from project.curation_admin import CuratedAdmin

from .models import Citation, Document


class CitedAdmin(CuratedAdmin):
    """Admin for a cited fact: shows curators the exact words of the source beside the fields."""

    raw_id_fields = ("citations",)

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "cited_words")

    @admin.display(description="What the sources say")
    def cited_words(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        citations = obj.citations.select_related("document").order_by("document__slug", "start")
        if not citations:
            return "No citation: every fact should cite the words that support it."
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li><q>{}</q> <small>({} [{}:{}])</small></li>",
                ((c.quote, c.document.slug, c.start, c.end) for c in citations),
            ),
        )


@admin.register(Document)
class DocumentAdmin(CuratedAdmin):
    list_display = ("title", "slug", "kind", "publisher", "date", "updated")
    list_filter = ("kind",)
    search_fields = ("title", "slug", "publisher")
    readonly_fields = ("content_hash", "date_earliest", "date_latest", "created", "updated")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = ("document", "start", "end", "quote")
    list_filter = ("document",)
    search_fields = ("quote",)
    raw_id_fields = ("document",)
