"""The trust boundary through the API, tried as a hostile client and as curators lacking a
permission would: no draft's name, text or existence reaches an anonymous reader, publishing
needs its permission, and preconditions are exact."""

import pytest

from actors.models import Actor
from events.api import writes as event_writes
from events.models import Event
from project.api import writes
from project.records import relations
from project.urls import RESOURCES as ROUTES
from tests.api.conftest import RESOURCES
from tests.factories import (
    cite,
    make_actor,
    make_combatant,
    make_commander,
    make_conflict,
    make_document,
    make_event,
    make_place,
    make_reaction,
)
from tests.users import every, token_client, user_with

pytestmark = pytest.mark.django_db

TEXT = "On 18 September 2024 the plot was announced. Three were arrested. The plot was denied."


@pytest.fixture
def document():
    return make_document(slug="report", text=TEXT)


@pytest.fixture
def chief():
    """A curator with every permission, publishing included."""
    return token_client(user_with("chief", every(*("add", "change", "delete", "view", "publish"))))


@pytest.fixture
def editor():
    """A curator who may write drafts but not publish."""
    return token_client(user_with("editor", every("add", "change", "delete", "view")))


def tag(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response["ETag"]


def patch(client, url: str, body: dict):
    return client.patch(url, body, format="json", HTTP_IF_MATCH=tag(client, url))


# --- class 1: a published record never comes to refer to a draft -------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("actors", ["plotter"]), ("attributed_to", "plotter"), ("place", "secret-base")],
)
def test_an_edit_that_makes_a_published_event_name_a_draft_is_refused(api, chief, field, value):
    make_actor(slug="plotter", name="Secret Plotter", review_state="draft")
    make_place(slug="secret-base", name="Secret Base", review_state="draft")
    event = make_event(slug="public")
    response = patch(chief, "/api/v1/events/public/", {field: value})
    assert response.status_code == 400
    [message] = response.json()["errors"][field]
    assert "is a draft" in message and ("'plotter'" in message or "'secret-base'" in message)
    assert Event.objects.get(pk=event.pk).version == 1
    body = api.get("/api/v1/events/public/").content.decode()
    assert "Secret" not in body


def test_citing_a_draft_document_in_a_published_event_is_refused(api, chief):
    make_document(slug="unreviewed", text=TEXT, review_state="draft")
    event = make_event(slug="public")
    event.citations.add(cite(make_document(text="Elsewhere: Three were arrested."), "Three were arrested."))
    response = patch(
        chief,
        "/api/v1/events/public/",
        {"citations": [{"document": "unreviewed", "quote": "The plot was denied."}]},
    )
    assert (
        response.status_code == 400 and "'unreviewed' is a draft" in response.json()["errors"]["citations"][0]
    )


def test_asking_to_publish_with_the_edit_publishes_the_drafts_it_names(api, chief):
    make_actor(slug="plotter", review_state="draft")
    make_event(slug="public")
    response = patch(chief, "/api/v1/events/public/", {"actors": ["plotter"], "review_state": "published"})
    assert response.status_code == 200, response.content
    assert api.get("/api/v1/actors/plotter/").status_code == 200
    assert relations.violations() == []


def test_a_create_that_publishes_brings_its_drafts_and_needs_their_permissions(api, document):
    make_actor(slug="plotter", review_state="draft")
    body = {
        "slug": "new",
        "summary": "The plot was denied.",
        "attributed_to": "plotter",
        "citations": [{"document": "report", "quote": "The plot was denied."}],
        "review_state": "published",
    }
    adder = token_client(user_with("adder", ["events.add_event", "events.view_event"]))
    refused = adder.post("/api/v1/events/", body, format="json")
    assert refused.status_code == 403
    assert "events.publish_event" in refused.json()["detail"]
    assert not Event.objects.filter(slug="new").exists()
    publisher = token_client(
        user_with("publisher", ["events.add_event", "events.view_event", "events.publish_event"])
    )
    refused = publisher.post("/api/v1/events/", body, format="json")
    assert refused.status_code == 403 and "actor 'plotter'" in refused.json()["detail"]
    assert not Event.objects.filter(slug="new").exists()
    assert Actor.objects.get(slug="plotter").review_state == "draft"
    assert api.get("/api/v1/actors/plotter/").status_code == 404


