"""One typical script per client generator, and what each must print.

Every script (python_client.py for openapi-python-client, openapi_fetch.ts for openapi-typescript
with openapi-fetch, generator_python.py and generator_fetch.ts for openapi-generator's `python`
and `typescript-fetch`) takes the server's URL, a curator's token and an event's slug, does what
a client of the API typically does, and prints one JSON object:

- ``filtered``: the events of kind `arrest` dated on or after 2024-01-01 (one page of 500);
- ``pages``: the slugs of the first two pages of conflicts, three a page, the second fetched with
  the first page's ``next_cursor``;
- ``sides``: the first conflict's sides, each ``[number, combatant slugs, commander slugs, loss
  slugs]``;
- ``export``: the lines of the events' CSV export under the same filters (the header first);
- ``write``: the statuses of a PATCH with the event's ETag in If-Match, then of one with the same,
  now stale, ETag (412), and the stale answer's error code;
- ``drafts``: the slugs of the draft events, read with the token.

`check` holds each output to the database.
"""

import csv
import datetime
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from events.models import Conflict, Event
from tests.factories import make_cited_world, make_event

DATE_AFTER = datetime.date(2024, 1, 1)
KIND = "arrest"
NEW_SUMMARY = "Edited through a generated client"


def make_world() -> dict[str, str]:
    """The world every script runs in: published records, two drafts and a curator's token.
    Returns the scripts' arguments besides the server's URL."""
    world = make_cited_world(7)
    Event.objects.filter(pk__in=[event.pk for event in world["events"][1:4]]).update(kind=KIND)
    conflict = world["conflicts"][0]
    for n in range(2):
        make_event(conflict=conflict, summary=f"Draft {n}", date="2024-09-18", review_state="draft")
    curator = User.objects.create_user("client-curator")
    curator.user_permissions.set(
        Permission.objects.filter(codename__in=["change_event", "view_event", "publish_event"])
    )
    return {"token": Token.objects.create(user=curator).key, "event": world["events"][0].slug}


def run_python(script: Path, server: str, arguments: dict[str, str], client_folder: Path) -> dict:
    """Runs a Python script with a generated client importable, and returns what it printed."""
    result = subprocess.run(
        [sys.executable, str(script), server, arguments["token"], arguments["event"]],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(client_folder)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def check(output: dict, arguments: dict[str, str]) -> None:
    """What a script printed, against the database it ran on."""
    published = Event.objects.filter(review_state="published")
    filtered = {
        event.slug
        for event in published.filter(kind=KIND).exclude(date="")
        if event.date_latest is None or event.date_latest >= DATE_AFTER
    }
    assert filtered and len(filtered) < published.count(), "the filter selects some, not all"
    assert sorted(output["filtered"]) == sorted(filtered)

    first, second = output["pages"]
    six = APIClient().get("/api/v1/conflicts/?page_size=6").json()["results"]
    assert first + second == [conflict["slug"] for conflict in six] and len(six) == 6

    conflict = Conflict.objects.get(slug=first[0])
    sides = {}
    for related, key in [("combatants", 1), ("commanders", 2), ("losses", 3)]:
        for row in getattr(conflict, related).filter(review_state="published"):
            sides.setdefault(row.side, [row.side, [], [], []])[key].append(row.slug)
    assert [[side, sorted(a), sorted(b), sorted(c)] for side, a, b, c in output["sides"]] == [
        [side, sorted(a), sorted(b), sorted(c)] for side, a, b, c in sorted(sides.values())
    ]
    assert output["sides"], "the conflict has sides"

    rows = list(csv.reader(io.StringIO("\n".join(output["export"]))))
    assert rows[0][:3] == ["slug", "name", "url"]
    assert sorted(row[0] for row in rows[1:]) == sorted(filtered)

    assert output["write"] == [200, 412, "precondition_failed"]
    assert Event.objects.get(slug=arguments["event"]).summary == NEW_SUMMARY

    drafts = Event.objects.filter(review_state="draft").values_list("slug", flat=True)
    assert len(drafts) == 2 and sorted(output["drafts"]) == sorted(drafts)
