"""Rate limits: counted per peer address in the shared cache, visible in headers, on the API, the
schema and admin login attempts."""

import shutil
import socket
import subprocess
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator

from project.api.docs import SchemaView

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


def test_the_counts_live_in_the_database_cache(api):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    get(api, addr="203.0.113.5")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM django_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("203.0.113.5" in key for key in keys), keys


@override_settings(API_THROTTLE_RATE="2/minute")
def test_the_schema_is_throttled_like_the_api(api):
    for _ in range(2):
        assert get(api, "/api/schema/").status_code == 200
    response = get(api, "/api/schema/")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled" and int(response["Retry-After"]) > 0


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

    caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    with override_settings(CACHES=caches, API_THROTTLE_RATE="2/minute"):
        assert get(api, addr="198.51.100.1").status_code == 200
        assert get(api, addr="198.51.100.1").status_code == 200
        assert get(api, addr="198.51.100.1").status_code == 429
    keys = [key.decode() for key in redis.Redis.from_url(redis_url).keys("*")]
    assert any("throttle_api_198.51.100.1" in key for key in keys), keys


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
