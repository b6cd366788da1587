"""Time list pages in-process (the WSGI stack through Django's test client), for docs/design/scale.md."""

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from events.models import Conflict, Event
from project.api.pagination import KeysetPagination
from project.records.dates import DATE_SORT_KEYS


def cursor_at(fraction: float) -> str:
    """The `next` cursor of the row ``fraction`` of the way down the default (date) order."""
    published = Event.objects.filter(review_state="published")
    position = int(published.count() * fraction)
    row = published.annotate(sort_date=DATE_SORT_KEYS["sort_date"]).order_by("sort_date", "slug")[position]
    pagination = KeysetPagination()
    pagination.resource = "event"  # a cursor is bound to the list that issued it
    return pagination.encode_cursor(row, [("sort_date", False), ("slug", False)], False)


class Command(BaseCommand):
    help = "Median time of the events list's first page, a page at 90% depth and filtered pages."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help="Timed requests per URL (default 5).")

    def handle(self, *args, repeat, **options):
        if settings.DEBUG:
            self.stderr.write("DEBUG is on (queries are recorded); set DEBUG=0 for figures worth keeping.")
        conflict = Conflict.objects.filter(review_state="published").order_by("slug").first()
        urls = {
            "first page": "/api/v1/events/",
            "page at 90%": f"/api/v1/events/?cursor={cursor_at(0.9)}",
            "first page, -date": "/api/v1/events/?ordering=-date",
            "date_after=2020-01-01": "/api/v1/events/?date_after=2020-01-01",
            "date_before=2000-01-01": "/api/v1/events/?date_before=2000-01-01",
            "conflict filter": f"/api/v1/events/?conflict={conflict.slug}",
            "q=plotters (common)": "/api/v1/events/?q=plotters",
            "q='event 12' (~1%)": "/api/v1/events/?q=event%2012",
            "q=zzzz (no match)": "/api/v1/events/?q=zzzz",
        }
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost")
        rows = Event.objects.count()
        self.stdout.write(f"{rows} events on {connection.vendor}; median of {repeat} requests (50 rows each)")
        for name, url in urls.items():
            status = client.get(url).status_code  # warm the caches once
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:  # once more, for the SQL's share
                client.get(url)
            sql = sum(float(query["time"]) for query in queries.captured_queries) * 1000
            self.stdout.write(
                f"{name:24} {statistics.median(timings):8.1f} ms  (SQL {sql:7.1f} ms, HTTP {status})"
            )
