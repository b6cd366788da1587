"""One JSON error shape for every error status, whether DRF or Django answers."""

import pytest
from django.test import Client, override_settings
from rest_framework import exceptions

from events.api.views import EventViewSet

pytestmark = pytest.mark.django_db

SHAPE = {"status", "code", "detail", "errors"}


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == SHAPE
    assert body["status"] == status and body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], dict)
    return body


def test_400(api):
    body = assert_error(api.get("/api/v1/events/?date_after=soon"), 400, "invalid")
    assert body["errors"]["date_after"]


def test_404_unknown_slug(api):
    assert_error(api.get("/api/v1/conflicts/no-such-conflict/"), 404, "not_found")


def test_404_unknown_api_path_is_json_too(api):
    assert_error(api.get("/api/v1/no-such-resource/"), 404, "not_found")
    assert_error(api.get("/api/v2/"), 404, "not_found")


def test_404_outside_the_api_stays_html(api):
    response = api.get("/no-such-page/")
    assert response.status_code == 404 and not response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_405_a_list_is_not_replaced_or_deleted_whole(api, method):
    assert_error(getattr(api, method)("/api/v1/conflicts/"), 405, "method_not_allowed")


def test_406_unsupported_accept(api):
    assert_error(api.get("/api/v1/events/", HTTP_ACCEPT="application/xml"), 406, "not_acceptable")


def test_csv_is_not_offered_for_a_detail(api):
    assert_error(api.get("/api/v1/events/x/", HTTP_ACCEPT="text/csv"), 406, "not_acceptable")
    body = assert_error(api.get("/api/v1/events/x/?format=csv"), 400, "invalid")
    assert list(body["errors"]) == ["format"]


@override_settings(API_THROTTLE_RATE="3/minute")
def test_429_with_retry_after(api):
    for _ in range(3):
        assert api.get("/api/v1/places/").status_code == 200
    response = api.get("/api/v1/places/")
    assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0


def test_500_is_json(monkeypatch):
    def crash(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(EventViewSet, "list", crash)
    client = Client(raise_request_exception=False)
    body = assert_error(client.get("/api/v1/events/"), 500, "server_error")
    assert "boom" not in body["detail"]  # no internals leak


@pytest.mark.parametrize(
    "exception, status, code",
    [
        (exceptions.PermissionDenied, 403, "permission_denied"),
        (exceptions.NotAuthenticated, 401, "not_authenticated"),
    ],
)
def test_401_and_403_shape(api, monkeypatch, exception, status, code):
    # Token authentication makes DRF answer NotAuthenticated with 401 and a WWW-Authenticate.
    def deny(self, request, *args, **kwargs):
        raise exception()

    monkeypatch.setattr(EventViewSet, "list", deny)
    assert_error(api.get("/api/v1/events/"), status, code)


def test_errors_stay_json_when_csv_was_asked_for(api):
    assert_error(api.get("/api/v1/events/export.csv?kind=nope"), 400, "invalid")
    assert_error(api.get("/api/v1/events/export.csv?kind=nope", HTTP_ACCEPT="text/csv"), 400, "invalid")
