"""The compiled read path (project.api.compiled) answers with DRF's very bytes.

Every list page, detail and export is requested twice, compiled and with the compiler switched
off (DRF's serializers and renderer), and the bodies are compared byte for byte: on a world of
every resource, on the seed data, and for drafts as a curator sees them.
"""

import json
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.management import call_command
from rest_framework import renderers as drf_renderers

from project.api import compiled
from project.api import renderers as our_renderers
from tests.factories import make_cited_world, make_combatant, make_event
from tests.users import every, token_client, user_with

from .conftest import RESOURCES

pytestmark = pytest.mark.django_db

# Resources whose reads must be compiled; a change that sends one back to DRF's path fails here.
COMPILED_LISTS = set(RESOURCES)
COMPILED_DETAILS = set(RESOURCES)


@contextmanager
def drf_path():
    """Reads as they were before the compiler: DRF's serializers and DRF's json encoder."""
    with (
        mock.patch.object(compiled, "plan_for", return_value=None),
        mock.patch.object(our_renderers, "encode", return_value=None),
    ):
        yield


def bodies(client, url: str) -> tuple[bytes, bytes]:
    fast = client.get(url)
    with drf_path():
        slow = client.get(url)
    assert fast.status_code == slow.status_code == 200, (url, fast.status_code, slow.content[:300])
    if fast.streaming:
        return b"".join(fast.streaming_content), b"".join(slow.streaming_content)
    return fast.content, slow.content


def urls_of(client, resource: str) -> list[str]:
    """Every page of the list (small pages, so cursors are compiled too), each detail, each export."""
    urls, url = [], f"/api/v1/{resource}/?page_size=7"
    while url:
        urls.append(url)
        url = client.get(url).json()["next"]
    slugs = [row["slug"] for row in client.get(f"/api/v1/{resource}/?page_size=500").json()["results"]]
    urls += [f"/api/v1/{resource}/{slug}/" for slug in slugs[:5]]
    urls += [f"/api/v1/{resource}/export.jsonl", f"/api/v1/{resource}/export.csv"]
    return urls


def assert_same_bytes(client, resources=RESOURCES):
    compared = 0
    for resource in resources:
        for url in urls_of(client, resource):
            fast, slow = bodies(client, url)
            assert fast == slow, url
            compared += 1
    return compared


def test_every_resource_compiles_as_listed():
    from project.urls import RESOURCES as ROUTES

    checked = set()
    for prefix, viewset in ROUTES:
        if prefix not in RESOURCES:
            continue
        checked.add(prefix)
        view = viewset()
        for action, expected in [("list", COMPILED_LISTS), ("retrieve", COMPILED_DETAILS)]:
            view.action = action
            serializer, model = view.get_serializer_class(), viewset.queryset.model
            plan = compiled.plan_for(serializer, model)
            assert (plan is not None) == (prefix in expected), (
                prefix,
                action,
                compiled.why_not(serializer, model),
            )
    assert checked == set(RESOURCES)


def test_pages_details_and_exports_are_drf_bytes(api):
    make_cited_world(12)
    assert assert_same_bytes(api) > 60


def test_the_seed_data_is_drf_bytes(api):
    call_command("loaddata", "seed", verbosity=0)
    assert assert_same_bytes(api) > 60


def test_drafts_as_a_curator_sees_them_are_drf_bytes(api):
    world = make_cited_world(4)
    draft = make_event(conflict=world["conflicts"][0], review_state="draft", summary="A draft")
    curator = token_client(user_with("curator", every("view")))
    fast, slow = bodies(curator, "/api/v1/events/?review_state=draft")
    assert fast == slow
    assert draft.slug in fast.decode()
    fast, slow = bodies(curator, f"/api/v1/events/{draft.slug}/")
    assert fast == slow
    # A nested list's drafts follow the caller, compiled as on DRF's path.
    conflict = world["conflicts"][0]
    hidden = make_combatant(conflict=conflict, side=3, review_state="draft")
    for client, sees_draft in [(api, False), (curator, True)]:
        for url in [
            f"/api/v1/reactions/{world['reactions'][0].slug}/",
            f"/api/v1/conflicts/{conflict.slug}/",
        ]:
            fast, slow = bodies(client, url)
            assert fast == slow
        assert (hidden.slug in fast.decode()) is sees_draft


