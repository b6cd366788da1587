"""Real responses of every endpoint against the committed spec (openapi-core).

The spec is made strict first (no undocumented properties), so a field the schema does not
declare, a missing required field, a wrong type or a wrong enum value fails here. Data: the
seed fixtures when they exist (``load_seed``), topped up with generated rows where a resource
has none.
"""

import copy

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.http import HttpResponse
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from tests.factories import make_cited_world

from .conftest import RESOURCES

pytestmark = pytest.mark.django_db


def strict(spec: dict) -> dict:
    spec = copy.deepcopy(spec)
    for schema in spec["components"]["schemas"].values():
        if "properties" in schema:
            schema.setdefault("additionalProperties", False)
    return spec


@pytest.fixture(scope="module")
def openapi():
    spec = strict(yaml.safe_load((settings.BASE_DIR / "openapi.yaml").read_text()))

    # An export's body is documented as a string: decode it as one.
    def text(body, **parameters):
        return body.decode(parameters.get("charset", "utf-8"))

    config = Config(extra_media_type_deserializers={"text/csv": text, "text/jsonl": text})
    return OpenAPI.from_dict(spec, config=config)


@pytest.fixture
def data(db):
    call_command("load_seed", verbosity=0)
    if not all(model.objects.exists() for model in RESOURCES.values()):
        make_cited_world(4)


def check(openapi, response):
    request = DjangoOpenAPIRequest(response.wsgi_request)
    openapi.validate_request(request)
    if response.streaming:  # an export: validate what the stream holds
        whole = HttpResponse(b"".join(response.streaming_content), status=response.status_code)
        for name, value in response.headers.items():
            whole[name] = value
        openapi.validate_response(request, DjangoOpenAPIResponse(whole))
    else:
        openapi.validate_response(request, DjangoOpenAPIResponse(response))
    return response


@pytest.mark.parametrize("resource", RESOURCES)
def test_list_and_detail_match_the_spec(api, openapi, data, resource):
    page = check(openapi, api.get(f"/api/v1/{resource}/?page_size=2"))
    assert page.status_code == 200 and page.json()["results"]
    check(openapi, api.get(page.json()["next"] or f"/api/v1/{resource}/"))
    for row in api.get(f"/api/v1/{resource}/?page_size=500").json()["results"]:
        detail = check(openapi, api.get(f"/api/v1/{resource}/{row['slug']}/"))
        assert detail.status_code == 200
    for fmt in ("csv", "jsonl"):
        assert check(openapi, api.get(f"/api/v1/{resource}/export.{fmt}")).status_code == 200


@pytest.mark.parametrize(
    "method, url, status",
    [
        ("get", "/api/v1/events/?date_after=2024-99-01", 400),
        ("get", "/api/v1/events/?page_size=0", 400),
        ("get", "/api/v1/conflicts/no-such-conflict/", 404),
        ("post", "/api/v1/conflicts/", 401),
        ("put", "/api/v1/conflicts/", 405),
    ],
)
def test_errors_match_the_spec(api, openapi, method, url, status):
    response = getattr(api, method)(url)
    assert response.status_code == status
    request = DjangoOpenAPIRequest(response.wsgi_request)
    if method == "get" and status == 400:
        with pytest.raises(Exception):  # noqa: B017 the request itself breaks the documented bounds
            openapi.validate_request(request)
    if method == "get":
        openapi.validate_response(request, DjangoOpenAPIResponse(response))
    else:
        # The spec has no POST operations; check the body against the Error component directly.
        from openapi_schema_validator import OAS30Validator

        spec = strict(yaml.safe_load((settings.BASE_DIR / "openapi.yaml").read_text()))
        OAS30Validator(spec["components"]["schemas"]["ApiError"]).validate(response.json())


def test_a_field_the_spec_does_not_declare_fails(api, openapi, data, monkeypatch):
    # The contract check must be able to fail: add an undocumented key to every event, on the
    # compiled read path (project.api.compiled) and on DRF's.
    from events.api.serializers import EventSerializer
    from project.api import compiled

    original = EventSerializer.to_representation
    monkeypatch.setattr(
        EventSerializer, "to_representation", lambda self, obj: {**original(self, obj), "surprise": 1}
    )
    render = compiled.Plan.render
    monkeypatch.setattr(
        compiled.Plan,
        "render",
        lambda plan, *args: [{**row, "surprise": 1} for row in render(plan, *args)],
    )
    with pytest.raises(Exception, match="surprise|additional"):
        check(openapi, api.get("/api/v1/events/"))
    monkeypatch.setattr(compiled, "plan_for", lambda *args: None)
    with pytest.raises(Exception, match="surprise|additional"):
        check(openapi, api.get("/api/v1/events/"))
