"""A conflict's timeline: the JSON rows (``conflicts_timeline``) and the HTML page that draws them.

On the seed data, on rows made for each shape a date can take, and at the trust boundary: a draft
is never a row, a lane or a byte of an anonymous answer.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from events import timeline as layout
from events.models import Event, Reaction
from project.records.base import ReviewState
from tests.factories import (
    cite,
    make_actor,
    make_conflict,
    make_document,
    make_event,
    make_reaction,
)
from tests.users import every, token_client, user_with

from .test_contract import check, openapi  # noqa: F401 (the committed spec, made strict)
from .test_query_counts import count_queries, is_cache_query

pytestmark = pytest.mark.django_db

CONFLICT = "2024-armenian-coup-attempt-allegations"


def json_url(slug: str) -> str:
    return f"/api/v1/conflicts/{slug}/timeline/"


def page_url(slug: str) -> str:
    return f"/conflicts/{slug}/timeline/"


def rows(api, slug: str) -> list[dict]:
    response = api.get(json_url(slug))
    assert response.status_code == 200, response.content
    return response.json()["rows"]


def by_slug(found: list[dict]) -> dict[str, dict]:
    return {row["slug"]: row for row in found}


def svg_marks(html: str) -> dict[str, str]:
    """Each mark's opening ``<a ...>`` tag in the page's SVG, by its record's slug."""
    return {slug: tag for tag, slug in re.findall(r'(<a class="row"[^>]*data-slug="([^"]+)"[^>]*>)', html)}


def mark_body(html: str, slug: str) -> str:
    """What one mark draws: its shape and label, up to the end of its link."""
    start = html.index(f'data-slug="{slug}"')
    return html[start : html.index("</a>", start)]


# --- the seed: the 2024 Armenian conflict ------------------------------------------------------


def test_the_seed_conflicts_rows_are_its_published_events_and_reactions_in_date_order(api, seed):
    found = rows(api, CONFLICT)
    events = Event.objects.filter(conflict__slug=CONFLICT, review_state=ReviewState.PUBLISHED)
    reactions = Reaction.objects.filter(conflict__slug=CONFLICT, review_state=ReviewState.PUBLISHED)
    expected = [("event", event) for event in events] + [("reaction", reaction) for reaction in reactions]
    expected.sort(
        key=lambda pair: (pair[1].date_earliest or pair[1].date_latest or datetime.date.max, pair[1].slug)
    )
    assert [(row["kind"], row["slug"]) for row in found] == [(kind, record.slug) for kind, record in expected]
    assert len(found) == 16  # 11 events and 5 reactions: every one of them is drawn
    for (kind, record), row in zip(expected, found, strict=True):
        assert row["date"] == record.date
        assert row["date_earliest"] == (record.date_earliest and record.date_earliest.isoformat())
        assert row["date_latest"] == (record.date_latest and record.date_latest.isoformat())
        assert [c["quote"] for c in row["citations"]] == sorted(
            (c.quote for c in record.citations.all()),
            key=lambda quote: record.citations.get(quote=quote).start,
        )
        assert row["url"] == f"http://testserver/api/v1/{kind}s/{record.slug}/"


def test_the_seed_rows_say_whose_word_each_is(api, seed):
    found = by_slug(rows(api, CONFLICT))
    announcement = found["government-of-armenia-announces-thwarted-coup"]
    assert announcement["alleged_via"] == "attributed_to"
    assert announcement["alleged_by"]["slug"] == "government-of-armenia"
    assert announcement["alleged_by"]["url"] == "http://testserver/api/v1/actors/government-of-armenia/"
    melvin = found["neil-melvin-doubts-the-evidence"]
    assert (melvin["kind"], melvin["alleged_via"], melvin["alleged_by"]["slug"]) == (
        "reaction",
        "actor",
        "neil-melvin",
    )
    blessing = found["arbat-battalion-blessed-by-armenian-apostolic-church"]
    assert (blessing["alleged_via"], blessing["alleged_by"], blessing["alleged_in"]) == ("source", None, None)


