"""The admin, as curators use it: every page renders, and every fact shows its source's words."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from events.models import Conflict

pytestmark = pytest.mark.django_db

OUR_APPS = {"documents", "actors", "events"}


@pytest.fixture
def curator(client, admin_user):
    call_command("load_seed", verbosity=0)
    client.force_login(admin_user)
    return client


def test_every_list_change_and_add_page_renders(curator):
    models = [m for m in admin.site._registry if m._meta.app_label in OUR_APPS]
    assert len(models) >= 11
    for model in models:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert curator.get(reverse(f"{prefix}_changelist")).status_code == 200, prefix
        assert curator.get(reverse(f"{prefix}_add")).status_code == 200, prefix
        first = model.objects.order_by("pk").first()
        assert first is not None, f"the seed data has no {model.__name__}"
        assert curator.get(reverse(f"{prefix}_change", args=[first.pk])).status_code == 200, prefix


def test_a_fact_shows_the_quoted_words_of_its_source(curator):
    conflict = Conflict.objects.get(slug="2024-armenian-coup-attempt-allegations")
    page = curator.get(reverse("admin:events_conflict_change", args=[conflict.pk])).content.decode()
    assert "What the sources say" in page
    assert "<q>Coup thwarted, plotters arrested</q>" in page
    assert ">2024 Armenian coup attempt allegations</a>" in page  # the cited document, by its title


def test_search_finds_an_actor_by_alias(curator):
    page = curator.get(reverse("admin:actors_actor_changelist"), {"q": "Gasparian"}).content.decode()
    assert "Serob Gasparian" in page and "Hayk Gasparyan" not in page
