"""No request gets a 500: hostile cursors, dates at the calendar's edges, huge searches, any value
of any parameter. Each answer is a 200 or a 400 in the one error shape."""

import base64
import json

import pytest
from django.urls import resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from project.api.pagination import MAX_CURSOR_LENGTH, parse_cursor
from project.api.search import MAX_SEARCH_LENGTH

from .conftest import RESOURCES

pytestmark = pytest.mark.django_db

SHAPE = {"status", "code", "detail", "errors"}


def encode(payload) -> str:
    text = payload if isinstance(payload, str) else json.dumps(payload, allow_nan=True)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def assert_400_naming(response, param: str) -> dict:
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == SHAPE and body["status"] == 400
    assert list(body["errors"]) == [param], body
    return body


def a_real_cursor(api, url: str) -> dict:
    cursor = api.get(url).json()["next"].split("cursor=")[1].split("&")[0]
    return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))


@pytest.mark.parametrize(
    "value", ["Infinity", "-Infinity", "NaN", "1e400", "1.0", "9223372036854775808", "true"]
)
def test_a_cursor_with_a_non_finite_or_out_of_range_integer_is_a_400(api, world, value):
    # Combatants sort by conflict, then side number (an integer), then slug.
    payload = a_real_cursor(api, "/api/v1/combatants/?page_size=1")
    conflict = json.dumps(payload["v"][0])
    text = json.dumps(payload).replace(
        f'"v": [{conflict}, {payload["v"][1]},', f'"v": [{conflict}, {value},', 1
    )
    assert value in text
    assert_400_naming(api.get(f"/api/v1/combatants/?cursor={encode(text)}"), "cursor")


def test_a_cursor_for_a_side_number_beyond_64_bits_is_a_400(api, world):
    payload = a_real_cursor(api, "/api/v1/combatants/?page_size=1")
    payload["v"][1] = 2**64
    assert_400_naming(api.get(f"/api/v1/combatants/?cursor={encode(payload)}"), "cursor")


@pytest.mark.parametrize("depth", [10, 5000, 100_000])
def test_a_deeply_nested_cursor_is_a_400(api, world, depth):
    text = (
        '{"v": ' + "[" * depth + "]" * depth + ', "b": 0, "o": "sort_undated,sort_date,slug", "r": "event"}'
    )
    assert_400_naming(api.get(f"/api/v1/events/?cursor={encode(text)}"), "cursor")


@pytest.mark.parametrize(
    "change",
    [
        {"v": [0, "2024-09-01", "a\u0000b"]},  # NUL: PostgreSQL refuses it in a string
        {"v": [0, "2024-09-01", "\ud800"]},  # a lone surrogate cannot be encoded
        {"v": [0, "2024-09-01", "x" * 201]},  # longer than any slug
        {"v": [0, "0001-01-01T00:00:00+14:00", "x"]},
        {"v": [0, "2024-9-1", "x"]},
        {"v": [0, "2024-02-30", "x"]},
        {"v": [0, None, "x"]},
        {"v": [0, 20240901, "x"]},
        {"v": [0, "2024-09-01", {"slug": "x"}]},
        {"b": 2},
        {"b": "0"},
        {"o": ["sort_undated"]},
        {"extra": 1},
    ],
)
def test_a_cursor_of_any_other_shape_is_a_400(api, world, change):
    payload = {
        "v": [0, "2024-09-01", "x"],
        "b": 0,
        "o": "sort_undated,sort_date,slug",
        "r": "event",
        **change,
    }
    assert_400_naming(api.get(f"/api/v1/events/?cursor={encode(payload)}"), "cursor")


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59.999999-00:01"]
)
def test_a_datetime_at_the_calendars_edge_in_a_cursor_is_a_400(api, world, moment):
    payload = a_real_cursor(api, "/api/v1/events/?page_size=1&ordering=updated")
    payload["v"][0] = moment
    assert_400_naming(api.get(f"/api/v1/events/?ordering=updated&cursor={encode(payload)}"), "cursor")


