"""Curating in the admin as two people would: concurrent saves, publishing, history and revert."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from events.models import Event
from tests.factories import cite, make_actor, make_document, make_event

from .browser import errors_in, form_data

pytestmark = pytest.mark.django_db


def session(name: str) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser(name, f"{name}@example.org", "password"))
    return client


def change(event) -> str:
    return reverse("admin:events_event_change", args=[event.pk])


def messages_in(response) -> str:
    return " ".join(m.message for m in response.context["messages"]) if response.context else ""


def test_two_curators_save_the_same_event_the_second_is_told_who_changed_what():
    event = make_event(summary="As first written.", date="2024-09")
    alice, bob = session("alice"), session("bob")
    alices, bobs = form_data(alice.get(change(event))), form_data(bob.get(change(event)))

    alices["summary"] = "Alice's better summary."
    assert alice.post(change(event), alices).status_code == 302

    bobs["date"] = "2024-09-18"
    refused = bob.post(change(event), bobs)
    assert refused.status_code == 200
    [message] = [e for e in errors_in(refused) if "changed after you opened it" in e]
    assert "your version 1, now 2" in message and "alice changed summary" in message
    assert "2024-09-18" in refused.content.decode()  # Bob's input is still on the page

    stored = Event.objects.get(pk=event.pk)
    assert (stored.summary, stored.date, stored.version) == ("Alice's better summary.", "2024-09", 2)

    # Bob opens it again and reapplies his change: both edits stand.
    bobs = form_data(bob.get(change(event)))
    bobs["date"] = "2024-09-18"
    assert bob.post(change(event), bobs).status_code == 302
    stored.refresh_from_db()
    assert (stored.summary, stored.date, stored.version) == ("Alice's better summary.", "2024-09-18", 3)


def test_saving_the_same_page_twice_does_not_overwrite_the_save_in_between():
    event = make_event(summary="First.")
    curator = session("curator")
    page = form_data(curator.get(change(event)))
    page["summary"] = "Second."
    assert curator.post(change(event), page).status_code == 302
    page["summary"] = "Third, from the stale page."  # the browser's back button, then save again
    assert curator.post(change(event), page).status_code == 200
    assert Event.objects.get(pk=event.pk).summary == "Second."


def publish(client, events, action="publish"):
    return client.post(
        reverse("admin:events_event_changelist"),
        {"action": action, "_selected_action": [e.pk for e in events]},
        follow=True,
    )


def test_publishing_from_the_list_needs_a_citation_and_publishes_what_a_fact_refers_to():
    curator = session("curator")
    uncited = make_event(slug="uncited", review_state="draft")
    response = publish(curator, [uncited])
    assert "cites no source" in messages_in(response) and "Nothing was published" in messages_in(response)
    assert Event.objects.get(pk=uncited.pk).review_state == "draft"

    actor = make_actor(slug="nss", review_state="draft")
    document = make_document(review_state="draft")
    cited = make_event(slug="cited", review_state="draft", attributed_to=actor)
    cited.citations.add(cite(document, "Three were arrested."))
    other = make_event(slug="other", review_state="draft")
    other.citations.add(cite(document, "the plot was announced"))
    response = publish(curator, [cited, other])
    assert "Published 4 record(s)" in messages_in(response)  # two events, their actor and document
    actor.refresh_from_db()
    document.refresh_from_db()
    assert actor.is_published and document.is_published
    assert set(Event.objects.filter(review_state="published").values_list("slug", flat=True)) == {
        "cited",
        "other",
    }

    response = curator.post(
        reverse("admin:actors_actor_changelist"),
        {"action": "back_to_draft", "_selected_action": [actor.pk]},
        follow=True,
    )
    assert "referred to by published event 'cited'" in messages_in(response)
    actor.refresh_from_db()
    assert actor.is_published


def test_history_shows_old_and_new_values_and_a_curator_can_revert():
    event = make_event(summary="The original words.")
    curator = session("curator")
    page = form_data(curator.get(change(event)))
    page["summary"] = "A mistaken edit."
    assert curator.post(change(event), page).status_code == 302

    history = curator.get(reverse("admin:events_event_history", args=[event.pk])).content.decode()
    assert "The original words." in history and "A mistaken edit." in history and "curator" in history

    original = event.history.earliest("history_date")
    revert_url = reverse("admin:events_event_simple_history", args=[event.pk, original.history_id])
    reverted = curator.post(revert_url, form_data(curator.get(revert_url)))
    assert reverted.status_code == 302
    stored = Event.objects.get(pk=event.pk)
    assert stored.summary == "The original words." and stored.version == 3
    assert stored.history.count() == 3


def test_a_token_issued_in_the_admin_writes_and_once_revoked_does_not():
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    admin_session = session("admin")
    writer = User.objects.create_superuser("writer", "writer@example.org", "password")
    add = reverse("admin:authtoken_tokenproxy_add")
    page = form_data(admin_session.get(add))
    page["user"] = str(writer.pk)
    assert admin_session.post(add, page).status_code == 302
    token = Token.objects.get(user=writer)

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    body = {"slug": "written", "summary": "Written with a token from the admin."}
    assert api.post("/api/v1/events/", body, format="json").status_code == 201

    delete = reverse("admin:authtoken_tokenproxy_delete", args=[writer.pk])
    assert admin_session.post(delete, {"post": "yes"}).status_code == 302
    assert not Token.objects.filter(user=writer).exists()
    assert api.post("/api/v1/events/", {**body, "slug": "refused"}, format="json").status_code == 401


def test_a_published_fact_keeps_at_least_one_citation():
    curator = session("curator")
    document = make_document()
    event = make_event(summary="Cited once.")
    event.citations.add(cite(document, "Three were arrested."))
    page = form_data(curator.get(change(event)))
    [row_id] = [name for name in page if name.startswith("Event_citations") and name.endswith("-0-id")]
    delete_box = row_id.replace("-id", "-DELETE")
    page[delete_box] = "on"
    response = curator.post(change(event), page)
    assert response.status_code == 200
    assert any("must keep at least one citation" in e for e in errors_in(response))
    assert event.citations.count() == 1
