"""Backup and restore: the whole dataset round-trips through natural keys; a bad file writes nothing."""

import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from documents.models import Citation, Document
from events.models import Event
from project.management.backups import write_checksum
from project.pipeline import build
from project.pipeline.build import FIXTURE_MODELS
from tests.factories import empty_database, make_event

ROOT = settings.BASE_DIR

pytestmark = pytest.mark.django_db


def backup_text() -> str:
    out = io.StringIO()
    call_command("backup", "-", stdout=out)
    return out.getvalue()


def test_a_backup_restores_into_an_empty_database_identically(tmp_path):
    call_command("load_seed", verbosity=0)
    event = Event.objects.get(slug="azerbaijan-hosts-putin-in-baku")
    event.summary, event.review_state = "A curator's words.", "draft"
    event.save()
    path = tmp_path / "backup.json"
    call_command("backup", str(path), stdout=io.StringIO())
    before = path.read_text(encoding="utf-8")
    assert '"pk"' not in before  # natural keys only: no numeric ids
    empty_database()
    assert backup_text() == "[\n\n]\n"
    out = io.StringIO()
    call_command("restore", str(path), stdout=out)
    assert backup_text() == before
    restored = Event.objects.get(slug="azerbaijan-hosts-putin-in-baku")
    assert (restored.summary, restored.review_state, restored.version) == ("A curator's words.", "draft", 2)
    assert restored.history.latest("history_date").history_change_reason == "restored from backup"


def test_restore_refuses_a_database_that_has_records(tmp_path):
    call_command("load_seed", verbosity=0)
    path = tmp_path / "backup.json"
    call_command("backup", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="needs an empty database"):
        call_command("restore", str(path))


def broken_copy(text: str) -> str:
    """The dump with one citation's quote changed: it no longer matches its document."""
    rows = json.loads(text)
    citation = next(row for row in rows if row["model"] == "documents.citation")
    citation["fields"]["quote"] = "not the words at these offsets"
    return json.dumps(rows)


def test_a_dump_with_one_bad_row_restores_nothing(tmp_path):
    call_command("load_seed", verbosity=0)
    text = backup_text()
    empty_database()
    path = tmp_path / "broken.json"
    path.write_text(broken_copy(text), encoding="utf-8")
    with pytest.raises(CommandError, match=r"nothing was written: row \d+ \(documents.citation .*quote"):
        call_command("restore", str(path), "--without-checksum")
    assert all(not model.objects.exists() for model in FIXTURE_MODELS)


def test_seed_fixtures_with_one_bad_record_load_nothing(tmp_path, settings):
    seed = (settings.BASE_DIR / "fixtures" / "seed.json").read_text(encoding="utf-8")
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "seed.json").write_text(broken_copy(seed), encoding="utf-8")
    settings.BASE_DIR = tmp_path
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("load_seed")
    assert all(not model.objects.exists() for model in FIXTURE_MODELS)


# --- a backup an operator can trust ------------------------------------------------------------


def backup_file(tmp_path) -> Path:
    path = tmp_path / "backup.json"
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def rewrite(path: Path, change) -> None:
    """Change the dump's rows, and write a checksum that matches the change (a consistent file
    that the row checks, not the checksum, must refuse)."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    change(rows)
    data = json.dumps(rows).encode("utf-8")
    path.write_bytes(data)
    write_checksum(path, data)


def test_a_backup_carries_its_checksum_and_a_changed_byte_is_refused(tmp_path):
    call_command("load_seed", verbosity=0)
    path = backup_file(tmp_path)
    digest, name = (tmp_path / "backup.json.sha256").read_text().split()
    assert name == "backup.json" and digest == hashlib.sha256(path.read_bytes()).hexdigest()
    empty_database()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="the file changed since the backup; nothing was written"):
        call_command("restore", str(path))
    (tmp_path / "backup.json.sha256").unlink()
    with pytest.raises(CommandError, match="no checksum file"):
        call_command("restore", str(path))
    assert all(not model.objects.exists() for model in FIXTURE_MODELS)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "coupish", "kind: Value 'coupish' is not a valid choice."),
        ("review_state", "maybe", "review_state: Value 'maybe' is not a valid choice."),
        ("date", "2024-13-45", "date: '2024-13-45' is not a valid EDTF date"),
    ],
)
def test_a_row_the_models_would_refuse_is_refused_naming_it(tmp_path, field, value, message):
    call_command("load_seed", verbosity=0)
    path = backup_file(tmp_path)
    empty_database()

    def spoil(rows):
        event = next(row for row in rows if row["model"] == "events.event")
        event["fields"][field] = value

    rewrite(path, spoil)
    rows = json.loads(path.read_text(encoding="utf-8"))
    number, slug = next(
        (n, row["fields"]["slug"]) for n, row in enumerate(rows, 1) if row["model"] == "events.event"
    )
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path))
    assert f"row {number} (events.event '{slug}') is invalid: {message}" in str(refused.value)
    assert all(not model.objects.exists() for model in FIXTURE_MODELS)


def test_a_number_postgresql_cannot_hold_is_refused_on_every_database(tmp_path):
    call_command("load_seed", verbosity=0)
    path = backup_file(tmp_path)
    empty_database()

    def spoil(rows):
        next(row for row in rows if row["model"] == "actors.combatant")["fields"]["side"] = 40000

    rewrite(path, spoil)
    with pytest.raises(CommandError, match="side: Ensure this value is less than or equal to 32767"):
        call_command("restore", str(path))


def test_a_published_row_that_refers_to_a_draft_is_refused(tmp_path):
    call_command("load_seed", verbosity=0)
    path = backup_file(tmp_path)
    empty_database()

    def spoil(rows):
        actor = next(
            row
            for row in rows
            if row["model"] == "actors.actor" and row["fields"]["name"] == "Russian Federation"
        )
        actor["fields"]["review_state"] = "draft"

    rewrite(path, spoil)
    with pytest.raises(CommandError, match="'russian-federation' is a draft|refers to a draft"):
        call_command("restore", str(path))
    assert all(not model.objects.exists() for model in FIXTURE_MODELS)


WRITER = """
import os, sys, django
django.setup()
from django.db import transaction
from documents.models import Citation, Document
from events.models import Event

