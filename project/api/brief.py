"""Brief forms of every public record: ``{"slug", "name", "url"}``, the shape of every nested record.

Each resource's full serializer extends its brief form, so a full record always carries the
brief keys too and a client can use one type for "a reference to a record". ``name`` is the
record's human label, always a string:

| record | name |
|---|---|
| actor, place, conflict | its `name` |
| document | its `title` |
| event | its `summary` |
| reaction | its `summary`, or its `quote` when the source gives no summary |
| demand | `"<number>. <text>"` |
| combatant, commander | the actor's name (side and conflict are fields of their own) |

They live in one module because conflicts nest combatants and combatants nest conflicts:
per-app brief forms would import each other in a circle.
"""

import copy
import re

from django.db import models
from django.urls import reverse as django_reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils.urls import remove_query_param

from actors.models import Actor, Combatant, Commander
from documents.models import Document
from events.models import Conflict, Demand, Event, Place, Reaction

BRIEF_FIELDS = ["slug", "name", "url"]
# Slugs the routes accept (RecordViewSet.lookup_value_regex): nothing in them needs escaping.
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+", re.ASCII)
PLACEHOLDER = "slug"


def detail_url(request, view_name: str, slug: str) -> str:
    """The absolute URL of a record's detail: one ``reverse()`` per route and request, then a
    string join per record (a reverse per nested record was a third of a list page's time).

    The prefix is built from the request's scheme and host exactly as ``build_absolute_uri``
    would, and never carries the request's query string (``?format=csv`` stays off links).
    """
    prefixes = request.__dict__.setdefault("_detail_url_prefixes", {})
    prefix = prefixes.get(view_name)
    if prefix is None:
        path = django_reverse(view_name, kwargs={"slug": PLACEHOLDER})
        prefix = prefixes[view_name] = request.build_absolute_uri(path.removesuffix(f"{PLACEHOLDER}/"))
    if not PLAIN_SLUG.fullmatch(slug):  # not routable anyway; let reverse() say what it makes of it
        return request.build_absolute_uri(django_reverse(view_name, kwargs={"slug": slug}))
    return f"{prefix}{slug}/"


class DetailURLField(serializers.HyperlinkedIdentityField):
    """The record's own API URL; the route name is derived from the serializer's model."""

    def __init__(self, **kwargs):
        kwargs.setdefault("lookup_field", "slug")
        super().__init__(view_name="-", **kwargs)

    def get_url(self, obj, view_name, request, format):
        if request is not None and obj.slug:
            return detail_url(request, view_name, obj.slug)
        # DRF's reverse() carries ?format= over from the request; a record's URL must not
        # (a CSV row's link would otherwise point at a CSV detail, which does not exist).
        return remove_query_param(super().get_url(obj, view_name, request, format), "format")

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.view_name = f"{parent.Meta.model._meta.model_name}-detail"


# Where ``listed`` prefetches a relation to: a plain list on the instance.
PREFETCHED = "prefetched_{}"
# The columns a brief form's ``name`` reads, besides ``id`` and ``slug`` (default: ``name``).
NAME_COLUMNS = {
    "documents.document": ["title"],
    "events.event": ["summary"],
    "events.reaction": ["summary", "quote"],
    "events.demand": ["number", "text"],
}


def brief_columns(model) -> list[str]:
    return ["id", "slug", *NAME_COLUMNS.get(model._meta.label_lower, ["name"])]


def listed(path: str, queryset) -> models.Prefetch:
    """Prefetch ``path`` into a plain list that ``LeanListSerializer`` reads: a prefetch kept in
    the related managers' cache costs a manager and a queryset clone per row and relation."""
    return models.Prefetch(path, queryset=queryset, to_attr=PREFETCHED.format(path))


def briefs(model):
    """``model``'s rows with the columns of their brief forms only."""
    return model.objects.only(*brief_columns(model))


def with_briefs(queryset, *relations: str):
    """``select_related(*relations)`` reading only what their brief forms show, so a page does
    not drag descriptions, notes and texts of every related row through the join."""
    model = queryset.model
    columns = [field.name for field in model._meta.concrete_fields]
    for relation in relations:
        related = model._meta.get_field(relation).related_model
        columns += [f"{relation}__{column}" for column in brief_columns(related)]
    return queryset.select_related(*relations).only(*columns)


