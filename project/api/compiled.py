"""The compiled read path: lists, details and exports rendered from ``values()`` rows.

DRF renders a page by loading model instances (and their prefetched relations as instances),
then walking every serializer field of every row. For a page of events that was most of a
request's time. Here each read serializer is compiled once, the first time a resource is read,
into a :class:`Plan`: the columns to read with ``values()`` (a nested record's columns through
its foreign key, ``conflict__slug``), the lists to read with one query each (a relation's rows
with their owner's id, filtered and ordered by the very queryset the viewset prefetches them
with, so drafts stay hidden as they are on DRF's path), and one small function per output key.
Rendering a page is then one dict per row built from plain values: no model instance, no
field walk.

The bytes are DRF's: the plan follows the serializer's fields in their order, converts values
as DRF's fields do (``DateTimeField``'s ISO form with ``Z``, ``DateField``'s ISO day) and the
JSON is encoded as DRF's renderer encodes it (``project.api.renderers``). A serializer the
compiler does not fully understand (a method field, a custom ``to_representation`` not
declared equivalent, a field type it has no converter for) is not compiled, and its resource
keeps DRF's path: correct first. tests/api/test_compiled.py renders every resource both ways
and compares the bytes, and names the resources that must compile.

Serializers stay the source of truth: the schema, the writes and the field order are theirs.
"""

from __future__ import annotations

import datetime
import functools
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.db import connections
from django.db.models import F, Prefetch
from django.db.models.fields.related import ForeignObjectRel, ManyToManyField
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField, SlugRelatedField

from .brief import BriefSerializer, DetailURLField, _computed_name, detail_url

# A value's owner in a list's query: the id of the record the row belongs to.
OWNER = "compiled_owner"


class Unsupported(Exception):
    """The serializer has something the compiler does not render exactly as DRF does."""


@dataclass
class Derived:
    """How a method field compiles, as its serializer declares it in ``compiled_<field>``: the
    columns it reads and the nested lists it shows (relation -> a ``many=True`` serializer), then
    ``make(request, *column values, *lists)`` writes its value from them."""

    make: Callable
    columns: list[str] = field(default_factory=list)
    lists: dict = field(default_factory=dict)


def moment(value: datetime.datetime | None) -> str | None:
    """DRF's DateTimeField: ISO 8601, UTC written ``Z`` (values come in UTC: USE_TZ, TIME_ZONE UTC)."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def day(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def same(value):
    return value


# DRF field class -> how a stored value becomes its representation (None stays None: DRF skips
# the field's to_representation for a None attribute). Exact classes: a subclass may change it.
CONVERTERS: dict[type, Callable] = {
    serializers.CharField: same,
    serializers.SlugField: same,
    serializers.ChoiceField: same,
    serializers.IntegerField: same,
    serializers.BooleanField: same,
    serializers.URLField: same,
    serializers.EmailField: same,
    serializers.DateField: day,
    serializers.DateTimeField: moment,
}


def register_converter(field_class: type, convert: Callable) -> None:
    """A field class of an app's own whose representation is a function of its stored value."""
    CONVERTERS[field_class] = convert


def equivalent(serializer_class):
    """Declare that ``serializer_class``'s own ``to_representation`` gives what walking its fields
    gives (a hand-written fast path), so the compiler may compile it from its fields."""
    serializer_class.compiled_equivalent = True
    return serializer_class


def path(prefix: str, source: str) -> str:
    return prefix + source.replace(".", "__")


@dataclass
class Many:
    """A list nested in each row (a many-to-many or reverse relation), read in one query."""

    key: str
    relation: str  # the owner's relation name (``actors``), as the viewset prefetches it
    owner: str  # the lookup from the related model back to the owner (``events``)
    model: type
    plan: Plan
    flat: str | None = None  # a list of one column's values (SlugRelatedField), not of objects


