"""Revalidations of lists answered before Django (project.api.conditional): the same answer as
Django's, header by header, counted once against the client's limit, and never for a request
whose answer anything but its tag could change."""

import itertools

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from project.api import conditional
from project.api.conditional import ConditionalLists
from tests.factories import make_event

from .test_curation import curator  # noqa: F401 (the curator fixture)

pytestmark = pytest.mark.django_db

addresses = (f"10.9.{n // 250}.{n % 250 + 1}" for n in itertools.count())


class Counting:
    """Django's WSGI application, counting the requests that reach it."""

    def __init__(self):
        self.application = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.application(environ, start_response)


@pytest.fixture
def apps():
    # As Django's test client does: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    django = Counting()
    yield ConditionalLists(django), django
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


class Headers(dict):
    """A response's headers by name; a name given twice is kept as a list of its values."""

    def __init__(self, pairs):
        super().__init__()
        for name, value in pairs:
            self[name] = (
                [*self[name], value]
                if isinstance(self.get(name), list)
                else ([self[name], value] if name in self else value)
            )


def call(application, path, method="GET", addr=None, **headers) -> tuple[str, dict, bytes]:
    """``application``'s status, headers (but Date) and body for a request from ``addr``."""
    path, _, query = path.partition("?")
    environ = RequestFactory().generic(method, path, REMOTE_ADDR=addr or next(addresses), **headers).environ
    environ["QUERY_STRING"] = query
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = status
        answer["headers"] = Headers((name, value) for name, value in response_headers if name != "Date")

    chunks = application(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()
    return answer["status"], answer["headers"], body


def tag_of(application, path, **headers) -> str:
    status, found, _ = call(application, path, **headers)
    assert status == "200 OK", status
    return found["ETag"]


LIST = "/api/v1/events/"
FILTERED = "/api/v1/events/?date_after=2024-01-01"


@pytest.fixture
def events():
    make_event(slug="one", date="2024-09-18")
    make_event(slug="two", date="2023-05-01")


def test_a_matching_revalidation_is_answered_without_django_after_the_first(apps, events):
    fast, django = apps
    tag = tag_of(fast, LIST)
    first = call(fast, LIST, HTTP_IF_NONE_MATCH=tag)
    calls = django.calls
    again = call(fast, LIST, HTTP_IF_NONE_MATCH=tag)
    head = call(fast, LIST, "HEAD", HTTP_IF_NONE_MATCH=tag)
    assert django.calls == calls  # answered here
    assert first[0] == again[0] == head[0] == "304 Not Modified"
    assert again[1]["ETag"] == tag and again[2] == b"" and head[2] == b""
    assert first[1] == again[1] == head[1]  # the learnt headers are Django's (each from a new client)


# Each case: the path, then the request's headers (IF_NONE_MATCH: "tag" is the path's own tag,
# "other" the unfiltered list's, "stale" a tag from before a change to published data).
CASES = {
    "matching": (LIST, {"HTTP_IF_NONE_MATCH": "tag"}),
    "matching, filtered": (FILTERED, {"HTTP_IF_NONE_MATCH": "tag"}),
    "matching, among others": (LIST, {"HTTP_IF_NONE_MATCH": '"0123", tag'}),
    "another list's tag": (FILTERED, {"HTTP_IF_NONE_MATCH": "other"}),
    "stale": (LIST, {"HTTP_IF_NONE_MATCH": "stale"}),
    "weak": (LIST, {"HTTP_IF_NONE_MATCH": "W/tag"}),
    "any": (LIST, {"HTTP_IF_NONE_MATCH": "*"}),
    "accept html": (LIST, {"HTTP_IF_NONE_MATCH": "tag", "HTTP_ACCEPT": "text/html"}),
    "accept json": (LIST, {"HTTP_IF_NONE_MATCH": "tag", "HTTP_ACCEPT": "application/json"}),
    "origin": (LIST, {"HTTP_IF_NONE_MATCH": "tag", "HTTP_ORIGIN": "https://example.org"}),
    "host not allowed": (LIST, {"HTTP_IF_NONE_MATCH": "tag", "HTTP_HOST": "evil.example"}),
    "unknown parameter": ("/api/v1/events/?colour=red", {"HTTP_IF_NONE_MATCH": "tag"}),
    "detail": ("/api/v1/events/one/", {"HTTP_IF_NONE_MATCH": "tag"}),
    "no slash": ("/api/v1/events", {"HTTP_IF_NONE_MATCH": "tag"}),
}


def headers_for(case, tags) -> dict:
    path, headers = CASES[case]
    tag = tags.get(path, tags[LIST])
    values = {"tag": tag, "other": tags[LIST], "stale": tags["stale"]}
    swap = lambda value: values.get(value, value.replace("tag", tag))  # noqa: E731
    return {name: swap(value) if name == "HTTP_IF_NONE_MATCH" else value for name, value in headers.items()}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_every_answer_is_djangos_own(apps, events, case, method):
    fast, django = apps
    stale = tag_of(fast, LIST)
    make_event(slug="three", date="2024-09-19")  # a change to published data: `stale` is stale
    tags = {"stale": stale}
    for path in (LIST, FILTERED, "/api/v1/events/one/"):
        tags[path] = tag_of(fast, path)
    for _ in range(2):  # the fast path learns a 304's headers from Django's first
        assert call(fast, LIST, method, HTTP_IF_NONE_MATCH=tags[LIST])[0] == "304 Not Modified"
    path, _ = CASES[case]
    headers = headers_for(case, tags)
    assert call(fast, path, method, **headers) == call(django, path, method, **headers)


def test_a_redirect_to_https_is_not_skipped(apps, events):
    fast, django = apps
    tag = tag_of(fast, LIST)  # over http, before the site moved to https
    for _ in range(2):
        assert call(fast, LIST, HTTP_IF_NONE_MATCH=tag)[0] == "304 Not Modified"
    with override_settings(SECURE_SSL_REDIRECT=True):
        django.application = WSGIHandler()  # middleware reads its settings when it is made
        answers = [call(app, LIST, HTTP_IF_NONE_MATCH=tag) for app in (fast, WSGIHandler())]
    assert answers[0] == answers[1] and answers[0][0].startswith("301 ")


def test_a_curators_token_is_never_answered_here(apps, events, curator):  # noqa: F811
    fast, django = apps
    anonymous = tag_of(fast, LIST)
    for _ in range(2):
        assert call(fast, LIST, HTTP_IF_NONE_MATCH=anonymous)[0] == "304 Not Modified"
    token = curator._credentials["HTTP_AUTHORIZATION"]  # "Token ..."
    calls = django.calls
    status, headers, body = call(fast, LIST, HTTP_IF_NONE_MATCH=anonymous, HTTP_AUTHORIZATION=token)
    assert django.calls == calls + 1
    assert status == "200 OK" and headers["ETag"] != anonymous  # a curator's tag holds the drafts' generation


@override_settings(API_THROTTLE_RATE="3/minute")
def test_each_request_is_counted_once_and_the_limit_still_holds(apps, events):
    fast, _ = apps
    addr = "10.8.0.1"
    tag = tag_of(fast, LIST, addr=addr)  # 1
    answers = [call(fast, LIST, addr=addr, HTTP_IF_NONE_MATCH=tag) for _ in range(3)]  # 2, 3, 4
    assert [status for status, _, _ in answers] == [
        "304 Not Modified",
        "304 Not Modified",
        "429 Too Many Requests",
    ]
    assert [headers["X-RateLimit-Remaining"] for _, headers, _ in answers] == ["1", "0", "0"]
    assert b'"throttled"' in answers[2][2] and 0 < int(answers[2][1]["Retry-After"]) <= 60
    # A new tag is counted once too, on its way to the view.
    other = call(fast, FILTERED, addr="10.8.0.2")
    assert other[1]["X-RateLimit-Remaining"] == "2"


@override_settings(SECURE_HSTS_SECONDS=3600)
def test_headers_learnt_over_http_are_not_given_over_https(apps, events):
    fast, django = apps
    django.application = WSGIHandler()  # middleware reads its settings when it is made
    https = {"wsgi.url_scheme": "https"}
    tags = {scheme: tag_of(fast, LIST, **{"wsgi.url_scheme": scheme}) for scheme in ("http", "https")}
    for _ in range(2):
        assert call(fast, LIST, HTTP_IF_NONE_MATCH=tags["http"])[0] == "304 Not Modified"
    answers = [call(app, LIST, HTTP_IF_NONE_MATCH=tags["https"], **https) for app in (fast, django)]
    assert answers[0] == answers[1] and "Strict-Transport-Security" in answers[0][1]


def test_the_paths_it_remembers_are_bounded(monkeypatch):
    monkeypatch.setattr(conditional, "VIEWS", {})
    monkeypatch.setattr(conditional, "VIEWS_SIZE", 3)
    found = [conditional.list_view(path) for path in ("/api/v1/events/", "/x/1", "/x/2", "/x/3", "/x/4")]
    assert found[0] is not None and found[1:] == [None] * 4
    assert 0 < len(conditional.VIEWS) <= 3
    assert conditional.list_view("/api/v1/events/one/") is None  # a detail: Django answers


ACCEPTS = [None, "*/*", "application/json", "text/html", "application/json; indent=4", "text/csv", "*/*;q=0"]
HOSTS = ["testserver", "testserver", "testserver", "evil.example", "testserver:80", "bad host", ""]
# Raw query strings as a server hands them over: any bytes, read as Latin-1.
raw_queries = st.one_of(
    st.sampled_from(
        ["", "page_size=1", "date_after=2024-01-01", "page_size=1&page_size=2", "q=%ff", "q=\\ud800"]
    ),
    st.text(max_size=30).map(lambda text: text.encode("utf-8", "surrogatepass").decode("latin-1")),
)


# Mostly lists that have a tag, sent back mostly as it came, so that most examples reach the 304.
urls = st.one_of(
    st.sampled_from([LIST, FILTERED, f"{LIST}?page_size=1", f"{LIST}?format=json"]),
    st.tuples(st.sampled_from(["", "x", "one/", "export.csv", "../events/", "%2e%2e/"]), raw_queries).map(
        lambda parts: f"{LIST}{parts[0]}?{parts[1]}"
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=urls,
    method=st.sampled_from(["GET", "GET", "HEAD", "POST", "PUT", "DELETE"]),
    accept=st.sampled_from(ACCEPTS),
    host=st.sampled_from(HOSTS),
    mangle=st.sampled_from(
        ["same", "same", "same", "weak", "quoted twice", "with another", "truncated", "garbage"]
    ),
)
def test_any_request_gets_djangos_answer(apps, events, path, method, accept, host, mangle):
    fast, django = apps
    found = call(fast, path)[1].get("ETag") or tag_of(fast, LIST)
    for _ in range(2):  # the fast path has learnt a 304's headers
        call(fast, LIST, HTTP_IF_NONE_MATCH=tag_of(fast, LIST))
    tag = {
        "same": found,
        "weak": f"W/{found}",
        "quoted twice": f'"{found}"',
        "with another": f'"0", {found}',
        "truncated": found[:-3],
        "garbage": "\x00\xff",
    }[mangle]
    headers = {"HTTP_IF_NONE_MATCH": tag, "HTTP_HOST": host}
    if accept is not None:
        headers["HTTP_ACCEPT"] = accept
    assert call(fast, path, method, **headers) == call(django, path, method, **headers)
