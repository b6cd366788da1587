"""Faults: the database going away is a 503 in the error shape, and the API recovers by itself."""

import json
import urllib.error
import urllib.request

import pytest
from django.db import OperationalError, connection, connections

from events.api.views import EventViewSet
from tests.factories import make_event


def fetch(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.django_db
def test_a_database_error_is_a_503_with_retry_after_and_the_next_request_succeeds(api, monkeypatch):
    make_event(slug="one")

    def unavailable(self):
        raise OperationalError("connection to server was lost")

    monkeypatch.setattr(EventViewSet, "get_queryset", unavailable)
    response = api.get("/api/v1/events/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json() == {
        "status": 503,
        "code": "database_unavailable",
        "detail": "The database is unavailable; retry shortly.",
        "errors": {},
    }
    monkeypatch.undo()
    assert api.get("/api/v1/events/").json()["results"][0]["slug"] == "one"


@pytest.mark.django_db
def test_health_reports_database_and_cache(api):
    response = api.get("/api/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_health_is_503_naming_the_database_when_it_fails(api, monkeypatch):
    from project.api import health

    def broken_cursor():
        raise OperationalError("no connection")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
    response = api.get("/api/health/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unavailable (OperationalError)",
        "cache": "ok",
    }


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite is a file in this process: it cannot go away on its own"
)
@pytest.mark.django_db(transaction=True)
def test_a_database_server_that_stops_answering_gives_503_then_the_api_recovers(live_server):
    make_event(slug="one")
    url = f"{live_server.url}/api/v1/events/"
    assert fetch(url)[0] == 200
    settings = connections.settings["default"]
    port = settings["PORT"]
    settings["PORT"] = "1"  # the server thread's next connection finds no database there
    try:
        status, body = fetch(url)
        assert status == 503 and body["code"] == "database_unavailable"
        health = fetch(f"{live_server.url}/api/health/")
        assert health[0] == 503 and health[1]["database"] == "unavailable (OperationalError)"
    finally:
        settings["PORT"] = port
    status, body = fetch(url)
    assert status == 200 and [row["slug"] for row in body["results"]] == ["one"]
    assert fetch(f"{live_server.url}/api/health/") == (200, {"status": "ok", "database": "ok", "cache": "ok"})
