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

Each model says how its brief form reads (``Record.brief_columns``, ``brief_source``,
``brief_help``, ``brief_name``); :func:`brief_serializer` makes the one serializer class of each
model from them, so this module names no app, and an app nests another app's records by label
(``brief_serializer("events.Conflict")``) without importing it: conflicts nest combatants and
combatants nest conflicts.
"""

import copy
import functools
import re

from django.apps import apps
from django.db import models
from django.urls import reverse as django_reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils.urls import remove_query_param

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


def brief_columns(model) -> list[str]:
    """The columns a brief form reads: ``id``, ``slug`` and those of its ``name``."""
    return ["id", "slug", *model.brief_columns]


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

    def to_representation(self, instance):
        if self.Meta.fields is not BRIEF_FIELDS:
            return super().to_representation(instance)
        request = self.context.get("request")
        if request is None:
            return super().to_representation(instance)
        view_name = f"{self.Meta.model._meta.model_name}-detail"
        return {
            "slug": instance.slug,
            "name": instance.brief_name(),
            "url": detail_url(request, view_name, instance.slug),
        }


@extend_schema_field(OpenApiTypes.STR)
def _computed_name(serializer, instance) -> str:
    return instance.brief_name()


@functools.cache
def _brief_serializer(model):
    if model.brief_source is None:  # computed by the model
        extra = {
            "name": serializers.SerializerMethodField(help_text=model.brief_help),
            "get_name": _computed_name,
        }
    elif model.brief_source != "name" or model.brief_help:
        extra = {
            "name": serializers.CharField(
                source=model.brief_source, read_only=True, help_text=model.brief_help
            )
        }
    else:
        extra = {}  # the model's own ``name`` field, described by the model
    meta = type("Meta", (BriefSerializer.Meta,), {"model": model})
    name = f"Brief{model.__name__}Serializer"
    return type(
        name, (BriefSerializer,), {"__module__": __name__, "__qualname__": name, "Meta": meta, **extra}
    )


def brief_serializer(model):
    """The brief serializer of ``model`` (a model class, or its label: ``"events.Conflict"``), one
    class per model, so the schema has one ``Brief<Model>`` component however many resources
    nest it."""
    if isinstance(model, str):
        model = apps.get_model(model)
    return _brief_serializer(model)