def test_taking_a_referred_to_record_back_to_draft_is_refused(chief):
    actor = make_actor(slug="nss")
    make_event(slug="public", attributed_to=actor)
    response = patch(chief, "/api/v1/actors/nss/", {"review_state": "draft"})
    assert response.status_code == 400
    assert "referred to by published event 'public'" in response.json()["errors"]["review_state"][0]


# --- class 2: publishing is a permission ------------------------------------------------------


def test_an_editor_writes_drafts_but_cannot_change_what_the_public_sees(api, editor, document):
    make_event(slug="public", summary="As published.")
    make_event(slug="draft", summary="A draft.", review_state="draft")
    assert patch(editor, "/api/v1/events/draft/", {"summary": "Better."}).status_code == 200
    refused = patch(editor, "/api/v1/events/public/", {"summary": "Unreviewed words."})
    assert refused.status_code == 403 and "events.publish_event" in refused.json()["detail"]
    refused = patch(editor, "/api/v1/events/draft/", {"review_state": "published"})
    assert refused.status_code == 403
    refused = editor.delete("/api/v1/events/public/", HTTP_IF_MATCH=tag(editor, "/api/v1/events/public/"))
    assert refused.status_code == 403
    assert api.get("/api/v1/events/public/").json()["summary"] == "As published."
    assert api.get("/api/v1/events/draft/").status_code == 404


def test_a_token_without_the_permission_is_a_403_not_a_401(api):
    make_event(slug="public")
    viewer = token_client(user_with("viewer", ["events.view_event"]))
    assert viewer.post("/api/v1/events/", {"slug": "x", "summary": "x"}, format="json").status_code == 403
    outsider = token_client(user_with("outsider", [], staff=False))
    asked = outsider.get("/api/v1/events/?review_state=draft")
    assert asked.status_code == 403 and asked.json()["code"] == "permission_denied"
    assert api.get("/api/v1/events/?review_state=draft").status_code == 401


# --- class 3: a draft's slug is a slug that does not exist --------------------------------------


def draft_of_every_kind() -> dict:
    """A draft record of every model a filter names, with a slug no other record has."""
    conflict = make_conflict(slug="draft-conflict", review_state="draft")
    return {
        "conflicts": conflict,
        "actors": make_actor(slug="draft-actor", review_state="draft"),
        "places": make_place(slug="draft-place", review_state="draft"),
        "documents": make_document(slug="draft-document", text="Drafted words.", review_state="draft"),
        "reactions": make_reaction(slug="draft-reaction", review_state="draft"),
        "combatants": make_combatant(slug="draft-combatant", conflict=conflict, review_state="draft"),
        "events": make_event(slug="draft-event", review_state="draft"),
    }


def slug_filters():
    from project.api.filters import SlugFilter

    for prefix, viewset in ROUTES:
        for name, filter_ in viewset.filterset_class.base_filters.items():
            if isinstance(filter_, SlugFilter):
                yield prefix, name, filter_.queryset.model


def test_every_relation_filter_answers_a_draft_slug_as_an_unknown_one(api):
    drafts = draft_of_every_kind()
    by_model = {type(record): record for record in drafts.values()}
    checked = 0
    for resource, name, model in slug_filters():
        draft = by_model[model]
        for suffix in ("", "export.csv"):
            url = f"/api/v1/{resource}/{suffix}"
            unknown = api.get(url, {name: "never-existed"})
            hidden = api.get(url, {name: draft.slug})
            assert hidden.status_code == unknown.status_code == 400, (resource, name)
            assert hidden.content.decode().replace(draft.slug, "never-existed") == unknown.content.decode()
            checked += 1
    assert checked >= 30