def test_the_seed_rows_carry_the_shape_of_their_dates(api, seed):
    found = by_slug(rows(api, CONFLICT))
    exact = found["government-of-armenia-announces-thwarted-coup"]
    assert (exact["date"], exact["date_earliest"], exact["date_latest"]) == (
        "2024-09-18",
        "2024-09-18",
        "2024-09-18",
    )
    assert not (exact["open_start"] or exact["open_end"] or exact["uncertain"])
    before = found["plot-falls-apart"]  # [..2024-09-18]: on or before
    assert (before["date_earliest"], before["date_latest"], before["open_start"], before["open_end"]) == (
        None,
        "2024-09-18",
        True,
        False,
    )
    after = found["three-plotters-arrested"]  # [2024-09-18..]: on or after
    assert (after["date_earliest"], after["date_latest"], after["open_start"], after["open_end"]) == (
        "2024-09-18",
        None,
        False,
        True,
    )
    undated = found["plotters-trained-in-russia"]
    assert (undated["date"], undated["date_earliest"], undated["date_latest"]) == ("", None, None)
    assert not (undated["open_start"] or undated["open_end"])


def test_the_answer_and_the_conflicts_link_match_the_spec(api, seed, openapi):  # noqa: F811
    check(openapi, api.get(json_url(CONFLICT)))
    detail = check(openapi, api.get(f"/api/v1/conflicts/{CONFLICT}/")).json()
    assert detail["timeline"] == f"http://testserver{page_url(CONFLICT)}"
    assert api.get(detail["timeline"]).status_code == 200
    assert api.get(json_url(CONFLICT)).json()["page"] == detail["timeline"]


def test_the_page_draws_every_row_and_tables_it(client, seed, api):
    found = rows(api, CONFLICT)
    response = client.get(page_url(CONFLICT))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert "<title>Timeline: 2024 Armenian coup attempt</title>" in html
    assert set(svg_marks(html)) == {row["slug"] for row in found}
    table = html[html.index("<table") :]
    assert re.findall(r'<tr data-slug="([^"]+)"', table) == [row["slug"] for row in found]
    for row in found:
        tag = svg_marks(html)[row["slug"]]
        assert f'href="{row["url"]}"' in tag
        for citation in row["citations"]:  # the cited words in the mark's title and in the table
            assert citation["quote"].replace('"', "&quot;") in mark_body(html, row["slug"])
    # Nothing is fetched from elsewhere: no script, no stylesheet link, no other host.
    assert "<script" not in html and "<link" not in html
    assert not re.search(r'(src|href)="https?://(?!testserver/)', html)


# --- shapes ------------------------------------------------------------------------------------


@pytest.fixture
def shapes():
    """One event per shape a date can take, each cited, in a conflict of their own."""
    document = make_document(
        text="Said on a day. Said in a month. Said about a day. Said since. Said before. Said."
    )
    conflict = make_conflict(slug="shapes")
    dates = {
        "a-day": ("2024-09-18", "Said on a day."),
        "a-month": ("2024-09", "Said in a month."),
        "about-a-day": ("2024-09-20~", "Said about a day."),
        "since": ("2024-09/..", "Said since."),
        "on-or-before": ("[..2024-08-30]", "Said before."),
        "undated": ("", "Said."),
    }
    for slug, (date, quote) in dates.items():
        make_event(slug=slug, conflict=conflict, date=date, summary=quote).citations.set(
            [cite(document, quote)]
        )
    return conflict


