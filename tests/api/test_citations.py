"""/api/v1/citations/: every cited span and the records citing it, behind the trust boundary."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import cite, make_conflict, make_document, make_event, published
from tests.users import every, token_client, user_with

from .conftest import walk
from .test_query_counts import EXPECTED, count_queries

pytestmark = pytest.mark.django_db

TEXT = "On 18 September 2024 the plot was announced. Three were arrested. The plot was denied."


@pytest.fixture
def curator():
    return token_client(user_with("curator", every("view")))


@pytest.fixture
def world():
    """A published span cited by a published event and a draft one; a span only a draft cites;
    a span a loss cites; a span nothing cites."""
    document = make_document(slug="report", title="The report", text=TEXT)
    announced, arrested, denied, plot = (
        cite(document, quote)
        for quote in ("the plot was announced", "Three were arrested", "The plot was denied", "plot")
    )
    public = make_event(slug="public-event")
    public.citations.add(announced)
    draft = make_event(slug="secret-draft", review_state="draft")
    draft.citations.add(announced, denied)
    conflict = make_conflict(slug="the-plot")
    loss = conflict.losses.create(
        **published({"slug": "the-plot-loss", "side": 1, "kind": "arrested", "description": "Three arrested"})
    )
    loss.citations.add(arrested)
    return {"announced": announced, "arrested": arrested, "denied": denied, "uncited": plot}


def quotes(rows) -> list[str]:
    return [row["quote"] for row in rows]


def test_the_public_sees_spans_published_records_cite_and_only_those_records(api, world):
    rows = walk(api, "/api/v1/citations/")
    assert quotes(rows) == ["the plot was announced", "Three were arrested"]
    [announced, arrested] = rows
    assert announced["cited_by"] == [
        {"type": "event", "slug": "public-event", "url": "http://testserver/api/v1/events/public-event/"}
    ]
    assert announced["document"] == {
        "slug": "report",
        "name": "The report",
        "url": "http://testserver/api/v1/documents/report/",
    }
    assert TEXT[announced["start"] : announced["end"]] == announced["quote"]
    # A loss has no endpoint of its own: it links to its conflict, which lists it.
    assert arrested["cited_by"] == [
        {"type": "loss", "slug": "the-plot-loss", "url": "http://testserver/api/v1/conflicts/the-plot/"}
    ]
    assert api.get(announced["url"]).json() == announced
    body = api.get("/api/v1/citations/?page_size=500").content.decode()
    assert "secret-draft" not in body and "denied" not in body


def test_a_span_only_drafts_cite_is_a_404_and_in_no_filter(api, world):
    hidden = world["denied"].pk
    assert api.get(f"/api/v1/citations/{hidden}/").status_code == 404
    assert api.get(f"/api/v1/citations/{world['uncited'].pk}/").status_code == 404
    assert api.get(f"/api/v1/citations/{hidden}/").json() == api.get("/api/v1/citations/999999/").json()
    for query in ({"q": "denied"}, {"document": "report", "q": "plot was"}, {"document": "report"}):
        found = walk(api, "/api/v1/citations/?" + "&".join(f"{k}={v}" for k, v in query.items()))
        assert "The plot was denied" not in quotes(found), query
    csv = b"".join(api.get("/api/v1/citations/export.csv").streaming_content).decode()
    assert "the plot was announced" in csv and "public-event" in csv
    assert "denied" not in csv and "secret-draft" not in csv


def test_a_curator_who_may_view_drafts_sees_every_span_and_draft_citer(curator, world):
    rows = walk(curator, "/api/v1/citations/")
    assert quotes(rows) == ["the plot was announced", "plot", "Three were arrested", "The plot was denied"]
    assert [record["slug"] for record in rows[0]["cited_by"]] == ["public-event", "secret-draft"]
    assert curator.get(f"/api/v1/citations/{world['denied'].pk}/").json()["cited_by"][0]["slug"] == (
        "secret-draft"
    )


def test_a_token_without_the_view_permission_is_anonymous_here(world):
    outsider = token_client(user_with("outsider", ["events.view_event"]))
    rows = walk(outsider, "/api/v1/citations/")
    assert quotes(rows) == ["the plot was announced", "Three were arrested"]
    assert [record["slug"] for record in rows[0]["cited_by"]] == ["public-event"]


def test_filters_by_document_and_by_words_of_the_quote(api, world):
    other = make_document(slug="other", text="Another plot was announced elsewhere.")
    make_event(slug="other-event").citations.add(cite(other, "plot was announced"))
    assert quotes(walk(api, "/api/v1/citations/?document=other")) == ["plot was announced"]
    assert quotes(walk(api, "/api/v1/citations/?document=report")) == [
        "the plot was announced",
        "Three were arrested",
    ]
    both = walk(api, "/api/v1/citations/?document=report&document=other")
    assert len(both) == 3
    # Case-insensitive substring, with the trigram table on SQLite and without (two letters).
    assert quotes(walk(api, "/api/v1/citations/?q=PLOT WAS")) == [
        "the plot was announced",
        "plot was announced",
    ]
    assert quotes(walk(api, "/api/v1/citations/?q=ee")) == ["Three were arrested"]
    assert quotes(walk(api, "/api/v1/citations/?q=WAS&document=other")) == ["plot was announced"]
    ordered = quotes(walk(api, "/api/v1/citations/?ordering=-position"))
    assert ordered == ["plot was announced", "Three were arrested", "the plot was announced"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("document=never-existed", "document"),
        ("document=", "document"),
        ("ordering=quote", "ordering"),
        ("q=" + "x" * 201, "q"),
        ("quote=plot", "quote"),
        ("review_state=draft", "review_state"),
        ("page_size=0", "page_size"),
        ("cursor=garbage", "cursor"),
        ("q=a&q=b", "q"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(api, world, query, parameter):
    response = api.get(f"/api/v1/citations/?{query}")
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [parameter]


def test_a_draft_document_is_an_unknown_one_for_the_public(api, world):
    make_document(slug="draft-document", text="Drafted words.", review_state="draft")
    unknown = api.get("/api/v1/citations/?document=never-existed")
    hidden = api.get("/api/v1/citations/?document=draft-document")
    assert hidden.status_code == unknown.status_code == 400
    assert hidden.content.decode().replace("draft-document", "never-existed") == unknown.content.decode()


def test_an_id_no_citation_can_have_is_a_404_not_a_500(api, world):
    for path in ("99999999999999999999", "-1", "1.0", "abc"):
        assert api.get(f"/api/v1/citations/{path}/").status_code == 404, path
    assert api.get("/api/v1/citations/999999999999999999/").status_code == 404


def test_pages_walk_every_span_once(api, world):
    for n in range(12):
        make_event(slug=f"event-{n}").citations.add(
            cite(make_document(text=f"Words number {n}."), f"number {n}")
        )
    whole = walk(api, "/api/v1/citations/?page_size=500")
    assert len(whole) == 14
    assert walk(api, "/api/v1/citations/?page_size=1") == whole
    assert walk(api, "/api/v1/citations/?page_size=5&ordering=-position") == whole[::-1]


def test_a_page_costs_the_same_queries_whatever_its_size(api, world):
    for n in range(12):
        make_event(slug=f"event-{n}").citations.add(
            cite(make_document(text=f"Words number {n}."), f"number {n}")
        )
    one = count_queries(api, "/api/v1/citations/?page_size=1")
    many = count_queries(api, "/api/v1/citations/?page_size=100")
    assert one == many == EXPECTED["citations_list"]
    # A filter by document looks its slug up once.
    assert count_queries(api, "/api/v1/citations/?document=report&q=plot") == EXPECTED["citations_list"] + 1


def test_list_and_detail_answer_a_304_and_a_draft_only_write_keeps_the_public_tags(api, curator, world):
    urls = ["/api/v1/citations/", f"/api/v1/citations/{world['announced'].pk}/"]
    tags = {url: api.get(url)["ETag"] for url in urls}
    for url, tag in tags.items():
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url, HTTP_IF_NONE_MATCH=tag)
        assert response.status_code == 304
        assert not [q for q in queries.captured_queries if "documents_citation" in q["sql"]]
    # A draft cites another span: the public sees nothing new, so its tags hold.
    draft = make_event(slug="another-draft", review_state="draft")
    draft.citations.add(world["uncited"])
    assert {url: api.get(url)["ETag"] for url in urls} == tags
    # A published record cites it: the public list changes, and so does its tag.
    make_event(slug="now-public").citations.add(world["uncited"])
    assert api.get(urls[0])["ETag"] != tags[urls[0]]
    assert "plot" in quotes(walk(api, urls[0]))


def test_a_document_links_its_citations(api, world):
    link = api.get("/api/v1/documents/report/").json()["citations"]
    assert link == "http://testserver/api/v1/citations/?document=report"
    assert quotes(walk(api, link)) == ["the plot was announced", "Three were arrested"]


def test_the_api_root_links_the_citations(api):
    response = api.get("/api/v1/", HTTP_ACCEPT="application/json")
    assert response.json()["resources"]["citations"] == "http://testserver/api/v1/citations/"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_citations_are_read_only_for_everyone(api, world, method):
    chief = token_client(user_with("chief", every("add", "change", "delete", "view", "publish")))
    for client in (api, chief):
        for url in ("/api/v1/citations/", f"/api/v1/citations/{world['announced'].pk}/"):
            response = getattr(client, method)(url, {"quote": "x"}, format="json")
            assert response.status_code == 405, (method, url, response.content)
    assert api.get(f"/api/v1/citations/{world['announced'].pk}/history/").status_code == 404