def test_the_calendars_edges_in_utc_are_valid_cursor_values(api, world):
    for moment, found in [("0001-01-01T00:00:00+00:00", True), ("9999-12-31T23:59:59.999999+00:00", False)]:
        payload = a_real_cursor(api, "/api/v1/events/?page_size=1&ordering=updated")
        payload["v"] = [moment, ""]
        response = api.get(f"/api/v1/events/?ordering=updated&cursor={encode(payload)}")
        assert response.status_code == 200, response.content
        assert bool(response.json()["results"]) is found


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00.5+00:01"]
)
def test_updated_since_outside_the_calendar_in_utc_is_a_400(api, world, moment):
    body = assert_400_naming(api.get("/api/v1/events/", {"updated_since": moment}), "updated_since")
    assert "years 1 to 9999" in body["errors"]["updated_since"][0]


@pytest.mark.parametrize(
    "moment, found",
    [("0001-01-01T00:00:00-14:00", True), ("9999-12-31T23:59:59+14:00", False), ("0001-01-01", True)],
)
def test_updated_since_near_the_calendars_edges_works(api, world, moment, found):
    response = api.get("/api/v1/events/", {"updated_since": moment})
    assert response.status_code == 200, response.content
    assert bool(response.json()["results"]) is found


@pytest.mark.parametrize("resource", RESOURCES)
def test_q_is_capped(api, world, resource):
    if "q" not in resolve(f"/api/v1/{resource}/").func.cls.filterset_class.base_filters:
        pytest.skip("no search")
    assert api.get(f"/api/v1/{resource}/", {"q": "_" * MAX_SEARCH_LENGTH}).status_code == 200
    body = assert_400_naming(api.get(f"/api/v1/{resource}/", {"q": "_" * 25_000}), "q")
    assert str(MAX_SEARCH_LENGTH) in body["errors"]["q"][0]


def test_the_longest_q_of_wildcards_runs(api, world):
    response = api.get("/api/v1/events/", {"q": "%_" * (MAX_SEARCH_LENGTH // 2)})
    assert response.status_code == 200 and response.json()["results"] == []


# --- properties -------------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)
cursor_like = st.fixed_dictionaries(
    {
        "v": st.lists(json_values, min_size=0, max_size=4)
        | st.lists(st.sampled_from([0, 1, "2024-09-01", "x", "2026-01-01T00:00:00+00:00"]), max_size=4),
        "b": st.sampled_from([0, 1, 2, -1, True, None, "1"]),
        "o": st.sampled_from(["sort_undated,sort_date,slug", "slug", "-updated,-slug", ""]),
        "r": st.sampled_from(["event", "combatant", "demand", "document", "actor", ""]),
    }
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(cursor_like, json_values, st.text(max_size=50)))
def test_parse_cursor_returns_the_issued_shape_or_refuses(payload):
    from project.api.pagination import CursorError

    try:
        values, backwards, ordering, resource = parse_cursor(encode(json.dumps(payload, allow_nan=True)))
    except CursorError:
        return
    assert isinstance(values, list) and all(v is None or type(v) in (str, int) for v in values)
    assert isinstance(backwards, bool) and isinstance(ordering, str) and isinstance(resource, str)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    resource=st.sampled_from(["events", "combatants", "demands", "documents", "actors"]),
    ordering=st.sampled_from(["", "-"]),
    payload=cursor_like,
)
def test_any_cursor_on_any_list_is_a_200_or_a_400(api, world, resource, ordering, payload):
    response = api.get(f"/api/v1/{resource}/?ordering={ordering}slug&cursor={encode(payload)}")
    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert_400_naming(response, "cursor")


def test_a_cursor_longer_than_any_issued_is_a_400_without_decoding(api, world):
    assert_400_naming(api.get("/api/v1/events/", {"cursor": "A" * (MAX_CURSOR_LENGTH + 1)}), "cursor")


nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", "\x00", "%", "_", "'", '"', "\\", "-1", "0", "1e400", "NaN", "9" * 40, "２", "\u202e"]
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), resource=st.sampled_from(list(RESOURCES)))
def test_any_value_of_any_parameter_is_a_200_or_a_400(api, world, data, resource):
    view = resolve(f"/api/v1/{resource}/").func.cls
    names = sorted({*view.filterset_class.base_filters, "page_size", "cursor", "format"})
    query = data.draw(st.dictionaries(st.sampled_from(names), nasty_text, min_size=1, max_size=3))
    response = api.get(f"/api/v1/{resource}/", query)
    assert response.status_code in (200, 400), (query, response.content)
    if response.status_code == 400:
        body = response.json()
        assert set(body) == SHAPE and set(body["errors"]) <= set(query), (query, body)
