"""Admin for actors and their roles in conflicts."""

from django.contrib import admin

from documents.admin import CitedAdmin, CurationMedia
from documents.admin_citations import CitationInline
from project.records.admin import CuratedAdmin

from .models import Actor, ActorAlias, Combatant, Commander


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 0


class ActorDescriptionCitationInline(CitationInline):
    """The words that name or describe the actor, edited like any fact's citations."""

    model = Actor.description_citations.through
    verbose_name_plural = "What the sources say about the actor"


@admin.register(Actor)
class ActorAdmin(CuratedAdmin):
    Media = CurationMedia
    list_display = ("name", "kind", "country", "slug", "updated")
    list_filter = ("kind", "country")
    search_fields = ("name", "slug", "aliases__name")
    exclude = ("description_citations",)
    inlines = [ActorAliasInline, ActorDescriptionCitationInline]


@admin.register(Combatant)
class CombatantAdmin(CitedAdmin):
    list_display = ("actor", "side", "role", "alleged_by", "conflict")
    list_filter = ("conflict", "role", "side")
    list_select_related = ("actor", "alleged_by", "conflict")
    search_fields = (
        "slug",
        "actor__name",
        "actor__aliases__name",
        "alleged_by__name",
        "conflict__name",
        "citations__quote",
    )
    autocomplete_fields = ("conflict", "actor", "alleged_by", "alleged_in")


@admin.register(Commander)
class CommanderAdmin(CitedAdmin):
    list_display = ("actor", "title", "side", "led_combatant", "alleged_by", "conflict")
    list_filter = ("conflict", "side")
    list_select_related = ("actor", "combatant__actor", "alleged_by", "conflict")
    search_fields = (
        "slug",
        "actor__name",
        "actor__aliases__name",
        "title",
        "alleged_by__name",
        "conflict__name",
        "citations__quote",
    )
    autocomplete_fields = ("conflict", "actor", "combatant", "alleged_by", "alleged_in")

    @admin.display(description="leads", ordering="combatant__actor__name")
    def led_combatant(self, commander):
        return commander.combatant.actor.name if commander.combatant else None
