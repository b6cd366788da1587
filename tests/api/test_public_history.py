"""A record's public history shows what the public saw: its published versions, related records
by slug, no curator's name; one save is one entry; curators see everything."""

import json

import pytest

from project.records import relations
from tests.factories import cite, make_actor, make_document, make_event
from tests.users import every, token_client, user_with

pytestmark = pytest.mark.django_db

TEXT = "On 18 September 2024 the plot was announced. Three were arrested. The plot was denied."


@pytest.fixture
def chief():
    return token_client(user_with("chiefcurator", every("add", "change", "delete", "view", "publish")))


def patch(client, url, body):
    etag = client.get(url)["ETag"]
    response = client.patch(url, body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    return response


def test_the_public_sees_published_versions_only_and_nothing_of_the_draft_era(api, chief):
    make_document(slug="report", text=TEXT)
    make_actor(slug="unnamed-source", name="Unnamed Source", review_state="draft")
    created = chief.post(
        "/api/v1/events/",
        {
            "slug": "plot",
            "summary": "An unverified claim about a named person.",
            "curator_note": "Private doubt: the source may be wrong.",
            "attributed_to": "unnamed-source",
            "citations": [{"document": "report", "quote": "The plot was denied."}],
        },
        format="json",
    )
    assert created.status_code == 201
    url = "/api/v1/events/plot/"
    patch(chief, url, {"summary": "The plot was denied.", "curator_note": "", "attributed_to": None})
    patch(chief, url, {"review_state": "published"})
    patch(chief, url, {"summary": "The plot was denied, a spokesman said."})

    public = api.get(url + "history/")
    assert public.status_code == 200
    entries = public.json()
    assert [entry["change"] for entry in entries] == ["changed", "published"]
    text = json.dumps(entries)
    for secret in ("unverified", "Private doubt", "unnamed-source", "Unnamed Source", "chiefcurator"):
        assert secret not in text, secret
    assert "attributed_to" not in text  # it changed only while a draft (and held a draft's id)
    assert entries[0]["changes"] == [
        {"field": "summary", "old": "The plot was denied.", "new": "The plot was denied, a spokesman said."}
    ]
    assert all(entry["reason"] is None for entry in entries)

    # Curators see every version, who made it, and related records by slug.
    full = chief.get(url + "history/").json()
    assert [entry["version"] for entry in full] == sorted({entry["version"] for entry in full}, reverse=True)
    assert len(full) == 4 and {entry["user"] for entry in full} == {"chiefcurator"}
    attributed = [c for entry in full for c in entry["changes"] if c["field"] == "attributed_to"]
    assert attributed == [{"field": "attributed_to", "old": "unnamed-source", "new": None}]


def test_one_write_is_one_entry_whatever_it_touches(chief):
    make_document(slug="report", text=TEXT)
    event = make_event(slug="one")
    url = "/api/v1/events/one/"
    patch(
        chief,
        url,
        {
            "summary": "Changed.",
            "actors": [make_actor().slug, make_actor().slug],
            "citations": [{"document": "report", "quote": "Three were arrested."}],
        },
    )
    versions = list(event.history.values_list("version", flat=True))
    assert sorted(versions) == [1, 2]
    newest = chief.get(url + "history/").json()[0]
    assert {c["field"] for c in newest["changes"]} == {"summary", "actors", "citations"}


def test_publishing_a_draft_and_its_drafts_is_one_entry_each(chief):
    document = make_document(slug="report", text=TEXT, review_state="draft")
    actor = make_actor(review_state="draft")
    event = make_event(slug="one", review_state="draft", attributed_to=actor)
    event.citations.add(cite(document, "Three were arrested."))
    patch(chief, "/api/v1/events/one/", {"summary": "Reviewed.", "review_state": "published"})
    for record in (event, actor, document):
        states = list(record.history.order_by("history_id").values_list("version", "review_state"))
        assert len({version for version, _ in states}) == len(states), states
        assert states[-1][1] == "published"
    assert relations.violations() == []


def test_a_history_entry_never_says_none(api):
    event = make_event(slug="one")
    entry = event.history.get()
    entry.history_change_reason = "None"
    entry.save()
    assert api.get("/api/v1/events/one/history/").json()[0]["reason"] is None