def test_nested_lists_sql_is_compiled_once_per_shape_and_checked(api, monkeypatch):
    """A nested list's SQL is reused for the same viewset, action, visibility and number of
    owners; the suite checks every reuse against the ORM's, so a shape that leaves out what a
    prefetch depends on (here, whether the caller sees drafts) fails instead of leaking."""
    world = make_cited_world(4)
    conflict = world["conflicts"][0]
    make_combatant(conflict=conflict, side=3, review_state="draft")
    curator = token_client(user_with("curator", every("view")))
    compiled.STATEMENTS.clear()
    url = f"/api/v1/conflicts/{conflict.slug}/"
    first = api.get(url).content
    kept = dict(compiled.STATEMENTS)
    assert kept, "the detail's nested lists were compiled"
    assert api.get(url).content == first
    assert compiled.STATEMENTS == kept  # reused, not compiled again
    curator.get(url)
    assert len(compiled.STATEMENTS) > len(kept)  # a curator's visibility is a shape of its own

    from project.api.views import RecordViewSet

    monkeypatch.setattr(RecordViewSet, "read_shape", lambda self: (type(self), self.action))
    compiled.STATEMENTS.clear()
    api.get(url)
    with pytest.raises(AssertionError, match="does not name all"):
        curator.get(url)


def test_unfiltered_lists_and_details_querysets_are_built_once_per_shape_and_checked(api, monkeypatch):
    """A list that names no filter, and a detail, reuse the querysets built for their shape (a
    clone each time, never the shared one); the suite checks every reuse against a fresh build, so a
    ``get_queryset`` that comes to depend on something the shape does not name fails."""
    from events.api.views import EventViewSet
    from project.api import views

    world = make_cited_world(3)
    views.BUILT.clear()
    first = api.get("/api/v1/events/?page_size=2")
    assert len(views.BUILT) == 1
    assert api.get("/api/v1/events/?page_size=2").content == first.content
    cursor = first.json()["next"].split("?", 1)[1]
    assert api.get(f"/api/v1/events/?{cursor}").json()["results"]  # the page after, from the same base
    assert len(views.BUILT) == 1
    api.get(f"/api/v1/events/?conflict={world['conflicts'][0].slug}")
    assert len(views.BUILT) == 1  # a filtered list is built for itself
    original = EventViewSet.get_queryset
    monkeypatch.setattr(EventViewSet, "get_queryset", lambda self: original(self).filter(kind="plot"))
    with pytest.raises(AssertionError, match="does not name all"):
        api.get("/api/v1/events/?page_size=2")
    slug = world["events"][0].slug
    monkeypatch.setattr(EventViewSet, "get_queryset", original)
    assert api.get(f"/api/v1/events/{slug}/").status_code == 200
    assert api.get("/api/v1/events/missing/").status_code == 404  # the same base, another slug
    monkeypatch.setattr(EventViewSet, "get_queryset", lambda self: original(self).filter(kind="plot"))
    with pytest.raises(AssertionError, match="does not name all"):
        api.get(f"/api/v1/events/{slug}/")


def test_filters_and_orderings_are_drf_bytes(api):
    world = make_cited_world(9)
    for query in [
        "ordering=-date",
        "ordering=updated",
        f"conflict={world['conflicts'][1].slug}",
        "date_after=2023-01-01&date_before=2024-12-31",
        "q=quotable",
    ]:
        fast, slow = bodies(api, f"/api/v1/events/?page_size=4&{query}")
        assert fast == slow, query
        assert json.loads(fast)["results"], query


def test_detail_tags_are_drf_tags_with_the_cache_down(api):
    """With no data generation the tag is a hash of the body: the compiled body's is DRF's."""
    world = make_cited_world(2)
    url = f"/api/v1/events/{world['events'][0].slug}/"
    with mock.patch("project.api.etags.generation", return_value=None):
        fast = api.get(url)
        with drf_path():
            slow = api.get(url)
    assert fast["ETag"] == slow["ETag"]
    assert fast.content == slow.content


@pytest.mark.parametrize(
    "text",
    [
        "line\u2028separator and paragraph\u2029separator",
        'quotes " and \\ backslash / slash',
        "controls \x00\x01\x1f\x7f \t\n\r\b\f",
        "non-ASCII: Հայաստան, Россия, 🇦🇲, \ufeff",
    ],
)
def test_the_encoder_writes_drf_bytes(text):
    data = {"text": text, "list": [text, None, True, 1, -(2**63)], "nested": {"k": text}}
    ours = our_renderers.JSONRenderer().render(data, "application/json")
    theirs = drf_renderers.JSONRenderer().render(data, "application/json")
    assert ours == theirs


def test_what_orjson_refuses_is_encoded_by_drf():
    deep: list = []
    for _ in range(300):  # past orjson's nesting limit
        deep = [deep]
    for data in [{1: "integer key"}, deep]:
        ours = our_renderers.JSONRenderer().render(data, "application/json")
        assert ours == drf_renderers.JSONRenderer().render(data, "application/json")


def test_an_indented_answer_is_drf_bytes(api):
    make_cited_world(2)
    headers = {"HTTP_ACCEPT": "application/json; indent=2"}
    fast = api.get("/api/v1/events/", **headers)
    with drf_path():
        slow = api.get("/api/v1/events/", **headers)
    assert fast.content == slow.content
    assert b"\n  " in fast.content
