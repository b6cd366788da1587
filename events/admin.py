"""Admin for conflicts, events, reactions, demands and places."""

from django.contrib import admin

from documents.admin import CitedAdmin
from project.curation_admin import CuratedAdmin, VersionedForm

from .models import Conflict, Demand, Event, Loss, Place, PlaceAlias, Reaction

CITED = ("citations",)


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    extra = 0


@admin.register(Place)
class PlaceAdmin(CuratedAdmin):
    list_display = ("name", "slug", "country", "updated")
    search_fields = ("name", "slug", "aliases__name")
    inlines = [PlaceAliasInline]


class LossInline(admin.TabularInline):
    model = Loss
    form = VersionedForm
    extra = 0
    raw_id_fields = CITED


@admin.register(Loss)
class LossAdmin(CitedAdmin):
    list_display = ("description", "conflict", "side", "kind", "count")
    list_filter = ("kind",)
    search_fields = ("description", "slug", "conflict__name")
    autocomplete_fields = ("conflict",)
    raw_id_fields = CITED


@admin.register(Conflict)
class ConflictAdmin(CitedAdmin):
    list_display = ("name", "slug", "kind", "status", "date", "parent", "updated")
    list_filter = ("kind", "status")
    search_fields = ("name", "slug", "article_title", "result")
    readonly_fields = ("date_earliest", "date_latest", "created", "updated")
    autocomplete_fields = ("parent", "related", "places", "status_alleged_by")
    raw_id_fields = CITED
    inlines = [LossInline]


@admin.register(Event)
class EventAdmin(CitedAdmin):
    list_display = ("summary", "date", "kind", "conflict", "attributed_to")
    list_filter = ("kind", "conflict")
    search_fields = ("summary", "slug")
    readonly_fields = ("date_earliest", "date_latest", "created", "updated")
    autocomplete_fields = ("conflict", "place", "actors", "attributed_to")
    raw_id_fields = CITED


class DemandInline(admin.StackedInline):
    model = Demand
    form = VersionedForm
    extra = 0
    autocomplete_fields = ("addressee",)
    raw_id_fields = CITED


@admin.register(Reaction)
class ReactionAdmin(CitedAdmin):
    list_display = ("slug", "actor", "kind", "stance", "date", "conflict")
    list_filter = ("kind", "stance")
    search_fields = ("slug", "summary", "quote")
    readonly_fields = ("date_earliest", "date_latest", "created", "updated")
    autocomplete_fields = ("conflict", "actor", "signatories")
    raw_id_fields = (*CITED, "document")
    inlines = [DemandInline]


@admin.register(Demand)
class DemandAdmin(CitedAdmin):
    list_display = ("number", "text", "reaction", "addressee", "topic", "status")
    list_filter = ("topic", "status")
    list_editable = ("status",)
    search_fields = ("text", "slug")
    autocomplete_fields = ("reaction", "addressee")
    raw_id_fields = CITED