@dataclass
class Plan:
    model: type
    columns: list[str] = field(default_factory=list)
    steps: list[tuple[str, str]] = field(default_factory=list)  # (key, Python expression)
    many: list[Many] = field(default_factory=list)
    names: dict = field(default_factory=dict)  # what the expressions call, by name
    build: Callable | None = None
    positional: bool = False

    def column(self, name: str) -> str:
        if name not in self.columns:
            self.columns.append(name)
        return name

    def ref(self, name: str) -> str:
        """The expression of column ``name`` in the generated code: ``row["name"]`` on a dict row,
        ``row[i]`` on a tuple (the rows of a nested list, read with ``values_list``)."""
        self.column(name)
        return f"row[{self.columns.index(name)}]" if self.positional else f"row[{name!r}]"

    def name(self, value, stem: str) -> str:
        """A name for ``value`` in the generated code."""
        key = f"{stem}_{len(self.names)}"
        self.names[key] = value
        return key

    def finish(self) -> Plan:
        """Generate the function that builds one representation from one row: a dict display of
        the keys in the serializer's order, each value an expression over the row."""
        items = ", ".join(f"{key!r}: {expression}" for key, expression in self.steps)
        source = f"def build(row, lists, request, url):\n    return {{{items}}}\n"
        namespace = dict(self.names)
        exec(compile(source, f"<compiled {self.model.__name__}>", "exec"), namespace)
        self.build = namespace["build"]
        return self

    # --- rendering ---------------------------------------------------------------------------

    def render(self, rows: list[dict], request, lookups: dict, shape: Hashable = None) -> list[dict]:
        """The representations of ``rows`` (dicts of ``columns``), with their nested lists read
        through the querysets of ``lookups`` (the viewset's prefetches, by relation). ``shape``
        names what those querysets depend on (the viewset's class, action and visibility): their
        SQL is then compiled once per shape (:func:`fetch`); None compiles it every time."""
        if not rows:
            return []
        lists = {}
        if self.many:
            key = 0 if self.positional else "id"  # the first column
            ids = [row[key] for row in rows]
            for many in self.many:
                lists[many.key] = many_rows(many, ids, request, lookups.get(many.relation), shape)
        build = self.build
        url = urls(request)
        return [build(row, lists, request, url) for row in rows]


def urls(request) -> Callable[[str, str], str]:
    """``detail_url`` for this request, remembering each URL for one page or export chunk (it
    names the same conflict, place, actor and document many times; a whole export's would not
    fit a worker's memory)."""
    made = {}

    def url(view_name: str, slug: str) -> str:
        key = (view_name, slug)
        found = made.get(key)
        if found is None:
            found = made[key] = detail_url(request, view_name, slug)
        return found

    return url


def many_rows(many: Many, ids: list, request, lookup: Prefetch | None, shape: Hashable = None) -> dict:
    """owner id -> the nested list's items, in the prefetch queryset's order."""
    queryset = lookup.queryset if lookup is not None and lookup.queryset is not None else None
    if queryset is None:
        queryset = many.model._default_manager.all()
    found = defaultdict(list)
    if many.flat is not None:
        for owner, value in fetch(many, queryset, ids, shape):
            found[owner].append(value)
        return found
    rows = fetch(many, queryset, ids, shape)
    inner = prefetch_lookups(queryset)
    for row, item in zip(rows, many.plan.render(rows, request, inner, shape), strict=True):
        found[row[-1]].append(item)
    return found


def nested_query(many: Many, queryset, ids: list):
    """The rows of a nested list for the owners ``ids``: its plan's columns (or its one flat
    value), then the owner's id, filtered and ordered as the prefetch ``queryset``."""
    queryset = queryset.prefetch_related(None).filter(**{f"{many.owner}__in": ids})
    if many.flat is not None:
        return queryset.values_list(F(many.owner), many.flat)
    return queryset.values_list(*many.plan.columns, F(many.owner))


@dataclass(frozen=True)
class Statement:
    """A nested list's query compiled for a number of owners: its SQL, its parameters with the
    owners' ids at ``start`` onwards, and the compiler that converts the rows (dates on SQLite)."""

    compiler: object
    sql: str
    params: tuple
    start: int

    def bind(self, ids: list) -> list:
        params = list(self.params)
        params[self.start : self.start + len(ids)] = ids
        return params


# Statements by (shape, nested list, number of owners, database): a page's or an export chunk's
# owners number at most a few thousand, so a process holds a bounded set; the oldest go first.
STATEMENTS: OrderedDict = OrderedDict()
MAX_STATEMENTS = 512