def test_each_date_shape_in_the_json(api, shapes):
    found = by_slug(rows(api, "shapes"))
    flags = {slug: (row["open_start"], row["open_end"], row["uncertain"]) for slug, row in found.items()}
    assert flags == {
        "a-day": (False, False, False),
        "a-month": (False, False, False),
        "about-a-day": (False, False, True),
        "since": (False, True, False),
        "on-or-before": (True, False, False),
        "undated": (False, False, False),
    }
    assert list(found) == ["on-or-before", "a-month", "since", "a-day", "about-a-day", "undated"]


def test_each_date_shape_on_the_page(client, shapes):
    html = client.get(page_url("shapes")).content.decode()
    marks = svg_marks(html)
    assert {slug: re.search(r'data-shape="(\w+)"', tag)[1] for slug, tag in marks.items()} == {
        "a-day": "point",
        "about-a-day": "point",
        "a-month": "bar",
        "since": "bar",
        "on-or-before": "bar",
        "undated": "point",
    }
    assert 'class="mark uncertain"' in mark_body(html, "about-a-day")
    assert "uncertain" not in mark_body(html, "a-day").split("<circle")[1]
    assert "url(#fade-end-" in mark_body(html, "since")
    assert "url(#fade-start-" in mark_body(html, "on-or-before")
    assert "url(#fade-" not in mark_body(html, "a-month")
    assert "mark undated" in mark_body(html, "undated")
    # The legend explains what is drawn: dashes, fading, hollow.
    for words in ("uncertain or approximate", "an open bound", "the source gives no date", "an exact day"):
        assert words in html


def test_a_month_is_a_bar_over_its_days_and_an_open_end_reaches_the_axis_edge(shapes, rf):
    timeline = layout.timeline(shapes, lambda queryset: queryset, rf.get("/"))
    marks = {row.slug: row.mark for row in timeline.rows}
    axis = layout.Axis.around(timeline.dated_rows)
    assert (marks["a-month"].x0, marks["a-month"].x1) == (
        axis.x(datetime.date(2024, 9, 1)),
        axis.x(datetime.date(2024, 10, 1)),
    )
    assert marks["since"].x1 == axis.right and marks["since"].fade == "end"
    assert marks["on-or-before"].x0 == axis.left and marks["on-or-before"].fade == "start"
    assert marks["a-day"].width == 2 * layout.POINT_RADIUS


# --- lanes -------------------------------------------------------------------------------------


def overlapping(marks) -> list[tuple]:
    """Pairs of marks in one lane whose extents (mark and label) touch."""
    return [
        (a, b)
        for i, a in enumerate(marks)
        for b in marks[i + 1 :]
        if a.lane == b.lane and a.left < b.right + layout.GAP and b.left < a.right + layout.GAP
    ]


def test_labels_in_one_lane_never_overlap_and_lanes_are_as_few_as_packing_allows():
    marks = [
        layout.Mark("point", x, x + 12, "x" * chars) for x, chars in [(10, 40), (20, 5), (300, 10), (40, 2)]
    ]
    lanes = layout.pack(marks)
    assert overlapping(marks) == []
    # The first mark's label reaches past the second and fourth, not the third.
    assert [mark.lane for mark in marks] == [0, 1, 0, 2] and lanes == 3


@given(
    st.lists(
        st.tuples(st.floats(0, 1000), st.floats(0, 200), st.integers(0, 60)),
        max_size=40,
    )
)
def test_packing_never_overlaps_and_uses_as_few_lanes_as_any_layout_could(spans):
    marks = [layout.Mark("bar", x, x + width, "x" * chars) for x, width, chars in spans]
    lanes = layout.pack(marks)
    assert overlapping(marks) == []
    # Marks that all cover one spot (with the gap) need a lane each: no layout has fewer lanes
    # than the most such marks, and greedy packing from the left has no more.
    crowd = max((sum(m.left <= spot.left < m.right + layout.GAP for m in marks) for spot in marks), default=0)
    assert lanes == crowd


