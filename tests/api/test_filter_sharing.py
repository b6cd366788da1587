"""The FilterSets share their filters, form class and fields between requests
(project.api.filters.SharedFilterSet): nothing is deep-copied per request, a request that names
no filter builds no form, and two requests in flight never see each other's values or caller."""

import copy
import threading

import pytest
from django.contrib.auth.models import Permission, User
from django.db.models import QuerySet
from django.forms import Field, Widget
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import resolve
from django_filters import Filter

from actors.models import Actor
from documents.filtersets import CitationFilterSet
from events.filtersets import EventFilterSet, PlaceFilterSet
from project.api.filters import SharedFields, SharedFilterSet
from tests.factories import make_actor, make_cited_world

from .conftest import RESOURCES

pytestmark = pytest.mark.django_db

FILTERSETS = [resolve(f"/api/v1/{resource}/").func.cls.filterset_class for resource in RESOURCES]
FILTERSETS.append(CitationFilterSet)


def request_of(user=None):
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.fixture
def curator():
    user = User.objects.create_user("curator")
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return user


def filtered(filterset_class, query: str, user=None):
    filterset = filterset_class(
        QueryDict(query), queryset=filterset_class._meta.model.objects.all(), request=request_of(user)
    )
    assert filterset.is_valid(), filterset.errors
    return filterset


def test_no_filter_or_field_is_deep_copied_per_request(api, monkeypatch):
    world = make_cited_world(3)
    actor, conflict = world["actors"][0].slug, world["conflicts"][0].slug
    urls = [
        "/api/v1/events/?page_size=2",
        f"/api/v1/events/?actor={actor}&conflict={conflict}&q=plot&kind=announcement&date_after=2020-01-01",
        "/api/v1/events/?kind=nope&actor=missing",  # a 400 reports the filters' errors too
        "/api/v1/citations/?document=missing",
    ]
    for url in urls:  # the first requests build each class's shared filters and form class
        api.get(url)
    forms = {filterset: filterset.shared().form_class for filterset in (EventFilterSet, CitationFilterSet)}
    copied = []
    original = copy.deepcopy

    def recording(value, memo=None, _nil=[]):  # noqa: B006 (copy.deepcopy's own signature)
        copied.append(value)
        return original(value, memo)

    def is_filter_or_field(value) -> bool:
        if isinstance(value, SharedFields):  # a form's fields, whose "deep" copy is a new dict of them
            return False
        if isinstance(value, dict):  # copy.deepcopy's own recursion does not call the patched name
            return any(is_filter_or_field(item) for item in value.values())
        return isinstance(value, (Filter, Field, Widget, QuerySet))

    monkeypatch.setattr(copy, "deepcopy", recording)
    for _ in range(2):
        statuses = [api.get(url).status_code for url in urls]
        assert statuses == [200, 200, 400, 400]
    assert copied, "the forms' fields are still passed to copy.deepcopy (and copied shallowly)"
    assert not [value for value in copied if is_filter_or_field(value)]
    # The form class is the one built before: none is made per request.
    assert {filterset: filterset.shared().form_class for filterset in forms} == forms


@pytest.mark.parametrize("filterset_class", FILTERSETS, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("as_curator", [False, True], ids=["anonymous", "curator"])
def test_a_request_naming_no_filter_builds_no_form_and_filters_as_the_form_would(
    filterset_class, as_curator, curator
):
    user = curator if as_curator else None
    default = filterset_class.base_filters["ordering"]
    default = getattr(default, "default", "position")
    without = filtered(filterset_class, "page_size=5&cursor=abc&format=json", user)
    through_form = filtered(filterset_class, f"ordering={default}&page_size=5", user)
    assert str(without.qs.query) == str(through_form.qs.query)
    assert "_form" not in vars(without) and "_form" in vars(through_form)
    assert without.qs.query.order_by  # the default ordering applies


def test_the_form_class_is_built_once_per_filterset_class():
    first = filtered(EventFilterSet, "kind=other")
    second = filtered(EventFilterSet, "kind=arrest")
    assert type(first.form) is type(second.form) is EventFilterSet.get_form_class(first)
    assert first.form.fields is not second.form.fields  # each form's own dict, of shared fields
    assert first.form.fields["kind"] is second.form.fields["kind"]
    # Every class its own: a parent's filters are shared with subclasses, each sets its model.
    assert EventFilterSet.shared().filters["updated_since"].model is EventFilterSet._meta.model
    assert CitationFilterSet.shared().filters["ordering"] is not EventFilterSet.shared().filters["ordering"]


def test_two_filtersets_in_flight_keep_their_own_values_and_callers(curator):
    published = make_actor(slug="published-actor")
    draft = make_actor(slug="draft-actor", review_state="draft")
    anonymous = EventFilterSet(QueryDict(f"actor={published.slug}&q=first"), request=request_of(None))
    curators = EventFilterSet(QueryDict(f"actor={draft.slug}&q=second"), request=request_of(curator))
    # Both forms exist before either is validated, as with two threads.
    anonymous_field, curator_field = anonymous.form.fields["actor"], curators.form.fields["actor"]
    assert anonymous_field is not curator_field
    assert '"review_state" = published' in str(anonymous_field.queryset.query)
    assert '"review_state" =' not in str(curator_field.queryset.query)
    assert anonymous.is_valid() and curators.is_valid()
    first, second = str(anonymous.qs.query), str(curators.qs.query)
    assert "first" in first and "second" not in first
    assert "second" in second and "first" not in second
    assert f"IN ({published.pk})" in first and f"IN ({draft.pk})" in second
    # A draft the anonymous caller may not see is an unknown slug, whatever the curator did.
    refused = EventFilterSet(QueryDict(f"actor={draft.slug}"), request=request_of(None))
    assert not refused.is_valid() and list(refused.errors) == ["actor"]
    # No filter is tied to a request.
    assert not [name for name, f in EventFilterSet.shared().filters.items() if hasattr(f, "parent")]


def test_filtersets_in_threads_never_see_each_others_values():
    # Filters that read no table while they validate and filter (a thread has no test transaction).
    countries = ["AM", "RU", "FR", "DE", "US", "GB"]
    orderings = ["name", "-name", "slug", "-slug", "updated", "-updated"]
    barrier = threading.Barrier(len(countries))
    found, failures = {}, []

    def run(n: int):
        try:
            query = f"q=word{n}x&country={countries[n].lower()}&ordering={orderings[n]}"
            filterset = PlaceFilterSet(QueryDict(query), request=request_of(None))
            barrier.wait(timeout=10)
            filterset.form  # noqa: B018 (built while the others build theirs)
            barrier.wait(timeout=10)
            assert filterset.is_valid(), filterset.errors
            barrier.wait(timeout=10)
            found[n] = str(filterset.qs.query)
        except Exception as error:  # reported below, from the main thread
            failures.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(countries))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    assert len(found) == len(countries)
    for n, sql in found.items():
        assert f"word{n}x" in sql and f"= {countries[n]}" in sql
        assert not [m for m in found if m != n and (f"word{m}x" in sql or f"= {countries[m]}" in sql)]
        name = orderings[n].removeprefix("-")
        direction = "DESC" if orderings[n].startswith("-") else "ASC"
        assert f'ORDER BY "events_place"."{name}" {direction}' in sql


