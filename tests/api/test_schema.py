"""The OpenAPI spec: valid without warnings, committed and current, and documented per resource."""

import re

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from openapi_schema_validator import OAS30Validator

from .conftest import RESOURCES

SPEC = settings.BASE_DIR / "openapi.yaml"


@pytest.fixture(scope="module")
def spec():
    return yaml.safe_load(SPEC.read_text())


def test_served_schema_is_the_committed_one(client, spec):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert response.status_code == 200
    assert yaml.safe_load(response.content) == spec


def test_version_and_stable_operation_ids(spec):
    assert spec["openapi"] == "3.0.3"
    operations = {op["operationId"] for path in spec["paths"].values() for op in path.values()} - {"health"}
    actions = (
        "list",
        "export_csv",
        "export_jsonl",
        "retrieve",
        "history",
        "create",
        "update",
        "partial_update",
        "destroy",
    )
    # A resource's own actions besides those every resource has, the read-only releases (not
    # records: no slug, no history) and the read-only citations (spans, by id: no writes, no history).
    extra = {"conflicts_timeline", "releases_list", "releases_retrieve"}
    extra |= {f"citations_{action}" for action in ("list", "export_csv", "export_jsonl", "retrieve")}
    assert operations == {f"{r}_{action}" for r in RESOURCES for action in actions} | extra


def test_every_resource_has_a_described_tag_and_every_parameter_a_description(spec):
    tags = {tag["name"]: tag.get("description") for tag in spec["tags"]}
    assert set(tags) == {*RESOURCES, "citations", "releases", "health"} and all(tags.values())
    for path, item in spec["paths"].items():
        for operation in item.values():
            assert operation["description"], path
            assert len(operation["tags"]) == 1 and operation["tags"][0] in tags
            for parameter in operation["parameters"]:
                assert parameter.get("description"), f"{path} {parameter['name']}"


def test_every_error_status_uses_the_error_component(spec):
    for item in spec["paths"].values():
        for method, operation in item.items():
            statuses = ["400", "401", "403", "404", "405", "429", "500"]
            if method == "get":
                statuses.append("406")
            else:
                statuses.append("409")
            if method in {"put", "patch", "delete"}:
                statuses += ["412", "428"]
            for status in statuses:
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ApiError"}


def test_reads_are_public_and_writes_name_their_security(spec):
    assert spec["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"
    assert "security" not in spec  # a top-level requirement would be inherited by every read
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "get":
                # The token when a client has one (a curator's shows drafts), none otherwise.
                assert operation["security"] == [{"tokenAuth": []}, {}], path
            else:
                assert operation["security"] == [{"tokenAuth": []}], (method, path)
            if method in {"put", "patch", "delete"}:
                [if_match] = [p for p in operation["parameters"] if p["name"] == "If-Match"]
                assert if_match["in"] == "header" and if_match["required"] is True


def test_enum_names_are_pinned(spec):
    enums = {name for name in spec["components"]["schemas"] if name.endswith("Enum")}
    # The fields' enums are named in the settings; project.api.schema names the parameters' own
    # and merges a choice that may be empty ("", BlankEnum) into one enum with its choices.
    made_by_hooks = {"FormatEnum", "DemandTopicOrBlankEnum", "DocumentLicenceOrBlankEnum"} | {
        f"{resource}OrderingEnum"
        for resource in ("Actors", "Citations", "Combatants", "Conflicts", "Demands", "Documents", "Events")
    }
    assert enums == set(settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]) - {"BlankEnum"} | made_by_hooks


def test_every_enum_is_one_component_that_parameters_refer_to(spec):
    # An enum written into a parameter becomes a type per operation in generated clients, and a
    # list's filter value could not be passed to its export.
    inline = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                if "enum" in schema or "enum" in schema.get("items", {}):
                    inline.append((method, path, parameter["name"]))
    assert inline == []
    schemas = spec["components"]["schemas"]
    value_sets = [frozenset(schema["enum"]) for schema in schemas.values() if "enum" in schema]
    assert len(value_sets) == len(set(value_sets)), "two components hold the same values"
    events = spec["paths"]["/api/v1/events/"]["get"]["parameters"]
    export = spec["paths"]["/api/v1/events/export.csv"]["get"]["parameters"]
    kind = {"$ref": "#/components/schemas/EventKindEnum"}
    assert [p["schema"]["items"] for p in events + export if p["name"] == "kind"] == [kind, kind]


def test_servers_name_the_development_server(spec):
    assert spec["servers"][0] == {
        "url": "http://127.0.0.1:8000",
        "description": "The development server (`make run`).",
    }


EXPORTS = {"csv": "text/csv", "jsonl": "text/jsonl"}


@pytest.mark.parametrize("fmt", EXPORTS)
def test_each_list_and_its_exports_are_operations_of_their_own(spec, fmt):
    # One media type per 200, so generated clients type a list as its page, never `Page | string`.
    for resource in RESOURCES:
        listed = spec["paths"][f"/api/v1/{resource}/"]["get"]
        exported = spec["paths"][f"/api/v1/{resource}/export.{fmt}"]["get"]
        assert list(listed["responses"]["200"]["content"]) == ["application/json"]
        assert listed["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].startswith(
            "#/components/schemas/Paginated"
        )
        assert exported["responses"]["200"]["content"] == {EXPORTS[fmt]: {"schema": {"type": "string"}}}
        assert exported["operationId"] == f"{resource}_export_{fmt}"
        # The list's filters and ordering; no pages (an export is whole) and no `format`.
        assert {p["name"] for p in exported["parameters"]} == {
            p["name"] for p in listed["parameters"] if p["name"] not in {"format", "cursor", "page_size"}
        }
        assert "Link" in listed["responses"]["200"]["headers"]
        assert "Link" not in exported["responses"]["200"]["headers"]
        assert "Content-Disposition" in exported["responses"]["200"]["headers"]


def test_every_path_is_json_only_but_the_exports(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                types = set(response.get("content", {}))
                fmt = path.rsplit(".", 1)[1] if path.rsplit("/", 1)[1].startswith("export.") else None
                if fmt and status == "200":
                    assert types == {EXPORTS[fmt]}, path
                else:
                    assert types <= {"application/json"}, (path, method, status)


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_need_no_internet(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert not re.search(r"(src|href)=\"https?://", html), "the docs must not load anything from another host"
    # Served by WhiteNoise from the installed sidecar package (tests run without WhiteNoise).
    for asset in re.findall(r"(?:src|href)=\"/static/([^\"]+)\"", html):
        assert finders.find(asset), asset


def test_every_component_schema_has_an_example_that_validates(spec):
    """Examples (project/examples.py, add_examples) are seed values shaped by each schema; an
    example that drifts from its schema after a change to the API fails here."""
    document = {"components": spec["components"]}
    for name, schema in spec["components"]["schemas"].items():
        assert "example" in schema, name
        validator = OAS30Validator(
            {"$ref": f"#/components/schemas/{name}", **document}, format_checker=OAS30Validator.FORMAT_CHECKER
        )
        errors = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(schema["example"])
        ]
        assert not errors, (name, errors)
        if "properties" in schema:  # every property is shown, not only the required ones
            assert set(schema["example"]) == set(schema["properties"]), name
