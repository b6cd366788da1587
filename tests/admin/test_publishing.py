"""The trust boundary in the admin, driven as a browser does: actions, change forms, inlines and
history reverts, tried by curators with and without the publish permission."""

import pytest
from django.test import Client
from django.urls import reverse

from actors.models import Actor
from documents.models import Document
from events.models import Event
from project.records import relations, review
from tests.factories import cite, make_actor, make_document, make_event
from tests.users import every, user_with

from .browser import errors_in, form_data, inline_prefix

pytestmark = pytest.mark.django_db

ALL = ("add", "change", "delete", "view", "publish")


def session(name: str, permissions: list[str]) -> Client:
    client = Client()
    client.force_login(user_with(name, permissions))
    return client


def change(record) -> str:
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def messages_in(response) -> str:
    return " ".join(m.message for m in response.context["messages"]) if response.context else ""


def draft_event_naming_a_draft_actor() -> Event:
    actor = make_actor(slug="plotter", review_state="draft")
    event = make_event(slug="plot", review_state="draft", attributed_to=actor)
    event.citations.add(cite(make_document(), "Three were arrested."))
    return event


def run_action(client, model, action, records, select_across=False):
    return client.post(
        changelist(model),
        {
            "action": action,
            "_selected_action": [r.pk for r in records],
            "select_across": "1" if select_across else "0",
        },
        follow=True,
    )


def test_a_viewer_is_offered_no_publishing_action_and_posting_one_publishes_nothing():
    event = draft_event_naming_a_draft_actor()
    viewer = session("viewer", every("view"))
    page = viewer.get(changelist(Event)).content.decode()
    assert 'value="publish"' not in page and 'value="back_to_draft"' not in page
    for select_across in (False, True):
        run_action(viewer, Event, "publish", [event], select_across)
    assert Event.objects.get(pk=event.pk).review_state == "draft"
    assert Actor.objects.get(slug="plotter").review_state == "draft"


def test_a_cascade_publishes_only_what_the_curator_may_publish():
    event = draft_event_naming_a_draft_actor()
    events_only = session("events-only", [*every("view", "change"), "events.publish_event"])
    response = run_action(events_only, Event, "publish", [event], select_across=True)
    assert "actor 'plotter'" in messages_in(response) and "actors.publish_actor" in messages_in(response)
    assert Event.objects.get(pk=event.pk).review_state == "draft"
    chief = session("chief", every(*ALL))
    response = run_action(chief, Event, "publish", [event])
    assert "Published 2 record(s)" in messages_in(response)  # the event and its actor
    assert relations.violations() == []


def test_without_the_publish_permission_a_published_record_is_read_only():
    event = make_event(summary="As published.")
    editor = session("editor", every("add", "change", "delete", "view"))
    page = editor.get(change(event)).content.decode()
    assert 'name="_save"' not in page and 'name="summary"' not in page
    data = {"summary": "Unreviewed words.", "version": "1"}
    assert editor.post(change(event), data).status_code == 403
    assert Event.objects.get(pk=event.pk).summary == "As published."
    draft = make_event(summary="A draft.", review_state="draft")
    data = form_data(editor.get(change(draft)))
    data["summary"] = "A better draft."
    assert editor.post(change(draft), data).status_code == 302
    assert Event.objects.get(pk=draft.pk).summary == "A better draft."


def test_the_change_form_refuses_a_draft_actor_on_a_published_event_naming_it():
    event = make_event(summary="Public.")
    make_actor(slug="plotter", name="Secret Plotter", review_state="draft")
    chief = session("chief", every(*ALL))
    data = form_data(chief.get(change(event)))
    data["actors"] = [str(Actor.objects.get(slug="plotter").pk)]
    response = chief.post(change(event), data)
    assert response.status_code == 200
    assert any("'plotter' is a draft" in error for error in errors_in(response)), errors_in(response)
    assert not Event.objects.get(pk=event.pk).actors.exists()


def test_the_citation_inline_refuses_a_draft_document_on_a_published_fact():
    event = make_event(summary="Public.")
    event.citations.add(cite(make_document(text="Published words here."), "Published words"))
    draft = make_document(slug="unreviewed", text="Unreviewed words here.", review_state="draft")
    chief = session("chief", every(*ALL))
    data = form_data(chief.get(change(event)))
    prefix = inline_prefix(data, "Event_citations")
    row = int(data[f"{prefix}-INITIAL_FORMS"])
    data.update({f"{prefix}-{row}-document": str(draft.pk), f"{prefix}-{row}-quote": "Unreviewed words"})
    response = chief.post(change(event), data)
    assert response.status_code == 200
    assert any("'unreviewed' is a draft" in error for error in errors_in(response)), errors_in(response)
    assert event.citations.count() == 1


def test_a_document_cannot_be_set_back_to_draft_through_its_form():
    document = make_document(slug="cited", text="Cited words.")
    make_event().citations.add(cite(document, "Cited words."))
    chief = session("chief", every(*ALL))
    page = chief.get(change(document))
    assert 'name="review_state"' not in page.content.decode()
    data = form_data(page)
    data["review_state"] = "draft"
    data["publisher"] = "A publisher"
    assert chief.post(change(document), data).status_code == 302
    stored = Document.objects.get(pk=document.pk)
    assert stored.review_state == "published" and stored.publisher == "A publisher"


