"""Random sequences of curators' work, through the API and the admin, by users with different
permissions (Hypothesis stateful testing). After every step: no published record refers to a
draft, and no anonymous answer (lists, details, exports, filters with every relation, search,
history) holds anything of a draft: its slug, its name, its words, or its existence."""

import itertools

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from rest_framework.test import APIClient

from actors.models import Actor
from events.models import Event
from project.records import relations
from tests.admin.browser import form_data
from tests.factories import cite, make_actor, make_document, make_event
from tests.users import every, token_client, user_with

TEXT = "On 18 September 2024 the plot was announced. Three were arrested. The plot was denied."
QUOTES = ["On 18 September 2024 the plot was announced.", "Three were arrested.", "The plot was denied."]
ROLES = {
    "chief": ("add", "change", "delete", "view", "publish"),
    "editor": ("add", "change", "delete", "view"),
    "viewer": ("view",),
}
# Publishing curators most often: they are the ones who can make a mistake public.
ROLE = st.sampled_from(["chief", "chief", "editor", "viewer"])
# A published record or a draft, and which of them.
CHOICE = st.tuples(st.booleans(), st.integers(0, 20))
# Words no seed or fixture holds, so finding one in an answer can only mean that record.
MARK = "qzxv"


class Curation(RuleBasedStateMachine):
    counter = itertools.count()

    @initialize()
    def world(self):
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.document = make_document(slug="report", text=TEXT)
        run = next(self.counter)
        self.users = {role: user_with(f"{role}-{run}", every(*verbs)) for role, verbs in ROLES.items()}
        self.api = {role: token_client(user) for role, user in self.users.items()}
        self.admin = {}
        for role, user in self.users.items():
            self.admin[role] = Client()
            self.admin[role].force_login(user)
        self.anonymous = APIClient()
        # A world to work on from the first step: published actors and events, and drafts.
        citation = cite(self.document, QUOTES[1])
        actors = [
            make_actor(slug=f"person-{MARK}-{run}-{n}", name=f"Person {MARK} {run} {n}", review_state=state)
            for n, state in enumerate(["published", "published", "draft", "draft"])
        ]
        for n, state in enumerate(["published", "published", "draft"]):
            event = make_event(
                slug=f"event-{MARK}-{run}-{n}",
                summary=f"Event {MARK} {run} {n}",
                review_state=state,
                attributed_to=actors[n % 2 if state == "published" else 3],
            )
            event.citations.add(citation)

    def teardown(self):
        if hasattr(self, "atomic"):
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

    # --- helpers ---------------------------------------------------------------------------------

    def new_words(self, kind: str) -> str:
        return f"{kind} {MARK} {next(self.counter)}"

    @staticmethod
    def pick(model, choice):
        """A record of ``model``: a published one or a draft as ``choice`` says, and which one."""
        published, index = choice
        rows = list(model.objects.filter(review_state="published" if published else "draft").order_by("pk"))
        return rows[index % len(rows)] if rows else None

    def tag(self, client, url):
        response = client.get(url)
        return response["ETag"] if response.status_code == 200 else None

    # --- rules: the API ----------------------------------------------------------------------------

    @rule(role=ROLE, publish=st.booleans())
    def create_actor(self, role, publish):
        name = self.new_words("Person")
        body = {"slug": name.lower().replace(" ", "-"), "name": name, "kind": "person"}
        if publish:
            body["review_state"] = "published"
        response = self.api[role].post("/api/v1/actors/", body, format="json")
        assert response.status_code in {201, 403}, response.content

    @rule(
        role=ROLE,
        actor=CHOICE,
        attributed=CHOICE,
        quote=st.sampled_from(QUOTES),
        publish=st.booleans(),
    )
    def create_event(self, role, actor, attributed, quote, publish):
        actor, attributed = self.pick(Actor, actor), self.pick(Actor, attributed)
        summary = self.new_words("Event")
        body = {
            "slug": summary.lower().replace(" ", "-"),
            "summary": summary,
            "actors": [actor.slug] if actor else [],
            "attributed_to": attributed.slug if attributed else None,
            "citations": [{"document": "report", "quote": quote}],
        }
        if publish:
            body["review_state"] = "published"
        response = self.api[role].post("/api/v1/events/", body, format="json")
        assert response.status_code in {201, 403}, response.content

    @rule(
        role=ROLE,
        event=CHOICE,
        actor=CHOICE,
        publish=st.booleans(),
    )
    def edit_event_through_the_api(self, role, event, actor, publish):
        event, actor = self.pick(Event, event), self.pick(Actor, actor)
        if event is None:
            return
        url = f"/api/v1/events/{event.slug}/"
        body = {"summary": self.new_words("Edited"), "actors": [actor.slug] if actor else []}
        if publish:
            body["review_state"] = "published"
        tag = self.tag(self.api[role], url)
        response = self.api[role].patch(url, body, format="json", HTTP_IF_MATCH=tag or '"none"')
        assert response.status_code in {200, 400, 403, 404, 412, 428}, response.content

    def write(self, role, which, choice, method, **body):
        """A write to a record's detail with the ETag the user just read (a stale or missing one
        when the user cannot read it)."""
        record = self.pick(Event if which == "events" else Actor, choice)
        if record is None:
            return
        url = f"/api/v1/{which}/{record.slug}/"
        tag = self.tag(self.api[role], url)
        response = getattr(self.api[role], method)(url, body, format="json", HTTP_IF_MATCH=tag or '"x"')
        assert response.status_code in {200, 204, 400, 403, 404, 409, 412, 428}, response.content

    @rule(role=ROLE, which=st.sampled_from(["events", "actors"]), index=CHOICE)
    def take_back_to_draft(self, role, which, index):
        self.write(role, which, index, "patch", review_state="draft")

    @rule(role=ROLE, which=st.sampled_from(["events", "actors"]), index=CHOICE)
    def delete(self, role, which, index):
        self.write(role, which, index, "delete")

    # --- rules: the admin --------------------------------------------------------------------------

    @rule(
        role=ROLE,
        which=st.sampled_from([Event, Actor]),
        indexes=st.lists(CHOICE, max_size=3),
        across=st.booleans(),
        action=st.sampled_from(["publish", "back_to_draft"]),
    )
    def admin_action(self, role, which, indexes, across, action):
        rows = [self.pick(which, index) for index in indexes]
        url = reverse(f"admin:{which._meta.app_label}_{which._meta.model_name}_changelist")
        response = self.admin[role].post(
            url,
            {
                "action": action,
                "_selected_action": [row.pk for row in rows if row is not None],
                "select_across": "1" if across else "0",
            },
        )
        assert response.status_code in {200, 302, 403}

    @rule(role=ROLE, event=CHOICE, actor=CHOICE)
    def edit_event_in_the_admin(self, role, event, actor):
        event, actor = self.pick(Event, event), self.pick(Actor, actor)
        if event is None or actor is None:
            return
        url = reverse("admin:events_event_change", args=[event.pk])
        page = self.admin[role].get(url)
        if page.status_code != 200 or 'name="summary"' not in page.content.decode():
            return  # read-only for this user
        data = form_data(page)
        data["summary"] = self.new_words("Admin")
        data["actors"] = [str(actor.pk)]
        response = self.admin[role].post(url, data)
        assert response.status_code in {200, 302, 403}

    @rule(role=ROLE, event=CHOICE)
    def revert_to_the_first_version(self, role, event):
        event = self.pick(Event, event)
        if event is None:
            return
        first = event.history.order_by("history_id").first()
        url = reverse("admin:events_event_simple_history", args=[event.pk, first.history_id])
        page = self.admin[role].get(url)
        if page.status_code != 200 or 'name="_save"' not in page.content.decode():
            return
        response = self.admin[role].post(url, form_data(page))
        assert response.status_code in {200, 302, 403}

    # --- what must hold after every step -------------------------------------------------------

    @invariant()
    def no_published_record_refers_to_a_draft(self):
        if hasattr(self, "atomic"):
            assert relations.violations() == []

    def stored(self):
        """Every stored row of the records' apps: equal fingerprints give equal answers."""
        return [
            list(model.objects.order_by("pk").values_list())
            for name in ("documents", "actors", "events")
            for model in apps.get_app_config(name).get_models(include_auto_created=True)
        ]

    @invariant()
    def nothing_of_a_draft_reaches_an_anonymous_reader(self):
        if not hasattr(self, "atomic"):
            return
        # A step that changed nothing (a refused write, a viewer's attempt) cannot change what an
        # anonymous reader sees: the sweep below already read this very data.
        stored = self.stored()
        if stored == getattr(self, "swept", None):
            return
        self.swept = stored
        drafts = [
            *Event.objects.filter(review_state="draft").values_list("slug", "summary"),
            *Actor.objects.filter(review_state="draft").values_list("slug", "name"),
        ]
        secrets = {text for pair in drafts for text in pair}
        answers = []

        def get(url, **params):
            response = self.anonymous.get(url, params)
            assert response.status_code in {200, 400}, (url, params, response.status_code)
            answers.append((url, params, response))
            return response

        for resource in ("events", "actors", "conflicts", "documents", "citations"):
            get(f"/api/v1/{resource}/", page_size=500)
            get(f"/api/v1/{resource}/export.jsonl")
        for slug in Event.objects.filter(review_state="published").values_list("slug", flat=True):
            get(f"/api/v1/events/{slug}/")
            get(f"/api/v1/events/{slug}/history/")
        for slug in Actor.objects.filter(review_state="published").values_list("slug", flat=True):
            get(f"/api/v1/actors/{slug}/history/")
        unknown = {
            (url, name): get(url, **{name: "never-existed"}).content.decode()
            for url, name in [
                ("/api/v1/events/", "actor"),
                ("/api/v1/events/", "attributed_to"),
                ("/api/v1/conflicts/", "actor"),
                ("/api/v1/reactions/", "actor"),
            ]
        }
        for slug in Actor.objects.values_list("slug", flat=True):
            for (url, name), refused in unknown.items():
                response = get(url, **{name: slug})
                if slug in secrets:
                    assert response.content.decode().replace(slug, "never-existed") == refused
        for _, words in drafts:
            get("/api/v1/events/", q=words)
            get("/api/v1/actors/", q=words)
            get("/api/v1/citations/", q=words)
        for url, params, response in answers:
            if response.status_code != 200:
                continue
            body = (b"".join(response.streaming_content) if response.streaming else response.content).decode()
            for secret in secrets:
                assert secret not in body, (url, params, secret)


@pytest.mark.slow
@pytest.mark.fuzzing
@pytest.mark.django_db
def test_no_sequence_of_curators_work_shows_the_public_a_draft(settings_for_machine):
    run_state_machine_as_test(
        Curation,
        settings=settings(
            max_examples=15,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )


@pytest.fixture
def settings_for_machine(settings):
    settings.API_THROTTLE_RATE = "1000000/minute"
    return settings
