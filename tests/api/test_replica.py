"""The read-replica router (project/routers.py): GETs read the public data from the replica,
a write and what it re-reads stay on the default database.

The replica is the test database itself on a connection of its own (project/test_settings.py:
``TEST: {"MIRROR": "default"}``), so which connection ran a query shows where it was routed.
The tests commit (``transaction=True``): another connection does not see an open transaction.
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from events.models import Event
from project.records import routers
from tests.factories import make_actor, make_event

from .test_curation import curator, etag  # noqa: F401 (the curator fixture)

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(autouse=True)
def replica_router(settings):
    settings.DATABASE_ROUTERS = ["project.records.routers.ReplicaRouter"]


def routed(call) -> tuple:
    """The response of ``call()`` and the SQL each connection ran for it."""
    with (
        CaptureQueriesContext(connections["default"]) as default,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = call()
    return (
        response,
        [q["sql"] for q in default.captured_queries],
        [q["sql"] for q in replica.captured_queries],
    )


def data(queries: list[str]) -> list[str]:
    """Queries of the public data (the three apps' tables)."""
    return [sql for sql in queries if re.search(r'"(events|actors|documents)_', sql)]


@pytest.mark.parametrize("url", ["/api/v1/events/", "/api/v1/events/one/"])
def test_anonymous_reads_run_on_the_replica(api, url):
    make_event(slug="one", summary="Read from the replica", attributed_to=make_actor(name="Someone"))
    response, default, replica = routed(lambda: api.get(url))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["results"][0] if "results" in body else body)["summary"] == "Read from the replica"
    assert data(default) == []
    assert any("events_event" in sql for sql in replica), replica
    assert any("actors_actor" in sql for sql in replica), replica  # nested records too
    # Throttle counts and the ETags' data generation must not lag: the cache stays on default.
    assert not any("django_cache" in sql for sql in replica)
    if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        assert any("django_cache" in sql for sql in default)


def test_a_curators_write_writes_and_rereads_on_default(curator):  # noqa: F811
    make_event(slug="one", summary="first")
    url = "/api/v1/events/one/"
    tag = etag(curator, url)
    response, default, replica = routed(
        lambda: curator.patch(url, {"summary": "second"}, format="json", HTTP_IF_MATCH=tag)
    )
    assert response.status_code == 200, response.content
    assert response.json()["summary"] == "second" and response.json()["version"] == 2
    assert replica == []  # the If-Match check, the save and the re-read: none on the replica
    assert any(sql.startswith("UPDATE") and "events_event" in sql for sql in default), default
    writes = [i for i, sql in enumerate(default) if sql.startswith("UPDATE") and "events_event" in sql]
    assert any(sql.startswith("SELECT") and "events_event" in sql for sql in default[writes[-1] :])
    assert Event.objects.using("default").get(slug="one").summary == "second"


def test_a_created_record_is_reread_on_default(curator):  # noqa: F811
    response, default, replica = routed(
        lambda: curator.post("/api/v1/actors/", {"slug": "new", "name": "New actor"}, format="json")
    )
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "New actor" and response["ETag"].startswith('"1-')
    assert replica == []
    assert any(sql.startswith("INSERT") and "actors_actor" in sql for sql in default)


def test_what_reads_the_replica_and_what_does_not():
    route = routers.ReplicaRouter()
    assert route.db_for_read(Event) == "default"  # outside a request: management commands
    token = routers.reading.set(True)  # as in a GET request
    try:
        assert route.db_for_read(Event) == "replica"
        assert route.db_for_read(User) == "default"  # logins and tokens are read right after written
        with transaction.atomic():
            assert route.db_for_read(Event) == "default"  # a transaction sees its own writes
        assert router.db_for_write(Event) == "default"
    finally:
        routers.reading.reset(token)
    assert route.allow_migrate("default", "events") and not route.allow_migrate("replica", "events")
    assert not route.allow_migrate("replica", "django_cache")  # createcachetable skips the replica
