"""The parameter contract: one value per single-valued parameter, never empty, strictly formed;
cursors bound to their list; no format-suffix routes; Accept quality values honoured; the spec
states each bound."""

import base64
import json

import pytest
import yaml
from django.conf import settings
from django.urls import resolve
from django_filters import MultipleChoiceFilter

from .conftest import RESOURCES

pytestmark = pytest.mark.django_db

SPEC = yaml.safe_load((settings.BASE_DIR / "openapi.yaml").read_text())


def parameters(resource: str) -> dict[str, bool]:
    """Every query parameter of a list -> whether it may be repeated."""
    filters = resolve(f"/api/v1/{resource}/").func.cls.filterset_class.base_filters
    params = {name: isinstance(f, MultipleChoiceFilter) for name, f in filters.items()}
    return {**params, "cursor": False, "page_size": False, "format": False}


ALL = [(resource, name) for resource in RESOURCES for name in sorted(parameters(resource))]
SINGLE = [(resource, name) for resource, name in ALL if not parameters(resource)[name]]
MULTI = [(resource, name) for resource, name in ALL if parameters(resource)[name]]


def assert_400_naming(response, *names: str) -> dict:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid"
    assert sorted(body["errors"]) == sorted(names), body
    return body


@pytest.mark.parametrize("resource, name", ALL)
def test_an_empty_value_is_a_400_for_every_parameter(api, resource, name):
    body = assert_400_naming(api.get(f"/api/v1/{resource}/?{name}="), name)
    assert "empty" in body["errors"][name][0]


def test_an_empty_format_on_a_detail_is_a_400(api, world):
    assert_400_naming(api.get(f"/api/v1/events/{world['events'][0].slug}/?format="), "format")


@pytest.mark.parametrize("resource, name", SINGLE)
def test_a_single_valued_parameter_given_twice_is_a_400_naming_it(api, resource, name):
    body = assert_400_naming(api.get(f"/api/v1/{resource}/?{name}=1&{name}=2"), name)
    assert "once" in body["errors"][name][0]


def test_repeats_are_reported_with_the_other_errors(api, db):
    response = api.get(
        "/api/v1/events/?page_size=5&page_size=6&ordering=date&ordering=-date&kind=nope&nope=1"
    )
    assert_400_naming(response, "page_size", "ordering", "kind", "nope")


@pytest.mark.parametrize("resource, name", MULTI)
def test_multi_valued_filters_stay_repeatable(api, world, resource, name):
    response = api.get(f"/api/v1/{resource}/?{name}=no-such-value&{name}=another")
    # Repeating is allowed; the values themselves are unknown, which names the same parameter.
    body = assert_400_naming(response, name)
    assert "once" not in " ".join(body["errors"][name])


def test_repeated_choices_match_any(api, world):
    kinds = sorted({event.kind for event in world["events"]})
    assert len(kinds) >= 1
    rows = api.get("/api/v1/events/?page_size=500&kind=" + "&kind=".join([*kinds, "other"])).json()["results"]
    assert {row["slug"] for row in rows} >= {e.slug for e in world["events"] if e.kind in kinds}


@pytest.mark.parametrize(
    "query, name",
    [
        ("updated_since=20240918", "updated_since"),
        ("updated_since=2024-09-18T12", "updated_since"),
        ("updated_since=2024-09-18 12:00:00", "updated_since"),
        ("updated_since=2024-W38", "updated_since"),
        ("date_after=2024-9-1", "date_after"),
        ("date_before=20240901", "date_before"),
        ("date_after=%202024-09-01", "date_after"),
    ],
)
def test_loosely_formed_dates_are_a_400(api, query, name):
    assert_400_naming(api.get(f"/api/v1/events/?{query}"), name)


@pytest.mark.parametrize(
    "url, name",
    [
        ("/api/v1/events/?page_size=%2B5", "page_size"),
        ("/api/v1/events/?page_size=%205", "page_size"),
        ("/api/v1/events/?page_size=5.0", "page_size"),
        ("/api/v1/events/?page_size=%D9%A5", "page_size"),  # ٥, an Arabic-Indic five
        ("/api/v1/demands/?number=1.0", "number"),
        ("/api/v1/demands/?number=%2B1", "number"),
        ("/api/v1/combatants/?side=%201", "side"),
        ("/api/v1/combatants/?side=1e0", "side"),
        ("/api/v1/actors/?country=%20AM", "country"),
        ("/api/v1/actors/?country=AM%0A", "country"),
        ("/api/v1/documents/?language=en%20", "language"),
        ("/api/v1/documents/?language=english!", "language"),
    ],
)
def test_loosely_formed_numbers_and_codes_are_a_400(api, url, name):
    assert_400_naming(api.get(url), name)


def test_well_formed_values_are_accepted(api, world):
    for url in [
        "/api/v1/events/?updated_since=2024-09-18",
        "/api/v1/events/?updated_since=2024-09-18T12:00Z",
        "/api/v1/events/?updated_since=2024-09-18T12:00:00.5%2B04:00",
        "/api/v1/events/?updated_since=2024-09-18T12:00:00",
        "/api/v1/events/?date_after=2024-09-01&page_size=05",
        "/api/v1/demands/?number=1",
        "/api/v1/actors/?country=am",
        "/api/v1/documents/?language=hy-AM",
        "/api/v1/events/?q=%20",
    ]:
        assert api.get(url).status_code == 200, url


def test_a_cursor_from_another_list_is_a_400(api, world):
    # Events and reactions share the default ordering's sort keys; the cursor names its list.
    next_url = api.get("/api/v1/events/?page_size=1").json()["next"]
    cursor = next_url.split("cursor=")[1].split("&")[0]
    body = assert_400_naming(api.get(f"/api/v1/reactions/?cursor={cursor}"), "cursor")
    assert "another list" in body["errors"]["cursor"][0]
    assert api.get(f"/api/v1/events/?page_size=1&cursor={cursor}").status_code == 200


