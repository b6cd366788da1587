"""Curators through the API: drafts, tokens and permissions, preconditions, citations by quote, history."""

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from actors.models import Actor
from documents.models import Citation
from events.models import Event
from tests.factories import cite, make_actor, make_document, make_event

pytestmark = pytest.mark.django_db

TEXT = "On 18 September 2024 the plot was announced. Three were arrested. The plot was denied."


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def curator():
    user = User.objects.create_user("curator")
    codenames = [
        f"{verb}_{model}"
        for verb in ("add", "change", "delete", "view", "publish")
        for model in ("event", "actor", "document")
    ]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return client_for(user)


@pytest.fixture
def document():
    return make_document(slug="report", text=TEXT)


def etag(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response["ETag"]


# --- drafts -----------------------------------------------------------------------------------


def test_drafts_stay_out_of_the_public_api(api, curator):
    make_event(slug="public", summary="public")
    make_event(slug="draft", summary="draft", review_state="draft")
    assert [row["slug"] for row in api.get("/api/v1/events/").json()["results"]] == ["public"]
    assert api.get("/api/v1/events/draft/").status_code == 404
    asked = api.get("/api/v1/events/?review_state=draft")
    assert asked.status_code == 401 and asked.json()["code"] == "not_authenticated"
    # A curator lists published records by default, drafts on request, and reaches any detail.
    assert [row["slug"] for row in curator.get("/api/v1/events/").json()["results"]] == ["public"]
    drafts = curator.get("/api/v1/events/?review_state=draft").json()["results"]
    assert [row["slug"] for row in drafts] == ["draft"]
    assert curator.get("/api/v1/events/draft/").json()["review_state"] == "draft"


def test_a_conflicts_draft_roles_stay_out_of_its_public_detail(api):
    from tests.factories import make_combatant, make_conflict

    conflict = make_conflict(slug="plot")
    make_combatant(conflict=conflict, slug="seen")
    make_combatant(conflict=conflict, slug="unseen", review_state="draft")
    sides = api.get("/api/v1/conflicts/plot/").json()["sides"]
    assert [c["slug"] for side in sides for c in side["combatants"]] == ["seen"]


# --- conditional requests ---------------------------------------------------------------------


def test_every_get_has_a_strong_etag_and_if_none_match_gives_304(api):
    make_event(slug="one")
    for url in ("/api/v1/events/", "/api/v1/events/one/"):
        first = api.get(url)
        tag = first["ETag"]
        assert tag.startswith('"') and not tag.startswith("W/")
        again = api.get(url, HTTP_IF_NONE_MATCH=tag)
        assert again.status_code == 304 and again.content == b""
    before = api.get("/api/v1/events/one/")["ETag"]
    event = Event.objects.get(slug="one")
    event.summary = "changed"
    event.save()
    assert api.get("/api/v1/events/one/", HTTP_IF_NONE_MATCH=before).status_code == 200


def test_a_write_needs_if_match_and_a_stale_one_is_refused(curator):
    make_event(slug="one", summary="first")
    url = "/api/v1/events/one/"
    missing = curator.patch(url, {"summary": "no precondition"}, format="json")
    assert missing.status_code == 428 and missing.json()["code"] == "precondition_required"
    tag = etag(curator, url)
    done = curator.patch(url, {"summary": "second"}, format="json", HTTP_IF_MATCH=tag)
    assert done.status_code == 200, done.content
    assert done.json()["summary"] == "second" and done.json()["version"] == 2
    assert done["ETag"] == etag(curator, url)
    stale = curator.patch(url, {"summary": "based on the first"}, format="json", HTTP_IF_MATCH=tag)
    assert stale.status_code == 412 and stale.json()["code"] == "precondition_failed"
    assert Event.objects.get(slug="one").summary == "second"


def test_two_curators_saving_the_same_version_one_wins_one_is_told(curator):
    make_event(slug="one", summary="first")
    colleague = User.objects.create_user("colleague")
    colleague.user_permissions.set(User.objects.get(username="curator").user_permissions.all())
    other = client_for(colleague)
    url = "/api/v1/events/one/"
    tag = etag(curator, url)
    assert curator.patch(url, {"summary": "mine"}, format="json", HTTP_IF_MATCH=tag).status_code == 200
    late = other.patch(url, {"summary": "theirs"}, format="json", HTTP_IF_MATCH=tag)
    assert late.status_code == 412
    assert Event.objects.get(slug="one").summary == "mine"


# --- who may write ----------------------------------------------------------------------------


def test_anonymous_writes_are_401_and_writes_without_permission_403(api):
    make_event(slug="one")
    response = api.post("/api/v1/events/", {"slug": "new", "summary": "x"}, format="json")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    nobody = client_for(User.objects.create_user("reader"))
    response = nobody.post("/api/v1/events/", {"slug": "new", "summary": "x"}, format="json")
    assert response.status_code == 403
    assert not Event.objects.filter(slug="new").exists()


# --- creating with citations by quote ---------------------------------------------------------


def test_create_cites_by_quote_and_starts_as_a_draft(curator, document):
    actor = make_actor(slug="nss", name="National Security Service")
    response = curator.post(
        "/api/v1/events/",
        {
            "slug": "arrests",
            "summary": "Three were arrested.",
            "kind": "arrest",
            "date": "2024-09-18",
            "attributed_to": actor.slug,
            "citations": [{"document": "report", "quote": "Three were arrested."}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == body["url"] and response["ETag"]
    assert body["review_state"] == "draft" and body["attributed_to"]["slug"] == "nss"
    [citation] = body["citations"]
    assert TEXT[citation["start"] : citation["end"]] == "Three were arrested."
    assert body["date_earliest"] == "2024-09-18"


@pytest.mark.parametrize(
    "citation, field, message",
    [
        ({"document": "report", "quote": "Four were arrested."}, "quote", "are not in the document"),
        ({"document": "report", "quote": "plot was"}, "quote", "occur twice"),
        ({"document": "report", "quote": "plot was", "hint": "nothing"}, "hint", "None of the 2 occurrences"),
        ({"document": "report", "quote": "plot was", "hint": "3"}, "hint", "occurrence 3 does not exist"),
        ({"document": "missing", "quote": "x"}, "document", "does not exist"),
    ],
)
def test_a_quote_that_cannot_be_placed_is_a_400_naming_why(curator, document, citation, field, message):
    response = curator.post(
        "/api/v1/events/", {"slug": "e", "summary": "s", "citations": [citation]}, format="json"
    )
    assert response.status_code == 400, response.content
    [error] = response.json()["errors"]["citations"]
    assert error.startswith(f"[0].{field}: ") and message in error, error
    assert not Event.objects.filter(slug="e").exists()


def test_a_repeated_quote_is_placed_by_the_words_before_it_or_its_number(curator, document):
    response = curator.post(
        "/api/v1/events/",
        {
            "slug": "e",
            "summary": "s",
            "citations": [{"document": "report", "quote": "plot was", "hint": "arrested. The"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["citations"][0]["start"] == TEXT.rindex("plot was")
    response = curator.post(
        "/api/v1/events/",
        {
            "slug": "f",
            "summary": "s",
            "citations": [{"document": "report", "quote": "plot was", "hint": "1"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["citations"][0]["start"] == TEXT.index("plot was")


def test_model_validation_is_a_400_naming_the_field(curator):
    response = curator.post(
        "/api/v1/events/", {"slug": "e", "summary": "s", "date": "18/09/2024"}, format="json"
    )
    assert response.status_code == 400
    assert (
        "date" in response.json()["errors"]
        and "not a valid EDTF date" in response.json()["errors"]["date"][0]
    )
    assert response.json()["detail"] == "Invalid value for field(s): date."


def test_a_slug_in_use_is_a_400_naming_the_slug(curator):
    make_event(slug="taken")
    response = curator.post("/api/v1/events/", {"slug": "taken", "summary": "s"}, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["slug"]
    assert Event.objects.filter(slug="taken").count() == 1


@pytest.mark.parametrize(
    "body, field",
    [
        ({"summary": 0}, "summary"),  # a number is not text, though DRF would store "0"
        ({"summary": "s", "date": 2024}, "date"),
        ({"summary": "s", "place": ""}, "place"),  # none is null, as the spec says
        ({"summary": "s", "attributed_to": 7}, "attributed_to"),
        ({"summary": "s", "citations": [{"document": "report", "quote": 3}]}, "citations"),
        ({"summary": "s", "conflict": "a\x00b"}, "conflict"),  # PostgreSQL refuses NUL in a lookup
        ({"summary": "s", "citations": [{"document": "rep\x00", "quote": "q"}]}, "citations"),
    ],
)
def test_text_and_slugs_must_be_json_strings(curator, document, body, field):
    make_actor(slug="7", name="Seven")  # a slug that a number would match if it were coerced
    response = curator.post("/api/v1/events/", {"slug": "typed", "kind": "arrest", **body}, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [field]
    assert not Event.objects.filter(slug="typed").exists()


def test_aliases_must_be_strings(curator):
    response = curator.post("/api/v1/actors/", {"slug": "a", "name": "A", "aliases": [0]}, format="json")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["aliases"]


def test_a_cited_documents_text_cannot_change_through_the_api(curator, document):
    cite(document, "Three were arrested.")
    url = "/api/v1/documents/report/"
    response = curator.patch(
        url, {"text": TEXT.replace(" ", "  ")}, format="json", HTTP_IF_MATCH=etag(curator, url)
    )
    assert (
        response.status_code == 400 and "1 citation(s) point into it" in response.json()["errors"]["text"][0]
    )
    document.refresh_from_db()
    assert document.text == TEXT


def test_slugs_cannot_change(curator):
    make_event(slug="one")
    url = "/api/v1/events/one/"
    response = curator.patch(url, {"slug": "two"}, format="json", HTTP_IF_MATCH=etag(curator, url))
    assert response.status_code == 400 and "slug" in response.json()["errors"]


# --- publishing -------------------------------------------------------------------------------


def test_publishing_needs_a_citation_and_brings_the_drafts_it_refers_to(curator, api, document):
    actor = make_actor(slug="nss", review_state="draft")
    event = make_event(slug="one", review_state="draft", attributed_to=actor)
    url = "/api/v1/events/one/"
    response = curator.patch(
        url, {"review_state": "published"}, format="json", HTTP_IF_MATCH=etag(curator, url)
    )
    assert response.status_code == 400 and "cites no source" in response.json()["errors"]["review_state"][0]
    assert Event.objects.get(pk=event.pk).review_state == "draft"
    event.citations.add(cite(document, "Three were arrested."))
    document.review_state = "draft"
    document.save()
    response = curator.patch(
        url, {"review_state": "published"}, format="json", HTTP_IF_MATCH=etag(curator, url)
    )
    assert response.status_code == 200, response.content
    assert api.get(url).status_code == 200
    assert api.get("/api/v1/actors/nss/").status_code == 200  # the actor it names was published with it
    assert api.get("/api/v1/documents/report/").status_code == 200
    # Taking the actor back to draft would leave the published event pointing at a draft.
    actor_url = "/api/v1/actors/nss/"
    response = curator.patch(
        actor_url, {"review_state": "draft"}, format="json", HTTP_IF_MATCH=etag(curator, actor_url)
    )
    assert (
        response.status_code == 400
        and "referred to by published event 'one'" in response.json()["errors"]["review_state"][0]
    )


# --- delete -----------------------------------------------------------------------------------


def test_delete_needs_if_match_and_refuses_what_others_refer_to(curator):
    actor = make_actor(slug="nss")
    make_event(slug="one", attributed_to=actor)
    url = "/api/v1/actors/nss/"
    assert curator.delete(url).status_code == 428
    refused = curator.delete(url, HTTP_IF_MATCH=etag(curator, url))
    assert refused.status_code == 409 and refused.json()["code"] == "conflict"
    assert Actor.objects.filter(slug="nss").exists()
    event_url = "/api/v1/events/one/"
    assert curator.delete(event_url, HTTP_IF_MATCH=etag(curator, event_url)).status_code == 204
    assert not Event.objects.filter(slug="one").exists()


# --- history ----------------------------------------------------------------------------------


def test_history_names_who_changed_what_from_which_value_to_which(curator, api, document):
    make_event(slug="one", summary="first")
    url = "/api/v1/events/one/"
    curator.patch(
        url,
        {"summary": "second", "citations": [{"document": "report", "quote": "The plot was denied."}]},
        format="json",
        HTTP_IF_MATCH=etag(curator, url),
    )
    entries = curator.get(url + "history/").json()
    assert [entry["change"] for entry in entries][-1] == "created"
    newest = entries[0]
    assert newest["user"] == "curator" and newest["version"] >= 2
    changes = {change["field"]: change for entry in entries for change in entry["changes"]}
    assert changes["summary"]["old"] == "first" and changes["summary"]["new"] == "second"
    citation = Citation.objects.get(quote="The plot was denied.")
    # Related records by slug; a citation by its document and offsets.
    assert changes["citations"]["new"] == [f"report[{citation.start}:{citation.end}]"]
    # The public sees the same versions (all published) but not who made them.
    public = api.get(url + "history/").json()
    assert [entry["version"] for entry in public] == [entry["version"] for entry in entries]
    assert {entry["user"] for entry in public} == {None}


def test_publishing_a_draft_with_an_edit_is_one_version_and_one_history_entry(curator, document):
    event = make_event(slug="one", review_state="draft")
    event.citations.add(cite(document, "Three were arrested."))
    url = "/api/v1/events/one/"
    before = Event.history.filter(id=event.pk).count()
    response = curator.patch(
        url,
        {"review_state": "published", "summary": "Edited as published."},
        format="json",
        HTTP_IF_MATCH=etag(curator, url),
    )
    assert response.status_code == 200, response.content
    assert (response.json()["version"], response.json()["summary"]) == (
        event.version + 1,
        "Edited as published.",
    )
    assert Event.history.filter(id=event.pk).count() == before + 1
    assert Event.history.filter(id=event.pk).latest().review_state == "published"


def test_a_published_fact_cannot_lose_its_last_citation(curator, document):
    event = make_event(slug="one")
    event.citations.add(cite(document, "Three were arrested."))
    url = "/api/v1/events/one/"
    response = curator.patch(url, {"citations": []}, format="json", HTTP_IF_MATCH=etag(curator, url))
    assert (
        response.status_code == 400 and "at least one citation" in response.json()["errors"]["citations"][0]
    )
    assert event.citations.count() == 1


@pytest.fixture
def chronicler():
    """A curator of conflicts and reactions, who may publish."""
    user = User.objects.create_user("chronicler")
    codenames = [
        f"{verb}_{model}"
        for verb in ("add", "change", "view", "publish")
        for model in ("conflict", "reaction", "event")
    ]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return client_for(user)


def test_related_topics_are_a_list_of_names(chronicler):
    bad = chronicler.post(
        "/api/v1/conflicts/", {"slug": "c", "name": "C", "related_topics": ["ok", 0]}, format="json"
    )
    assert bad.status_code == 400 and list(bad.json()["errors"]) == ["related_topics"]
    good = chronicler.post(
        "/api/v1/conflicts/",
        {"slug": "c", "name": "C", "related_topics": ["Armenia–Russia relations"]},
        format="json",
    )
    assert good.status_code == 201, good.content
    assert chronicler.get("/api/v1/conflicts/c/").json()["related_topics"] == ["Armenia–Russia relations"]


def test_publishing_a_denial_cannot_carry_an_unreviewed_claim_to_the_public(chronicler, api):
    make_event(slug="unreviewed-claim", review_state="draft")
    response = chronicler.post(
        "/api/v1/reactions/",
        {
            "slug": "denial",
            "stance": "denies",
            "responds_to": "unreviewed-claim",
            "review_state": "published",
        },
        format="json",
    )
    # Publishing a record publishes the drafts it refers to, and each must cite its source: the
    # uncited claim is named, and nothing is written.
    assert response.status_code == 400, response.content
    assert any("unreviewed-claim" in message for message in response.json()["errors"]["review_state"])
    assert Event.objects.get(slug="unreviewed-claim").review_state == "draft"
    assert api.get("/api/v1/reactions/", {"stance": "denies"}).json()["results"] == []
    assert api.get("/api/v1/events/unreviewed-claim/").status_code == 404
