"""The project as a whole: migrations complete, settings from the environment, admin served."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = settings.BASE_DIR
PRODUCTION_KEY = "a-production-like-key-" + "x7Qp2Lm9Zr4Tv8Nc1Wd6Hk3Jf5Sb0Yg"


def run_settings(env: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "project.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_secret_key_is_required_when_debug_is_off():
    result = run_settings({}, "settings.SECRET_KEY")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_gives_a_development_key_and_sqlite_with_wal():
    result = run_settings(
        {"DEBUG": "1"},
        "settings.DEBUG, settings.DATABASES['default']['ENGINE'], "
        "settings.DATABASES['default']['OPTIONS']['init_command']",
    )
    assert result.returncode == 0, result.stderr
    assert "True" in result.stdout and "sqlite3" in result.stdout and "journal_mode=WAL" in result.stdout


def test_database_url_and_allowed_hosts_come_from_the_environment():
    result = run_settings(
        {
            "SECRET_KEY": PRODUCTION_KEY,
            "DATABASE_URL": "postgres://u@db.example:5433/coups",
            "ALLOWED_HOSTS": "a.org, b.org",
        },
        "settings.DEBUG, settings.DATABASES['default']['NAME'], settings.DATABASES['default']['PORT'], "
        "settings.ALLOWED_HOSTS",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False coups 5433 ['a.org', 'b.org']"


@pytest.mark.django_db
def test_admin_is_served(client, admin_user):
    assert client.get("/admin/login/").status_code == 200
    client.force_login(admin_user)
    page = client.get("/admin/")
    assert page.status_code == 200
    html = page.content.decode()
    for app, model in [
        ("events", "conflict"),
        ("actors", "combatant"),
        ("actors", "commander"),
        ("events", "event"),
        ("events", "reaction"),
        ("events", "demand"),
        ("actors", "actor"),
        ("documents", "document"),
        ("documents", "citation"),
    ]:
        assert f'href="/admin/{app}/{model}/"' in html
        assert client.get(f"/admin/{app}/{model}/").status_code == 200