def compile_statement(many: Many, queryset, count: int) -> Statement | None:
    """The statement of ``nested_query`` for ``count`` owners, compiled with stand-in ids (no
    record has a negative id) that show where the real ones go; None when they cannot be found
    as one run of parameters (a backend that inlines them, a lookup that rewrites them)."""
    stand_ins = [-index for index in range(1, count + 1)]
    query = nested_query(many, queryset, stand_ins)
    compiler = query.query.get_compiler(query.db)
    sql, params = compiler.as_sql()
    params = tuple(params)
    starts = [i for i in range(len(params) - count + 1) if list(params[i : i + count]) == stand_ins]
    if len(starts) != 1:
        return None
    return Statement(compiler, sql, params, starts[0])


def fetch(many: Many, queryset, ids: list, shape: Hashable) -> list[tuple]:
    """``nested_query``'s rows. With a ``shape``, its statement is compiled once per shape and
    number of owners and run on a cursor: building and compiling the query through the ORM costs
    more than SQLite takes to run it. With COMPILED_STATEMENTS_CHECKED (the test suite), every
    reuse is checked against the ORM's SQL for the same owners."""
    if shape is None or len(set(ids)) != len(ids):
        return list(nested_query(many, queryset, ids))
    key = (shape, id(many), len(ids), queryset.db)  # plans live as long as the process: ids are stable
    statement = STATEMENTS.get(key)
    if statement is None:
        statement = compile_statement(many, queryset, len(ids))
        if statement is None:
            return list(nested_query(many, queryset, ids))
        STATEMENTS[key] = statement
        if len(STATEMENTS) > MAX_STATEMENTS:
            STATEMENTS.popitem(last=False)
    params = statement.bind(ids)
    if settings.COMPILED_STATEMENTS_CHECKED:
        query = nested_query(many, queryset, ids)
        fresh = query.query.get_compiler(query.db).as_sql()
        if fresh != (statement.sql, tuple(params)):
            raise AssertionError(f"{shape!r} does not name all that {many.key}'s query depends on")
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(statement.sql, params)
        rows = cursor.fetchall()
    return list(statement.compiler.results_iter(results=[rows], tuple_expected=True))


def prefetch_lookups(queryset) -> dict:
    """The queryset's prefetches by the relation they read (``actors``), as Prefetch objects."""
    found = {}
    for lookup in getattr(queryset, "_prefetch_related_lookups", ()):
        prefetch = lookup if isinstance(lookup, Prefetch) else Prefetch(lookup)
        found[prefetch.prefetch_through] = prefetch
    return found


# --- compiling ---------------------------------------------------------------------------------


def compile_serializer(serializer, model, prefix: str = "", plan: Plan | None = None) -> Plan:
    """The plan of ``serializer`` (a bound instance) over ``model``; nested records through a
    foreign key add their columns under ``prefix`` to the plan of the record holding them."""
    top = not prefix
    if plan is None:
        plan = Plan(model)
    if top:
        plan.column("id")
    cls = type(serializer)
    own = cls.to_representation
    if issubclass(cls, BriefSerializer):
        if own is not BriefSerializer.to_representation:  # brief's own is the field walk, written out
            raise Unsupported(f"{cls.__name__} writes its own representation")
    elif own is not serializers.Serializer.to_representation and not cls.__dict__.get("compiled_equivalent"):
        raise Unsupported(f"{cls.__name__} writes its own representation")
    steps = []
    for key, bound in serializer.fields.items():
        if not bound.write_only:
            steps.append((key, compile_field(bound, model, prefix, plan)))
    if not top:
        return steps
    plan.steps = steps
    return plan.finish()


