"""Uncertain dates: EDTF strings and the day bounds that date filters compare against."""

import datetime
import functools
import time

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException

# An interval end written as ".." is open (no bound), an empty end is unknown;
# both leave that bound NULL so an overlap filter never excludes the row on that side.
OPEN_ENDS = {"", ".."}


def _to_date(struct: time.struct_time) -> datetime.date:
    return datetime.date(struct.tm_year, struct.tm_mon, struct.tm_mday)


def _parse(value: str, whole: str):
    try:
        return parse_edtf(value)
    except EDTFParseException as error:
        raise ValidationError(
            "%(value)r is not a valid EDTF date (ISO 8601-2), e.g. 2024-09-18, 2024-09, 2024, "
            "2023-09?, 2023-09-26/2024 or 2020/..: %(error)s",
            code="invalid_edtf",
            params={"value": whole, "error": error},
        ) from error


# Cached per distinct string (parsing costs milliseconds; a dataset repeats few date strings):
# every save derives the bounds, so fixture loads, restores and ingests parse each string once.
# A string that fails raises each time (exceptions are not cached); the bounds are immutable.
@functools.lru_cache(maxsize=8192)
def edtf_bounds(value: str) -> tuple[datetime.date | None, datetime.date | None]:
    """Return the earliest and latest day an EDTF string can mean (see :func:`_bounds`); a
    ValidationError when it means none, or ends before it starts, whatever its form (an
    interval, a set such as ``{2024-09..2024-01}``)."""
    try:
        earliest, latest = _bounds(value)
    except (TypeError, ValueError, OverflowError) as error:
        raise ValidationError(
            "%(value)r cannot be turned into calendar bounds: %(error)s",
            code="invalid_edtf",
            params={"value": value, "error": error},
        ) from error
    if earliest and latest and earliest > latest:
        raise ValidationError(
            "%(value)r ends before it starts.", code="invalid_edtf", params={"value": value}
        )
    return earliest, latest


def _bounds(value: str) -> tuple[datetime.date | None, datetime.date | None]:
    """Return the earliest and latest day an EDTF string can mean.

    The bounds are the strict bounds of the stated precision: ``2024-09`` is
    1 to 30 September. The ``?`` and ``~`` qualifiers stay in the string but do
    not widen the bounds (the library's fuzzy padding is a year for a month);
    open (``..``) and unknown (empty) interval ends give ``None``, and so does
    the open side of a one-of set: ``[..2024-09-18]`` is "on or before".
    """
    value = value.strip()
    if not value:
        return None, None
    if value.startswith("[") and value.endswith("]") and (value.startswith("[..") or value.endswith("..]")):
        # One day of an open-ended set: "[..2024-09-18]" (on or before), "[2023-09-26..]" (on or after).
        inner = value[1:-1]
        if inner.startswith("..") and not inner.endswith(".."):
            return None, _to_date(_parse(inner[2:], value).upper_strict())
        if inner.endswith("..") and not inner.startswith(".."):
            return _to_date(_parse(inner[:-2], value).lower_strict()), None
        raise ValidationError(
            "%(value)r has no bound at either end; give at least one date.",
            code="invalid_edtf",
            params={"value": value},
        )
    if "/" in value:
        start, _, end = value.partition("/")
        if start in OPEN_ENDS and end in OPEN_ENDS:
            raise ValidationError(
                "%(value)r has no bound at either end; give at least one date.",
                code="invalid_edtf",
                params={"value": value},
            )
        earliest = None if start in OPEN_ENDS else _to_date(_parse(start, value).lower_strict())
        latest = None if end in OPEN_ENDS else _to_date(_parse(end, value).upper_strict())
        return earliest, latest
    parsed = _parse(value, value)
    return _to_date(parsed.lower_strict()), _to_date(parsed.upper_strict())


# EDTF's qualifiers: ``?`` uncertain, ``~`` approximate, ``%`` both. No other character of an EDTF
# string is one of these.
QUALIFIERS = frozenset("?~%")


def is_uncertain(value: str) -> bool:
    """Whether an EDTF string says its date is uncertain or approximate. The qualifiers do not
    widen the bounds (:func:`_bounds`), so the string is the only place that says so."""
    return not QUALIFIERS.isdisjoint(value)


