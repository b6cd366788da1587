"""The trust boundary where the data is written: whatever path a write takes (a model save, a
relation change, a through-table row, a command), a published record never refers to a draft,
and what the public sees changes only with the publish permission."""

import io
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import RequestFactory

from actors.models import Actor
from events.models import Event
from project.pipeline.ingest import ingest
from project.records import relations, review
from tests.factories import (
    cite,
    make_actor,
    make_commander,
    make_conflict,
    make_document,
    make_event,
    make_place,
)
from tests.users import every, user_with

pytestmark = pytest.mark.django_db


def acting_as(user):
    request = RequestFactory().get("/")
    request.user = user
    return review.acting(request)


# --- class 1: a published record never refers to a draft -------------------------------------


def test_a_published_event_cannot_take_a_draft_actor_place_or_citation():
    event = make_event()
    draft_actor = make_actor(slug="plotter", review_state="draft")
    with pytest.raises(review.DraftReference) as refused, transaction.atomic():
        event.actors.add(draft_actor)
    assert "actors" in refused.value.message_dict and "'plotter'" in str(refused.value)
    event.place = make_place(slug="secret-base", review_state="draft")
    with pytest.raises(review.DraftReference, match="secret-base"), transaction.atomic():
        event.save()
    draft_document = make_document(slug="leak", review_state="draft")
    citation = cite(draft_document, "the plot was announced")
    with pytest.raises(review.DraftReference, match="leak"), transaction.atomic():
        event.citations.add(citation)
    # From the other side of the relation too.
    with pytest.raises(review.DraftReference), transaction.atomic():
        draft_actor.events.add(event)
    assert relations.violations() == []


def test_a_draft_may_refer_to_drafts_and_publishing_it_publishes_them():
    document = make_document(review_state="draft")
    actor = make_actor(review_state="draft")
    event = make_event(review_state="draft", attributed_to=actor)
    event.citations.add(cite(document, "Three were arrested."))
    published = review.publish([event])
    assert {type(r).__name__ for r in published} == {"Event", "Actor", "Document"}
    assert relations.violations() == []


def test_a_referred_to_record_cannot_go_back_to_draft_by_any_save():
    actor = make_actor(slug="nss")
    make_event(attributed_to=actor)
    actor.review_state = "draft"
    with pytest.raises(review.DraftReference, match="referred to by published event"), transaction.atomic():
        actor.save()
    # A document is referred to through the citations of the facts citing it.
    document = make_document(slug="cited")
    make_event().citations.add(cite(document, "Three were arrested."))
    document.review_state = "draft"
    with pytest.raises(review.DraftReference, match="referred to by published event"), transaction.atomic():
        document.save()
    assert relations.violations() == []


def test_unpublishing_a_record_with_its_referrers_together_is_allowed():
    actor = make_actor()
    event = make_event(attributed_to=actor)
    review.unpublish([actor, event])
    assert Actor.objects.get(pk=actor.pk).review_state == "draft"


def test_a_draft_role_of_a_published_person_in_a_published_conflict_is_allowed_but_stays_a_draft():
    commander = make_commander(review_state="draft")
    assert commander.actor.is_published and commander.conflict.is_published
    assert relations.violations() == []


# --- class 2: publishing is a permission -----------------------------------------------------


def test_publishing_needs_the_publish_permission_of_every_model_it_publishes():
    actor = make_actor(slug="plotter", review_state="draft")
    event = make_event(review_state="draft", attributed_to=actor)
    event.citations.add(cite(make_document(), "Three were arrested."))
    editor = user_with("editor", [*every("add", "change", "view"), "events.publish_event"])
    with (
        acting_as(editor),
        pytest.raises(review.PublishRefused, match="actor 'plotter'.*actors.publish_actor"),
    ):
        review.publish([event])
    assert Event.objects.get(pk=event.pk).review_state == "draft"
    assert Actor.objects.get(pk=actor.pk).review_state == "draft"