def test_a_revert_to_a_draft_era_version_keeps_the_record_published_and_says_it_reverted():
    event = make_event(slug="plot", summary="Drafted words.", review_state="draft")
    event.citations.add(cite(make_document(), "Three were arrested."))
    review.publish([Event.objects.get(pk=event.pk)])
    chief = session("chief", every(*ALL))
    data = form_data(chief.get(change(event)))
    data["summary"] = "Reviewed words."
    assert chief.post(change(event), data).status_code == 302
    draft_era = event.history.filter(review_state="draft").earliest("history_date")
    revert = reverse("admin:events_event_simple_history", args=[event.pk, draft_era.history_id])
    assert chief.post(revert, form_data(chief.get(revert))).status_code == 302
    stored = Event.objects.get(pk=event.pk)
    assert stored.review_state == "published" and stored.summary == "Drafted words."
    newest = Client().get("/api/v1/events/plot/history/").json()[0]
    assert newest["reason"] == f"reverted to version {draft_era.version}"
    assert newest["user"] is None


def test_a_stale_save_keeps_the_input_shows_both_values_and_saves_knowingly():
    event = make_event(summary="As first written.", date="2024-09")
    alice, bob = session("alice", every(*ALL)), session("bob", every(*ALL))
    alices, bobs = form_data(alice.get(change(event))), form_data(bob.get(change(event)))
    alices["summary"] = "Alice's summary."
    assert alice.post(change(event), alices).status_code == 302

    bobs["summary"] = "Bob's summary."
    refused = bob.post(change(event), bobs)
    assert refused.status_code == 200
    errors = " ".join(errors_in(refused))
    assert "yours “Bob's summary.”, now stored “Alice's summary.”" in errors
    assert "Save mine over version 2" in refused.content.decode()
    assert Event.objects.get(pk=event.pk).summary == "Alice's summary."

    again = form_data(refused)  # the refused page, as the browser shows it
    assert again["summary"] == "Bob's summary."
    again["overwrite"] = "on"
    assert bob.post(change(event), again).status_code == 302
    stored = Event.objects.get(pk=event.pk)
    assert (stored.summary, stored.version) == ("Bob's summary.", 3)


def test_ticking_overwrite_on_a_page_older_than_the_newest_save_is_refused_again():
    event = make_event(summary="First.")
    alice, bob = session("alice", every(*ALL)), session("bob", every(*ALL))
    bobs = form_data(bob.get(change(event)))
    for words in ("Second.", "Third."):
        page = form_data(alice.get(change(event)))
        page["summary"] = words
        assert alice.post(change(event), page).status_code == 302
    bobs["summary"] = "Bob's."
    bobs["overwrite"] = "on"
    bobs["seen_version"] = "2"  # shown version 2, but version 3 is stored now
    assert bob.post(change(event), bobs).status_code == 200
    assert Event.objects.get(pk=event.pk).summary == "Third."


def test_words_that_differ_only_typographically_name_the_nearest_passage():
    event = make_event(summary="Public.")
    document = make_document(text="He said “there was no coup”.\nThen  he left.")
    chief = session("chief", every(*ALL))
    data = form_data(chief.get(change(event)))
    prefix = inline_prefix(data, "Event_citations")
    row = int(data[f"{prefix}-INITIAL_FORMS"])
    data.update(
        {
            f"{prefix}-{row}-document": str(document.pk),
            f"{prefix}-{row}-quote": 'said "there was no coup". Then he',
        }
    )
    response = chief.post(change(event), data)
    errors = " ".join(errors_in(response))
    assert "differs only in quotation marks" in errors and "“there was no coup”" in errors


def test_the_reaction_form_ties_a_denial_to_its_claim_but_never_a_published_one_to_a_draft():
    from events.models import Reaction
    from tests.factories import make_reaction

    claim = make_event(slug="unreviewed-claim", summary="They plotted.", review_state="draft")
    published = make_reaction(slug="denial", summary="Denied.", stance="denies")
    published.citations.add(cite(make_document(), "Three were arrested."))
    chief = session("chief", every(*ALL))
    data = form_data(chief.get(change(published)))
    data["responds_to"] = str(claim.pk)
    response = chief.post(change(published), data)
    assert response.status_code == 200
    assert any("'unreviewed-claim' is a draft" in error for error in errors_in(response)), errors_in(response)
    assert Reaction.objects.get(pk=published.pk).responds_to is None
    # A draft reaction may answer a draft claim, saved by an editor without the publish permission,
    # as a browser sends the form; the public sees neither.
    draft = make_reaction(slug="draft-denial", summary="Denied\nat length.", review_state="draft")
    editor = session("editor", every("add", "change", "delete", "view"))
    data = form_data(editor.get(change(draft)))
    data["responds_to"] = str(claim.pk)
    assert editor.post(change(draft), data).status_code == 302
    draft.refresh_from_db()
    assert (draft.responds_to, draft.summary) == (claim, "Denied\nat length.")
    anonymous = Client()
    assert anonymous.get("/api/v1/reactions/draft-denial/").status_code == 404
    listed = anonymous.get("/api/v1/reactions/", {"responds_to": "unreviewed-claim"})
    assert listed.status_code == 400 and "draft-denial" not in listed.content.decode()
