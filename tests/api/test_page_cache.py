"""Hot pages in the shared cache (project/api/pagecache.py, PAGE_CACHE_SECONDS): a kept page
reads no data and is byte-identical to the page it keeps, a write makes the next GET build it
again, and curators, throttling and If-None-Match are handled per request."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from redis.exceptions import ConnectionError as CacheDown

from events.models import Event
from project.api import etags, pagecache
from tests.factories import make_actor, make_event

from .test_curation import curator  # noqa: F401 (the curator fixture)

pytestmark = pytest.mark.django_db

DATA = re.compile(r'"(events|actors|documents)_')
URLS = ["/api/v1/events/?page_size=1", "/api/v1/events/one/"]


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def events(db):
    make_event(slug="one", summary="The first", attributed_to=make_actor(name="Someone"))
    make_event(slug="two", summary="The second")


def get(client, url, **headers):
    """The response and the queries of the data (the three apps' tables) it ran; a curator's
    token and permissions are read on every request, and the cache is a table too."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
        if response.streaming:  # an export reads its records as it is sent
            response.streamed = b"".join(response.streaming_content)
    return response, [q["sql"] for q in queries.captured_queries if DATA.search(q["sql"])]


def same_except_the_count(one, other) -> dict:
    headers = {k: v for k, v in one.items() if k != "X-RateLimit-Remaining"}
    assert headers == {k: v for k, v in other.items() if k != "X-RateLimit-Remaining"}
    return headers


@pytest.mark.parametrize("url", URLS)
def test_a_kept_page_reads_no_data_and_is_the_same_answer(api, events, page_cache, url):
    first, built = get(api, url)
    assert first.status_code == 200 and built  # built from the data, then kept
    second, read = get(api, url)
    assert second.status_code == 200
    assert read == []  # no query of the data: the page came from the cache
    assert second.content == first.content
    headers = same_except_the_count(first, second)
    assert {"ETag", "Vary", "Content-Type", "X-RateLimit-Limit"} <= set(headers)
    assert "Link" in headers or url.endswith("/one/")  # the list's next page, kept with it
    # The throttle counted the kept answer too.
    assert int(second["X-RateLimit-Remaining"]) == int(first["X-RateLimit-Remaining"]) - 1
    assert "The first" in second.content.decode()


@pytest.mark.parametrize("change", ["save", "data_changed"])
def test_a_write_makes_the_next_get_build_the_page_again(api, events, page_cache, change):
    url = "/api/v1/events/one/"
    before = get(api, url)[0]
    assert get(api, url)[1] == []  # kept
    if change == "save":
        event = Event.objects.get(slug="one")
        event.summary = "Changed since"
        event.save()
    else:
        etags.data_changed()
    after, read = get(api, url)
    assert after.status_code == 200 and read  # built again from the data
    assert after["ETag"] != before["ETag"]
    expected = "Changed since" if change == "save" else "The first"
    assert after.json()["summary"] == expected


def test_curators_are_never_served_a_kept_page(api, curator, events, page_cache):  # noqa: F811
    make_event(slug="draft", summary="A draft", review_state="draft")
    url = "/api/v1/events/?review_state=published&review_state=draft"
    assert get(api, "/api/v1/events/")[0].status_code == 200
    for _ in range(2):
        response, read = get(curator, url)
        assert response.status_code == 200 and read  # read from the data every time
        assert "draft" in [row["slug"] for row in response.json()["results"]]
    anonymous, _ = get(api, "/api/v1/events/")
    assert "draft" not in [row["slug"] for row in anonymous.json()["results"]]


def test_a_kept_page_is_still_throttled(api, events, page_cache, settings):
    settings.API_THROTTLE_RATE = "2/minute"
    assert get(api, "/api/v1/events/one/")[0].status_code == 200
    kept, read = get(api, "/api/v1/events/one/")
    assert kept.status_code == 200 and read == []
    refused = get(api, "/api/v1/events/one/")[0]
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"


def test_if_none_match_still_answers_304(api, events, page_cache):
    tag = get(api, "/api/v1/events/one/")[0]["ETag"]
    response, read = get(api, "/api/v1/events/one/", HTTP_IF_NONE_MATCH=tag)
    assert response.status_code == 304 and response.content == b"" and read == []


def test_the_representation_is_part_of_the_key(api, events, page_cache):
    plain = get(api, "/api/v1/events/one/")[0]
    indented, read = get(api, "/api/v1/events/one/", HTTP_ACCEPT="application/json; indent=2")
    assert read and indented.content != plain.content and indented.json() == plain.json()


def test_only_the_json_list_and_detail_are_kept(api, events, page_cache):
    for url in ("/api/v1/events/export.csv", "/api/v1/events/one/history/"):
        assert get(api, url)[0].status_code == 200
        response, read = get(api, url)
        assert response.status_code == 200 and read, url


def test_off_by_default(api, events, settings):
    assert settings.PAGE_CACHE_SECONDS == 0
    get(api, "/api/v1/events/one/")
    assert get(api, "/api/v1/events/one/")[1]  # read from the data again


def test_a_cache_outage_builds_the_page(api, events, page_cache, monkeypatch, caplog):
    class Down:
        def get(self, *args, **kwargs):
            raise CacheDown("the cache does not answer")

        set = get

    monkeypatch.setattr(pagecache, "cache", Down())
    for _ in range(2):
        response, read = get(api, "/api/v1/events/one/")
        assert response.status_code == 200 and read and response.json()["summary"] == "The first"
    assert "page not read from the cache" in caplog.text and "page not stored in the cache" in caplog.text


def test_a_new_release_never_serves_a_page_the_old_one_kept(api, events, page_cache, monkeypatch):
    url = "/api/v1/events/one/"
    get(api, url)
    assert get(api, url)[1] == []  # kept
    monkeypatch.setattr(etags, "code_version", lambda: "another release")
    response, read = get(api, url)
    assert response.status_code == 200 and read  # built again by this release
