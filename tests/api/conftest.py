"""Shared fixtures of the API tests: a client, a cited world of generated rows, a clean throttle."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from actors.models import Actor, Combatant, Commander
from documents.models import Document
from events.models import Conflict, Demand, Event, Place, Reaction
from project.api import throttles

# resource path -> model: every resource the API serves.
RESOURCES = {
    "conflicts": Conflict,
    "combatants": Combatant,
    "commanders": Commander,
    "events": Event,
    "reactions": Reaction,
    "demands": Demand,
    "actors": Actor,
    "places": Place,
    "documents": Document,
}


@pytest.fixture(autouse=True)
def fresh_throttle(db):
    # The throttle counts requests in the cache, or in this process's memory on SQLite.
    cache.clear()
    throttles.memory_counter.clear()
    yield
    cache.clear()
    throttles.memory_counter.clear()


@pytest.fixture
def api():
    return APIClient()


def walk(api, url: str) -> list[dict]:
    """Every row of a list, following `next` links to the end."""
    rows = []
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        rows.extend(response.json()["results"])
        url = response.json()["next"]
    return rows
