"""Every document records its licence and whom to credit; the seed's are the sources' own terms."""

import pytest
from django.core.management import call_command

from tests.api.test_curation import client_for, curator, etag  # noqa: F401 (fixture)
from tests.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("load_seed", verbosity=0)


def test_the_seed_documents_carry_their_sources_terms(api, seeded):
    article = api.get("/api/v1/documents/2024-armenian-coup-attempt-allegations/").json()
    assert article["licence"] == "CC-BY-SA-4.0"
    assert "2024 Armenian coup attempt allegations" in article["attribution"]
    statement = api.get("/api/v1/documents/armenian-ngos-joint-statement-on-russian-coup-attempt/").json()
    # The page states no licence: none is invented, and its publisher is credited.
    assert statement["licence"] == ""
    assert "MassisPost" in statement["attribution"]


def test_a_licence_is_an_identifier_from_the_list(curator):  # noqa: F811
    response = curator.post(
        "/api/v1/documents/",
        {"slug": "d", "title": "D", "kind": "other", "text": "Words.", "licence": "CC BY SA"},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["licence"]


def test_a_licence_that_asks_for_credit_needs_an_attribution(curator):  # noqa: F811
    body = {"slug": "d", "title": "D", "kind": "other", "text": "Words.", "licence": "CC-BY-4.0"}
    response = curator.post("/api/v1/documents/", body, format="json")
    assert response.status_code == 400, response.content
    assert "CC-BY-4.0 requires attribution" in response.json()["errors"]["attribution"][0]
    response = curator.post("/api/v1/documents/", {**body, "attribution": "The authors"}, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["licence"], response.json()["attribution"]) == ("CC-BY-4.0", "The authors")


def test_an_edit_can_set_the_terms_of_a_document(curator):  # noqa: F811
    make_document(slug="report", text="Words.")
    url = "/api/v1/documents/report/"
    response = curator.patch(
        url,
        {"licence": "CC-BY-SA-4.0", "attribution": "Its authors"},
        format="json",
        HTTP_IF_MATCH=etag(curator, url),
    )
    assert response.status_code == 200, response.content
    assert curator.get(url).json()["licence"] == "CC-BY-SA-4.0"


def test_documents_filter_by_licence(api, seeded):
    response = api.get("/api/v1/documents/?licence=CC-BY-SA-4.0")
    assert [d["slug"] for d in response.json()["results"]] == ["2024-armenian-coup-attempt-allegations"]
    assert api.get("/api/v1/documents/?licence=CC-BY-4.0").json()["results"] == []
    assert api.get("/api/v1/documents/?licence=MIT").status_code == 400
