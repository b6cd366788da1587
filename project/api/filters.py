"""Filter types and the base FilterSet every resource's FilterSet extends.

Every filter validates its value: a bad value is a 400 naming the parameter, never ignored.
"""

import abc
import copy
import datetime
import re
from typing import NamedTuple

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django_filters.conf import settings as filter_settings
from django_filters.constants import EMPTY_VALUES

from project.records import review
from project.records.base import Record, ReviewState
from project.records.dates import DATE_SORT_KEYS

from .search import MAX_SEARCH_LENGTH

ISO_DATE = ["%Y-%m-%d"]
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
# A day, or a date-time to the second (fraction optional), with Z, an offset, or none (UTC).
ISO_MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?", re.ASCII
)
DIGITS = re.compile(r"[0-9]+", re.ASCII)
COUNTRY_PATTERN = r"^[A-Za-z]{2}$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"


def _is_multi_valued(model, path: str) -> bool:
    field = model._meta.get_field(path.split("__")[0])
    return "__" in path or field.many_to_many or field.one_to_many


def hidden_steps(model, path: str, user) -> dict:
    """Conditions that keep the records a relation path passes through (a conflict's combatant
    roles on the way to their actors) to those ``user`` may see: a draft role must not tie a
    published actor to a published conflict for an anonymous reader."""
    conditions, prefix = {}, ""
    steps = path.split("__")
    for step in steps[:-1]:
        field = model._meta.get_field(step)
        model = field.related_model
        prefix = f"{prefix}{step}__"
        if issubclass(model, Record) and not review.may_view_drafts(user, model):
            conditions[f"{prefix}review_state"] = ReviewState.PUBLISHED
    return conditions


class UserFilter(abc.ABC):
    """A filter whose choices or condition depend on who asks.

    Filters are shared by every request (:class:`SharedFilterSet`), so such a filter keeps no
    link to one (django-filter's ``filter.parent``): the FilterSet hands it the caller, to
    :meth:`field_for` and as ``filter(..., user=...)``. ``generation`` is the public data
    generation the request read (project.api.etags), None when there is none: what a field may
    remember is current as long as it is.
    """

    @abc.abstractmethod
    def field_for(self, user, generation: str | None = None) -> forms.Field:
        """The form field this filter validates ``user``'s value with."""


class SlugsField(django_filters.fields.ModelMultipleChoiceField):
    """Slugs of records in the queryset, cleaned to those records' ids; an unknown one is an error
    naming it. (No ``null_label``: no slug filter takes one.)

    A list filtered by a conflict validated its slug with a query of its own on every request.
    Published slugs are remembered by the public data generation (project.api.etags), which every
    change to a published record renews, as it makes every list's ETag stale: a field given the
    request's generation (``generation``) answers a slug it saw in the same generation without a
    query. Drafts are never remembered (their changes renew the drafts' generation only), and
    whatever is not remembered is checked by Django's own code, errors and all.
    """

    generation: str | None = None  # the request's, on its copy of the shared field
    MAX_KNOWN = 4096

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.null_label is not None:
            raise TypeError("a slug filter has no null choice: its values are records' ids")
        self.known: dict[tuple[str, str], int] = {}  # (generation, slug) -> id; shared by copies

    def _check_values(self, value):
        generation = self.generation
        if generation is not None and isinstance(value, list | tuple):
            try:
                return [self.known[generation, slug] for slug in dict.fromkeys(value)]
            except (KeyError, TypeError):  # not seen in this generation (or not a slug at all)
                pass
        records = super()._check_values(value)
        if generation is not None:
            if len(self.known) >= self.MAX_KNOWN:
                self.known.clear()
            self.known.update(
                {(generation, getattr(record, self.to_field_name)): record.pk for record in records}
            )
        return [record.pk for record in records]


