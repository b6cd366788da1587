"""Backup and restore: the whole dataset round-trips through natural keys; a bad file writes nothing."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from documents.build import FIXTURE_MODELS
from events.models import Event
from tests.factories import empty_database

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
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("restore", str(path))
    assert all(not model.objects.exists() for model in FIXTURE_MODELS)


def test_seed_fixtures_with_one_bad_record_load_nothing(tmp_path, settings):
    seed = (settings.BASE_DIR / "fixtures" / "seed.json").read_text(encoding="utf-8")
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "seed.json").write_text(broken_copy(seed), encoding="utf-8")
    settings.BASE_DIR = tmp_path
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("load_seed")
    assert all(not model.objects.exists() for model in FIXTURE_MODELS)