def test_a_draft_role_ties_no_published_person_to_a_published_conflict_for_the_public(api, chief):
    conflict = make_conflict(slug="plot")
    person = make_actor(slug="named-person", kind="person")
    make_commander(conflict=conflict, actor=person, review_state="draft")
    make_combatant(conflict=conflict, actor=person, side=2, review_state="draft")
    assert api.get("/api/v1/conflicts/", {"actor": "named-person"}).json()["results"] == []
    assert api.get("/api/v1/actors/", {"conflict": "plot"}).json()["results"] == []
    assert api.get("/api/v1/conflicts/plot/").json()["sides"] == []
    # A curator who may see drafts sees the role.
    seen = chief.get("/api/v1/conflicts/", {"actor": "named-person"}).json()["results"]
    assert [row["slug"] for row in seen] == ["plot"]


# --- class 5: preconditions guard something -----------------------------------------------------


def test_if_match_must_be_this_records_current_tag(chief):
    make_event(slug="one")
    make_event(slug="two")
    url = "/api/v1/events/one/"
    current = tag(chief, url)
    version = current.strip('"').split("-")[0]
    cases = {
        "*": 428,
        f'"{version}-0123456789abcdef-0123456789abcdef"': 412,  # made up, with the right version
        tag(chief, "/api/v1/events/two/"): 412,  # another record's
        f"W/{current}": 412,  # weak
        '"garbage"': 412,
    }
    for header, status in cases.items():
        response = chief.patch(url, {"curator_note": header}, format="json", HTTP_IF_MATCH=header)
        assert response.status_code == status, (header, response.content)
    assert Event.objects.get(slug="one").version == 1
    assert chief.patch(url, {"curator_note": "ok"}, format="json", HTTP_IF_MATCH=current).status_code == 200


def test_many_writes_with_the_same_tag_make_one_change(chief):
    make_event(slug="one", summary="start")
    url = "/api/v1/events/one/"
    read = tag(chief, url)
    answers = [
        chief.patch(url, {"summary": f"writer {n}"}, format="json", HTTP_IF_MATCH=read).status_code
        for n in range(20)
    ]
    assert answers.count(200) == 1 and answers.count(412) == 19
    assert Event.objects.get(slug="one").summary == "writer 0"


def test_draft_only_writes_leave_every_anonymous_tag_as_it_was(api, chief, document):
    make_event(slug="public")
    public_urls = [
        "/api/v1/events/",
        "/api/v1/events/public/",
        "/api/v1/actors/",
        "/api/v1/events/export.csv",
        "/api/v1/citations/",
    ]
    before = {url: api.get(url)["ETag"] for url in public_urls}
    created = chief.post(
        "/api/v1/actors/", {"slug": "plotter", "name": "Secret Plotter", "kind": "person"}, format="json"
    )
    assert created.status_code == 201
    chief.post(
        "/api/v1/events/",
        {
            "slug": "draft",
            "summary": "x",
            "actors": ["plotter"],
            "citations": [{"document": "report", "quote": "The plot was denied."}],
        },
        format="json",
    )
    patch(chief, "/api/v1/events/draft/", {"summary": "y"})
    assert {url: api.get(url)["ETag"] for url in public_urls} == before
    for url, etag in before.items():
        assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    patch(chief, "/api/v1/events/public/", {"summary": "public change"})
    assert api.get("/api/v1/events/public/")["ETag"] != before["/api/v1/events/public/"]


# --- class 6: no body is a 500 ------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "patch", "put"])
@pytest.mark.parametrize("missing", ["document", "quote"])
def test_a_citation_missing_a_key_is_a_400_on_every_cited_resource(chief, document, method, missing):
    citation = {"document": "report", "quote": "The plot was denied."}
    del citation[missing]
    for resource, model in RESOURCES.items():
        field = "description_citations" if model is Actor else "citations"
        if field not in dict(ROUTES)[resource].input_serializer_class().fields:
            continue
        if method == "post":
            response = chief.post(f"/api/v1/{resource}/", {"slug": "x", field: [citation]}, format="json")
        else:
            record = {
                "conflicts": make_conflict, "combatants": make_combatant, "commanders": make_commander,
                "events": make_event, "reactions": make_reaction, "actors": make_actor,
            }.get(resource, lambda: None)()  # fmt: skip
            if record is None:
                continue
            url = f"/api/v1/{resource}/{record.slug}/"
            response = getattr(chief, method)(
                url, {field: [citation]}, format="json", HTTP_IF_MATCH=tag(chief, url)
            )
        assert response.status_code == 400, (resource, response.content)
        assert any(missing in message for message in response.json()["errors"][field]), response.content