document = Document.objects.get(slug="2024-armenian-coup-attempt-allegations")
number = 0
while not os.path.exists(sys.argv[1]):
    start = 100 + 40 * number
    with transaction.atomic():
        citation, _ = Citation.objects.get_or_create(
            document=document, start=start, end=start + 40, defaults={"quote": document.text[start : start + 40]}
        )
        event = Event.objects.create(slug=f"written-during-backup-{number}", summary="x", review_state="published")
        event.citations.add(citation)
    number += 1
    print(number, flush=True)
"""


def consistent(path: Path) -> list[dict]:
    """The dump's rows, after checking that every citation an event cites is in the dump."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    cited = {
        tuple(key) for row in rows if row["model"] == "events.event" for key in row["fields"]["citations"]
    }
    dumped = {
        (row["fields"]["document"][0], row["fields"]["start"], row["fields"]["end"])
        for row in rows
        if row["model"] == "documents.citation"
    }
    assert cited <= dumped, sorted(cited - dumped)[:3]
    return rows


def manage(database: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "project.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite file database's variant; PostgreSQL has its own below"
)
def test_a_backup_of_the_sqlite_file_taken_while_curators_write_restores(tmp_path):
    """The embedded default as it runs (a file in WAL mode, a writer in another process): the
    backup reads one moment while events and their citations are committed meanwhile."""
    live, restored = f"sqlite:///{tmp_path / 'live.sqlite3'}", f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    assert manage(live, "migrate", "--noinput", "-v0").returncode == 0
    shutil.copy(tmp_path / "live.sqlite3", tmp_path / "restored.sqlite3")  # migrated, empty
    assert manage(live, "load_seed").returncode == 0
    stop = tmp_path / "stop"
    env = {**os.environ, "DATABASE_URL": live, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "project.settings"}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(stop)], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "1"  # writing has begun
        path = tmp_path / "backup.json"
        result = manage(live, "backup", str(path))
        assert result.returncode == 0, result.stderr[-2000:]
    finally:
        stop.touch()
        written = writer.communicate(timeout=60)[0].split()
    assert writer.returncode == 0 and len(written) > 1  # writes went on around the backup
    rows = consistent(path)
    result = manage(restored, "restore", str(path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"restored {len(rows)} row(s)" in result.stdout


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL's variant: SQLite's in-memory test database locks whole tables between "
    "connections (the file database's variant above runs instead)",
)
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_curators_write_is_one_moment_and_restores(tmp_path, monkeypatch):
    """Writes land between the backup's reads (it pauses before each table, so they do): without
    one snapshot, events written meanwhile would cite citations the dump holds none of."""
    call_command("load_seed", verbosity=0)
    document = Document.objects.get(slug="2024-armenian-coup-attempt-allegations")
    done, written = threading.Event(), []

    def curator():
        try:
            for number in range(200):
                if done.is_set():
                    return
                start = 100 + 40 * number
                with transaction.atomic():
                    citation = Citation.objects.create(
                        document=document,
                        start=start,
                        end=start + 40,
                        quote=document.text[start : start + 40],
                    )
                    event = make_event(slug=f"written-during-backup-{number}")
                    event.citations.add(citation)
                written.append(event.slug)
                time.sleep(0.01)
        finally:
            connections.close_all()

    real_ordered = build.ordered

    def slow_ordered(model):
        time.sleep(0.05)
        return real_ordered(model)

    monkeypatch.setattr(build, "ordered", slow_ordered)
    writer = threading.Thread(target=curator)
    writer.start()
    try:
        path = backup_file(tmp_path)
    finally:
        done.set()
        writer.join()
    monkeypatch.setattr(build, "ordered", real_ordered)
    assert written  # writes went on around the backup
    rows = consistent(path)
    empty_database()
    call_command("restore", str(path), stdout=io.StringIO())
    assert Event.objects.count() == sum(1 for row in rows if row["model"] == "events.event")


def postgres_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        return False
    return True


def other_database(tmp_path):
    """A new, empty database of the other kind than the suite's, as a URL; and how to drop it."""
    if connection.vendor == "sqlite":
        if not postgres_answers():
            pytest.skip("no PostgreSQL server answers on 127.0.0.1:5432 to restore a SQLite backup into")
        import psycopg

        name = f"coups_restore_{uuid.uuid4().hex[:12]}"
        server = os.environ.get("CI_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test").rsplit("/", 1)[
            0
        ]
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return f"{server}/{name}", drop
    return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None


@pytest.mark.slow
def test_a_backup_moves_to_the_other_kind_of_database(tmp_path):
    call_command("load_seed", verbosity=0)
    event = Event.objects.get(slug="azerbaijan-hosts-putin-in-baku")
    event.summary = "A curator's words, carried across."
    event.save()
    path = backup_file(tmp_path)
    url, drop = other_database(tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "project.settings"}
    try:
        for command in (["migrate", "--noinput", "-v0"], ["restore", str(path)], ["backup", "-"]):
            result = subprocess.run(
                [sys.executable, "manage.py", *command],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert result.returncode == 0, result.stderr[-2000:]
    finally:
        drop()
    assert result.stdout == path.read_text(encoding="utf-8")