def test_editing_or_deleting_a_published_record_needs_the_publish_permission():
    event = make_event(summary="As published.")
    draft = make_event(summary="A draft.", review_state="draft")
    editor = user_with("editor", every("add", "change", "delete", "view"))
    with acting_as(editor):
        draft.summary = "A draft, edited."
        draft.save()  # drafts are the editor's to work on
        event.summary = "Rewritten without review."
        with pytest.raises(PermissionDenied, match="events.publish_event"), transaction.atomic():
            event.save()
        with pytest.raises(PermissionDenied), transaction.atomic():
            Event.objects.get(pk=event.pk).delete()
        actor = make_actor(review_state="draft")
        with pytest.raises(PermissionDenied), transaction.atomic():
            event.actors.add(actor)
    assert Event.objects.get(pk=event.pk).summary == "As published."


def test_an_alias_of_a_published_actor_is_public_and_needs_the_publish_permission():
    actor = make_actor()
    editor = user_with("editor", every("add", "change", "view"))
    with acting_as(editor), pytest.raises(PermissionDenied), transaction.atomic():
        actor.aliases.create(name="Another name")
    with acting_as(AnonymousUser()), pytest.raises(PermissionDenied), transaction.atomic():
        actor.aliases.create(name="Another name")
    actor.aliases.create(name="Another name")  # a command acts as the operator
    assert actor.aliases.count() == 1


# --- commands --------------------------------------------------------------------------------

ARTICLE = """= 2031 Ruritanian coup d'état attempt =

Infobox
- Conflict: 2031 Ruritanian coup d'état attempt
- Date: 3 March 2031
- Place: Strelsau
- Result: Coup failed
- Combatant1: Government of Ruritania
- Combatant2: Black Elphberg Brigade
- Commander2: Rupert Hentzau

On 3 March 2031 the Black Elphberg Brigade tried to seize the palace in Strelsau.
"""


def test_ingest_never_changes_a_published_record_and_says_what_it_left():
    title = "2031 Ruritanian coup d'état attempt"
    conflict = make_conflict(slug="ruritania-2031", name=title, article_title=title)
    actor = make_actor(name="Rupert Hentzau", kind="person")
    before = (conflict.result, conflict.version, list(conflict.citations.all()), list(conflict.places.all()))
    result = ingest(ARTICLE, "encyclopedia_article", slug="plot-article")
    conflict.refresh_from_db()
    after = (conflict.result, conflict.version, list(conflict.citations.all()), list(conflict.places.all()))
    assert after == before
    assert any("'ruritania-2031' is published" in warning for warning in result.warnings)
    # What it read is proposed as drafts around the published records, for a curator to review.
    commander = conflict.commanders.get(actor=actor)
    assert commander.review_state == "draft" and actor.is_published
    assert Event.objects.filter(conflict=conflict, review_state="draft").exists()
    assert relations.violations() == []


def test_load_seed_refuses_fixtures_that_would_publish_a_reference_to_a_draft(tmp_path, settings):
    seed = json.loads((settings.BASE_DIR / "fixtures" / "seed.json").read_text(encoding="utf-8"))
    actor = next(
        row
        for row in seed
        if row["model"] == "actors.actor" and row["fields"]["name"] == "Russian Federation"
    )
    actor["fields"]["review_state"] = "draft"  # while published roles and events name it
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "seed.json").write_text(json.dumps(seed), encoding="utf-8")
    settings.BASE_DIR = tmp_path
    with pytest.raises(CommandError, match="'russian-federation' is a draft: published"):
        call_command("load_seed", stdout=io.StringIO())
    assert not Event.objects.exists()


def test_violations_name_each_published_record_that_refers_to_a_draft():
    event = make_event(slug="leaky")
    actor = make_actor(slug="hidden")
    event.actors.add(actor)
    # A raw write (a bulk update skips every signal): only the whole-database check sees it.
    Actor.objects.filter(pk=actor.pk).update(review_state="draft")
    assert relations.violations() == ["published event 'leaky' refers to a draft through actors"]


def test_a_model_validation_error_is_what_a_refusal_is():
    assert issubclass(review.DraftReference, ValidationError)
    assert issubclass(review.PublishRefused, PermissionDenied)
