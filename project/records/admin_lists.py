"""What every admin list shares: text shortened at word boundaries, and dates filtered by year."""

import datetime

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Q


def shorten(text: str, width: int = 90) -> str:
    """``text`` on one line, cut at the last word boundary before ``width`` with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if text[width - 1] != " " and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–") + "…"


def shortened(field: str, description: str, width: int = 90, ordering: str | None = None):
    """A ModelAdmin method showing ``field`` shortened at a word boundary (full text in the row's page)."""

    @admin.display(description=description, ordering=ordering or field)
    def column(model_admin, obj):
        return shorten(getattr(obj, field), width)

    column.__name__ = f"short_{field}"
    return column


@admin.display(description="date", ordering="date_earliest")
def uncertain_date(obj):
    """The EDTF date as the source gives it, sorted by its earliest bound."""
    return obj.date or None


class YearFilter(admin.SimpleListFilter):
    """Rows whose uncertain date overlaps a year: its range [earliest, latest] meets that year.

    An open end (NULL bound) reaches every year on its side; a row with no date at all matches
    only "No date". This is the API's overlap rule (docs/api/filters.md).
    """

    title = "year"
    parameter_name = "year"
    NO_DATE = "none"

    def lookups(self, request, model_admin):
        # The years a date starts or ends in: a short list; any other year works as ?year=YYYY.
        rows = model_admin.get_queryset(request)
        years = {day.year for bound in ("date_earliest", "date_latest") for day in rows.dates(bound, "year")}
        return [*((str(year), str(year)) for year in sorted(years, reverse=True)), (self.NO_DATE, "No date")]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == self.NO_DATE:
            return queryset.filter(date_earliest__isnull=True, date_latest__isnull=True)
        try:
            first, last = datetime.date(int(value), 1, 1), datetime.date(int(value), 12, 31)
        except ValueError as error:
            raise IncorrectLookupParameters(f"year={value!r} is not a year") from error
        return queryset.filter(
            Q(date_earliest__lte=last) | Q(date_earliest__isnull=True),
            Q(date_latest__gte=first) | Q(date_latest__isnull=True),
        ).exclude(date_earliest__isnull=True, date_latest__isnull=True)
