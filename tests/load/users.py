"""The load test's users: readers of the public API and curators writing with a token.

Curators record every write the server acknowledged in ``LEDGER``; ``run.verify`` checks the
stored data against it afterwards.
"""

import itertools
import random
from collections import defaultdict
from dataclasses import dataclass, field

from locust import HttpUser, between, events, task

# Events two curators each edit at once, so some edits meet a newer version (412); and a
# citation by quote for the events curators create. Both are read from the server at the start.
SHARED_EVENTS: list[str] = []
QUOTE: dict = {}


@dataclass
class Ledger:
    created: list[str] = field(default_factory=list)
    edits: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    start_versions: dict[str, int] = field(default_factory=dict)
    stale: int = 0
    server_errors: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    readers: int = 0
    curators: int = 0


LEDGER = Ledger()
TOKEN = {"value": ""}
_numbers = itertools.count(1)
_curators = itertools.count(0)


def configure(token: str, shared_events: dict[str, int], quote: dict) -> None:
    """The token, the events curators share with their versions before the run, a citation."""
    TOKEN["value"] = token
    SHARED_EVENTS[:] = list(shared_events)
    LEDGER.start_versions.update(shared_events)
    QUOTE.update(quote)


@events.request.add_listener
def count_server_errors(request_type, name, response=None, **_):
    if response is not None and getattr(response, "status_code", 0) >= 500:
        LEDGER.server_errors[(request_type, name)] += 1


class Reader(HttpUser):
    """Pages, filters, exports and revalidates, as an API caller does."""

    wait_time = between(0, 0.05)

    @task(4)
    def events_first_page(self):
        self.client.get("/api/v1/events/", name="/api/v1/events/")

    @task(2)
    def events_by_date(self):
        self.client.get(
            "/api/v1/events/?date_after=2024-08-01&date_before=2024-09-30", name="/api/v1/events/?date"
        )

    @task(2)
    def conflict_detail(self):
        self.client.get(
            "/api/v1/conflicts/2024-armenian-coup-attempt-allegations/", name="/api/v1/conflicts/<slug>/"
        )

    @task(1)
    def reactions_csv(self):
        self.client.get("/api/v1/reactions/export.csv", name="/api/v1/reactions/export.csv")

    @task(2)
    def conditional_get(self):
        first = self.client.get("/api/v1/actors/", name="/api/v1/actors/")
        tag = first.headers.get("ETag")
        if tag:
            with self.client.get(
                "/api/v1/actors/",
                headers={"If-None-Match": tag},
                name="/api/v1/actors/ (If-None-Match)",
                catch_response=True,
            ) as response:
                # 200 is right too when a curator changed an actor meanwhile.
                if response.status_code in (200, 304):
                    response.success()


class Curator(HttpUser):
    """Edits a shared event with If-Match (retrying after a 412) and creates drafts."""

    wait_time = between(0, 0.1)

    def on_start(self):
        self.client.headers["Authorization"] = f"Token {TOKEN['value']}"
        self.number = next(_curators)
        self.slug = SHARED_EVENTS[self.number // 2 % len(SHARED_EVENTS)]
        if self.slug not in LEDGER.start_versions:
            LEDGER.start_versions[self.slug] = -1  # claimed; read below
            version = self.client.get(f"/api/v1/events/{self.slug}/", name="/api/v1/events/<slug>/").json()[
                "version"
            ]
            LEDGER.start_versions[self.slug] = version

    @task(4)
    def edit(self):
        url = f"/api/v1/events/{self.slug}/"
        read = self.client.get(url, name="/api/v1/events/<slug>/")
        if read.status_code != 200:
            return
        summary = f"Edited under load by curator {self.number}, edit {next(_numbers)}."
        with self.client.patch(
            url,
            json={"summary": summary},
            headers={"If-Match": read.headers["ETag"]},
            name="/api/v1/events/<slug>/",
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                LEDGER.edits[self.slug].append((response.json()["version"], summary))
            elif response.status_code == 412:
                LEDGER.stale += 1
                response.success()

    @task(1)
    def create(self):
        slug = f"load-event-{self.number}-{next(_numbers)}-{random.randrange(10**6)}"
        response = self.client.post(
            "/api/v1/events/",
            json={
                "slug": slug,
                "summary": "Created under load.",
                "kind": "other",
                "date": "2024-08",
                "citations": [QUOTE],
            },
            name="/api/v1/events/",
        )
        if response.status_code == 201:
            LEDGER.created.append(slug)
