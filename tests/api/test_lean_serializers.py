"""The lean read path (project.api.brief) answers as DRF's own would, per request."""

import pytest

from events.api.serializers import EventSerializer
from tests.factories import cite, make_actor, make_conflict, make_document, make_event

pytestmark = pytest.mark.django_db


def test_fields_built_once_per_class_are_never_shared_between_serializers():
    first, second = EventSerializer(), EventSerializer()
    assert first.fields["conflict"] is not second.fields["conflict"]
    assert first.fields["citations"].child is not second.fields["citations"].child
    assert second.fields["citations"].child.parent is second.fields["citations"]
    assert second.fields["conflict"].root is second


def test_every_url_of_a_page_is_built_for_its_own_request(api):
    document = make_document(text="The plot was announced on Monday.")
    event = make_event(slug="one", conflict=make_conflict(slug="plot"), attributed_to=make_actor(slug="nss"))
    event.citations.set([cite(document, "plot was announced")])
    for host in ["localhost", "127.0.0.1", "localhost", "testserver"]:
        body = api.get("/api/v1/events/?format=json", HTTP_HOST=host).json()["results"][0]
        urls = [body["url"], body["conflict"]["url"], body["attributed_to"]["url"]]
        urls.append(body["citations"][0]["document"]["url"])
        assert all(url.startswith(f"http://{host}/api/v1/") for url in urls), urls
        assert not any("format" in url for url in urls)
    detail = api.get("/api/v1/events/one/", HTTP_HOST="127.0.0.1").json()
    assert detail["conflict"]["url"] == "http://127.0.0.1/api/v1/conflicts/plot/"
