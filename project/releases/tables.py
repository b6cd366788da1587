"""The published data as tables: one per record model, per alias model and per many-to-many
relation, each row keyed, every relation a key of another table (a slug, or a citation's id).

A release writes these tables (``releases.package``) and loads them back (``releases.loading``);
the Table Schema of each is read off the model's fields, so a new field reaches the next
release with its type and help text, without a list here to keep in step.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models.fields import PositiveIntegerRelDbTypeMixin

from actors.models import Actor, ActorAlias, Combatant, Commander
from documents.models import Citation, Document
from events.models import Conflict, Demand, Event, Loss, Place, PlaceAlias, Reaction
from project.records.base import Record, ReviewState

# Record models in the order a load needs them: each natural foreign key points at a row loaded
# earlier (a reaction's ``responds_to`` and a conflict's ``parent`` are deferred by the loader).
RECORD_MODELS = [Document, Actor, Place, Conflict, Loss, Reaction, Combatant, Commander, Event, Demand]
ALIAS_MODELS = [ActorAlias, PlaceAlias]
# Columns a release leaves out: the database's own id, and curation state that a loaded copy
# starts afresh (every released row is published; versions and timestamps are the database's).
LEFT_OUT = {"id", "review_state", "version", "created", "updated"}
TEXTS = "texts"


def citation_id(document: str, start: int, end: int) -> str:
    """A citation's key in a release: ``document[start:end]``, as the API's history names it."""
    return f"{document}[{start}:{end}]"


def text_path(slug: str) -> str:
    return f"{TEXTS}/{slug}.txt"


def table_name(model) -> str:
    return str(model._meta.verbose_name_plural).replace(" ", "_")


@dataclass
class Column:
    """One column: its name, Table Schema descriptor, and how a row's value is read and loaded."""

    name: str
    schema: dict
    # The model field it comes from (None for a column the release derives, as a text's path).
    model_field: models.Field | None = None
    # The table whose key a value names, for a relation.
    refers_to: tuple[str, str] | None = None


@dataclass
class Table:
    name: str
    description: str
    model: type
    columns: list[Column]
    primary_key: list[str]
    rows: list[dict] = field(default_factory=list)

    def schema(self) -> dict:
        foreign_keys = [
            {"fields": column.name, "reference": {"resource": resource, "fields": key}}
            for column in self.columns
            if column.refers_to
            for resource, key in [column.refers_to]
        ]
        schema = {
            "fields": [{"name": column.name, **column.schema} for column in self.columns],
            "primaryKey": self.primary_key,
        }
        if foreign_keys:
            schema["foreignKeys"] = foreign_keys
        return schema


# --- columns from model fields -----------------------------------------------------------------


def describe(model_field) -> str:
    if model_field.help_text:
        return str(model_field.help_text)
    if model_field.is_relation:
        return f"The {model_field.related_model._meta.verbose_name} (its key)."
    return str(model_field.verbose_name).capitalize() + "."


