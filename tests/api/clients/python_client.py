"""A typical script on the client openapi-python-client generates from openapi.yaml (`coup_client`).

tests/api/test_sdk.py runs it against a live server and checks it with `mypy --strict` (no casts,
no `type: ignore`). What it prints is described in tests/api/clients/__init__.py.
Usage: python python_client.py <base-url> <token> <event-slug>
"""

import datetime
import json
import sys
from typing import TypeVar

from coup_client import AuthenticatedClient
from coup_client.api.conflicts import conflicts_list, conflicts_retrieve
from coup_client.api.events import events_export_csv, events_list, events_partial_update, events_retrieve
from coup_client.models import ApiError, EventKindEnum, PatchedEventInputRequest, ReviewStateEnum

T = TypeVar("T")


def ok(answer: T | ApiError | None, what: str) -> T:
    """The parsed body of a success; an error's body (or none) stops the script."""
    if answer is None or isinstance(answer, ApiError):
        raise SystemExit(f"{what}: {answer}")
    return answer


def main(base_url: str, token: str, event: str) -> dict[str, object]:
    # A curator's token: the client sends it on every request, reads too (it shows drafts).
    with AuthenticatedClient(base_url=base_url, token=token, prefix="Token") as client:
        # Filter a list. The filter's values are one type, so the export below takes them too.
        kinds = [EventKindEnum.ARREST]
        after = datetime.date(2024, 1, 1)
        filtered = ok(events_list.sync(client=client, kind=kinds, date_after=after, page_size=500), "list")

        # Two pages, the second asked for with the first's `next_cursor`.
        first = ok(conflicts_list.sync(client=client, page_size=3), "page 1")
        if first.next_cursor is None:
            raise SystemExit("the conflicts fit one page")
        second = ok(conflicts_list.sync(client=client, page_size=3, cursor=first.next_cursor), "page 2")

        # A conflict's sides: combatants, commanders and losses by side number.
        conflict = ok(conflicts_retrieve.sync(first.results[0].slug, client=client), "conflict")
        sides = [
            [
                side.side,
                [combatant.slug for combatant in side.combatants],
                [commander.slug for commander in side.commanders],
                [loss.slug for loss in side.losses],
            ]
            for side in conflict.sides
        ]

        # The export of the same selection, as CSV text.
        table = ok(events_export_csv.sync(client=client, kind=kinds, date_after=after), "export")

        # A write names the version it changes (If-Match: the ETag); a stale one is a 412.
        etag = events_retrieve.sync_detailed(event, client=client).headers["ETag"]
        change = PatchedEventInputRequest(summary="Edited through a generated client")
        changed = events_partial_update.sync_detailed(event, client=client, body=change, if_match=etag)
        stale = events_partial_update.sync_detailed(event, client=client, body=change, if_match=etag)
        code = stale.parsed.code if isinstance(stale.parsed, ApiError) else None

        # Drafts: only a curator's token sees them.
        drafts = ok(
            events_list.sync(client=client, review_state=[ReviewStateEnum.DRAFT], page_size=500), "drafts"
        )
    return {
        "filtered": [row.slug for row in filtered.results],
        "pages": [[row.slug for row in page.results] for page in (first, second)],
        "sides": sides,
        "export": table.splitlines(),
        "write": [int(changed.status_code), int(stale.status_code), code],
        "drafts": [row.slug for row in drafts.results],
    }


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))