def date_bounds_ordered() -> models.CheckConstraint:
    """The constraint every UncertainDate model lists: earliest never after latest."""
    return models.CheckConstraint(
        condition=models.Q(date_earliest__isnull=True)
        | models.Q(date_latest__isnull=True)
        | models.Q(date_earliest__lte=models.F("date_latest")),
        name="%(app_label)s_%(class)s_date_bounds_ordered",
    )


def validate_edtf(value: str) -> None:
    edtf_bounds(value)


class UncertainDate(models.Model):
    """Abstract: a date as precise as its source, with derived bounds for filtering.

    ``date`` is an EDTF string; ``date_earliest`` / ``date_latest`` are derived
    from it on every save (fixture loads included) and never edited by hand.
    """

    date = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_edtf],
        help_text="EDTF (ISO 8601-2) date exactly as precise as the source: 2024-09-18, 2024-09, "
        "2024, 2023-09?, 2023-09-26/.. ; empty when the source gives no date.",
    )
    date_earliest = models.DateField(
        null=True, blank=True, editable=False, help_text="Earliest day the date can mean."
    )
    date_latest = models.DateField(
        null=True, blank=True, editable=False, help_text="Latest day the date can mean."
    )
    date_basis = models.TextField(
        blank=True,
        help_text="How the date was read from the source, e.g. a relative date "
        "('last year') resolved against the document's reference date.",
    )

    class Meta:
        abstract = True

    def derive_date_bounds(self) -> None:
        self.date_earliest, self.date_latest = edtf_bounds(self.date)


# --- Ordering by an uncertain date -----------------------------------------------------------
#
# The public ``date`` ordering sorts by the earliest bound (the latest for an open start) and puts
# undated rows last in both directions. Its sort key is an expression over the bounds, and the
# indexes below are built from the very same expressions, so the ORDER BY of a list is an index
# order on PostgreSQL and SQLite alike (an expression index is used only when the query's
# expression matches it exactly). The expressions carry no query parameters: SQLite never matches
# an index expression against a bound parameter.
#
# Each direction has its own key, the bound with undated rows given a constant that sorts last
# in that direction, so every key of an ordering sorts the same way and the keyset condition of a
# deep page is ``key >= v AND (key, slug) > (v, s)``: one index range on both databases.
#
#   date   ORDER BY sort_date ASC,       slug ASC    (undated rows: 9999-12-31)
#   -date  ORDER BY sort_date_desc DESC, slug DESC   (undated rows: 0001-01-01)
#
# A row whose bound is exactly one of those constants sorts among the undated rows; no real
# coup is dated in the year 1 or 9999.


class SQLLiteral(models.Expression):
    """A constant written into the SQL itself rather than passed as a parameter."""

    def __init__(self, sql: str, output_field):
        super().__init__(output_field=output_field)
        self.sql = sql

    def __repr__(self):
        return f"{self.__class__.__name__}({self.sql!r})"

    def as_sql(self, compiler, connection):
        return self.sql, []


def _date_key(undated: str) -> Coalesce:
    return Coalesce(
        "date_earliest",
        "date_latest",
        SQLLiteral(f"'{undated}'", models.DateField()),
        output_field=models.DateField(),
    )


DATE_SORT_KEYS = {
    "sort_date": _date_key("9999-12-31"),
    "sort_date_desc": _date_key("0001-01-01"),
}


def date_indexes(prefix: str, *scopes: str) -> list[models.Index]:
    """Indexes every dated model lists: the ``date`` orderings and the overlap filters.

    Public lists always filter ``review_state``, so it leads. ``scopes`` are foreign keys a list
    is commonly filtered by (``conflict``): each gets an index that keeps the date order within it.
    The descending index is read backwards for ``-date``.
    """
    keys = DATE_SORT_KEYS
    indexes = [
        models.Index(
            models.F("review_state"), keys["sort_date"], models.F("slug"), name=f"{prefix}_date_asc"
        ),
        models.Index(
            models.F("review_state"), keys["sort_date_desc"], models.F("slug"), name=f"{prefix}_date_desc"
        ),
        # date_after compares the latest bound (date_before uses the (earliest, latest) index).
        models.Index(fields=["date_latest"], name=f"{prefix}_date_latest"),
    ]
    for scope in scopes:
        indexes.append(
            models.Index(
                models.F(f"{scope}_id"),
                models.F("review_state"),
                keys["sort_date"],
                models.F("slug"),
                name=f"{prefix}_{scope}_date",
            )
        )
    return indexes
