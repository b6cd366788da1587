"""CORS: any origin may read the public API from a browser; writes and the admin stay same-origin."""

import pytest

pytestmark = pytest.mark.django_db

ORIGIN = "https://research.example.org"


def test_any_origin_may_read_the_api(api):
    response = api.get("/api/v1/events/", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_allows_reads_only(api):
    response = api.options("/api/v1/events/", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH")
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_nothing_outside_the_api_is_shared(client):
    response = client.get("/admin/login/", HTTP_ORIGIN=ORIGIN)
    assert "Access-Control-Allow-Origin" not in response
