"""SDK proof: a Python client generated from the committed spec works against a live server.

The client is generated into a temporary folder with openapi-python-client and used as is:
if the generator cannot handle the spec, fix the spec, never the generated code.
"""

import datetime
import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from events.models import Conflict, Event
from tests.api import clients
from tests.factories import make_cited_world

pytestmark = pytest.mark.slow  # builds a client with outside tools

SCRIPT = Path(__file__).parent / "clients" / "python_client.py"

GENERATOR = Path(sys.executable).parent / "openapi-python-client"


@pytest.fixture(scope="module")
def sdk(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sdk")
    result = subprocess.run(
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(settings.BASE_DIR / "openapi.yaml"),
            "--output-path",
            str(folder / "coup_client"),
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        # The generator formats its output with ruff from the same environment.
        env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("coup_client")
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.split(".")[0] == "coup_client"]:
            del sys.modules[name]


@pytest.mark.django_db(transaction=True)
def test_generated_client_exports_csv_and_json_lines_as_text(sdk, live_server):
    make_cited_world(3)
    from coup_client.api.events import events_export_csv, events_export_jsonl

    client = sdk.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    table = events_export_csv.sync(client=client)
    assert isinstance(table, str) and table.startswith("slug,name,url,")
    lines = events_export_jsonl.sync(client=client).splitlines()
    assert len(lines) == Event.objects.count() == len(table.splitlines()) - 1


@pytest.mark.django_db(transaction=True)
def test_generated_client_lists_filters_fetches_and_walks(sdk, live_server):
    make_cited_world(12)
    from coup_client.api.conflicts import conflicts_list, conflicts_retrieve
    from coup_client.api.events import events_list
    from coup_client.models import ConflictDetail, PaginatedConflictList, PaginatedEventList
    from coup_client.types import UNSET

    client = sdk.Client(base_url=live_server.url, raise_on_unexpected_status=True)

    # List conflicts: typed models, nested brief records included.
    page = conflicts_list.sync(client=client, page_size=5)
    assert isinstance(page, PaginatedConflictList) and len(page.results) == 5
    assert all(conflict.slug and conflict.url for conflict in page.results)

    # Filter events by a date range (overlap): September 2024.
    september = events_list.sync(
        client=client,
        date_after=datetime.date(2024, 9, 1),
        date_before=datetime.date(2024, 9, 30),
        page_size=500,
    )
    assert isinstance(september, PaginatedEventList)
    expected = {
        e.slug
        for e in Event.objects.exclude(date="")
        if (e.date_latest is None or e.date_latest >= datetime.date(2024, 9, 1))
        and (e.date_earliest is None or e.date_earliest <= datetime.date(2024, 9, 30))
    }
    assert {event.slug for event in september.results} == expected and expected

    # Fetch a conflict by slug: its sides, grouped.
    slug = page.results[0].slug
    detail = conflicts_retrieve.sync(slug=slug, client=client)
    assert isinstance(detail, ConflictDetail) and detail.slug == slug
    assert [side.side for side in detail.sides] == sorted({side.side for side in detail.sides})

    # Follow the next cursor to the end: every conflict exactly once.
    seen, cursor = [], None
    while True:
        page = conflicts_list.sync(client=client, page_size=7, cursor=cursor or UNSET)
        seen.extend(conflict.slug for conflict in page.results)
        assert page.next_cursor is None or page.next_cursor in (page.next_ or "")
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == Conflict.objects.count()
    # Close the kept-alive connection while the live server still runs: its request thread then
    # ends (closing its database connection) before the server's shared connection is released.
    client.get_httpx_client().close()


@pytest.mark.django_db(transaction=True)
def test_generated_client_writes_with_a_token_and_is_told_when_its_version_is_stale(sdk, live_server):
    from coup_client.api.events import events_partial_update, events_retrieve
    from coup_client.models import ApiError, PatchedEventInputRequest
    from coup_client.models import Event as EventModel
    from django.contrib.auth.models import Permission, User
    from rest_framework.authtoken.models import Token

    world = make_cited_world(2)
    event = world["events"][0]
    curator = User.objects.create_user("sdk-curator")
    curator.user_permissions.set(
        Permission.objects.filter(codename__in=["change_event", "view_event", "publish_event"])
    )
    token = Token.objects.create(user=curator).key

    public = sdk.Client(base_url=live_server.url)
    client = sdk.AuthenticatedClient(base_url=live_server.url, token=token, prefix="Token")
    read = events_retrieve.sync_detailed(slug=event.slug, client=public)
    assert read.status_code == 200
    etag = read.headers["ETag"]

    changed = events_partial_update.sync_detailed(
        slug=event.slug,
        client=client,
        body=PatchedEventInputRequest(summary="Edited through the SDK"),
        if_match=etag,
    )
    assert changed.status_code == 200 and isinstance(changed.parsed, EventModel)
    assert changed.parsed.summary == "Edited through the SDK" and changed.parsed.version == 2

    stale = events_partial_update.sync_detailed(
        slug=event.slug,
        client=client,
        body=PatchedEventInputRequest(summary="Based on the old version"),
        if_match=etag,
    )
    assert stale.status_code == 412 and isinstance(stale.parsed, ApiError)
    assert stale.parsed.code == "precondition_failed"
    assert Event.objects.get(pk=event.pk).summary == "Edited through the SDK"
    for used in (public, client):
        used.get_httpx_client().close()  # before the live server goes (see above)


def docs_python_example() -> str:
    page = (settings.BASE_DIR / "docs" / "api" / "clients.md").read_text(encoding="utf-8")
    [example] = [
        block for block in re.findall(r"```python\n(.*?)```", page, re.S) if "from coup_client" in block
    ]
    return example


@pytest.mark.parametrize("program", ["script", "docs"])
def test_the_script_and_the_docs_example_pass_mypy_strict(sdk, tmp_path, program):
    folder = Path(sdk.__file__).parent.parent
    code = SCRIPT.read_text(encoding="utf-8") if program == "script" else docs_python_example()
    assert not re.search(r"#\s*type:\s*ignore|\bcast\(", code), "they would hide what the types say"
    (folder / f"{program}.py").write_text(code, encoding="utf-8")
    (folder / "mypy.ini").write_text(
        # The generated package is the generator's code; the programs are ours and must be strict.
        "[mypy]\nstrict = True\ncache_dir = " + str(tmp_path / "mypy-cache") + "\n"
        "[mypy-coup_client.*]\nfollow_imports = silent\n",
        encoding="utf-8",
    )
    mypy = Path(sys.executable).parent / "mypy"
    result = subprocess.run(
        [str(mypy), "--config-file", "mypy.ini", f"{program}.py"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


@pytest.mark.django_db(transaction=True)
def test_the_typical_script_runs_against_a_live_server(sdk, live_server):
    arguments = clients.make_world()
    output = clients.run_python(SCRIPT, live_server.url, arguments, Path(sdk.__file__).parent.parent)
    clients.check(output, arguments)


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_client_reads_published_records_and_no_drafts(sdk, live_server):
    # openapi-python-client 0.29 types every operation with a security requirement as taking an
    # AuthenticatedClient, even where the spec allows anonymous access ({}): one without a token
    # (an empty Authorization header) is how a typed script reads anonymously.
    from coup_client.api.events import events_list
    from coup_client.models import ApiError, PaginatedEventList, ReviewStateEnum

    clients.make_world()
    with sdk.AuthenticatedClient(base_url=live_server.url, token="", prefix="") as anonymous:
        page = events_list.sync(client=anonymous, page_size=500)
        assert isinstance(page, PaginatedEventList)
        assert {event.slug for event in page.results} == set(
            Event.objects.filter(review_state="published").values_list("slug", flat=True)
        )
        refused = events_list.sync_detailed(client=anonymous, review_state=[ReviewStateEnum.DRAFT])
        assert refused.status_code == 401 and isinstance(refused.parsed, ApiError)