def test_the_seed_layout_has_no_overlapping_labels(seed, rf):
    from events.models import Conflict

    timeline = layout.timeline(Conflict.objects.get(slug=CONFLICT), lambda queryset: queryset, rf.get("/"))
    assert overlapping([row.mark for row in timeline.dated_rows]) == []
    assert overlapping([row.mark for row in timeline.undated_rows]) == []
    assert all(layout.MARGIN <= row.mark.left and row.mark.right <= layout.WIDTH for row in timeline.rows)


def test_the_json_lanes_are_the_pages(api, client, seed):
    found = rows(api, CONFLICT)
    html = client.get(page_url(CONFLICT)).content.decode()
    label_y = {
        slug: float(re.search(r'<text class="label"[^>]*y="([\d.]+)"', mark_body(html, slug))[1])
        for slug in svg_marks(html)
    }
    dated = [row for row in found if row["date"]]
    assert len({row["lane"] for row in dated}) > 1
    for row in dated:
        assert (
            label_y[row["slug"]] == layout.AXIS_TOP + 14 + row["lane"] * layout.LANE_HEIGHT + layout.LABEL_Y
        )


@pytest.mark.parametrize("date", ["0001/..", "9999-12-31", "../0001-01-01", "0001/9999"])
def test_dates_at_the_calendars_ends_are_drawn(api, client, date):
    conflict = make_conflict(slug="edges")
    make_event(conflict=conflict, date=date)
    assert api.get(json_url("edges")).status_code == 200
    assert client.get(page_url("edges")).status_code == 200


# --- the trust boundary ------------------------------------------------------------------------


def test_an_anonymous_answer_is_the_same_bytes_with_or_without_a_draft(api, client, seed):
    before = {url: api.get(url) for url in (json_url(CONFLICT), page_url(CONFLICT))}
    make_draft()
    for url, answer in before.items():
        again = api.get(url)
        assert again.content == answer.content, url
        assert b"Someone Unnamed" not in again.content and b"draft-allegation" not in again.content
        assert again["ETag"] == answer["ETag"]  # draft work leaves anonymous tags as they were
        assert api.get(url, HTTP_IF_NONE_MATCH=answer["ETag"]).status_code == 304


def make_draft() -> Event:
    """A draft allegation in the seed conflict, cited, naming a draft actor, and a draft reaction."""
    from events.models import Conflict

    document = make_document(text="A secret plot by Someone Unnamed.", review_state="draft")
    actor = make_actor(slug="someone-unnamed", name="Someone Unnamed", review_state="draft")
    event = make_event(
        slug="draft-allegation",
        summary="Someone Unnamed plotted.",
        conflict=Conflict.objects.get(slug=CONFLICT),
        date="2024-09-19",
        attributed_to=actor,
        review_state="draft",
    )
    event.citations.set([cite(document, "A secret plot by Someone Unnamed.")])
    Reaction.objects.create(
        slug="draft-reaction", summary="Someone Unnamed denied.", conflict=event.conflict, actor=actor
    )
    return event


def test_a_curator_who_may_view_drafts_sees_them_in_the_json_as_in_a_conflicts_sides(api, seed):
    make_draft()
    curator = token_client(user_with("viewer", every("view")))
    found = by_slug(rows(curator, CONFLICT))
    assert {"draft-allegation", "draft-reaction"} <= set(found)
    assert found["draft-allegation"]["alleged_by"]["slug"] == "someone-unnamed"
    # Like the conflict's own detail, whose sides follow the caller.
    assert curator.get(f"/api/v1/conflicts/{CONFLICT}/").status_code == 200
    # Without the view permission of conflicts, or of events, a token sees published rows only.
    for permissions in (["events.view_event", "events.view_reaction"], ["events.view_conflict"]):
        other = token_client(user_with("-".join(permissions), permissions))
        assert not {"draft-allegation", "draft-reaction"} & set(by_slug(rows(other, CONFLICT))), permissions


