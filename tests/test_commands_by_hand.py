"""Management commands as a developer types them: no DEBUG, no SECRET_KEY, a fresh database, and
nothing printed but each command's own output (no warnings, no log lines, stderr empty)."""

import os
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR
# The project's variables and Django's: a developer's shell has none of them.
PROJECT_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "REDIS_URL",
    "PAGE_CACHE_SECONDS",
    "LOG_LEVEL",
    "STATIC_ROOT",
    "RELEASES_ROOT",
    "DJANGO_SETTINGS_MODULE",
}
# An article whose reading leaves nothing to warn about (ingest warns of what it could not store).
ARTICLE = "tests/ingest_corpus/dev/article-aguasanta-2038.txt"


def clean_env(**extra) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k not in PROJECT_VARIABLES}, **extra}


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def quiet(result: subprocess.CompletedProcess) -> str:
    """The command's stdout, once it succeeded with an empty stderr and no warning on stdout."""
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    assert "warning" not in result.stdout.lower(), result.stdout
    return result.stdout


def test_a_command_needs_no_variable_in_development(tmp_path):
    env = clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'dev.sqlite3'}")
    code = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY.startswith('django-insecure'))"
    assert quiet(manage(env, "shell", "--no-imports", "-c", code)).strip() == "True True"


@pytest.mark.parametrize("variables", [{"DEBUG": "0"}, {"SECRET_KEY": ""}])
def test_a_configured_environment_is_read_as_it_is(tmp_path, variables):
    # Either variable set means a deployment: DEBUG off without a key stops the command.
    env = clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'dev.sqlite3'}", **variables)
    result = manage(env, "check")
    assert result.returncode == 1
    assert result.stderr.startswith("Configuration error: SECRET_KEY must be set")


@pytest.mark.parametrize("module", ["project.wsgi", "project.asgi"])
def test_the_servers_entry_points_still_refuse_to_start_without_a_key(tmp_path, module):
    env = clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "Configuration error: SECRET_KEY must be set when DEBUG is off (a long random string)."
    )


@pytest.mark.slow
def test_migrate_load_seed_ingest_backup_and_restore_on_fresh_databases_print_only_their_output(tmp_path):
    seeded = clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'seeded.sqlite3'}")
    assert "Applying documents.0001_initial... OK" in quiet(manage(seeded, "migrate", "--noinput"))
    # migrate made the cache's table (make run has no createcachetable step of its own).
    with sqlite3.connect(tmp_path / "seeded.sqlite3") as database:
        assert database.execute("SELECT name FROM sqlite_master WHERE name = 'django_cache'").fetchall()
    ingested = quiet(manage(seeded, "ingest", "--kind", "article", ARTICLE))
    assert ingested.startswith(f"{ARTICLE}: stored document ")
    assert quiet(manage(seeded, "load_seed")).startswith("Seed data: added ")
    dump = tmp_path / "dump.json"
    assert quiet(manage(seeded, "backup", str(dump))).startswith("wrote ")

    restored = clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'restored.sqlite3'}")
    quiet(manage(restored, "migrate", "--noinput"))
    assert quiet(manage(restored, "restore", str(dump))).startswith("restored ")
