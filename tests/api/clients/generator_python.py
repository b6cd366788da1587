"""A typical script on the client openapi-generator's `python` generator makes from openapi.yaml
(package `coup_api`). tests/api/test_openapi_generator.py runs it against a live server; what it
prints is described in tests/api/clients/__init__.py.
Usage: python generator_python.py <base-url> <token> <event-slug>
"""

import datetime
import json
import sys

from coup_api import ApiClient, Configuration, ConflictsApi, EventsApi
from coup_api.exceptions import ApiException
from coup_api.models import ApiError, EventKindEnum, PatchedEventInputRequest, ReviewStateEnum


def main(base_url: str, token: str, event: str) -> dict[str, object]:
    # A curator's token: the client sends it on every request, reads too (it shows drafts).
    configuration = Configuration(
        host=base_url, api_key={"tokenAuth": token}, api_key_prefix={"tokenAuth": "Token"}
    )
    with ApiClient(configuration) as client:
        events, conflicts = EventsApi(client), ConflictsApi(client)

        # Filter a list. The filter's values are one type, so the export below takes them too.
        kinds = [EventKindEnum.ARREST]
        after = datetime.date(2024, 1, 1)
        filtered = events.events_list(kind=kinds, date_after=after, page_size=500)

        # Two pages, the second asked for with the first's `next_cursor`.
        first = conflicts.conflicts_list(page_size=3)
        if first.next_cursor is None:
            raise SystemExit("the conflicts fit one page")
        second = conflicts.conflicts_list(page_size=3, cursor=first.next_cursor)

        # A conflict's sides: combatants, commanders and losses by side number.
        conflict = conflicts.conflicts_retrieve(first.results[0].slug)
        sides = [
            [
                side.side,
                [combatant.slug for combatant in side.combatants],
                [commander.slug for commander in side.commanders],
                [loss.slug for loss in side.losses],
            ]
            for side in conflict.sides
        ]

        # The export of the same selection, as CSV text. The generator would ask for JSON (the
        # errors' type), which the export answers with a 406: ask for its own format.
        table = events.events_export_csv(kind=kinds, date_after=after, _headers={"Accept": "text/csv"})

        # A write names the version it changes (If-Match: the ETag); a stale one is a 412.
        read = events.events_retrieve_with_http_info(event)
        etag = (read.headers or {})["ETag"]
        change = PatchedEventInputRequest(summary="Edited through a generated client")
        changed = events.events_partial_update_with_http_info(event, etag, change)
        try:
            events.events_partial_update(event, etag, change)
            raise SystemExit("a stale If-Match was taken")
        except ApiException as stale:
            status, code = stale.status, stale.data.code if isinstance(stale.data, ApiError) else None

        # Drafts: only a curator's token sees them.
        drafts = events.events_list(review_state=[ReviewStateEnum.DRAFT], page_size=500)
    return {
        "filtered": [row.slug for row in filtered.results],
        "pages": [[row.slug for row in page.results] for page in (first, second)],
        "sides": sides,
        "export": table.splitlines(),
        "write": [changed.status_code, status, code],
        "drafts": [row.slug for row in drafts.results],
    }


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))
