"""Who alleges a fact: one actor (``alleged_by``) or a statement and its signatories (``alleged_in``)."""

import pytest
from django.contrib.auth.models import Permission, User

from actors.models import Commander
from tests.factories import (
    make_actor,
    make_combatant,
    make_commander,
    make_conflict,
    make_event,
    make_reaction,
)

from .conftest import walk
from .test_curation import client_for, etag

pytestmark = pytest.mark.django_db


def slugs(api, url: str) -> set[str]:
    return {row["slug"] for row in walk(api, url)}


@pytest.fixture
def claims(db):
    """A joint statement signed by two NGOs, a statement by one ministry, and facts resting on each."""
    ngo_a, ngo_b, ministry, bystander = (
        make_actor(slug=slug) for slug in ["ngo-a", "ngo-b", "ministry", "bystander"]
    )
    joint = make_reaction(slug="joint", summary="A joint statement.", kind="joint_statement")
    joint.signatories.add(ngo_a, ngo_b)
    by_ministry = make_reaction(slug="ministry-says", summary="The ministry says.", actor=ministry)
    conflict = make_conflict(slug="c")
    make_conflict(slug="d", status="plot_alleged", status_alleged_by=ministry)
    return {
        "combatants": {
            "in-joint": make_combatant(slug="in-joint", conflict=conflict, alleged_in=joint),
            "by-ministry": make_combatant(slug="by-ministry", conflict=conflict, side=2, alleged_by=ministry),
            "in-ministry-statement": make_combatant(slug="in-ministry-statement", alleged_in=by_ministry),
            "plain": make_combatant(slug="plain", conflict=conflict, side=3),
        },
        "commanders": {
            "cmd-joint": make_commander(slug="cmd-joint", alleged_in=joint),
            "cmd-ministry": make_commander(slug="cmd-ministry", alleged_by=ministry),
            "cmd-plain": make_commander(slug="cmd-plain"),
        },
        "events": {
            "ev-joint": make_event(slug="ev-joint", alleged_in=joint, topic="elections"),
            "ev-ministry": make_event(slug="ev-ministry", attributed_to=ministry),
            "ev-plain": make_event(slug="ev-plain"),
        },
        "bystander": bystander,
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        ("alleged_by=ngo-a", {"in-joint"}),
        ("alleged_by=ngo-b", {"in-joint"}),
        ("alleged_by=ministry", {"by-ministry", "in-ministry-statement"}),
        ("alleged_by=ngo-a&alleged_by=ministry", {"in-joint", "by-ministry", "in-ministry-statement"}),
        ("alleged_by=bystander", set()),
        ("alleged_in=joint", {"in-joint"}),
    ],
)
def test_combatants_by_alleging_actor_directly_or_through_a_statement(api, claims, query, expected):
    assert slugs(api, f"/api/v1/combatants/?{query}") == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("alleged_by=ngo-b", {"cmd-joint"}),
        ("alleged_by=ministry", {"cmd-ministry"}),
        ("alleged_in=joint", {"cmd-joint"}),
    ],
)
def test_commanders_by_alleging_actor(api, claims, query, expected):
    assert slugs(api, f"/api/v1/commanders/?{query}") == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("attributed_to=ngo-a", {"ev-joint"}),
        ("attributed_to=ministry", {"ev-ministry"}),
        ("alleged_in=joint", {"ev-joint"}),
        ("topic=elections", {"ev-joint"}),
    ],
)
def test_events_by_the_actor_on_whose_word_they_rest(api, claims, query, expected):
    assert slugs(api, f"/api/v1/events/?{query}") == expected


def test_the_statement_is_shown_in_brief_form(api, claims):
    row = api.get("/api/v1/combatants/in-joint/").json()
    assert row["alleged_by"] is None
    assert row["alleged_in"]["slug"] == "joint"
    assert row["alleged_in"]["name"] == "A joint statement."
    assert row["alleged_in"]["url"].endswith("/api/v1/reactions/joint/")
    commander = api.get("/api/v1/commanders/cmd-ministry/").json()
    assert commander["alleged_by"]["slug"] == "ministry"
    assert commander["alleged_in"] is None


@pytest.mark.parametrize("param", ["alleged_by", "alleged_in"])
def test_an_unknown_slug_is_a_400(api, claims, param):
    response = api.get(f"/api/v1/combatants/?{param}=nobody")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [param]


def test_a_curator_writes_alleged_by_and_alleged_in_by_slug(api, claims):
    user = User.objects.create_user("curator")
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["change_commander", "view_commander", "publish_commander"])
    )
    curator = client_for(user)
    url = "/api/v1/commanders/cmd-plain/"
    response = curator.patch(
        url,
        {"alleged_by": "ministry", "alleged_in": "joint"},
        format="json",
        HTTP_IF_MATCH=etag(curator, url),
    )
    assert response.status_code == 200, response.content
    assert response.json()["alleged_by"]["slug"] == "ministry"
    assert response.json()["alleged_in"]["slug"] == "joint"
    assert Commander.objects.get(slug="cmd-plain").alleged_in.slug == "joint"
    changes = {change["field"] for entry in api.get(url + "history/").json() for change in entry["changes"]}
    assert {"alleged_by", "alleged_in"} <= changes
    unknown = curator.patch(url, {"alleged_in": "nothing"}, format="json", HTTP_IF_MATCH=etag(curator, url))
    assert unknown.status_code == 400 and "alleged_in" in unknown.json()["errors"]