def field_type(model_field) -> dict:
    if model_field.is_relation:
        return {"type": "string"}
    if isinstance(model_field, models.IntegerField):
        positive = isinstance(model_field, PositiveIntegerRelDbTypeMixin)
        return {"type": "integer", "constraints": {"minimum": 0}} if positive else {"type": "integer"}
    if isinstance(model_field, models.DateTimeField):
        return {"type": "datetime"}
    if isinstance(model_field, models.DateField):
        return {"type": "date"}
    if isinstance(model_field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(model_field, models.JSONField):
        return {"type": "array"}
    if isinstance(model_field, models.URLField):
        return {"type": "string", "format": "uri"}
    return {"type": "string"}


def key_of(model) -> tuple[str, str]:
    """The table and column a relation to ``model`` names."""
    return (table_name(model), "id" if model is Citation else "slug")


def column(model_field) -> Column:
    schema = {**field_type(model_field), "description": describe(model_field)}
    constraints = dict(schema.pop("constraints", {}))
    if not model_field.null and not model_field.blank:
        constraints["required"] = True
    if model_field.choices:
        constraints["enum"] = [value for value, _ in model_field.choices if value != ""]
    if isinstance(model_field, models.CharField) and model_field.max_length and not model_field.choices:
        constraints["maxLength"] = model_field.max_length
    if model_field.unique:
        constraints["unique"] = True
    if constraints:
        schema["constraints"] = constraints
    refers_to = key_of(model_field.related_model) if model_field.is_relation else None
    return Column(model_field.name, schema, model_field, refers_to)


def own_fields(model) -> list:
    return [f for f in model._meta.concrete_fields if f.name not in LEFT_OUT]


# --- the tables --------------------------------------------------------------------------------


def record_table(model) -> Table:
    columns = [column(f) for f in own_fields(model) if not (model is Document and f.name == "text")]
    if model is Document:
        columns.append(
            Column(
                "text_path",
                {
                    "type": "string",
                    "description": "The file in this release that holds the document's full text, byte for "
                    "byte; every citation's offsets point into it.",
                    "constraints": {"required": True},
                },
            )
        )
    return Table(
        table_name(model), str(model.__doc__ or "").strip().splitlines()[0], model, columns, ["slug"]
    )


def citation_table() -> Table:
    key = Column(
        "id",
        {
            "type": "string",
            "description": "The citation's key in this release: `document[start:end]`.",
            "constraints": {"required": True, "unique": True},
        },
    )
    columns = [key, *(column(f) for f in own_fields(Citation))]
    return Table("citations", str(Citation.__doc__).strip(), Citation, columns, ["id"])


def alias_table(model) -> Table:
    columns = [column(f) for f in own_fields(model)]
    return Table(table_name(model), str(model.__doc__).strip(), model, columns, [c.name for c in columns])


def relation_table(model, m2m) -> Table:
    """A many-to-many relation as a table of key pairs (a conflict's places, an event's citations)."""
    owner = model._meta.model_name
    target = m2m.related_model._meta.model_name
    target_column = f"related_{target}" if target == owner else target
    owner_key, target_key = key_of(model), key_of(m2m.related_model)
    columns = [
        Column(
            owner,
            {"type": "string", "description": f"The {owner} (its key).", "constraints": {"required": True}},
            refers_to=owner_key,
        ),
        Column(
            target_column,
            {"type": "string", "description": describe(m2m), "constraints": {"required": True}},
            refers_to=target_key,
        ),
    ]
    description = f"{model._meta.verbose_name.capitalize()} {m2m.name.replace('_', ' ')}: one row a pair."
    return Table(f"{table_name(model)}_{m2m.name}", description, m2m, columns, [owner, target_column])


def tables() -> list[Table]:
    """Every table of a release, empty, in load order (a relation after both its ends)."""
    found = [record_table(Document), citation_table()]
    for model in RECORD_MODELS[1:]:
        found.append(record_table(model))
        found.extend(alias_table(alias) for alias in ALIAS_MODELS if alias.owner == model._meta.model_name)
    found.extend(relation_table(model, m2m) for model in RECORD_MODELS for m2m in model._meta.many_to_many)
    return found


# --- reading the published rows ----------------------------------------------------------------


def plain(value):
    """A value as JSON holds it: dates as ISO 8601 strings."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def sort_key(table: Table):
    # Sorted here, not by the database: PostgreSQL's collation and SQLite's byte order put
    # "a-b" and "ab" in different orders, and a release must be the same bytes on either.
    names = table.primary_key

    def key(row):
        return tuple(row[name] if name != "id" else citation_sort_key(row) for name in names)

    return key


def citation_sort_key(row) -> tuple:
    return (row["document"], row["start"], row["end"])


def read(table: Table, cited: set[int]) -> list[dict]:
    """The published rows of ``table``; ``cited`` collects the ids of the citations they cite."""
    model = table.model
    if isinstance(model, models.ManyToManyField):
        return read_relation(table, model, cited)
    if model is Citation:
        rows = Citation.objects.filter(pk__in=cited).values("document__slug", "start", "end", "quote")
        return [
            {
                "id": citation_id(row["document__slug"], row["start"], row["end"]),
                "document": row["document__slug"],
                "start": row["start"],
                "end": row["end"],
                "quote": row["quote"],
            }
            for row in rows
        ]
    queryset = model.objects.all()
    if issubclass(model, Record):
        queryset = queryset.filter(review_state=ReviewState.PUBLISHED)
    else:  # an alias: its owner's state
        queryset = queryset.filter(**{f"{model.owner}__review_state": ReviewState.PUBLISHED})
    lookups = {
        c.name: f"{c.name}__slug" if c.model_field.is_relation else c.name
        for c in table.columns
        if c.model_field
    }
    rows = []
    for values in queryset.values(*lookups.values()):
        row = {name: plain(values[lookup]) for name, lookup in lookups.items()}
        if model is Document:
            row["text_path"] = text_path(row["slug"])
        rows.append(row)
    return rows


def read_relation(table: Table, m2m, cited: set[int]) -> list[dict]:
    through = m2m.remote_field.through
    source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
    owner_column, target_column = (c.name for c in table.columns)
    queryset = through.objects.filter(**{f"{source}__review_state": ReviewState.PUBLISHED})
    if m2m.related_model is Citation:
        rows = []
        for pk, owner, document, start, end in queryset.values_list(
            target, f"{source}__slug", f"{target}__document__slug", f"{target}__start", f"{target}__end"
        ):
            cited.add(pk)
            rows.append({owner_column: owner, target_column: citation_id(document, start, end)})
        return rows
    queryset = queryset.filter(**{f"{target}__review_state": ReviewState.PUBLISHED})
    return [
        {owner_column: owner, target_column: slug}
        for owner, slug in queryset.values_list(f"{source}__slug", f"{target}__slug")
    ]


def published() -> tuple[list[Table], dict[str, str]]:
    """Every table with its published rows in a fixed order, and the published documents' texts
    by slug. Read it inside one snapshot (``project.management.backups.snapshot``)."""
    found = tables()
    cited: set[int] = set()
    # The relations first: the citations table holds the citations that published records cite.
    for table in sorted(found, key=lambda t: t.model is Citation):
        table.rows = sorted(read(table, cited), key=sort_key(table))
    texts = dict(
        Document.objects.filter(review_state=ReviewState.PUBLISHED).order_by().values_list("slug", "text")
    )
    return found, dict(sorted(texts.items()))
