"""The floor of the benchmark: the API's pages built by hand, mounted by the bench settings only.

Each view reads the same rows as the API with hand-written ``values()`` queries (the page with
its joined brief columns, then one query per nested list), builds the same JSON (the same keys
and values; tests/bench checks it equals the API's ``results``) and writes it with orjson. No
DRF, no filter sets, no serializers, no model instances, no throttle, no ETag. What the API costs
above this is what its framework path costs.
"""

from collections import defaultdict
from types import SimpleNamespace

import orjson
from django.db.models import Q
from django.http import Http404, HttpResponse, StreamingHttpResponse

from actors.models import Combatant, Commander
from events.filtersets import event_text_matches
from events.models import Conflict, Event, Loss, Reaction
from project.api.pagination import KeysetPagination, RowComparison, page_body
from project.records.dates import DATE_SORT_KEYS

from .rows import (
    ALLEGED_IN,
    DATED,
    PUBLISHED,
    RECORD,
    Links,
    alleged_in,
    citations,
    csv_page,
    dated,
    record_fields,
    related_briefs,
)

PAGE = 50


def page_size(request) -> int:
    """``page_size`` (for the tests that compare pages; the bench sends none, and no bad one)."""
    return int(request.GET.get("page_size", PAGE))


def json_page(request, results: list, next_link: str | None, next_cursor: str | None) -> HttpResponse:
    body = orjson.dumps(page_body(next_link, None, next_cursor, None, results))
    return HttpResponse(body, content_type="application/json")


# The sort keys of the default order, as the API's cursors name them.
DATE_KEYS = [("sort_date", False), ("slug", False)]


def api_cursor(resource: str, row: dict) -> str:
    """The cursor the API issues for the rows after ``row`` (its ``next_cursor``): the same bytes."""
    pagination = KeysetPagination()
    pagination.resource = resource
    return pagination.encode_cursor(SimpleNamespace(**row), DATE_KEYS, False)


