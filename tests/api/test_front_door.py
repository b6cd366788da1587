"""The front door: `/`, `/api/` and `/api/v1/` say where to go next, as HTML for a browser and
as JSON for a program; every error under /api/ is JSON, under DEBUG (`make run`) too."""

import json

import pytest
from django.test import override_settings

from events.models import Conflict
from project.records.base import ReviewState

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize("path", ["/", "/api/", "/api/v1/"])
def test_a_program_gets_the_links_as_json(client, seed, path):
    response = client.get(path, HTTP_ACCEPT="*/*")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["documentation"]["openapi"] == "http://testserver/api/schema/"
    assert set(body["resources"]) >= {"conflicts", "events", "reactions", "demands", "documents", "releases"}
    # Every link it gives answers.
    for link in [*body["resources"].values(), *body["documentation"].values(), body["health"]]:
        assert client.get(link, HTTP_ACCEPT="*/*").status_code == 200, link


def test_a_browser_gets_a_page_linking_the_docs_the_resources_and_the_timelines(client, seed):
    response = client.get("/", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    conflict = Conflict.objects.filter(review_state=ReviewState.PUBLISHED).first()
    for link in ("/api/docs/", "/api/redoc/", "/api/schema/", "/api/v1/events/", "/admin/"):
        assert f'href="http://testserver{link}"' in page, link
    assert f'href="http://testserver/conflicts/{conflict.slug}/timeline/"' in page
    assert client.get(f"/conflicts/{conflict.slug}/timeline/").status_code == 200


def test_the_front_door_lists_no_draft_conflict(client, seed):
    Conflict.objects.filter(slug=Conflict.objects.first().slug).update(review_state=ReviewState.DRAFT)
    draft = Conflict.objects.get(review_state=ReviewState.DRAFT)
    body = client.get("/", HTTP_ACCEPT="application/json").json()
    assert draft.name not in {timeline["conflict"] for timeline in body["timelines"]}
    assert draft.slug not in client.get("/", HTTP_ACCEPT=BROWSER).content.decode()


@override_settings(DEBUG=True)
@pytest.mark.parametrize("path", ["/api/nowhere/", "/api/v1/events/no-such-event/history/x/", "/api/v2/"])
def test_an_unknown_api_url_is_a_json_404_even_under_debug(client, path):
    response = client.get(path, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found" and path in response.json()["detail"]


def test_an_error_django_answers_reads_byte_for_byte_like_one_the_views_answer(client):
    from rest_framework.renderers import JSONRenderer

    django_404 = client.get("/api/nowhere/é/")
    view_404 = client.get("/api/v1/events/no-such-event/")
    assert django_404.content == JSONRenderer().render(django_404.json())
    assert view_404.content == JSONRenderer().render(view_404.json())


@override_settings(DEBUG=True)
def test_an_unknown_page_outside_the_api_stays_djangos_page(client):
    response = client.get("/nowhere/", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("status", "code"), [(500, "server_error"), (405, "method_not_allowed"), (403, "permission_denied")]
)
def test_any_html_error_page_under_the_api_becomes_the_json_body(rf, status, code):
    from django.http import HttpResponse

    from project.api.errors import JsonErrorsForApi

    page = HttpResponse("<h1>Server Error</h1>", status=status, content_type="text/html")
    response = JsonErrorsForApi(lambda request: page)(rf.get("/api/v1/events/"))
    assert (response.status_code, response["Content-Type"]) == (status, "application/json")
    assert json.loads(response.content)["code"] == code
    # Outside /api/ the page stays.
    assert JsonErrorsForApi(lambda request: page)(rf.get("/admin/")) is page
