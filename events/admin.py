"""Admin for conflicts, events, reactions, demands and places."""

from django.contrib import admin

from documents.admin import CitedAdmin
from project.admin_lists import shorten

from .models import Conflict, Demand, Event, Loss, Place, PlaceAlias, Reaction


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    extra = 0


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "country", "updated")
    search_fields = ("name", "slug", "aliases__name")
    inlines = [PlaceAliasInline]


class CitedWordsColumn:
    """For an inline of cited facts: their quotes, read-only (they are edited on the fact's page)."""

    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("citations")

    @admin.display(description="what the sources say")
    def cited_words(self, fact):
        quotes = [f"“{shorten(c.quote, 80)}”" for c in fact.citations.all()] if fact.pk else []
        return "; ".join(quotes) or "-"


class LossInline(CitedWordsColumn, admin.TabularInline):
    model = Loss
    extra = 0
    exclude = ("citations",)
    readonly_fields = ("cited_words",)


@admin.register(Loss)
class LossAdmin(CitedAdmin):
    list_display = ("description", "conflict", "side", "kind", "count")
    list_filter = ("kind",)
    search_fields = ("description", "slug", "conflict__name")
    autocomplete_fields = ("conflict",)


@admin.register(Conflict)
class ConflictAdmin(CitedAdmin):
    list_display = ("name", "slug", "kind", "status", "date", "parent", "updated")
    list_filter = ("kind", "status")
    search_fields = ("name", "slug", "article_title", "result")
    readonly_fields = ("date_earliest", "date_latest", "created", "updated")
    autocomplete_fields = ("parent", "related", "places", "status_alleged_by")
    inlines = [LossInline]


@admin.register(Event)
class EventAdmin(CitedAdmin):
    list_display = ("summary", "date", "kind", "conflict", "attributed_to")
    list_filter = ("kind", "conflict")
    search_fields = ("summary", "slug")
    readonly_fields = ("date_earliest", "date_latest", "created", "updated")
    autocomplete_fields = ("conflict", "place", "actors", "attributed_to")


class DemandInline(CitedWordsColumn, admin.StackedInline):
    model = Demand
    extra = 0
    autocomplete_fields = ("addressee",)
    exclude = ("citations",)
    readonly_fields = ("cited_words",)


@admin.register(Reaction)
class ReactionAdmin(CitedAdmin):
    list_display = ("slug", "actor", "kind", "stance", "date", "conflict")
    list_filter = ("kind", "stance")
    search_fields = ("slug", "summary", "quote")
    readonly_fields = ("date_earliest", "date_latest", "created", "updated")
    autocomplete_fields = ("conflict", "actor", "signatories")
    raw_id_fields = ("document",)
    inlines = [DemandInline]


@admin.register(Demand)
class DemandAdmin(CitedAdmin):
    list_display = ("number", "text", "reaction", "addressee", "topic", "status")
    list_filter = ("topic", "status")
    list_editable = ("status",)
    search_fields = ("text", "slug")
    autocomplete_fields = ("reaction", "addressee")
