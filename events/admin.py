"""Admin for conflicts, events, reactions, demands and places."""

from django.contrib import admin
from django.db.models.functions import Coalesce

from documents.admin import CitedAdmin
from project.records.admin import CuratedAdmin, VersionedForm
from project.records.admin_lists import YearFilter, shorten, shortened, uncertain_date

from .models import Conflict, Demand, Event, Loss, Place, PlaceAlias, Reaction

# Earliest first (an open start by its latest day, as the API sorts) and undated rows last, on
# every database: SQLite and PostgreSQL put NULLs at opposite ends of an ascending sort.
DATED_FIRST = (Coalesce("date_earliest", "date_latest").asc(nulls_last=True), "slug")


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    extra = 0


@admin.register(Place)
class PlaceAdmin(CuratedAdmin):
    list_display = ("name", "country", "slug", "updated")
    list_filter = ("country",)
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
    form = VersionedForm
    extra = 0
    exclude = ("citations",)
    readonly_fields = ("cited_words", "review_state")


@admin.register(Loss)
class LossAdmin(CitedAdmin):
    list_display = ("short_description", "side", "kind", "count", "conflict")
    list_filter = ("conflict", "kind", "side")
    list_select_related = ("conflict",)
    search_fields = ("description", "slug", "conflict__name", "citations__quote")
    autocomplete_fields = ("conflict",)

    short_description = shortened("description", "description")


@admin.register(Conflict)
class ConflictAdmin(CitedAdmin):
    list_display = ("name", "kind", "status", uncertain_date, "parent", "updated")
    list_filter = ("kind", "status", YearFilter)
    list_select_related = ("parent",)
    date_hierarchy = "date_earliest"
    search_fields = (
        "name",
        "slug",
        "article_title",
        "result",
        "combatants__actor__name",
        "commanders__actor__name",
        "citations__quote",
    )
    readonly_fields = ("date_earliest", "date_latest", "created", "updated")
    autocomplete_fields = ("parent", "related", "places", "status_alleged_by")
    inlines = [LossInline]


@admin.register(Event)
class EventAdmin(CitedAdmin):
    list_display = ("short_summary", uncertain_date, "kind", "attributed_to", "conflict")
    list_filter = ("kind", YearFilter, "topic", "conflict")
    list_select_related = ("attributed_to", "conflict")
    ordering = DATED_FIRST
    date_hierarchy = "date_earliest"
    search_fields = (
        "summary",
        "slug",
        "actors__name",
        "attributed_to__name",
        "place__name",
        "citations__quote",
    )
    readonly_fields = ("date_earliest", "date_latest", "created", "updated")
    autocomplete_fields = ("conflict", "place", "actors", "attributed_to", "alleged_in")

    short_summary = shortened("summary", "summary")


class DemandInline(CitedWordsColumn, admin.StackedInline):
    model = Demand
    form = VersionedForm
    extra = 0
    autocomplete_fields = ("addressee", "places")
    exclude = ("citations",)
    readonly_fields = ("cited_words", "review_state")


@admin.register(Reaction)
class ReactionAdmin(CitedAdmin):
    list_display = ("short_summary", "who", "stance", "kind", uncertain_date, "conflict")
    list_filter = ("stance", "kind", YearFilter, "conflict")
    list_select_related = ("actor", "conflict")
    ordering = DATED_FIRST
    date_hierarchy = "date_earliest"
    search_fields = ("slug", "summary", "quote", "actor__name", "signatories__name", "citations__quote")
    readonly_fields = ("date_earliest", "date_latest", "created", "updated")
    autocomplete_fields = ("conflict", "actor", "signatories", "document", "responds_to")
    inlines = [DemandInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("signatories")

    @admin.display(description="summary", ordering="summary")
    def short_summary(self, reaction):
        return shorten(reaction.summary or reaction.quote or reaction.slug)

    @admin.display(description="who", ordering="actor__name")
    def who(self, reaction):
        if reaction.actor:
            return reaction.actor.name
        signatories = len(reaction.signatories.all())
        return f"{signatories} signatories" if signatories else None


@admin.register(Demand)
class DemandAdmin(CitedAdmin):
    list_display = ("short_text", "addressee", "topic", "status", "statement")
    list_filter = ("status", "topic", "reaction__conflict")
    list_editable = ("status",)
    list_select_related = ("reaction", "addressee")
    search_fields = ("text", "slug", "addressee__name", "reaction__summary", "citations__quote")
    autocomplete_fields = ("reaction", "addressee", "places")
    ordering = ("reaction__slug", "number")

    @admin.display(description="demand", ordering="number")
    def short_text(self, demand):
        return f"{demand.number}. {shorten(demand.text, 100)}"

    @admin.display(description="statement", ordering="reaction__summary")
    def statement(self, demand):
        return shorten(str(demand.reaction), 50)