def test_hostile_bodies_are_400s(chief):
    for body in [
        '{"slug": "a", "summary": "s", "kind": "\\ud800"}',
        '{"slug": "a", "summary": "\\udfff"}',
        "[" * 1000 + "]" * 1000,
        "[" * 5000 + "]" * 5000,
        '{"a":' * 3000 + "1" + "}" * 3000,
        '{"slug": "a", "summary": NaN}',
        "\xff\xfe",
    ]:
        response = chief.generic(
            "POST", "/api/v1/events/", body.encode("utf-8", "surrogatepass"), content_type="application/json"
        )
        assert response.status_code == 400, (body[:40], response.content)
        response.json()  # an error body, encodable


# --- class 7: the contract's smaller gaps --------------------------------------------------------


def test_an_unknown_body_field_is_named(chief):
    response = chief.post("/api/v1/events/", {"slug": "x", "summary": "s", "sumary": "typo"}, format="json")
    assert response.status_code == 400 and "sumary" in response.json()["errors"]
    assert not Event.objects.filter(slug="x").exists()


@pytest.mark.parametrize("date", ["{2024-09..2024-01}", "[2024-09..2024-01]", "2024-12-31/2024-01"])
def test_a_reversed_date_is_a_400_naming_date_and_no_database_text(chief, date):
    response = chief.post("/api/v1/events/", {"slug": "x", "summary": "s", "date": date}, format="json")
    assert response.status_code == 400 and "ends before it starts" in response.json()["errors"]["date"][0]


def test_a_racing_constraint_says_nothing_of_the_database(chief, monkeypatch):
    from django.db import IntegrityError

    def refuse(*args, **kwargs):
        raise IntegrityError(
            'CHECK constraint failed: events_event_date_bounds_ordered DETAIL: Failing row contains (1, "secret")'
        )

    monkeypatch.setattr(event_writes.EventInputSerializer, "create", refuse)
    response = chief.post("/api/v1/events/", {"slug": "x", "summary": "s"}, format="json")
    assert response.status_code == 409
    text = response.content.decode()
    assert "constraint" not in text.lower() and "secret" not in text and "events_event" not in text


@pytest.mark.parametrize(
    "url",
    ["http://例え.jp/", "https://example.org/a b", "https://example.org/<script>", "https://example.org/%zz"],
)
def test_a_source_url_is_a_uri_as_the_spec_says(chief, url):
    response = chief.post(
        "/api/v1/documents/",
        {"slug": "d", "title": "t", "kind": "other", "text": "t", "url": url},
        format="json",
    )
    assert response.status_code == 400 and "url" in response.json()["errors"], response.content


def test_a_list_longer_than_its_limit_is_refused_before_any_item_is_read(
    chief, django_assert_max_num_queries
):
    make_event(slug="one")
    url = "/api/v1/events/one/"
    etag = tag(chief, url)
    with django_assert_max_num_queries(12):
        response = chief.patch(url, {"actors": ["a"] * 50_000}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 400
    assert response.json()["errors"]["actors"] == [f"At most {writes.MAX_ITEMS} items; got 50000."]


def test_a_429_carries_no_etag(api, settings):
    settings.API_THROTTLE_RATE = "2/minute"
    answers = [api.get("/api/v1/events/") for _ in range(3)]
    assert answers[-1].status_code == 429
    assert "ETag" not in answers[-1] and "ETag" in answers[0]
