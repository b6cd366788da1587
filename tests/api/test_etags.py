"""ETags without rendering (project.api.etags): a 304 reads no data, and a tag still changes
with anything the answer shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from project.api import etags
from tests.factories import make_actor, make_event

from .test_curation import curator, etag  # noqa: F401 (the curator fixture)
from .test_query_counts import is_cache_query

pytestmark = pytest.mark.django_db


def data_queries(api, url, **headers) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url, **headers)
    sql = [q["sql"] for q in queries.captured_queries if not is_cache_query(q["sql"])]
    return response.status_code, sql


@pytest.mark.parametrize("url", ["/api/v1/events/", "/api/v1/events/one/", "/api/v1/events/export.csv"])
def test_a_304_reads_no_data(api, url):
    make_event(slug="one")
    tag = etag(api, url)
    status, sql = data_queries(api, url, HTTP_IF_NONE_MATCH=tag)
    assert status == 304
    assert sql == [], sql  # only the cache is read: the throttle's counts and the data generation


def test_a_200_and_its_304_carry_the_same_tag(api):
    make_event(slug="one")
    first = api.get("/api/v1/events/one/")
    again = api.get("/api/v1/events/one/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    assert first["ETag"].startswith('"1-')  # the record's version, in clear


def test_a_nested_records_change_makes_the_tags_stale(api):
    actor = make_actor(name="Old name")
    event = make_event(slug="one", attributed_to=actor)
    event.actors.set([make_actor()])
    tags = {url: etag(api, url) for url in ("/api/v1/events/", "/api/v1/events/one/")}
    actor.name = "New name"
    actor.save()
    for url, tag in tags.items():
        response = api.get(url, HTTP_IF_NONE_MATCH=tag)
        assert response.status_code == 200, url
        assert b"New name" in response.content


def test_tags_differ_by_representation_and_by_host(api):
    make_event(slug="one")
    json_tag = etag(api, "/api/v1/events/")
    assert etag(api, "/api/v1/events/export.csv") != json_tag
    assert api.get("/api/v1/events/", HTTP_HOST="127.0.0.1")["ETag"] != json_tag  # links are absolute


def test_a_forged_tag_is_not_matched(api):
    make_event(slug="one")
    etag(api, "/api/v1/events/one/")
    assert api.get("/api/v1/events/one/", HTTP_IF_NONE_MATCH='"1-0123"').status_code == 200
    assert api.get("/api/v1/events/", HTTP_IF_NONE_MATCH='"0123"').status_code == 200


def test_another_records_write_does_not_fail_if_match(curator):  # noqa: F811
    make_event(slug="one", summary="first")
    make_event(slug="two", summary="first")
    tag = etag(curator, "/api/v1/events/one/")
    other = curator.patch(
        "/api/v1/events/two/",
        {"summary": "x"},
        format="json",
        HTTP_IF_MATCH=etag(curator, "/api/v1/events/two/"),
    )
    assert other.status_code == 200
    done = curator.patch("/api/v1/events/one/", {"summary": "second"}, format="json", HTTP_IF_MATCH=tag)
    assert done.status_code == 200, done.content
    assert Event.objects.get(slug="one").version == 2


def test_without_the_cache_tags_are_body_hashes_and_304_still_works(api, monkeypatch):
    make_event(slug="one")
    monkeypatch.setattr(etags, "generation", lambda drafts=False, read=None: None)
    for url in ("/api/v1/events/", "/api/v1/events/one/"):
        tag = etag(api, url)
        assert api.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304
    assert etag(api, "/api/v1/events/one/").startswith('"1-')


def test_a_304_builds_no_queryset(api, monkeypatch):
    """The permission check of a read answers without the view's queryset (DRF's builds it only
    to learn the model): a 304 is the request's fixed costs and a cache read, nothing more."""
    from events.api.views import EventViewSet

    make_event(slug="one")
    tag = etag(api, "/api/v1/events/")
    built = []
    original = EventViewSet.get_queryset
    monkeypatch.setattr(EventViewSet, "get_queryset", lambda self: built.append(1) or original(self))
    assert api.get("/api/v1/events/", HTTP_IF_NONE_MATCH=tag).status_code == 304
    assert built == []
    assert api.post("/api/v1/events/", {}, format="json").status_code in (401, 403)  # writes still checked


def test_a_new_release_makes_every_tag_stale_but_not_a_writes_precondition(api, curator, monkeypatch):  # noqa: F811
    make_event(slug="one")
    urls = ["/api/v1/events/", "/api/v1/events/one/", "/api/v1/events/export.csv"]
    tags = {url: etag(api, url) for url in urls}
    write_tag = etag(curator, "/api/v1/events/one/")
    assert all(api.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304 for url, tag in tags.items())
    monkeypatch.setattr(etags, "code_version", lambda: "another release")
    for url, tag in tags.items():
        response = api.get(url, HTTP_IF_NONE_MATCH=tag)
        assert response.status_code == 200 and response["ETag"] != tag, url
    # If-Match compares the record's version, not how it is rendered: a curator's edit in flight
    # across a deploy still goes through.
    done = curator.patch("/api/v1/events/one/", {"summary": "x"}, format="json", HTTP_IF_MATCH=write_tag)
    assert done.status_code == 200, done.content


def test_the_release_is_a_hash_of_the_code_that_renders(tmp_path, settings):
    for folder in etags.CODE_FOLDERS:
        (tmp_path / folder).mkdir()
    (tmp_path / "project" / "serializers.py").write_text("FIELDS = ['slug']\n")
    settings.BASE_DIR = tmp_path
    versions = []
    for change in ("FIELDS = ['slug']\n", "FIELDS = ['slug', 'name']\n"):
        (tmp_path / "project" / "serializers.py").write_text(change)
        etags.code_version.cache_clear()
        versions.append(etags.code_version())
    (tmp_path / "events" / "__pycache__").mkdir()
    (tmp_path / "events" / "__pycache__" / "views.py").write_text("compiled")
    etags.code_version.cache_clear()
    versions.append(etags.code_version())
    etags.code_version.cache_clear()
    assert versions[0] != versions[1] == versions[2]  # the code counts; its caches do not