def test_several_bad_values_are_one_400_with_the_same_bytes_as_before(api):
    response = api.get(
        "/api/v1/events/?date_after=2024-9-1&kind=nope&actor=missing&q="
        + "x" * 201
        + "&country=ARM&page_size=0"
    )
    assert response.status_code == 400
    assert response.content == (
        b'{"status":400,"code":"invalid","detail":"Invalid value for query parameter(s): actor, country, '
        b'date_after, kind, q.","errors":{"date_after":["Enter a valid date."],"q":["Ensure this value has at '
        b'most 200 characters (it has 201)."],"kind":["Select a valid choice. nope is not one of the available '
        b'choices."],"country":["Give an ISO 3166-1 alpha-2 country code such as AM or RU."],"actor":["Select a '
        b'valid choice. missing is not one of the available choices."]}}'
    )
    # With an unknown parameter, the filters' errors are reported beside it, as before.
    response = api.get("/api/v1/places/?country=A1&conflict=x&ordering=name&ordering=slug")
    assert response.content == (
        b'{"status":400,"code":"invalid","detail":"Invalid value for query parameter(s): conflict, country, '
        b'ordering.","errors":{"conflict":["Select a valid choice. x is not one of the available choices."],'
        b'"country":["Give an ISO 3166-1 alpha-2 country code such as AM or RU."],"ordering":["Give this '
        b'parameter once; it was given 2 times."]}}'
    )


def test_every_filterset_shares():
    assert all(issubclass(filterset, SharedFilterSet) for filterset in FILTERSETS)
    assert Actor in {filterset._meta.model for filterset in FILTERSETS}


def slug_queries(client, url: str) -> tuple[int, int]:
    """The answer's status and how many queries read the filter's conflicts by slug."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    return status, sum(
        'FROM "events_conflict"' in q["sql"] and '"slug" IN' in q["sql"] for q in queries.captured_queries
    )


def test_a_published_slug_is_checked_once_per_data_generation(api):
    """A filter's slug is looked up once while published data stays as it is (SlugsField): the
    same filter again reads no conflict, and a change to published data (a renamed slug,
    an unpublished conflict) is seen at once."""
    from events.models import Conflict
    from tests.factories import make_conflict, make_event

    conflict = make_conflict(slug="first")
    make_event(conflict=conflict, slug="one")
    url = "/api/v1/events/?conflict=first"
    assert slug_queries(api, url) == (200, 1)
    assert slug_queries(api, url) == (200, 0)  # remembered
    assert b'"one"' in api.get(url).content
    conflict.slug = "renamed"
    conflict.save()
    assert slug_queries(api, url) == (400, 1)  # a new generation: asked again, and it is gone
    assert slug_queries(api, "/api/v1/events/?conflict=renamed") == (200, 1)
    Conflict.objects.filter(pk=conflict.pk).update(review_state="draft")
    from project.api import etags

    etags.data_changed()  # what every write path does (an update() names it itself)
    assert slug_queries(api, "/api/v1/events/?conflict=renamed") == (400, 1)


def test_drafts_slugs_and_a_cache_that_does_not_answer_are_always_checked(curator, monkeypatch):
    from rest_framework.test import APIClient

    from project.api import etags
    from tests.factories import make_conflict

    make_conflict(slug="hidden", review_state="draft")
    client = APIClient()
    client.force_authenticate(curator)
    url = "/api/v1/events/?conflict=hidden"
    assert slug_queries(client, url) == (200, 1)
    assert slug_queries(client, url) == (200, 1)  # a draft is never remembered
    assert slug_queries(APIClient(), url)[0] == 400  # and stays unknown to everyone else
    make_conflict(slug="shown")
    monkeypatch.setattr(etags, "generation", lambda *args, **kwargs: None)
    anonymous = APIClient()
    assert slug_queries(anonymous, "/api/v1/events/?conflict=shown") == (200, 1)
    assert slug_queries(anonymous, "/api/v1/events/?conflict=shown") == (200, 1)  # no generation, no memory