def compile_field(bound, model, prefix: str, plan: Plan) -> str:
    """The Python expression of one field's value, reading ``row``."""
    source = bound.source
    if isinstance(bound, DetailURLField):
        return f"url({bound.view_name!r}, {plan.ref(prefix + 'slug')})"
    if isinstance(bound, serializers.SerializerMethodField):
        method = getattr(type(bound.parent), bound.method_name, None)
        derive = getattr(bound.parent, f"compiled_{bound.field_name}", None)
        if derive is not None:
            if prefix:
                raise Unsupported(f"a derived field ({bound.field_name}) inside a nested record")
            derived = derive()
            values = [plan.ref(path(prefix, column)) for column in derived.columns]
            for relation, serializer in derived.lists.items():
                key = f"{bound.field_name}:{relation}"
                values.append(compile_many(serializer, relation, key, model, plan))
            return f"{plan.name(derived.make, 'derived')}(request{''.join(', ' + v for v in values)})"
        if method is _computed_name:
            columns = list(model.brief_columns)
            values = ", ".join(plan.ref(prefix + column) for column in columns)

            def brief_name(*values, columns=columns, brief_name=model.brief_name):
                return brief_name(SimpleNamespace(**dict(zip(columns, values, strict=True))))

            return f"{plan.name(brief_name, 'name')}({values})"
        raise Unsupported(f"method field {bound.field_name}")
    compiled = getattr(bound, "compiled", None)
    if compiled is not None:  # a field of the project's own that says how it compiles
        columns, make = compiled()
        values = "".join(f", {plan.ref(path(prefix, column))}" for column in columns)
        return f"{plan.name(make, 'field')}(request{values})"
    if isinstance(bound, serializers.ListSerializer | ManyRelatedField):
        if prefix:
            raise Unsupported(f"a list ({bound.field_name}) inside a nested record")
        return compile_many(bound, bound.source, bound.field_name, model, plan)
    if type(bound) is serializers.ListField and type(bound.child) is serializers.CharField:
        value = plan.ref(path(prefix, source))
        return f"[None if item is None else str(item) for item in {value}]"
    if isinstance(bound, serializers.BaseSerializer):
        if source == "*" or "." in source:
            raise Unsupported(f"nested serializer {bound.field_name} from {source!r}")
        related = model._meta.get_field(source)
        if not related.many_to_one and not related.one_to_one:
            raise Unsupported(f"nested serializer {bound.field_name} over {related!r}")
        nested = path(prefix, source) + "__"
        marker = plan.ref(nested + "pk")
        steps = compile_serializer(bound, related.related_model, nested, plan)
        items = ", ".join(f"{key!r}: {expression}" for key, expression in steps)
        return f"(None if {marker} is None else {{{items}}})"
    convert = CONVERTERS.get(type(bound))
    if convert is None or source == "*":
        raise Unsupported(f"field {bound.field_name} ({type(bound).__name__})")
    value = plan.ref(path(prefix, source))
    if convert is same:
        return value
    return f"{plan.name(convert, 'convert')}({value})"


def compile_many(bound, source: str, key: str, model, plan: Plan) -> str:
    """A nested list over the relation ``source``: one query for the whole page, grouped by owner."""
    relation = model._meta.get_field(source)
    if isinstance(relation, ManyToManyField):
        owner = relation.related_query_name()
    elif isinstance(relation, ForeignObjectRel):
        owner = relation.field.name
    else:
        raise Unsupported(f"list {key} over {relation!r}")
    related = relation.related_model
    if isinstance(bound, ManyRelatedField):
        child_relation = bound.child_relation
        if type(child_relation) is not SlugRelatedField:
            raise Unsupported(f"related field {key}")
        many = Many(key, source, owner, related, Plan(related), flat=child_relation.slug_field)
    else:
        child = Plan(related, positional=True)
        many = Many(key, source, owner, related, compile_serializer(bound.child, related, plan=child))
    plan.many.append(many)
    return f"lists[{key!r}].get({plan.ref('id')}, [])"


def why_not(serializer_class, model) -> str:
    """What keeps ``serializer_class`` on DRF's path ("" when it compiles)."""
    try:
        compile_serializer(serializer_class(), model)
    except Unsupported as reason:
        return str(reason)
    return ""


@functools.cache
def plan_for(serializer_class, model) -> Plan | None:
    """The plan of a read serializer, compiled once; None when its resource keeps DRF's path."""
    try:
        return compile_serializer(serializer_class(), model)
    except Unsupported:
        return None


def value_rows(queryset, plan: Plan, extra: Iterable[str] = ()):
    """``queryset`` as a values() queryset of the plan's columns (and ``extra``: sort keys)."""
    columns = list(plan.columns)
    columns += [name for name in extra if name not in columns]
    return queryset.prefetch_related(None).values(*columns)
