"""Make a database ready for the benchmark and print the scenarios' parameters as JSON.

    DATABASE_URL=... python -m project.bench.prepare --events N

Migrates, creates the cache table, writes N synthetic events (``synth``, seed 1) into an empty
database or reuses one that already holds N or more, runs ANALYZE (VACUUM and ANALYZE on
PostgreSQL: a database ``synth`` has just written holds a dead version of every event until
autovacuum comes round, and pages read at depth would pay for it), and prints what the
scenarios need: a conflict with many events, the cursor of the row at 90% depth of the events
list (and the same position for the floor).
"""

import argparse
import json
import os
import sys
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, required=True)
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.bench.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from events.models import Conflict, Event
    from project.api.pagination import KeysetPagination
    from project.records.dates import DATE_SORT_KEYS

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    present = Event.objects.count()
    started = time.perf_counter()
    if present == 0:
        call_command("synth", events=options.events, seed=1, verbosity=0)
    elif present < options.events:
        sys.stderr.write(
            f"the database holds {present} events, fewer than {options.events}: give an empty one\n"
        )
        return 2
    built = time.perf_counter() - started
    with connection.cursor() as cursor:  # autocommit: VACUUM runs outside a transaction
        cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")
    published = Event.objects.filter(review_state="published")
    total = published.count()
    conflict = (
        Conflict.objects.filter(review_state="published")
        .annotate(n=Count("events"))
        .order_by("-n", "slug")
        .values_list("slug", flat=True)
        .first()
    )
    row = (
        published.annotate(sort_date=DATE_SORT_KEYS["sort_date"])
        .order_by("sort_date", "slug")
        .values("sort_date", "slug")[int(total * 0.9)]
    )
    pagination = KeysetPagination()
    pagination.resource = "event"
    cursor = pagination.encode_cursor(
        type("Row", (), {"sort_date": row["sort_date"], "slug": row["slug"]}),
        [("sort_date", False), ("slug", False)],
        False,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as db:
            db.execute("SHOW server_version")
            version = "PostgreSQL " + db.fetchone()[0].split()[0]
    else:
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version}"
    print(
        json.dumps(
            {
                "events": total,
                "built_seconds": round(built, 1) if present == 0 else None,
                "database": version,
                "conflict": conflict,
                "cursor": cursor,
                "after_date": row["sort_date"].isoformat(),
                "after_slug": row["slug"],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
