"""Admin for actors and their roles in conflicts."""

from django.contrib import admin

from documents.admin import CitedAdmin

from .models import Actor, ActorAlias, Combatant, Commander


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 0


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "country", "updated")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "aliases__name")
    inlines = [ActorAliasInline]


@admin.register(Combatant)
class CombatantAdmin(CitedAdmin):
    list_display = ("actor", "conflict", "side", "role", "alleged_by")
    list_filter = ("role", "side")
    search_fields = ("slug", "actor__name", "conflict__name")
    autocomplete_fields = ("conflict", "actor", "alleged_by")


@admin.register(Commander)
class CommanderAdmin(CitedAdmin):
    list_display = ("actor", "conflict", "side", "combatant", "title")
    list_filter = ("side",)
    search_fields = ("slug", "actor__name", "conflict__name")
    autocomplete_fields = ("conflict", "actor")
    raw_id_fields = ("combatant",)
