"""Rate limits: counted per peer address in fixed windows (in Redis, in the database cache, or in
this process's memory on SQLite), visible in headers, on the API, the schema and admin login
attempts; one round trip to the cache per request, with the ETags' data generation."""

import shutil
import socket
import subprocess
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator

from project.api import throttles
from project.api.docs import SchemaView
from tests.factories import make_event

from .test_curation import curator  # noqa: F401 (the curator fixture)

pytestmark = pytest.mark.django_db


def get(api, url="/api/v1/places/", addr="10.0.0.1", **headers):
    return api.get(url, REMOTE_ADDR=addr, **headers)


@override_settings(API_THROTTLE_RATE="3/minute")
def test_the_client_is_the_peer_address_whatever_x_forwarded_for_says(api):
    for n in range(3):
        assert get(api, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code == 200
    # A new X-Forwarded-For does not make a new client.
    assert get(api, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert get(api, addr="10.0.0.2").status_code == 200


@override_settings(API_THROTTLE_RATE="3/minute", REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1})
def test_behind_a_trusted_proxy_the_address_it_reports_is_the_client(api):
    proxy = "10.0.0.9"
    for _ in range(3):
        assert get(api, addr=proxy, HTTP_X_FORWARDED_FOR="spoofed, 192.0.2.1").status_code == 200
    assert get(api, addr=proxy, HTTP_X_FORWARDED_FOR="other, 192.0.2.1").status_code == 429
    assert get(api, addr=proxy, HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 200


@override_settings(API_THROTTLE_RATE="3/minute")
def test_rate_limit_headers_count_down_and_a_429_says_when_to_retry(api):
    remaining = []
    for _ in range(3):
        response = get(api)
        assert response["X-RateLimit-Limit"] == "3"
        remaining.append(response["X-RateLimit-Remaining"])
    assert remaining == ["2", "1", "0"]
    response = get(api)
    assert response.status_code == 429 and response.json()["code"] == "throttled"
    assert response["X-RateLimit-Remaining"] == "0" and response["X-RateLimit-Limit"] == "3"
    assert 0 < int(response["Retry-After"]) <= 60


WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


DATABASE_CACHE = settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.skipif(
    connection.vendor != "sqlite" or not DATABASE_CACHE, reason="SQLite's database cache (no REDIS_URL) only"
)
def test_on_sqlite_the_counts_live_in_memory_and_a_request_writes_nothing(api):
    api.get("/api/v1/places/", REMOTE_ADDR="203.0.113.5")  # the first draws the data generation
    api.get("/api/schema/", REMOTE_ADDR="203.0.113.5")  # and the schema is kept in the cache once
    for url in ["/api/v1/places/", "/api/v1/events/?page_size=1", "/api/v1/places/nowhere/", "/api/schema/"]:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url, REMOTE_ADDR="203.0.113.5")
        assert response.status_code in (200, 404) and "X-RateLimit-Remaining" in response
        assert writes(queries) == [], url
        cache_reads = [q["sql"] for q in queries.captured_queries if "django_cache" in q["sql"]]
        # One read of the data generation for the API's GETs; none for the schema, kept in the process.
        assert len(cache_reads) == (0 if url == "/api/schema/" else 1), cache_reads
    assert throttles.memory_counter.counts and all(
        key.endswith("203.0.113.5") for key in throttles.memory_counter.counts
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM django_cache")
        assert not [row[0] for row in cursor.fetchall() if "203.0.113.5" in row[0]]


@pytest.mark.skipif(
    connection.vendor == "sqlite" or not DATABASE_CACHE,
    reason="PostgreSQL's database cache (no REDIS_URL) only",
)
def test_elsewhere_the_counts_live_in_the_database_cache(api):
    get(api, addr="203.0.113.5")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM django_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("203.0.113.5" in key for key in keys), keys
    assert not throttles.memory_counter.counts


LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def redis_caches(url: str) -> dict:
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


@pytest.fixture(params=["default", "locmem", "redis"])
def cache_backend(request):
    """The three counters: the default cache (memory on SQLite, the database cache elsewhere),
    any other cache (local memory here, counted through the cache API), Redis."""
    if request.param == "default":
        yield
        return
    caches = LOCMEM if request.param == "locmem" else redis_caches(request.getfixturevalue("redis_url"))
    with override_settings(CACHES=caches):
        yield


@override_settings(API_THROTTLE_RATE="3/minute")
def test_a_window_allows_the_limit_and_retry_after_is_the_seconds_to_its_end(api, cache_backend, monkeypatch):
    window_start = (int(time.time()) // 60 + 10) * 60
    monkeypatch.setattr(throttles, "now", lambda: window_start + 45.5)
    assert [get(api)["X-RateLimit-Remaining"] for _ in range(3)] == ["2", "1", "0"]
    refused = get(api)
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert refused["Retry-After"] == "15"  # 14.5 seconds to the minute's end, rounded up
    assert refused["X-RateLimit-Limit"] == "3" and refused["X-RateLimit-Remaining"] == "0"
    assert get(api, addr="10.0.0.2")["X-RateLimit-Remaining"] == "2"  # per client
    monkeypatch.setattr(throttles, "now", lambda: window_start + 59.9)
    assert get(api).status_code == 429
    # The next window starts from zero: the fixed window's trade-off, up to twice the limit
    # across a boundary.
    monkeypatch.setattr(throttles, "now", lambda: window_start + 60.0)
    assert [get(api)["X-RateLimit-Remaining"] for _ in range(3)] == ["2", "1", "0"]
    assert get(api).status_code == 429


@override_settings(API_THROTTLE_RATE="2/minute")
def test_the_schema_is_throttled_like_the_api(api):
    for _ in range(2):
        assert get(api, "/api/schema/").status_code == 200
    response = get(api, "/api/schema/")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled" and int(response["Retry-After"]) > 0


@override_settings(API_THROTTLE_RATE="3/minute")
def test_the_timeline_page_counts_against_the_clients_api_budget(api):
    """The conflict timeline page (HTML, outside the API) draws a whole conflict: it is limited
    as the API is, with the same count, in the same round trip as its ETag's generation."""
    from tests.factories import make_conflict

    conflict = make_conflict(slug="drawn")
    page = f"/conflicts/{conflict.slug}/timeline/"
    first = get(api, page)
    assert first.status_code == 200 and first["X-RateLimit-Remaining"] == "2"
    assert get(api, page, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert get(api).status_code == 200  # an API request: the same budget
    refused = get(api, page)
    assert refused.status_code == 429 and refused["Content-Type"].startswith("text/plain")
    assert 0 < int(refused["Retry-After"]) <= 60 and b"try again in" in refused.content
    assert get(api, page, addr="10.0.0.2").status_code == 200  # another client


def test_the_schema_is_built_once_per_process(api, monkeypatch):
    calls = []
    original = SchemaGenerator.get_schema

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counting)
    monkeypatch.setattr(SchemaView, "built", {})
    bodies = [get(api, "/api/schema/").content for _ in range(3)]
    assert len(calls) == 1
    assert bodies[0] == bodies[1] == bodies[2] and b"openapi: 3.0.3" in bodies[0]
    assert get(api, "/api/schema/?format=json").json()["openapi"] == "3.0.3"
    assert len(calls) == 1


@override_settings(ADMIN_LOGIN_RATE="3/minute")
def test_admin_login_attempts_are_limited_per_client(client, admin_user):
    form = {"username": admin_user.username, "password": "wrong", "next": "/admin/"}
    for _ in range(3):
        assert client.post("/admin/login/", form, REMOTE_ADDR="10.1.1.1").status_code == 200  # form again
    refused = client.post("/admin/login/", {**form, "password": "password"}, REMOTE_ADDR="10.1.1.1")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert b"Too many login attempts" in refused.content
    assert client.get("/admin/login/", REMOTE_ADDR="10.1.1.1").status_code == 200  # the form still shows
    # Another address may still log in (pytest-django's admin_user has the password "password").
    ok = client.post("/admin/login/", {**form, "password": "password"}, REMOTE_ADDR="10.1.1.2")
    assert ok.status_code == 302 and ok["Location"] == "/admin/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_with_redis_the_counts_live_in_redis(api, redis_url):
    import redis

    with override_settings(CACHES=redis_caches(redis_url), API_THROTTLE_RATE="2/minute"):
        assert get(api, addr="198.51.100.1").status_code == 200
        assert get(api, addr="198.51.100.1").status_code == 200
        assert get(api, addr="198.51.100.1").status_code == 429
    client = redis.Redis.from_url(redis_url)
    keys = [key.decode() for key in client.keys("*throttle:api:*")]
    assert len(keys) == 1 and keys[0].endswith(":198.51.100.1"), keys
    assert int(client.get(keys[0])) == 3 and 0 < client.ttl(keys[0]) <= 60


class RoundTrips:
    """Counts what the Redis client sends: each call writes one command or one whole pipeline,
    whose answers are then read together."""

    def __init__(self, monkeypatch):
        from redis.connection import AbstractConnection

        self.sent = []
        original = AbstractConnection.send_packed_command

        def sending(connection, command, *args, **kwargs):
            self.sent.append(command)
            return original(connection, command, *args, **kwargs)

        monkeypatch.setattr(AbstractConnection, "send_packed_command", sending)

    def bytes_sent(self) -> bytes:
        return b"".join(
            bytes(part)
            for command in self.sent
            for part in (command if isinstance(command, list) else [command])
        )


def test_with_redis_a_get_is_one_round_trip(api, redis_url, monkeypatch, curator):  # noqa: F811
    make_event(slug="one")
    with override_settings(CACHES=redis_caches(redis_url)):
        tag = api.get("/api/v1/events/one/")["ETag"]  # draws the data generation
        curator.get("/api/v1/events/")  # and the drafts' one
        trips = RoundTrips(monkeypatch)
        for client, url, headers, status in [
            (api, "/api/v1/events/", {}, 200),
            (api, "/api/v1/events/one/", {}, 200),
            (api, "/api/v1/events/one/", {"HTTP_IF_NONE_MATCH": tag}, 304),
            (api, "/api/v1/events/export.csv", {}, 200),
            (curator, "/api/v1/events/?review_state=draft", {}, 200),
        ]:
            trips.sent.clear()
            assert client.get(url, **headers).status_code == status
            assert len(trips.sent) == 1, (url, trips.sent)
        # The curator's drafts generation was read in the same pipeline as the count.
        assert b"drafts-generation" in trips.bytes_sent()
        api.get("/api/schema/")  # built and kept once per process
        trips.sent.clear()
        assert api.get("/api/schema/").status_code == 200
        assert len(trips.sent) == 1  # the count alone


def test_with_redis_a_missing_generation_is_drawn_in_a_second_trip(api, redis_url, monkeypatch):
    with override_settings(CACHES=redis_caches(redis_url)):
        cache.get("connected")  # the connection's own handshake is not counted
        trips = RoundTrips(monkeypatch)
        first = api.get("/api/v1/events/")
        assert len(trips.sent) == 3  # the pipeline, then add the new generation and read it back
        trips.sent.clear()
        second = api.get("/api/v1/events/")
        assert len(trips.sent) == 1
    assert first["ETag"] == second["ETag"]


def test_an_unreachable_cache_lets_requests_through_and_logs_it(api, caplog):
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        }
    }
    with override_settings(CACHES=caches, API_THROTTLE_RATE="1/minute"):
        responses = [get(api) for _ in range(2)]
    assert [r.status_code for r in responses] == [200, 200]
    assert "X-RateLimit-Limit" not in responses[0]
    assert "the cache is unavailable" in caplog.text
    # The ETags fall back to a hash of the body, without asking the cache a second time.
    assert responses[0]["ETag"] == responses[1]["ETag"]
    assert "ETag generation unavailable" not in caplog.text