class SlugFilter(UserFilter, django_filters.ModelMultipleChoiceFilter):
    """Records related to any of the given slugs (repeat the parameter for several).

    An unknown slug is a 400 naming the parameter. Paths through a many-valued relation
    are matched with an EXISTS subquery, so a row matching twice is still listed once.
    ``also`` names further relation paths that count as a match (e.g. signatories as
    well as the acting actor).
    """

    field_class = SlugsField

    def __init__(self, *args, also: tuple[str, ...] = (), **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        self.also = also
        # The form field of each visibility (may the caller see this model's drafts?), built once.
        self.fields_by_visibility: dict[bool, forms.Field] = {}
        super().__init__(*args, **kwargs)

    @property
    def paths(self) -> tuple[str, ...]:
        return (self.field_name, *self.also)

    def get_queryset(self, request):
        # A draft the caller may not see is a slug that does not exist: the same 400.
        return review.visible(super().get_queryset(request), getattr(request, "user", None))

    def field_for(self, user, generation: str | None = None) -> forms.Field:
        """The form field that checks slugs for ``user``: one per visibility of the model's drafts,
        built on first use and shared (a field's cleaning reads its queryset, never changes it).
        A public one given the request's ``generation`` is a copy that remembers slugs by it."""
        drafts = review.may_view_drafts(user, self.queryset.model)
        field = self.fields_by_visibility.get(drafts)
        if field is None:
            # What django-filter's ``Filter.field`` builds, with this caller's queryset.
            kwargs = {**self.extra, "queryset": review.visible(self.queryset, user)}
            if filter_settings.DISABLE_HELP_TEXT:
                kwargs.pop("help_text", None)
            field = self.fields_by_visibility[drafts] = self.field_class(label=self.label, **kwargs)
        if generation is None or drafts:
            return field
        remembering = copy.copy(field)
        remembering.generation = generation
        return remembering

    def filter(self, qs, value, *, user=None):
        # An absent parameter cleans to an empty queryset; testing it with ``not value`` would
        # compile a query for every slug filter of every request.
        if value is None or (isinstance(value, QuerySet) and value.query.is_empty()) or not value:
            return qs
        # The slugs were looked up (and checked) already, to their ids (SlugsField): a constant
        # list the planner can seek an index with, rather than the lookup again as a subquery.
        condition = Q()
        for path in self.paths:
            steps = hidden_steps(qs.model, path, user)
            if _is_multi_valued(qs.model, path):
                inner = qs.model._default_manager.filter(pk=OuterRef("pk"), **{f"{path}__in": value}, **steps)
                condition |= Q(Exists(inner))
            else:
                condition |= Q(**{f"{path}__in": value}, **steps)
        return qs.filter(condition)


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    """One or more values of a choice set (repeat the parameter for several); others are a 400."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class DigitsField(forms.IntegerField):
    """Decimal digits only: ``+5``, ``1.0``, `` 5`` and ``٥`` are errors, not 5 and 1."""

    def to_python(self, value):
        if value not in self.empty_values and not DIGITS.fullmatch(str(value)):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class PositiveIntegerFilter(django_filters.NumberFilter):
    field_class = DigitsField
    schema_extra = {"minimum": 1}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)


class SearchFilter(django_filters.CharFilter):
    """``q``: case-insensitive substring search by the FilterSet's ``search`` method, at most
    MAX_SEARCH_LENGTH characters (longer is a 400). Not stripped: a space is something to find."""

    schema_extra = {"maxLength": MAX_SEARCH_LENGTH}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("method", "search")
        kwargs.setdefault("strip", False)
        kwargs.setdefault("max_length", MAX_SEARCH_LENGTH)
        kwargs["help_text"] = f"{kwargs.get('help_text', '')} At most {MAX_SEARCH_LENGTH} characters.".strip()
        super().__init__(*args, **kwargs)


class PatternField(forms.CharField):
    """A value that must match ``pattern`` exactly, unstripped."""

    def __init__(self, *args, pattern: str, message: str, **kwargs):
        self.pattern, self.message = re.compile(pattern, re.ASCII), message
        kwargs["strip"] = False
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and not self.pattern.fullmatch(value):
            raise ValidationError(self.message, code="invalid")
        return value


class CountryField(PatternField):
    def __init__(self, *args, **kwargs):
        super().__init__(
            *args,
            pattern=COUNTRY_PATTERN,
            message="Give an ISO 3166-1 alpha-2 country code such as AM or RU.",
            **kwargs,
        )

    def clean(self, value):
        return super().clean(value).upper()


class CountryFilter(django_filters.CharFilter):
    """An ISO 3166-1 alpha-2 code, case-insensitive; anything else is a 400."""

    field_class = CountryField
    schema_extra = {"pattern": COUNTRY_PATTERN}

    def filter(self, qs, value):
        if not value:
            return qs
        for_path = {f"{self.field_name}__exact": value}
        if _is_multi_valued(qs.model, self.field_name):
            return qs.filter(Exists(qs.model._default_manager.filter(pk=OuterRef("pk"), **for_path)))
        return qs.filter(**for_path)


class LanguageField(PatternField):
    def __init__(self, *args, **kwargs):
        super().__init__(
            *args,
            pattern=LANGUAGE_PATTERN,
            message="Give a BCP 47 language tag such as en or hy-AM.",
            **kwargs,
        )


class LanguageFilter(django_filters.CharFilter):
    """A BCP 47 language tag, matched exactly; a value that is not a tag is a 400."""

    field_class = LanguageField
    schema_extra = {"pattern": LANGUAGE_PATTERN}


class MomentField(forms.Field):
    """An ISO 8601 day (its midnight UTC) or date-time, as an aware UTC datetime.

    Normalised to UTC here, where an instant outside the calendar (year 1 at +14:00, year
    9999 at -14:00) is a validation error rather than an overflow in the database driver.
    """

    default_error_messages = {
        "invalid": "Enter an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM:SS with Z or an offset).",
        "out_of_range": "The instant lies outside the years 1 to 9999 in UTC.",
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not ISO_MOMENT.fullmatch(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range") from None


class UpdatedSinceFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentField


class DayField(forms.DateField):
    """YYYY-MM-DD exactly: ``2024-9-1`` is an error, not the first of September."""

    def to_python(self, value):
        if value not in self.empty_values and isinstance(value, str) and not ISO_DAY.fullmatch(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class DateAfterFilter(django_filters.DateFilter):
    """Overlap: rows whose date range ends on or after the day, or has an open end; undated rows never."""

    field_class = DayField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ISO_DATE)
        kwargs.setdefault(
            "help_text",
            "A day, YYYY-MM-DD. Keeps rows whose date range reaches this day or later "
            "(`date_latest >= day`, or an open end): a row dated `2024-09` is found by "
            "`date_after=2024-09-18`. Rows with no date at all never match.",
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(Q(date_latest__gte=value) | Q(date_latest__isnull=True, date_earliest__isnull=False))


class DateBeforeFilter(django_filters.DateFilter):
    """Overlap: rows whose date range starts on or before the day, or has an open start; undated never."""

    field_class = DayField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ISO_DATE)
        kwargs.setdefault(
            "help_text",
            "A day, YYYY-MM-DD. Keeps rows whose date range starts on this day or earlier "
            "(`date_earliest <= day`, or an open start): a row dated `2024-09` is found by "
            "`date_before=2024-09-18`. Rows with no date at all never match.",
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(
            Q(date_earliest__lte=value) | Q(date_earliest__isnull=True, date_latest__isnull=False)
        )


class Directed(NamedTuple):
    """An ordering whose descending form has keys of its own rather than the ascending ones reversed.

    Each key may carry a ``-``; the ``date`` ordering uses this so that every key of either
    direction sorts the same way (see ``project.records.dates``), which keeps undated rows last both ways
    and lets a deep page be one index range.
    """

    ascending: list[str]
    descending: list[str]


class KeysetOrderingFilter(django_filters.ChoiceFilter):
    """The list's order: one of a documented set, each made total by the slug as last key.

    ``orderings`` maps a public name to its sort keys, reversed for ``-name``, or to a
    :class:`Directed` pair that spells out both directions. Always applied, so every list has a
    deterministic order that the keyset pagination can walk.
    """

    def __init__(self, orderings: dict[str, list[str]], default: str, **kwargs):
        self.orderings = orderings
        self.default = default
        names = ", ".join(f"`{name}`" for name in orderings)
        kwargs.setdefault(
            "help_text",
            f"Sort by {names}; prefix `-` for descending. Default `{default}`. "
            "Ties are broken by `slug`, so the order is total and cursors are stable.",
        )
        kwargs["choices"] = [(f"{sign}{name}", f"{sign}{name}") for name in orderings for sign in ("", "-")]
        super().__init__(**kwargs)

    def filter(self, qs, value):
        value = value or self.default
        descending = value.startswith("-")
        terms, annotations = [], {}
        spec = self.orderings[value.removeprefix("-")]
        if isinstance(spec, Directed):
            keys = spec.descending if descending else spec.ascending
        else:
            keys = [f"-{key}" if descending else key for key in spec]
        for key in keys:
            sign, key = ("-", key[1:]) if key.startswith("-") else ("", key)
            if key in DATE_SORT_KEYS:
                annotations[key] = DATE_SORT_KEYS[key]
            elif "__" in key:
                # A related field becomes an annotation, so the paginator can read it off the row.
                annotations[f"sort_{key.replace('__', '_')}"] = F(key)
                key = f"sort_{key.replace('__', '_')}"
            terms.append(f"{sign}{key}")
        if annotations:
            qs = qs.annotate(**annotations)
        return qs.order_by(*terms, "-slug" if descending else "slug")


# Model fields every record has that need no filter of their own (see RecordFilterSet.Meta.exempt).
RECORD_EXEMPT = {
    "id": "internal; records are addressed by slug",
    "slug": "the detail URL",
    "curator_note": "free text",
    "created": "updated_since covers changes",
    "updated": "updated_since",
    "version": "a detail's ETag carries it",
}
DATED_EXEMPT = {
    **RECORD_EXEMPT,
    "date": "date_after / date_before filter on its bounds",
    "date_earliest": "date_after / date_before",
    "date_latest": "date_after / date_before",
    "date_basis": "free text",
}
DATED_ORDERINGS = {
    "slug": [],
    "date": Directed(["sort_date"], ["-sort_date_desc"]),
    "updated": ["updated"],
}


class SharedFields(dict):
    """A form's ``base_fields`` that each form instance shares rather than deep-copies.

    Django's form copies every field of its class per instance so that an instance may change
    its own; these forms never change a field (cleaning reads a field's queryset, choices and
    validators, and makes new querysets), and the copy of a model choice field's queryset was
    most of a list's filtering cost.
    """

    def __deepcopy__(self, memo):
        return dict(self)


class Shared(NamedTuple):
    """What a FilterSet class builds once and every request shares (:class:`SharedFilterSet`)."""

    filters: dict  # name -> Filter, this class's own instances
    form_class: type[forms.Form]  # fields of an anonymous caller; UserFilters' swapped per form
    user_filters: tuple[str, ...]  # the names of the filters whose field depends on the caller
    absent: dict  # name -> the value the form cleans when the request names no filter


class SharedFilterSet(django_filters.FilterSet):
    """A FilterSet whose filters, form class and form fields are built once per class.

    django-filter deep-copies every filter (and a model choice filter's queryset) for each
    FilterSet, builds a new form class each time, and the form deep-copies its fields again:
    15% of a list page. Here each class copies its declared filters once (a parent class's
    filters are shared with its subclasses, and each sets its own model on them) and builds one
    form class; a request's form shares the fields, except a :class:`UserFilter`'s, which is
    that filter's field for the caller. Filters hold no link to a request: a method filter
    (``method="search"``) is called on this FilterSet, a UserFilter gets the caller's user.

    A request that names no filter (only ``cursor``, ``page_size``, ``format``, or nothing) has
    no form at all: every filter gets the value the form cleans for an absent parameter, computed
    once, so the default ordering applies exactly as it would through the form. Those values are
    shared: a filter must not change the value it is given (none does).
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # Not django-filter's __init__: it deep-copies the filters and points them at this instance.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = self.shared().filters

    @classmethod
    def shared(cls) -> Shared:
        """This class's filters, form class and absent values, built on first use. Two requests
        that build them at once build the same thing; the last one kept is used from then on."""
        built = cls.__dict__.get("_shared")
        if built is None:
            built = cls._build_shared()
            cls._shared = built
        return built

    @classmethod
    def _build_shared(cls) -> Shared:
        filters = copy.deepcopy(cls.base_filters)
        fields, user_filters = {}, []
        for name, filter_ in filters.items():
            filter_.model = cls._meta.model  # what FilterSet.__init__ sets on its copies (labels read it)
            if isinstance(filter_, UserFilter):
                user_filters.append(name)
                fields[name] = filter_.field_for(None)
            else:
                fields[name] = filter_.field
        form_class = type(f"{cls.__name__}Form", (cls._meta.form,), fields)
        form_class.base_fields = SharedFields(form_class.base_fields)
        empty = form_class(QueryDict())
        if not empty.is_valid():
            raise TypeError(f"{cls.__name__}: a filter refuses an absent parameter: {empty.errors}")
        return Shared(filters, form_class, tuple(user_filters), dict(empty.cleaned_data))

    @property
    def user(self):
        return getattr(self.request, "user", None)

    @property
    def generation(self) -> str | None:
        """The public data generation the request read (``RecordViewSet.initial``), if any."""
        return getattr(self.request, "public_generation", None)

    def get_form_class(self):
        return self.shared().form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            shared = self.shared()
            form = shared.form_class(self.data if self.is_bound else None, prefix=self.form_prefix)
            for name in shared.user_filters:  # form.fields is this form's own dict (SharedFields)
                form.fields[name] = self.filters[name].field_for(self.user, self.generation)
            self._form = form
        return self._form

    def names_a_filter(self) -> bool:
        """Whether the request gives any filter's parameter (else no form is needed)."""
        return self.form_prefix is not None or any(name in self.filters for name in self.data)

    def is_valid(self):
        return self.is_bound and (not self.names_a_filter() or self.form.is_valid())

    @property
    def errors(self):
        return self.form.errors if self.names_a_filter() else ErrorDict()

    @property
    def cleaned_data(self) -> dict:
        if self.is_bound and not self.names_a_filter():
            return self.shared().absent
        return self.form.cleaned_data

    def filter_queryset(self, queryset):
        for name, value in self.cleaned_data.items():
            queryset = self.apply(self.filters[name], queryset, value)
            assert isinstance(queryset, QuerySet), f"{type(self).__name__}.{name} returned {queryset!r}"
        return queryset

    def apply(self, filter_, queryset, value):
        """One filter's condition: as django-filter applies it, without going through ``filter.parent``."""
        if filter_.method is not None:
            if value in EMPTY_VALUES:
                return queryset
            method = filter_.method if callable(filter_.method) else getattr(self, filter_.method)
            return method(queryset, filter_.field_name, value)
        if isinstance(filter_, UserFilter):
            return filter_.filter(queryset, value, user=self.user)
        return filter_.filter(queryset, value)


class RecordFilterSet(SharedFilterSet):
    """Base for every resource: ``updated_since`` and the filter-coverage contract.

    ``Meta.exempt`` names the model fields deliberately left without a filter and why;
    a test fails when a field is neither filterable nor exempt.
    """

    updated_since = UpdatedSinceFilter(
        field_name="updated",
        lookup_expr="gte",
        help_text="ISO 8601 date `YYYY-MM-DD` or date-time `YYYY-MM-DDTHH:MM[:SS[.ffffff]]` with `Z` "
        "or an offset `+HH:MM` (e.g. `2024-09-18` or `2024-09-18T12:00:00Z`): rows changed at or "
        "after it. A date means its midnight UTC, a date-time without an offset is UTC. An instant "
        "outside the years 1 to 9999 in UTC is a 400.",
    )
    review_state = django_filters.MultipleChoiceFilter(
        choices=ReviewState.choices,
        help_text="Curators only (token): `draft`, `published`, or both repeated. Without it, and for "
        "everyone else, lists hold published records only; asking anonymously for drafts is a 401.",
    )

    class Meta:
        fields: list[str] = []
        exempt: dict[str, str] = {}


class DatedFilterSet(RecordFilterSet):
    """Base for records with an uncertain date: the overlap filters on its bounds."""

    date_after = DateAfterFilter()
    date_before = DateBeforeFilter()

    class Meta(RecordFilterSet.Meta):
        exempt = DATED_EXEMPT
