"""Lists a curator reads all day: rows identified at a glance, dates filtered by year, search by names and quotes."""

import re
from html import unescape

import pytest
from django.contrib import admin
from django.urls import reverse

from actors.models import Combatant
from events.models import Conflict, Event, Reaction
from project.records.admin_lists import shorten
from tests.factories import (
    cite,
    make_actor,
    make_combatant,
    make_conflict,
    make_document,
    make_event,
    make_reaction,
)

pytestmark = pytest.mark.django_db


def rows(curator, model, **params):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = curator.get(url, params)
    assert response.status_code == 200
    return response.context["cl"]


def slugs(changelist):
    return sorted(row.slug for row in changelist.result_list)


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("Short enough.", 20, "Short enough."),
        ("The Investigative Committee announced the arrests", 30, "The Investigative Committee…"),
        ("Anunbreakablewordlongerthanthewidth", 10, "Anunbreak…"),
        ("Ends with a comma, then more words", 20, "Ends with a comma…"),
        ("  Spread\nover   lines  ", 20, "Spread over lines"),
    ],
)
def test_shorten_cuts_at_a_word_boundary(text, width, expected):
    assert shorten(text, width) == expected
    assert len(shorten(text, width)) <= width


def test_the_year_filter_keeps_rows_whose_date_overlaps_the_year(curator):
    for slug, date in [
        ("open-from-2023", "2023-09-26/.."),
        ("in-september-2024", "2024-09"),
        ("in-2022", "2022"),
        ("undated", ""),
        ("up-to-2022", "../2022-05-01"),
        ("across-new-year", "2021-12-30/2022-01-02"),
    ]:
        make_event(slug=slug, date=date)

    assert slugs(rows(curator, Event, year="2024")) == ["in-september-2024", "open-from-2023"]
    assert slugs(rows(curator, Event, year="2022")) == ["across-new-year", "in-2022", "up-to-2022"]
    assert slugs(rows(curator, Event, year="2021")) == ["across-new-year", "up-to-2022"]
    assert slugs(rows(curator, Event, year="none")) == ["undated"]
    choices = [
        choice["display"] for choice in rows(curator, Event).filter_specs[1].choices(rows(curator, Event))
    ]
    assert choices[:5] == ["All", "2024", "2023", "2022", "2021"] and choices[-1] == "No date"


def test_a_bad_year_is_reported_not_a_server_error(curator):
    response = curator.get(reverse("admin:events_event_changelist"), {"year": "soon"})
    assert response.status_code == 302 and response.url.endswith("?e=1")


@pytest.mark.parametrize("model", [Conflict, Event, Reaction])
def test_dated_lists_drill_down_by_the_earliest_bound(curator, model):
    make = {Conflict: make_conflict, Event: make_event, Reaction: make_reaction}[model]
    make(slug="in-2024", date="2024-09")
    make(slug="in-2022", date="2022")
    url = reverse(f"admin:events_{model._meta.model_name}_changelist")
    assert "?date_earliest__year=2024" in curator.get(url).content.decode()
    assert slugs(rows(curator, model, date_earliest__year="2024")) == ["in-2024"]


def test_search_finds_facts_by_actor_name_and_by_quoted_words(curator):
    document = make_document(text="Officials said the Arbat Battalion trained abroad.")
    putin = make_actor(name="Vladimir Putin")
    visit = make_event(slug="visit", summary="A visit.")
    visit.actors.add(putin)
    trained = make_event(slug="trained", summary="Training.")
    trained.citations.add(cite(document, "the Arbat Battalion trained abroad"))
    make_event(slug="other", summary="Something else.")

    assert slugs(rows(curator, Event, q="Putin")) == ["visit"]
    assert slugs(rows(curator, Event, q="battalion trained")) == ["trained"]

    combatant = make_combatant(actor=make_actor(name="Sev Hovaz"))
    combatant.actor.aliases.create(name="Black Hawk")
    assert [c.pk for c in rows(curator, Combatant, q="black hawk").result_list] == [combatant.pk]


def test_role_lists_filter_by_conflict(curator):
    kept = make_combatant(conflict=make_conflict(name="Kept"))
    make_combatant(conflict=make_conflict(name="Other"))
    changelist = rows(curator, Combatant, conflict__id__exact=kept.conflict_id)
    assert [c.pk for c in changelist.result_list] == [kept.pk]


def test_every_list_starts_with_words_that_identify_the_row(seeded_curator):
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in {"documents", "actors", "events"}:
            assert model_admin.list_display[0] not in {"slug", "number", "id", "pk"}, model
    page = seeded_curator.get(reverse("admin:events_reaction_changelist")).content.decode()
    first_cells = [unescape(cell) for cell in re.findall(r'<th class="field-[^"]*"><a [^>]*>(.*?)</a>', page)]
    assert len(first_cells) == Reaction.objects.count()
    assert (
        'Maria Zakharova called the allegations "fake news", claiming that, unlike the West, the…'
        in first_cells
    )
    assert not any(cell.startswith("maria-zakharova") for cell in first_cells)


@pytest.mark.parametrize("model", [Event, Reaction])
def test_dated_lists_start_with_the_earliest_and_end_with_the_undated(curator, model):
    make = {Event: make_event, Reaction: make_reaction}[model]
    for slug, date in [
        ("a-undated", ""),
        ("b-2024", "2024"),
        ("c-2023", "2023-05"),
        ("d-open-start", "../2022"),
    ]:
        make(slug=slug, date=date)
    order = [row.slug for row in rows(curator, model).result_list]
    assert order == ["d-open-start", "c-2023", "b-2024", "a-undated"]