class LeanListSerializer(serializers.ListSerializer):
    """Reads a prefetched relation straight from the prefetch cache.

    DRF asks the instance for its related manager and calls ``.all()`` on it: a manager
    object and a queryset clone per row and relation, only to reach rows already in memory.
    """

    def get_attribute(self, instance):
        prefetched = getattr(instance, "__dict__", {}).get(PREFETCHED.format(self.source))
        if prefetched is not None:
            return prefetched
        cache = getattr(instance, "_prefetched_objects_cache", None)
        if cache is not None and self.source in cache:
            return cache[self.source]
        return super().get_attribute(instance)

    def to_representation(self, data):
        if isinstance(data, models.Manager):
            data = data.all()
        represent = self.child.to_representation
        return [represent(item) for item in data]


def fresh(field):
    """A copy of an unbound field template, ready to bind: a shallow copy, and a new child for
    list fields."""
    new = copy.copy(field)
    for attribute in ("child", "child_relation"):
        child = field.__dict__.get(attribute)
        if child is not None:
            # The list bound its child when it was made; the copy's child is the copy's.
            setattr(new, attribute, fresh(child))
            getattr(new, attribute).parent = new
    return new


# A read serializer's fields, built once per class rather than deep-copied per instance.
# DRF deep-copies the declared fields and introspects the model for the others each time a
# serializer is made (dozens of times a request, one per nested serializer). Here the first
# instance keeps the unbound fields as templates on its class; later instances bind shallow
# copies of them, so no field object is shared between requests. (A comment, not a docstring:
# the schema would publish it as the description of every serializer without one.)
class CachedFields:
    def get_fields(self):
        cls = type(self)
        templates = cls.__dict__.get("_field_templates")
        if templates is None:
            templates = super().get_fields()
            cls._field_templates = templates
        return {name: fresh(field) for name, field in templates.items()}


# ``{"slug", "name", "url"}``. A serializer whose fields are exactly these writes its dict by hand
# (no field objects walked per nested record); full serializers extending a brief one go through
# DRF as usual. (A comment, not a docstring: the schema would publish a docstring.)
class BriefSerializer(CachedFields, serializers.ModelSerializer):
    url = DetailURLField(help_text="This record in the API.")

    class Meta:
        fields = BRIEF_FIELDS
        list_serializer_class = LeanListSerializer

    def brief_name(self, instance) -> str:
        """The brief form's ``name``; classes with another name than the ``name`` field override it."""
        return instance.name

    def to_representation(self, instance):
        if self.Meta.fields is not BRIEF_FIELDS:
            return super().to_representation(instance)
        request = self.context.get("request")
        if request is None:
            return super().to_representation(instance)
        view_name = f"{self.Meta.model._meta.model_name}-detail"
        return {
            "slug": instance.slug,
            "name": self.brief_name(instance),
            "url": detail_url(request, view_name, instance.slug),
        }


class BriefActorSerializer(BriefSerializer):
    class Meta(BriefSerializer.Meta):
        model = Actor


class BriefPlaceSerializer(BriefSerializer):
    class Meta(BriefSerializer.Meta):
        model = Place


class BriefConflictSerializer(BriefSerializer):
    class Meta(BriefSerializer.Meta):
        model = Conflict


class BriefDocumentSerializer(BriefSerializer):
    name = serializers.CharField(source="title", read_only=True, help_text="The document's title.")

    class Meta(BriefSerializer.Meta):
        model = Document

    def brief_name(self, document) -> str:
        return document.title


class BriefEventSerializer(BriefSerializer):
    name = serializers.CharField(source="summary", read_only=True, help_text="The event's summary.")

    class Meta(BriefSerializer.Meta):
        model = Event

    def brief_name(self, event) -> str:
        return event.summary


class BriefReactionSerializer(BriefSerializer):
    name = serializers.SerializerMethodField(help_text="The summary, or the quote when there is no summary.")

    class Meta(BriefSerializer.Meta):
        model = Reaction

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, reaction) -> str:
        return reaction.summary or reaction.quote

    brief_name = get_name


class BriefDemandSerializer(BriefSerializer):
    name = serializers.SerializerMethodField(help_text='"<number>. <text>"')

    class Meta(BriefSerializer.Meta):
        model = Demand

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, demand) -> str:
        return f"{demand.number}. {demand.text}"

    brief_name = get_name


class BriefCombatantSerializer(BriefSerializer):
    name = serializers.CharField(source="actor.name", read_only=True, help_text="The actor's name.")

    class Meta(BriefSerializer.Meta):
        model = Combatant

    def brief_name(self, combatant) -> str:
        return combatant.actor.name


class BriefCommanderSerializer(BriefSerializer):
    name = serializers.CharField(source="actor.name", read_only=True, help_text="The commander's name.")

    class Meta(BriefSerializer.Meta):
        model = Commander

    def brief_name(self, commander) -> str:
        return commander.actor.name