def test_the_page_never_shows_a_draft_whoever_asks(client, seed):
    make_draft()
    client.force_login(User.objects.create_superuser("chief", "chief@example.org", "password"))
    html = client.get(page_url(CONFLICT)).content.decode()
    assert "Someone Unnamed" not in html and "draft-allegation" not in html and "draft-reaction" not in html


def test_a_draft_or_unknown_conflict_is_a_404(api, client):
    make_conflict(slug="draft-conflict", review_state="draft")
    for slug in ("draft-conflict", "no-such-conflict"):
        response = api.get(json_url(slug))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        page = client.get(page_url(slug))
        assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
        assert b"draft-conflict" not in page.content
    assert client.get("/conflicts/not%20a%20slug/timeline/").status_code == 404


def test_a_curator_reaches_a_draft_conflicts_timeline_in_the_json_only(client):
    conflict = make_conflict(slug="draft-conflict", review_state="draft")
    make_event(slug="its-draft-event", conflict=conflict, review_state="draft")
    curator = token_client(user_with("viewer", every("view")))
    assert [row["slug"] for row in rows(curator, "draft-conflict")] == ["its-draft-event"]
    client.force_login(User.objects.get(username="viewer"))
    assert client.get(page_url("draft-conflict")).status_code == 404


def test_a_bad_parameter_is_a_400_naming_it(api):
    make_conflict(slug="one")
    response = api.get(json_url("one") + "?lanes=3")
    assert response.status_code == 400 and "lanes" in response.json()["errors"]


# --- queries and caching -----------------------------------------------------------------------


def populate(conflict, size: int) -> None:
    document = make_document(text=" ".join(f"Quote {n}." for n in range(size)))
    for n in range(size):
        actor = make_actor()
        citation = cite(document, f"Quote {n}.")
        make_event(conflict=conflict, date=f"20{10 + n % 15}", attributed_to=actor).citations.set([citation])
        reaction = make_reaction(conflict=conflict, date=f"2024-0{1 + n % 9}")
        reaction.signatories.set([actor, make_actor()])
        reaction.citations.set([citation])


def test_the_json_and_the_page_run_a_fixed_number_of_queries(api, client):
    small, large = make_conflict(slug="small"), make_conflict(slug="large")
    populate(small, 1)
    populate(large, 25)
    # The conflict, its events, their citations, its reactions, their signatories, their citations.
    assert count_queries(api, json_url("small")) == count_queries(api, json_url("large")) == 6
    for slug in ("small", "large"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page_url(slug)).status_code == 200
        assert sum(not is_cache_query(query["sql"]) for query in queries.captured_queries) == 6, slug


@pytest.mark.parametrize("url", [json_url("one"), page_url("one")])
def test_a_304_reads_no_data_and_a_public_write_makes_the_tag_stale(api, url):
    conflict = make_conflict(slug="one")
    event = make_event(conflict=conflict, date="2024", summary="Before.")
    first = api.get(url)
    assert first.status_code == 200 and first["ETag"]
    with CaptureQueriesContext(connection) as queries:
        again = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    assert [q["sql"] for q in queries.captured_queries if not is_cache_query(q["sql"])] == []
    event.summary = "After."
    event.save()
    changed = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and b"After." in changed.content
    assert changed["ETag"] != first["ETag"]


def test_the_json_tag_is_not_the_detail_tag(api):
    make_conflict(slug="one")
    assert api.get(json_url("one"))["ETag"] != api.get("/api/v1/conflicts/one/")["ETag"]


def test_hot_pages_keep_the_json_for_anonymous_callers(api, settings):
    settings.PAGE_CACHE_SECONDS = 60
    conflict = make_conflict(slug="one")
    make_event(conflict=conflict, date="2024")
    first = api.get(json_url("one"))
    with CaptureQueriesContext(connection) as queries:
        kept = api.get(json_url("one"))
    assert kept.content == first.content
    assert [q["sql"] for q in queries.captured_queries if not is_cache_query(q["sql"])] == []
