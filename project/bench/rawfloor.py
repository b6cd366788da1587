"""The stricter floor: the events list and an event's detail in raw SQL, mounted by the bench only.

Where ``floor.py`` still builds its queries with ``values()``, this one writes them out by hand
and runs them on a DB-API cursor (``django.db.connection.cursor()``): one query for the page with
its joined brief columns (conflict, place, attributed_to, alleged_in) in the API's order, one
for the page's actors and one for its citations, then dicts encoded with orjson. No queryset, no
model instance, no DRF, no filter set, no throttle; the middleware is the site's (the bench
settings' ``MIDDLEWARE``), as for the API. tests/bench checks that its ``results`` equal the API's
on SQLite and PostgreSQL. It serves what the bench measures and no more: the first page,
``conflict`` and ``date_after``/``date_before``, the page after a row (``after_date`` and
``after_slug``, as the floor's next links), ``page_size`` for the tests, and the detail.
"""

import datetime
from collections import defaultdict

import orjson
from django.db import connection
from django.http import Http404, HttpResponse

from project.api.pagination import page_body

from .floor import PAGE, api_cursor

# The API's default order: the date's sort key (its earliest bound, else its latest, undated
# last), then the slug; written as the models' index on it is, so the database seeks that index.
SORT_DATE = "COALESCE(e.date_earliest, e.date_latest, '9999-12-31')"

SELECT = f"""
SELECT e.id, e.slug, e.summary, e.kind, e.topic, e.date, e.date_earliest, e.date_latest,
       e.date_basis, e.curator_note, e.review_state, e.version, e.created, e.updated,
       c.slug, c.name, p.slug, p.name, a.slug, a.name, r.slug, r.summary, r.quote,
       {SORT_DATE} AS sort_date
FROM events_event e
LEFT JOIN events_conflict c ON c.id = e.conflict_id
LEFT JOIN events_place p ON p.id = e.place_id
LEFT JOIN actors_actor a ON a.id = e.attributed_to_id
LEFT JOIN events_reaction r ON r.id = e.alleged_in_id
WHERE e.review_state = 'published'
"""

ACTORS = """
SELECT t.event_id, a.slug, a.name
FROM events_event_actors t JOIN actors_actor a ON a.id = t.actor_id
WHERE t.event_id IN ({ids})
ORDER BY a.slug
"""

CITATIONS = """
SELECT t.event_id, d.slug, d.title, c.start, c."end", c.quote
FROM events_event_citations t
JOIN documents_citation c ON c.id = t.citation_id
JOIN documents_document d ON d.id = c.document_id
WHERE t.event_id IN ({ids})
ORDER BY d.slug, c.start, c."end"
"""


def day(value) -> datetime.date | None:
    """A date column as a date (SQLite's cursor gives an expression's value as text)."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def moment(value: datetime.datetime) -> str:
    """A timestamp as the API writes it: UTC with a Z (SQLite's cursor gives it naive, in UTC)."""
    text = value.isoformat()
    if value.tzinfo is None:
        return text + "Z"
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def page_rows(params, size: int) -> list[tuple]:
    """Up to ``size`` + 1 rows of the page ``params`` ask for, in the API's order."""
    sql, args = [SELECT], []
    as_date = connection.ops.adapt_datefield_value
    if params.get("slug"):
        sql.append("AND e.slug = %s")
        args.append(params["slug"])
    if params.get("conflict"):
        # The conflict's id first, so the database seeks the (conflict, state, date, slug) index.
        sql.append("AND e.conflict_id = (SELECT id FROM events_conflict WHERE slug = %s)")
        args.append(params["conflict"])
    if params.get("date_after"):
        sql.append("AND (e.date_latest >= %s OR (e.date_latest IS NULL AND e.date_earliest IS NOT NULL))")
        args.append(as_date(datetime.date.fromisoformat(params["date_after"])))
    if params.get("date_before"):
        sql.append("AND (e.date_earliest <= %s OR (e.date_earliest IS NULL AND e.date_latest IS NOT NULL))")
        args.append(as_date(datetime.date.fromisoformat(params["date_before"])))
    if params.get("after_slug"):
        # The leading key's own range too: SQLite seeks an expression index on a plain
        # comparison, not on a row comparison (as project.api.pagination.RowComparison does).
        after = as_date(datetime.date.fromisoformat(params["after_date"]))
        sql.append(f"AND {SORT_DATE} >= %s AND ({SORT_DATE}, e.slug) > (%s, %s)")
        args += [after, after, params["after_slug"]]
    sql.append(f"ORDER BY {SORT_DATE}, e.slug LIMIT %s")
    args.append(size + 1)
    with connection.cursor() as cursor:
        cursor.execute("\n".join(sql), args)
        return cursor.fetchall()


def nested(sql: str, ids: list) -> list[tuple]:
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql.format(ids=", ".join(["%s"] * len(ids))), ids)
        return cursor.fetchall()


def results(request, rows: list[tuple]) -> list[dict]:
    """The API's JSON for these events (EventSerializer's keys, values and order)."""
    root = request.build_absolute_uri("/api/v1/")

    def brief(resource, slug, name):
        return None if slug is None else {"slug": slug, "name": name, "url": f"{root}{resource}/{slug}/"}

    ids = [row[0] for row in rows]
    actors = defaultdict(list)
    for event_id, slug, name in nested(ACTORS, ids):
        actors[event_id].append(brief("actors", slug, name))
    cited = defaultdict(list)
    for event_id, slug, title, start, end, quote in nested(CITATIONS, ids):
        cited[event_id].append(
            {"document": brief("documents", slug, title), "start": start, "end": end, "quote": quote}
        )
    return [
        {
            **brief("events", slug, summary),
            "conflict": brief("conflicts", conflict_slug, conflict_name),
            "kind": kind,
            "topic": topic,
            "summary": summary,
            "date": date,
            "date_earliest": None if earliest is None else day(earliest).isoformat(),
            "date_latest": None if latest is None else day(latest).isoformat(),
            "date_basis": basis,
            "place": brief("places", place_slug, place_name),
            "actors": actors[event_id],
            "attributed_to": brief("actors", actor_slug, actor_name),
            "alleged_in": brief("reactions", reaction_slug, reaction_summary or reaction_quote),
            "citations": cited[event_id],
            "curator_note": note,
            "review_state": state,
            "version": version,
            "created": moment(created),
            "updated": moment(updated),
        }
        for (
            event_id, slug, summary, kind, topic, date, earliest, latest, basis, note, state, version,
            created, updated, conflict_slug, conflict_name, place_slug, place_name, actor_slug,
            actor_name, reaction_slug, reaction_summary, reaction_quote, _,
        ) in rows
    ]  # fmt: skip


def events(request):
    params = request.GET
    size = int(params.get("page_size", PAGE))
    rows = page_rows(params, size)
    more = len(rows) > size
    rows = rows[:size]
    next_link = next_cursor = None
    if more:
        sort_date, slug = day(rows[-1][-1]), rows[-1][1]
        next_link = request.build_absolute_uri(
            f"{request.path}?after_date={sort_date.isoformat()}&after_slug={slug}"
        )
        next_cursor = api_cursor("event", {"sort_date": sort_date, "slug": slug})
    body = page_body(next_link, None, next_cursor, None, results(request, rows))
    return HttpResponse(orjson.dumps(body), content_type="application/json")


def event(request, slug):
    rows = page_rows({"slug": slug}, 1)
    if not rows:
        raise Http404
    return HttpResponse(orjson.dumps(results(request, rows)[0]), content_type="application/json")
