"""Production: settings from the environment that pass Django's deployment checks, one clear line
for a missing or unsafe variable, docs pages that fetch nothing from another host, and the
production start of docs/operations/production.md (migrate, createcachetable, collectstatic, gunicorn) answering."""

import collections
import os
import re
import runpy
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR
PRODUCTION_KEY = "a-production-like-key-" + "x7Qp2Lm9Zr4Tv8Nc1Wd6Hk3Jf5Sb0Yg"
OURS = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "PAGE_CACHE_SECONDS",
    "ALLOWED_HOSTS",
    "REDIS_URL",
    "NUM_PROXIES",
    "HTTPS",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "API_THROTTLE_RATE",
    "ADMIN_LOGIN_RATE",
    "LOG_LEVEL",
    "CONN_MAX_AGE",
    "STATIC_ROOT",
    "DJANGO_SETTINGS_MODULE",
}


def production_env(tmp_path, **overrides) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in OURS}
    env = {
        **clean,
        "SECRET_KEY": PRODUCTION_KEY,
        "ALLOWED_HOSTS": "api.example.org,127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "HTTPS": "1",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "SECURE_HSTS_PRELOAD": "1",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def manage(env, *args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_checks_fail_without_https(tmp_path):
    result = manage(production_env(tmp_path, HTTPS=None), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    for check in ["security.W004", "security.W008", "security.W012", "security.W016"]:
        assert check in result.stderr, check


@pytest.mark.parametrize(
    "overrides, variable",
    [
        # DEBUG=0 says so: with neither variable set manage.py runs in development (test_project.py).
        ({"SECRET_KEY": None, "DEBUG": "0"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY is unsafe"),
        ({"SECRET_KEY": "django-insecure-" + "k" * 50}, "SECRET_KEY is unsafe"),
        ({"DEBUG": "perhaps"}, "DEBUG must be"),
        ({"NUM_PROXIES": "-1"}, "NUM_PROXIES must be"),
        ({"CONN_MAX_AGE": "soon"}, "CONN_MAX_AGE must be"),
        ({"API_THROTTLE_RATE": "lots"}, "API_THROTTLE_RATE must be"),
        ({"ADMIN_LOGIN_RATE": "5/fortnight"}, "ADMIN_LOGIN_RATE must be"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL must"),
        ({"DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL is not"),
        ({"DATABASE_REPLICA_URL": "nosuchdb://x"}, "DATABASE_REPLICA_URL is not"),
        ({"PAGE_CACHE_SECONDS": "soon"}, "PAGE_CACHE_SECONDS must be"),
        ({"HTTPS": "2"}, "HTTPS must be"),
    ],
)
def test_a_missing_or_unsafe_variable_is_one_line_and_exit_status_1(tmp_path, overrides, variable):
    result = manage(production_env(tmp_path, **overrides), "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Configuration error: ") and variable in lines[0], (
        result.stderr
    )
    assert result.stdout == ""


def test_a_replica_url_adds_the_replica_and_its_router(tmp_path, monkeypatch):
    # The settings module run afresh, so the suite's own settings stay as they are.
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    alone = runpy.run_path(str(ROOT / "project" / "settings.py"))
    assert set(alone["DATABASES"]) == {"default"} and "DATABASE_ROUTERS" not in alone
    monkeypatch.setenv("DATABASE_URL", "postgres://writer@primary.example.org:5432/coups")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://reader@replica.example.org:5432/coups")
    both = runpy.run_path(str(ROOT / "project" / "settings.py"))
    assert both["DATABASE_ROUTERS"] == ["project.records.routers.ReplicaRouter"]
    replica, default = both["DATABASES"]["replica"], both["DATABASES"]["default"]
    assert (replica["HOST"], replica["USER"]) == ("replica.example.org", "reader")
    assert (default["HOST"], default["USER"]) == ("primary.example.org", "writer")
    # Parsed as DATABASE_URL is: the same persistent, health-checked connections.
    assert replica["CONN_MAX_AGE"] == default["CONN_MAX_AGE"] == 600 and replica["CONN_HEALTH_CHECKS"]


@pytest.mark.parametrize("command", [["migrate", "--noinput"], ["createcachetable"], ["runserver"], ["help"]])
def test_every_command_stops_on_a_missing_key_before_it_starts(tmp_path, command):
    result = manage(production_env(tmp_path, SECRET_KEY=None, DEBUG="0"), *command)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        result.stderr
        == "Configuration error: SECRET_KEY must be set when DEBUG is off (a long random string).\n"
    )
    assert not (tmp_path / "production.sqlite3").exists()  # nothing ran


def test_the_wsgi_application_refuses_to_start_with_a_bad_variable(tmp_path):
    env = production_env(tmp_path, SECRET_KEY=None)
    result = subprocess.run(
        [sys.executable, "-c", "import project.wsgi"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3  # gunicorn's "worker failed to boot": it stops rather than respawn
    assert (
        result.stderr.strip()
        == "Configuration error: SECRET_KEY must be set when DEBUG is off (a long random string)."
    )


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_name_no_other_host_and_forbid_fetching_from_one(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    hosts = set(re.findall(r"https?://([^/\"'\s<>]+)", html))
    assert hosts <= {"testserver"}, hosts
    # Redoc's bundle adds an <img> of its logo from Redocly's CDN; the policy keeps the browser
    # from fetching it, or anything else off this host.
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["img-src"] == "'self' data:" and policy["connect-src"] == "'self'"
    assert all("http" not in sources and "*" not in sources for sources in policy.values())


@pytest.mark.django_db
def test_swagger_ui_asks_no_validator_service(client):
    html = client.get("/api/docs/").content.decode()
    assert '"validatorUrl": null' in html


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (a local test server)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.slow
def test_the_documented_production_start_serves_the_api_admin_and_docs(tmp_path):
    """docs/operations/production.md: the same commands, on an empty database, then gunicorn."""
    # Behind one proxy that terminates TLS (it sends X-Forwarded-Proto), as docs/operations/production.md describes.
    env = production_env(tmp_path, NUM_PROXIES="1")
    for command in [
        ["migrate", "--noinput"],
        ["createcachetable"],
        ["collectstatic", "--noinput"],
        ["load_seed"],
    ]:
        result = manage(env, *command, timeout=300)
        assert result.returncode == 0, (command, result.stderr)
    port = free_port()
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "project.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                time.sleep(0.1)
        status, headers, body = fetch(f"{base}/api/v1/conflicts/?page_size=1")
        assert status == 200, body
        assert b"2024-armenian-coup-attempt-allegations" in body
        assert headers["X-RateLimit-Limit"] == "600"
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
        # Revalidations (answered before Django once a worker has seen one: project.api.conditional)
        # carry Django's headers, and each counts once against the limit.
        tag = headers["ETag"]
        answers = [fetch(f"{base}/api/v1/conflicts/?page_size=1", **{"If-None-Match": tag}) for _ in range(6)]
        assert {status for status, _, _ in answers} == {304}
        # On SQLite each of the two workers counts its own requests (docs/operations/limits.md): each
        # worker's counts run 1, 2, 3... without a gap (a request counted twice would leave one).
        remaining = [headers, *(found for _, found, _ in answers)]
        counts = collections.Counter(600 - int(found["X-RateLimit-Remaining"]) for found in remaining)
        assert sum(counts.values()) == 7 and max(counts) == len(counts), counts
        assert counts[1] <= 2 and all(counts[n] >= counts[n + 1] for n in range(1, max(counts))), counts
        for _, headers, _ in answers:
            assert headers["ETag"] == tag and "max-age=31536000" in headers["Strict-Transport-Security"]
            assert headers["Vary"] == answers[0][1]["Vary"] and headers["X-Frame-Options"] == "DENY"
        for page in ["/admin/login/", "/api/docs/", "/api/redoc/"]:
            status, _, body = fetch(base + page)
            assert status == 200, (page, body[:300])
            for asset in re.findall(rb"(?:src|href)=\"(/static/[^\"]+)\"", body):
                assert fetch(base + asset.decode())[0] == 200, asset
        # Without the proxy's X-Forwarded-Proto the request came over plain HTTP: redirect.
        plain = urllib.request.build_opener(NoRedirect()).open
        for headers in ({}, {"If-None-Match": tag}):
            with pytest.raises(urllib.error.HTTPError) as redirect:
                plain(
                    urllib.request.Request(f"{base}/api/v1/conflicts/?page_size=1", headers=headers),
                    timeout=10,
                )
            assert redirect.value.code == 301 and redirect.value.headers["Location"].startswith("https://")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