def dated_page(
    request, queryset, columns: list[str], size: int = PAGE, after: tuple | None = None, resource: str = ""
):
    """One page of a dated list in the default order (the API's ``date`` ordering), with the
    same overlap filters and ``q``; ``after_date``/``after_slug`` (or ``after``) seek past a row.
    Returns the rows, the next link and the API's cursor for it (``resource`` names the list)."""
    params = request.GET
    if params.get("date_after"):
        queryset = queryset.filter(
            Q(date_latest__gte=params["date_after"])
            | Q(date_latest__isnull=True, date_earliest__isnull=False)
        )
    if params.get("date_before"):
        queryset = queryset.filter(
            Q(date_earliest__lte=params["date_before"])
            | Q(date_earliest__isnull=True, date_latest__isnull=False)
        )
    queryset = queryset.annotate(sort_date=DATE_SORT_KEYS["sort_date"]).order_by("sort_date", "slug")
    if after is None and params.get("after_slug"):
        after = (params["after_date"], params["after_slug"])
    if after is not None:
        queryset = queryset.filter(RowComparison(["sort_date", "slug"], True, list(after)))
    rows = list(queryset.values(*columns, "sort_date")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_link = next_cursor = None
    if more:
        last = rows[-1]
        next_link = request.build_absolute_uri(
            f"{request.path}?after_date={last['sort_date'].isoformat()}&after_slug={last['slug']}"
        )
        next_cursor = api_cursor(resource, {"sort_date": last["sort_date"], "slug": last["slug"]})
    return rows, next_link, next_cursor


EVENT_COLUMNS = [
    "id", "slug", "summary", "kind", "topic", *DATED, *RECORD,
    "conflict__slug", "conflict__name", "place__slug", "place__name",
    "attributed_to__slug", "attributed_to__name", *ALLEGED_IN,
]  # fmt: skip


def event_rows(request, size: int = PAGE, after: tuple | None = None, slug: str | None = None):
    """A page of events as the API shows them, its next link, and the sort key of its last row
    when more follow (None on the last page); with ``slug``, that one event."""
    queryset = Event.objects.filter(review_state=PUBLISHED)
    if slug is not None:
        queryset = queryset.filter(slug=slug)
    if request.GET.get("conflict"):
        queryset = queryset.filter(conflict__slug=request.GET["conflict"])
    if request.GET.get("q"):
        queryset = queryset.filter(event_text_matches(request.GET["q"]))  # the API's query
    rows, next_link, next_cursor = dated_page(request, queryset, EVENT_COLUMNS, size, after, "event")
    links = Links(request)
    ids = [row["id"] for row in rows]
    actors = related_briefs(links, Event.actors.through, "event", "actor", "actors", ids)
    cited = citations(links, Event, "event", ids)
    results = [
        {
            **links.brief("events", row["slug"], row["summary"]),
            "conflict": links.brief("conflicts", row["conflict__slug"], row["conflict__name"]),
            "kind": row["kind"],
            "topic": row["topic"],
            "summary": row["summary"],
            **dated(row),
            "place": links.brief("places", row["place__slug"], row["place__name"]),
            "actors": actors[row["id"]],
            "attributed_to": links.brief("actors", row["attributed_to__slug"], row["attributed_to__name"]),
            "alleged_in": alleged_in(links, row),
            "citations": cited[row["id"]],
            **record_fields(row),
        }
        for row in rows
    ]
    last = (rows[-1]["sort_date"], rows[-1]["slug"]) if next_link else None
    return results, (next_link, next_cursor), last


def events(request):
    results, (next_link, next_cursor), _ = event_rows(request, page_size(request))
    if request.GET.get("format") == "csv":
        return csv_page(results)
    return json_page(request, results, next_link, next_cursor)


def event(request, slug):
    """An event's detail: the list's item (the API's detail has the same fields)."""
    results, _, _ = event_rows(request, 1, slug=slug)
    if not results:
        raise Http404
    return HttpResponse(orjson.dumps(results[0]), content_type="application/json")


EXPORT_CHUNK = 500  # as the API's exports read


def events_export(request):
    """The bare loop an export is measured against: every event, a keyset chunk at a time,
    written as JSON Lines with orjson."""

    def lines():
        after = None
        while True:
            results, _, after = event_rows(request, EXPORT_CHUNK, after)
            yield b"".join(orjson.dumps(result) + b"\n" for result in results)
            if after is None:
                return

    return StreamingHttpResponse(lines(), content_type="text/jsonl; charset=utf-8")


REACTION_COLUMNS = [
    "id", "slug", "summary", "quote", "kind", "stance", *DATED, *RECORD,
    "conflict__slug", "conflict__name", "actor__slug", "actor__name", "document__slug", "document__title",
    "responds_to__slug", "responds_to__summary",
]  # fmt: skip


def reactions(request):
    rows, next_link, next_cursor = dated_page(
        request,
        Reaction.objects.filter(review_state=PUBLISHED),
        REACTION_COLUMNS,
        page_size(request),
        resource="reaction",
    )
    links = Links(request)
    ids = [row["id"] for row in rows]
    signatories = related_briefs(links, Reaction.signatories.through, "reaction", "actor", "actors", ids)
    cited = citations(links, Reaction, "reaction", ids)
    demands = defaultdict(list)
    for reaction_id, slug, number, text in (
        Reaction.demands.rel.related_model.objects.filter(reaction_id__in=ids, review_state=PUBLISHED)
        .order_by("number")
        .values_list("reaction_id", "slug", "number", "text")
    ):
        demands[reaction_id].append(links.brief("demands", slug, f"{number}. {text}"))
    results = [
        {
            **links.brief("reactions", row["slug"], row["summary"] or row["quote"]),
            "conflict": links.brief("conflicts", row["conflict__slug"], row["conflict__name"]),
            "actor": links.brief("actors", row["actor__slug"], row["actor__name"]),
            "signatories": signatories[row["id"]],
            "kind": row["kind"],
            "stance": row["stance"],
            "summary": row["summary"],
            "quote": row["quote"],
            **dated(row),
            "document": links.brief("documents", row["document__slug"], row["document__title"]),
            "responds_to": links.brief("events", row["responds_to__slug"], row["responds_to__summary"]),
            "demands": demands[row["id"]],
            "citations": cited[row["id"]],
            **record_fields(row),
        }
        for row in rows
    ]
    return json_page(request, results, next_link, next_cursor)


CONFLICT_COLUMNS = [
    "id", "slug", "name", "article_title", "kind", "status", "result", "description", *DATED, *RECORD,
    "status_alleged_by__slug", "status_alleged_by__name", "parent__slug", "parent__name",
    "related_topics",
]  # fmt: skip


def conflict(request, slug):
    row = Conflict.objects.filter(review_state=PUBLISHED, slug=slug).values(*CONFLICT_COLUMNS).first()
    if row is None:
        raise Http404
    links = Links(request)
    ids = [row["id"]]
    me = links.brief("conflicts", row["slug"], row["name"])
    sides = defaultdict(lambda: {"combatants": [], "commanders": [], "losses": []})
    combatants = list(
        Combatant.objects.filter(conflict_id=row["id"], review_state=PUBLISHED)
        .order_by("side", "slug")
        .values(
            "id",
            "slug",
            "side",
            "role",
            *RECORD,
            "actor__slug",
            "actor__name",
            "alleged_by__slug",
            "alleged_by__name",
            *ALLEGED_IN,
        )
    )
    commanders = list(
        Commander.objects.filter(conflict_id=row["id"], review_state=PUBLISHED)
        .order_by("side", "slug")
        .values(
            "id",
            "slug",
            "side",
            "title",
            *RECORD,
            "actor__slug",
            "actor__name",
            "combatant__slug",
            "combatant__actor__name",
            "alleged_by__slug",
            "alleged_by__name",
            *ALLEGED_IN,
        )  # fmt: skip
    )
    losses = list(
        Loss.objects.filter(conflict_id=row["id"], review_state=PUBLISHED)
        .order_by("side", "slug")
        .values("id", "slug", "side", "kind", "count", "description", "curator_note")
    )
    combatant_citations = citations(links, Combatant, "combatant", [c["id"] for c in combatants])
    commander_citations = citations(links, Commander, "commander", [c["id"] for c in commanders])
    loss_citations = citations(links, Loss, "loss", [loss["id"] for loss in losses])
    for c in combatants:
        sides[c["side"]]["combatants"].append(
            {
                **links.brief("combatants", c["slug"], c["actor__name"]),
                "conflict": me,
                "actor": links.brief("actors", c["actor__slug"], c["actor__name"]),
                "side": c["side"],
                "role": c["role"],
                "alleged_by": links.brief("actors", c["alleged_by__slug"], c["alleged_by__name"]),
                "alleged_in": alleged_in(links, c),
                "citations": combatant_citations[c["id"]],
                **record_fields(c),
            }
        )
    for c in commanders:
        sides[c["side"]]["commanders"].append(
            {
                **links.brief("commanders", c["slug"], c["actor__name"]),
                "conflict": me,
                "actor": links.brief("actors", c["actor__slug"], c["actor__name"]),
                "side": c["side"],
                "combatant": links.brief("combatants", c["combatant__slug"], c["combatant__actor__name"]),
                "title": c["title"],
                "alleged_by": links.brief("actors", c["alleged_by__slug"], c["alleged_by__name"]),
                "alleged_in": alleged_in(links, c),
                "citations": commander_citations[c["id"]],
                **record_fields(c),
            }
        )
    for loss in losses:
        sides[loss["side"]]["losses"].append(
            {
                **{k: loss[k] for k in ("slug", "side", "kind", "count", "description")},
                "citations": loss_citations[loss["id"]],
                "curator_note": loss["curator_note"],
            }
        )
    related = related_briefs(
        links, Conflict.related.through, "from_conflict", "to_conflict", "conflicts", ids
    )[row["id"]]
    children = [
        links.brief("conflicts", slug, name)
        for slug, name in Conflict.objects.filter(parent_id=row["id"], review_state=PUBLISHED)
        .order_by("slug")
        .values_list("slug", "name")
    ]
    places = related_briefs(links, Conflict.places.through, "conflict", "place", "places", ids)[row["id"]]
    body = {
        **me,
        **{key: row[key] for key in ("article_title", "kind", "status")},
        "status_alleged_by": links.brief(
            "actors", row["status_alleged_by__slug"], row["status_alleged_by__name"]
        ),
        "result": row["result"],
        "description": row["description"],
        **dated(row),
        "places": places,
        "parent": links.brief("conflicts", row["parent__slug"], row["parent__name"]),
        "citations": citations(links, Conflict, "conflict", ids)[row["id"]],
        **record_fields(row),
        "sides": [{"side": side, **sides[side]} for side in sorted(sides)],
        "related": related,
        "related_topics": row["related_topics"],
        "children": children,
        "timeline": request.build_absolute_uri(f"/conflicts/{row['slug']}/timeline/"),
    }
    return HttpResponse(orjson.dumps(body), content_type="application/json")