def test_a_cursor_with_another_ordering_is_a_400(api, world):
    next_url = api.get("/api/v1/events/?page_size=1&ordering=date").json()["next"]
    cursor = next_url.split("cursor=")[1].split("&")[0]
    for ordering in ["-date", "slug", "updated"]:
        body = assert_400_naming(api.get(f"/api/v1/events/?ordering={ordering}&cursor={cursor}"), "cursor")
        assert "another ordering" in body["errors"]["cursor"][0]


def test_a_cursor_names_its_list(api, world):
    cursor = api.get("/api/v1/actors/?page_size=1").json()["next"].split("cursor=")[1].split("&")[0]
    payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    assert payload["r"] == "actor"


@pytest.mark.parametrize(
    "url", ["/api/v1/places.csv", "/api/v1/places.json", "/api/v1/places/baku.json", "/api/v1/events.json"]
)
def test_format_suffix_routes_are_gone(api, db, url):
    from events.models import Place

    Place.objects.create(slug="baku", name="Baku")
    response = api.get(url)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# The JSON list offers application/json only and its exports text/csv and text/jsonl
# only; None: 406.
LIST, EXPORT, LINES = "/api/v1/events/", "/api/v1/events/export.csv", "/api/v1/events/export.jsonl"


@pytest.mark.parametrize(
    "url, accept, expected",
    [
        (LIST, "text/csv;q=0.1, application/json", "application/json"),
        (LIST, "text/csv;q=1, application/json;q=0.5", "application/json"),
        (LIST, "*/*", "application/json"),
        (LIST, "", "application/json"),
        (LIST, "text/csv;q=abc, application/json;q=0.2", "application/json"),  # a malformed q is ignored
        (LIST, "application/json;q=0, */*", None),  # q=0 refuses JSON even under */*
        (LIST, "application/*;q=0, application/json;q=0.1", "application/json"),  # the most specific range
        (LIST, "text/csv", None),
        (EXPORT, "text/*;q=0.9, */*;q=0.1", "text/csv"),
        (EXPORT, "application/json;q=0.5, text/csv", "text/csv"),
        (EXPORT, "text/csv;q=0.5;charset=utf-8", "text/csv"),
        (EXPORT, "text/csv;q=0, text/*", None),  # the most specific range decides
        (EXPORT, "text/csv;q=abc", "text/csv"),  # the only range is malformed: as if none was sent
        (EXPORT, "application/json", None),
        (LINES, "text/jsonl", "text/jsonl"),
        (LINES, "text/*", "text/jsonl"),
        (LINES, "text/csv", None),
        (LINES, "application/json, text/jsonl;q=0.1", "text/jsonl"),
        (LINES, "application/json", None),
        (LIST, "text/jsonl", None),
    ],
)
def test_accept_quality_values_are_honoured(api, db, url, accept, expected):
    response = api.get(url, HTTP_ACCEPT=accept)
    if expected is None:
        assert response.status_code == 406 and response.json()["code"] == "not_acceptable"
        return
    assert response.status_code == 200, response.content
    assert response["Content-Type"].split(";")[0] == expected
    assert "q=" not in response["Content-Type"]


@pytest.mark.parametrize("accept", ["text/csv;q=0, application/json;q=0", "application/xml", "text/csv;q=0"])
def test_nothing_acceptable_is_a_406(api, db, accept):
    response = api.get("/api/v1/events/", HTTP_ACCEPT=accept)
    assert response.status_code == 406 and response.json()["code"] == "not_acceptable"


# --- the spec states the same contract ---------------------------------------------------------


def spec_parameter(resource: str, name: str) -> dict:
    operation = SPEC["paths"][f"/api/v1/{resource}/"]["get"]
    return next(p for p in operation["parameters"] if p["name"] == name)


def test_spec_states_the_bounds_of_side_number_country_language_and_q():
    for resource, name in [("combatants", "side"), ("commanders", "side"), ("demands", "number")]:
        assert spec_parameter(resource, name)["schema"] == {"type": "integer", "minimum": 1}
    for resource in ["actors", "places", "events", "conflicts"]:
        assert spec_parameter(resource, "country")["schema"]["pattern"] == "^[A-Za-z]{2}$"
    assert spec_parameter("documents", "language")["schema"]["pattern"].startswith("^[A-Za-z]{2,8}")
    for resource in RESOURCES:
        assert spec_parameter(resource, "q")["schema"]["maxLength"] == 200


def test_every_operation_has_a_distinct_summary():
    summaries = [op.get("summary") for item in SPEC["paths"].values() for op in item.values()]
    assert all(summaries) and len(set(summaries)) == len(summaries)
    assert SPEC["paths"]["/api/v1/events/"]["get"]["summary"] == "List events"


@pytest.mark.parametrize(
    "component, fields",
    [
        ("Event", {"kind", "date", "date_basis", "curator_note"}),
        ("Reaction", {"kind", "stance", "summary", "quote", "date", "curator_note"}),
        ("Conflict", {"kind", "status", "article_title", "result", "description", "date"}),
        ("Demand", {"topic", "status", "curator_note"}),
        ("Combatant", {"role", "curator_note"}),
        ("Actor", {"kind", "country", "description"}),
        ("Loss", {"kind", "count"}),
        ("DocumentDetail", {"publisher", "language", "body_start", "body_end"}),
    ],
)
def test_always_present_response_fields_are_required(component, fields):
    schema = SPEC["components"]["schemas"][component]
    assert fields <= set(schema["required"])
    assert set(schema["required"]) == set(schema["properties"])
